"""Benchmark: demand counts in SQL against counts in Python (issue 16, item 2).

Writes `--n` synthetic first postings (random month, area, occupation, 3 to 8 skills each)
straight into a fresh store (SQLite in a temporary folder, or `--url` for PostgreSQL), then
times, for each way of grouping (and for the hot technologies with the skills asked for
together), the Python path (read every posting and its skills, count in
`onramp.market.demand.demand`) and the SQL path (`onramp.market.demand_counts.count_demand`,
one GROUP BY), the median of `--repeat` runs, and checks that both give the same rows.

    PYTHONPATH=src .venv/bin/python bench/demand_counts.py --n 50000

Results go to bench/results/demand_counts.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from onramp.market import demand as figures
from onramp.market.demand_counts import (
    count_demand,
    count_pairs,
    count_postings,
    posting_filter,
    technology_skills,
)
from onramp.market.demand_store import read_postings
from onramp.store import make_engine, upgrade
from onramp.store import market_tables as tables

NOW = datetime(2026, 5, 1, tzinfo=UTC)
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def fill(engine: Any, n: int, seed: int) -> None:
    rng = random.Random(seed)
    postings, skills = [], []
    for i in range(n):
        key = f"p{i:08d}"
        postings.append(
            {"id": key, "file_sha256": "f" * 64, "line": i + 1, "title": "-",
             "area_code": f"a{rng.randrange(40)}", "state": "CA", "month": rng.choice(MONTHS),
             "description": "-", "occupation_code": f"o{rng.randrange(300)}",
             "occupation_title": "t", "duplicate_of": None}
        )  # fmt: skip
        for uri in rng.sample(range(2000), rng.randint(3, 8)):
            skills.append(
                {"posting_id": key, "skill_uri": f"s{uri}", "label": f"skill {uri}",
                 "framework": "b", "skill_type": "technology" if uri < 200 else "skill",
                 "confidence": rng.random(),
                 "section": "requirement", "hot": None}
            )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            tables.posting_files.insert().values(
                sha256="f" * 64, name="b.jsonl", size=1, format="jsonl", lines_done=n,
                byte_offset=1, rows_read=n, stored=n, reposts=0, exact_duplicates=0,
                bad_rows=0, completed=True, started_at=NOW, finished_at=NOW,
            )
        )  # fmt: skip
        for start in range(0, n, 5000):
            conn.execute(tables.postings.insert(), postings[start : start + 5000])
        for start in range(0, len(skills), 20000):
            conn.execute(tables.posting_skills.insert(), skills[start : start + 20000])


def median_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, found = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - began)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=None, help="a database URL (default: fresh SQLite)")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine, args.n, args.seed)
    where = posting_filter(None, [], None)
    results: dict[str, Any] = {"postings": args.n, "backend": engine.dialect.name}
    for by in figures.DemandBy:

        def python(by: figures.DemandBy = by) -> Any:
            return figures.demand(read_postings(engine), by, MONTHS)

        def sql(by: figures.DemandBy = by) -> Any:
            return count_demand(engine, by, where, MONTHS, count_postings(engine, where))

        python_s, python_rows = median_time(python, args.repeat)
        sql_s, sql_rows = median_time(sql, args.repeat)
        assert python_rows == sql_rows, by
        results[str(by)] = {"python_s": round(python_s, 3), "sql_s": round(sql_s, 3)}
        print(f"{by}: python {python_s:.3f} s, sql {sql_s:.3f} s", flush=True)

    def python_extras() -> Any:
        read = read_postings(engine)
        return figures.hot_technologies(read, MONTHS), figures.together(read)

    def sql_extras() -> Any:
        total = count_postings(engine, where)
        rows = count_demand(engine, figures.DemandBy.SKILL, where, MONTHS, total)
        hot = figures.hot_rows(rows, technology_skills(engine, where))
        pairs = count_pairs(engine, where, figures.TOGETHER_MIN_POSTINGS)
        return hot, figures.pairs_from_counts(pairs, rows, total)

    python_s, python_found = median_time(python_extras, args.repeat)
    sql_s, sql_found = median_time(sql_extras, args.repeat)
    assert python_found == sql_found
    results["hot_and_together"] = {"python_s": round(python_s, 3), "sql_s": round(sql_s, 3)}
    print(f"hot technologies and pairs: python {python_s:.3f} s, sql {sql_s:.3f} s")
    out = Path(__file__).parent / "results" / "demand_counts.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
