"""Benchmark: the full O*NET 29.3 + ESCO 1.1.1 import into a fresh SQLite store.

Each run imports into a new database file. The baseline, measured in the same run, is the
floor of the work: reading every input file with the csv module and nothing else (no checks,
no domain objects, no writes). The report gives medians and the ratio import / baseline.

    .venv/bin/python bench/import_bench.py [--runs 5] [--data ../shared/data] [--postgres URL]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esco, import_onet
from onramp.taxonomy.esco import COLLECTIONS, REQUIRED
from onramp.taxonomy.onet import REQUIRED_FILES

csv.field_size_limit(16 * 1024 * 1024)

ROOT = Path(__file__).resolve().parents[1]


def baseline(onet: Path, esco: list[Path]) -> int:
    """Read every row of the files the import uses with the csv module; returns the row count."""
    rows = 0
    for name in REQUIRED_FILES:
        with (onet / name).open(encoding="utf-8") as handle:
            rows += sum(1 for _ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for archive_path in esco:
        with zipfile.ZipFile(archive_path) as archive:
            for name in archive.namelist():
                if name not in REQUIRED and name not in COLLECTIONS:
                    continue
                text = archive.read(name).decode("utf-8")
                rows += sum(1 for _ in csv.reader(io.StringIO(text)))
    return rows


def one_run(onet: Path, esco: list[Path], url: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url or f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        started = time.perf_counter()
        onet_report = import_onet(engine, onet)
        esco_report = import_esco(engine, esco)
        total = time.perf_counter() - started
        engine.dispose()
    return {
        "import_seconds": total,
        "onet_read": onet_report.read_seconds,
        "onet_write": onet_report.write_seconds,
        "esco_read": esco_report.read_seconds,
        "esco_write": esco_report.write_seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--postgres", help="PostgreSQL URL of an EMPTY database (dropped each run)")
    args = parser.parse_args()
    onet = args.data / "onet" / "29.3"
    esco = sorted((args.data / "esco").glob("v1.1.1_*.zip"))
    if not onet.exists() or len(esco) != 2:
        print(f"reference data not found under {args.data}", file=sys.stderr)
        return 2
    if args.postgres:
        print("PostgreSQL runs reuse one database: each run replaces the releases in place")
    runs: list[dict[str, float]] = []
    floors: list[float] = []
    rows = 0
    for number in range(1, args.runs + 1):
        started = time.perf_counter()
        rows = baseline(onet, esco)
        floors.append(time.perf_counter() - started)
        runs.append(one_run(onet, esco, args.postgres))
        print(
            f"run {number}: import {runs[-1]['import_seconds']:.2f}s, baseline {floors[-1]:.2f}s",
            flush=True,
        )
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    floor = statistics.median(floors)
    result = {
        "benchmark": "full O*NET 29.3 + ESCO 1.1.1 import",
        "store": "postgresql" if args.postgres else "sqlite",
        "runs": args.runs,
        "input_rows": rows,
        "median": {k: round(v, 2) for k, v in median.items()},
        "baseline_csv_read_median_seconds": round(floor, 2),
        "ratio_import_to_baseline": round(median["import_seconds"] / floor, 2),
        "goal_seconds": 90,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"import-{result['store']}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
