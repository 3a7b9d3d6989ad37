"""Benchmark: `onramp market ingest` end to end on the Spark engine (`local[2]`) beside the
in-process engine, in the same run, rounds alternating, medians reported; both ways of
shipping the analyser to the executors (broadcast, and built lazily in each Python worker);
and a check that every engine stored the same rows (docs/benchmarks.md, "Posting ingest on
Spark"; decisions/0030).

    ONRAMP_HOME=/tmp/embedded .venv/bin/python bench/spark_ingest.py [--n 2000] [--rounds 3]

Needs a SQLite store holding the embedded default (`onramp data bootstrap`) and pyspark with
Java 17. Every ingest runs on a fresh copy of the store in a temporary folder. The synthetic
postings come from `onramp.market.synthetic_postings` (seed 1); the 198 real postings from
../shared/data/postings are read here only, never committed.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import REAL_FILE, fresh_store, write_synthetic  # noqa: E402
from onramp.market.posting_analysis import PostingAnalyser  # noqa: E402
from onramp.market.posting_ingest import PostingIngest  # noqa: E402
from onramp.market.spark_ingest import spark_ingest, start_session  # noqa: E402
from onramp.store import market_tables  # noqa: E402

ENGINES = ("in-process", "spark broadcast", "spark lazy")


def rows_of(engine: Any) -> tuple[int, int, Any]:
    """What the engines must agree on: every posting and skill row, as sorted tuples."""
    from sqlalchemy import select

    with engine.connect() as conn:
        postings = sorted(tuple(r) for r in conn.execute(select(market_tables.postings)))
        skills = sorted(tuple(r) for r in conn.execute(select(market_tables.posting_skills)))
    return len(postings), len(skills), hash((tuple(postings), tuple(skills)))


def one_run(kind: str, folder: Path, name: str, path: Path, session: Any) -> tuple[float, Any]:
    """Seconds for one ingest of `path` on a fresh store, the runner's setup left out (the
    lexicon, coder and areas; for Spark also the broadcast), and the rows it stored."""
    engine = fresh_store(folder, name)
    if kind == "in-process":
        runner = PostingIngest(engine)
        runner.analyser.occupations(["warm up"])  # type: ignore[attr-defined]  # coder index
        started = time.perf_counter()
        runner.ingest(path)
        elapsed = time.perf_counter() - started
    else:
        ship = kind.split()[1]
        with spark_ingest(engine, session=session, ship=ship) as runner:
            started = time.perf_counter()
            runner.ingest(path)
            elapsed = time.perf_counter() - started
    found = rows_of(engine)
    engine.dispose()
    (folder / f"{name}.db").unlink()
    return elapsed, found


def shipping_costs(engine: Any) -> dict[str, float]:
    """What shipping the analyser costs: its pickled size, and building it from the store
    (what each worker pays in lazy mode) against unpickling it (broadcast)."""
    started = time.perf_counter()
    shipped = PostingAnalyser(engine).shipped()
    built = time.perf_counter() - started
    blob = pickle.dumps(shipped, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    pickle.loads(blob)
    loaded = time.perf_counter() - started
    return {
        "pickled_mb": round(len(blob) / 1e6, 2),
        "build_from_store_s": round(built, 2),
        "unpickle_s": round(loaded, 3),
    }


def analysis_only(folder: Path, path: Path, session: Any, rounds: int) -> None:
    """The analysis alone, without reading, decisions or the store: every posting of `path`
    through the shipped analyser here, against one Spark job (Parquet written and read
    back included), rounds alternating, medians."""
    from ingest import read_only

    engine = fresh_store(folder, "analysis")
    postings, _ = read_only(path)
    local = PostingAnalyser(engine).shipped()
    times: dict[str, list[float]] = {"here": [], "spark": []}
    for round_ in range(rounds):
        for kind in ("here", "spark") if round_ % 2 == 0 else ("spark", "here"):
            if kind == "here":
                fresh = pickle.loads(pickle.dumps(local))  # nothing remembered between rounds
                started = time.perf_counter()
                fresh.analyse(postings)
                times[kind].append(time.perf_counter() - started)
                continue
            with spark_ingest(engine, session=session) as runner:  # a new broadcast
                started = time.perf_counter()
                runner.analyser.analyse(postings)  # type: ignore[attr-defined]
                times[kind].append(time.perf_counter() - started)
    for kind, found in times.items():
        median = statistics.median(found)
        print(f"  analysis only, {kind}: {median:.1f} s, {len(postings) / median:.1f} postings/s")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000, help="synthetic postings")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--analysis-only", action="store_true", help="skip the end-to-end runs")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as name:
        folder = Path(name)
        base = fresh_store(folder, "base")
        feed = folder / "synthetic.jsonl"
        write_synthetic(base, feed, args.n)
        print(f"shipping the analyser: {shipping_costs(base)}")
        base.dispose()
        started = time.perf_counter()
        session = start_session(args.master, {"spark.driver.memory": "1g"})
        print(f"Spark session on {args.master}: {time.perf_counter() - started:.1f} s to start")
        files = [("synthetic", feed, args.n)]
        if REAL_FILE.exists():
            files.append(("real", REAL_FILE, 198))
        try:
            analysis_only(folder, feed, session, args.rounds)
            if args.analysis_only:
                return
            for label, path, count in files:
                times: dict[str, list[float]] = {kind: [] for kind in ENGINES}
                stored: dict[str, set[Any]] = {kind: set() for kind in ENGINES}
                for round_ in range(args.rounds):
                    order = ENGINES if round_ % 2 == 0 else ENGINES[::-1]
                    for kind in order:
                        store = f"{label}-{kind.replace(' ', '-')}-{round_}"
                        elapsed, found = one_run(kind, folder, store, path, session)
                        times[kind].append(elapsed)
                        stored[kind].add(found)
                        print(
                            f"  {label} round {round_ + 1} {kind}: {elapsed:.1f} s, "
                            f"{count / elapsed:.1f} postings/s (load {os.getloadavg()[0]:.1f})",
                            flush=True,
                        )
                same = len(set().union(*stored.values())) == 1
                print(f"{label}, {count:,} postings, median of {args.rounds} (same rows: {same}):")
                for kind in ENGINES:
                    median = statistics.median(times[kind])
                    print(f"  {kind}: {median:.1f} s, {count / median:.1f} postings/s")
        finally:
            session.stop()


if __name__ == "__main__":
    main()
