"""How long the regional view takes at the scale issue 18 names: 100,000 workers (each with a
profile, an evidence entry coded to an occupation and, for most, a profile grant) and 5,000
postings, on SQLite. Run: PYTHONPATH=src python bench/region.py [--workers N] [--postings N].

Prints the seconds of `RegionalView.figures` for one state and for the whole country. The
counting is in SQL (docs/metrics_region.md, Speed); this checks it stays under a second."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from onramp.metrics.region import RegionalView
from onramp.store import make_engine, upgrade
from onramp.store import market_tables as market
from onramp.store import matching_tables as evidence
from onramp.store import platform_tables as platform

PLACES = ["Columbus, OH", "Dayton, OH", "Fresno, CA", "El Paso, TX", "Tucson, AZ", "Albany, NY"]
CODES = [f"{11 + n % 40:02d}-{1000 + n:04d}.00" for n in range(60)]
NOW = datetime(2026, 7, 1, tzinfo=UTC)


def fill(engine: Engine, workers: int, postings: int, seed: int = 18) -> None:
    rng = random.Random(seed)
    with engine.begin() as conn:
        conn.execute(
            insert(platform.organizations),
            [{"id": "org", "slug": "org", "name": "Org", "kind": "workforce_board",
              "created_at": NOW}],
        )  # fmt: skip
        conn.execute(
            insert(market.posting_files),
            [{"sha256": "f" * 64, "name": "b.jsonl", "size": 1, "format": "jsonl",
              "lines_done": postings, "byte_offset": 1, "rows_read": postings,
              "stored": postings, "reposts": 0, "exact_duplicates": 0, "bad_rows": 0,
              "completed": True, "started_at": NOW, "finished_at": NOW}],
        )  # fmt: skip
        conn.execute(
            insert(market.postings),
            [{"id": f"p{n}", "file_sha256": "f" * 64, "line": n + 1, "title": "t",
              "area_code": None, "state": rng.choice(["OH", "CA", "TX", "AZ", "NY"]),
              "month": f"2026-{rng.randint(1, 6):02d}", "description": "-",
              "occupation_scheme": "onet", "occupation_code": rng.choice(CODES),
              "occupation_title": "Title"} for n in range(postings)],
        )  # fmt: skip
        batch = 10_000
        for start in range(0, workers, batch):
            ids = [f"w{n:07d}" for n in range(start, min(start + batch, workers))]
            conn.execute(
                insert(platform.users),
                [{"id": w, "email": f"{w}@example.org", "name": w, "password_hash": "-",
                  "kind": "worker", "created_at": NOW} for w in ids],
            )  # fmt: skip
            conn.execute(
                insert(platform.worker_profiles),
                [{"user_id": w, "location": rng.choice(PLACES), "work_history": [],
                  "updated_at": NOW} for w in ids],
            )  # fmt: skip
            conn.execute(
                insert(evidence.evidence_entries),
                [{"id": f"e{w}", "worker_id": w, "kind": "self", "details": {},
                  "occupation_code": rng.choice(CODES), "created_at": NOW,
                  "updated_at": NOW} for w in ids],
            )  # fmt: skip
            conn.execute(
                insert(platform.consent_grants),
                [{"id": f"g{w}", "worker_id": w, "org_id": "org",
                  "scope": {"parts": ["profile"], "records": [], "skills": []},
                  "purpose_kind": "other", "purpose_text": "bench", "created_at": NOW,
                  "expires_at": datetime.now(UTC) + timedelta(days=90)}
                 for w in ids if rng.random() < 0.8],
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        fill(engine, args.workers, args.postings)
        view = RegionalView(engine)
        for area in ("OH", None):
            started = time.perf_counter()
            report = view.figures(area, "2026-01", "2026-06")
            took = time.perf_counter() - started
            print(f"{report.area}: {len(report.rows)} rows, {took:.3f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
