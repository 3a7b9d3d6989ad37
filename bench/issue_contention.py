"""Benchmark: how long other writers wait while a large batch issue runs (issue 11, item 12).

One process issues `--count` credentials (`CredentialService.issue`, email recipients, as
`onramp credentials issue --csv` does) on a SQLite store; meanwhile this process makes one
small write every 50 ms (a log-in attempt row, the server's most common write) and times how
long each waits. Reports the batch's throughput, the writers' p50, p95 and longest waits, and
how many writes gave up with "database is locked".

    .venv/bin/python bench/issue_contention.py [--count 10000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store import make_engine, platform_tables, upgrade

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "ada@college.example"


def _service(url: str, secrets: Path) -> tuple[Platform, CredentialService]:
    engine = make_engine(url)
    platform = Platform(engine)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=secrets,
        public_url="https://onramp.example",
    )
    return platform, service


def _batch(url: str, secrets: Path, org_id: str, achievement_id: str, count: int, out: Any) -> None:
    platform, service = _service(url, secrets)
    admin = platform.accounts.principal(platform.accounts.user_by_email(ADMIN))
    recipients = [Recipient(email=f"p{n}@mail.example") for n in range(count)]
    started = time.perf_counter()
    service.issuing.issue_batch(admin, org_id, achievement_id, recipients)
    out.put(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="onramp-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    platform, service = _service(url, folder / "secrets")
    user = platform.accounts.sign_up(ADMIN, "correct horse battery", "Ada", AccountKind.STAFF)
    org = platform.orgs.create(platform.accounts.principal(user), "River College", OrgKind.EMPLOYER)
    admin = platform.accounts.principal(user)
    achievement = service.issuing.define(admin, org.id, name="Forklift", criteria="A test.")
    service.issue(admin, org.id, achievement.id, [Recipient(did="did:example:first")])

    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    batch = ctx.Process(
        target=_batch, args=(url, folder / "secrets", org.id, achievement.id, args.count, out)
    )
    batch.start()
    waits: list[float] = []
    failed = 0
    while batch.is_alive():
        started = time.perf_counter()
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(platform_tables.login_attempts).values(
                        key="client:bench", at=now(), succeeded=True
                    )
                )
        except OperationalError:  # "database is locked": waited the whole busy timeout
            failed += 1
        waits.append(time.perf_counter() - started)
        time.sleep(0.05)
    batch_seconds = out.get(timeout=10)
    batch.join()
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(c.issued_credentials)).scalar()
    ordered = sorted(waits)
    result = {
        "count": args.count,
        "stored": stored,
        "batch_seconds": round(batch_seconds, 2),
        "batch_per_second": round(args.count / batch_seconds, 1),
        "writes_during_batch": len(waits),
        "writes_failed_locked": failed,
        "write_wait_p50_ms": round(statistics.median(ordered) * 1000, 1),
        "write_wait_p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
        "write_wait_max_ms": round(ordered[-1] * 1000, 1),
        "python": sys.version.split()[0],
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "issue_contention.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
