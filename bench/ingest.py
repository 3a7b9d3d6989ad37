"""Benchmark: `onramp market ingest` end to end in this process (reading, repost detection,
skill extraction, occupation coding, areas and the store), with two baselines measured in the
same run (reading and parsing only; extraction only), repost detection scored against what
the generator wrote, and the peak memory while a larger synthetic file is ingested
(docs/benchmarks.md, "Posting ingest").

    ONRAMP_HOME=/tmp/embedded .venv/bin/python bench/ingest.py [--n 2000] [--large 20000]

Needs a SQLite store holding the embedded default (`onramp data bootstrap`). Every ingest runs
on a fresh copy of it in a temporary folder; the store itself is not changed. The synthetic
postings come from `onramp.market.synthetic_postings` (seed 1, 60 occupations); the 198 real
postings from ../shared/data/postings are read here only, never committed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from onramp.config import get_settings
from onramp.market import synthetic_postings as synthetic
from onramp.market.posting_analysis import PostingAnalyser
from onramp.market.posting_ingest import PostingIngest
from onramp.market.posting_model import RawPosting
from onramp.market.posting_reader import Position, read_jsonl
from onramp.market.wage_areas import wage_areas
from onramp.store import make_engine, market_tables, upgrade

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "postings"
REAL_FILE = REAL / "skillspan_postings_train_dev.jsonl"


def store_path() -> Path:
    url = get_settings().effective_database_url
    if not url.startswith("sqlite:///"):
        raise SystemExit("bench/ingest.py copies a SQLite store: set ONRAMP_HOME to one")
    return Path(url.removeprefix("sqlite:///"))


def fresh_store(folder: Path, name: str) -> Any:
    target = folder / f"{name}.db"
    shutil.copyfile(store_path(), target)
    engine = make_engine(f"sqlite:///{target}")
    upgrade(engine)
    return engine


def write_synthetic(engine: Any, path: Path, n: int) -> None:
    sketches = synthetic.sketches(engine, 60, 1)
    places = synthetic.places_from(wage_areas(engine))
    with path.open("w", encoding="utf-8") as out:
        for made in synthetic.postings(sketches, places, n, 1):
            out.write(json.dumps(made, separators=(",", ":")) + "\n")


def read_only(path: Path) -> tuple[list[RawPosting], float]:
    started = time.perf_counter()
    with path.open("rb") as stream:
        rows = [row for row, _ in read_jsonl(stream, Position(0, 0))]
    elapsed = time.perf_counter() - started
    return [row for row in rows if isinstance(row, RawPosting)], elapsed


def extraction_only(engine: Any, postings: list[RawPosting], dense: bool) -> float:
    analyser = PostingAnalyser(engine, dense=dense)
    analyser.skills(postings[0])  # the lexicon's first load is not the rate
    started = time.perf_counter()
    for posting in postings:
        analyser.skills(posting)
    return time.perf_counter() - started


def end_to_end(engine: Any, path: Path, batch: int, dense: bool) -> tuple[Any, float]:
    runner = PostingIngest(engine, batch_size=batch, dense=dense)  # lexicon, coder and areas
    started = time.perf_counter()
    report = runner.ingest(path)
    return report, time.perf_counter() - started


def repost_quality(engine: Any, path: Path) -> dict[str, Any]:
    """Reposts found against the generator's marks (exact copies are not counted here)."""
    truth: dict[int, str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            mark = json.loads(line)["synthetic"]
            truth[number] = (
                "copy" if "copy_of" in mark else "repost" if "repost_of" in mark else "new"
            )
    table = market_tables.postings
    with engine.connect() as conn:
        said = {
            row.line: row.duplicate_of is not None
            for row in conn.execute(select(table.c.line, table.c.duplicate_of))
        }
    stored = [line for line in said if truth[line] != "copy"]
    hit = sum(1 for line in stored if said[line] and truth[line] == "repost")
    flagged = sum(1 for line in stored if said[line])
    actual = sum(1 for kind in truth.values() if kind == "repost")
    return {
        "reposts_written": actual,
        "flagged": flagged,
        "precision": round(hit / flagged, 4) if flagged else None,
        "recall": round(hit / actual, 4) if actual else None,
    }


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_child(path: Path, database: Path, batch: int) -> None:
    """Ingest `path` into `database`, sampling the resident memory after each batch."""
    engine = make_engine(f"sqlite:///{database}")
    runner = PostingIngest(engine, batch_size=batch)
    runner.analyser.occupations(["warm up"])  # the coder's index, built once per process
    setup_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    samples: list[tuple[int, float]] = []
    seen = {"rows": 0}

    def advance(rows: int, _offset: int) -> None:
        seen["rows"] += rows
        samples.append((seen["rows"], round(rss_mb(), 1)))
        if len(samples) % 25 == 0:  # progress for a long run, on stderr
            print(
                f"{samples[-1]} {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True
            )

    started = time.perf_counter()
    report = runner.ingest(path, advance=advance)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    step = max(1, len(samples) // 10)
    print(
        json.dumps(
            {
                "rows": report.rows_read,
                "seconds": round(elapsed, 1),
                "postings_per_s": round(report.rows_read / elapsed, 1),
                "peak_rss_mb": round(peak, 1),
                "peak_rss_mb_before_the_first_posting": round(setup_peak, 1),
                "rss_by_rows": samples[::step] + samples[-1:],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000, help="synthetic postings for the rate")
    parser.add_argument("--large", type=int, default=20_000, help="postings for peak memory")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--dense", action="store_true", help="rank clauses by meaning too")
    parser.add_argument("--rss-child", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(Path(args.rss_child[0]), Path(args.rss_child[1]), args.batch)
        return
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as folder:
        work = Path(folder)
        base = fresh_store(work, "base")
        feed = work / "synthetic.jsonl"
        write_synthetic(base, feed, args.n)
        postings, reading = read_only(feed)
        print(f"read and parse only: {len(postings) / reading:,.0f} postings/s")
        extracting = extraction_only(base, postings, args.dense)
        print(f"extraction only: {len(postings) / extracting:,.1f} postings/s")
        report, elapsed = end_to_end(fresh_store(work, "synthetic"), feed, args.batch, args.dense)
        print(
            f"end to end, {report.rows_read:,} synthetic postings: {elapsed:.1f} s, "
            f"{report.rows_read / elapsed:,.1f} postings/s ({report.stored:,} stored, "
            f"{report.reposts:,} reposts, {report.exact_duplicates:,} exact copies)"
        )
        scored = fresh_store(work, "scored")
        PostingIngest(scored, batch_size=args.batch).ingest(feed)
        print(f"reposts against the generator's marks: {json.dumps(repost_quality(scored, feed))}")
        if REAL_FILE.exists():
            real, real_elapsed = end_to_end(
                fresh_store(work, "real"), REAL_FILE, args.batch, args.dense
            )
            real_rows, real_reading = read_only(REAL_FILE)
            print(
                f"end to end, the 198 real postings: {real_elapsed:.1f} s, "
                f"{real.rows_read / real_elapsed:,.1f} postings/s ({real.stored} stored, "
                f"{real.reposts} reposts); read only {len(real_rows) / real_reading:,.0f}/s"
            )
        if args.large:
            large = work / "large.jsonl"
            write_synthetic(base, large, args.large)
            target = work / "large.db"
            shutil.copyfile(store_path(), target)
            upgrade(make_engine(f"sqlite:///{target}"))
            result = subprocess.run(
                [sys.executable, __file__, "--rss-child", str(large), str(target),
                 "--batch", str(args.batch)],
                stdout=subprocess.PIPE, text=True, check=True,
            )  # fmt: skip
            print(f"large ingest in a fresh process: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
