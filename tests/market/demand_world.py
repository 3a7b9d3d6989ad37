"""A hand-written store of postings and workers for the demand tests: every figure the tests
expect is worked out by hand from the table below (tests/market/test_posting_demand.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from onramp.store import market_tables as tables
from onramp.store import matching_tables as evidence
from onramp.store import platform_tables as platform

NOW = datetime(2026, 5, 1, tzinfo=UTC)
DEV, CASHIER = "15-1252.00", "41-2011.00"
LA, HOUSTON = "31080", "26420"
TECH = {"python", "sql", "java"}

# id, month, area, state, occupation, skills (name, confidence), duplicate_of
POSTINGS = [
    ("p1", "2026-01", LA, "CA", DEV, [("python", 0.9), ("sql", 0.8)], None),
    ("p2", "2026-01", LA, "CA", DEV, [("python", 0.9), ("java", 0.7)], None),
    ("p3", "2026-02", LA, "CA", CASHIER, [("service", 0.9), ("cash", 0.9)], None),
    ("p4", "2026-03", LA, "CA", DEV, [("python", 0.9), ("sql", 0.6), ("java", 0.9)], None),
    ("p5", "2026-04", HOUSTON, "TX", DEV, [("python", 0.9), ("sql", 0.9)], None),
    ("p6", "2026-04", HOUSTON, "TX", CASHIER, [("service", 0.9), ("sql", 0.3)], None),
    ("p7", "2026-04", LA, "CA", DEV, [], "p1"),  # a repost of p1: never counted
    ("p8", None, None, None, None, [("service", 0.8)], None),  # no date, area or occupation
]


def uri(name: str) -> str:
    return f"urn:test:skill:{name}"


def fill_postings(engine: Engine, uri_of: Callable[[str], str] = uri) -> None:
    """The postings above; `uri_of` names each skill (test URIs unless told otherwise)."""
    titles = {DEV: "Software Developers", CASHIER: "Cashiers"}
    with engine.begin() as conn:
        conn.execute(
            tables.posting_files.insert().values(
                sha256="f" * 64, name="hand.jsonl", size=1, format="jsonl", lines_done=8,
                byte_offset=1, rows_read=8, stored=7, reposts=1, exact_duplicates=0,
                bad_rows=0, completed=True, started_at=NOW, finished_at=NOW,
            )
        )  # fmt: skip
        for line, (key, month, area, state, occupation, skills, copy) in enumerate(POSTINGS):
            conn.execute(
                tables.postings.insert().values(
                    id=key, file_sha256="f" * 64, line=line + 1, title=key,
                    area_code=area, state=state, month=month,
                    posted_on=date.fromisoformat(f"{month}-05") if month else None,
                    description="-", occupation_scheme="onet" if occupation else None,
                    occupation_code=occupation, occupation_title=titles.get(occupation or ""),
                    duplicate_of=copy,
                )
            )  # fmt: skip
            for name, confidence in skills:
                conn.execute(
                    tables.posting_skills.insert().values(
                        posting_id=key, skill_uri=uri_of(name), label=name, framework="test",
                        skill_type="technology" if name in TECH else "skill",
                        confidence=confidence, section="requirement", hot=None,
                    )
                )  # fmt: skip


def add_workers(engine: Engine, location: str, skills: list[str], count: int, start: int) -> None:
    """`count` workers living at `location`, each with one evidence entry of `skills`."""
    with engine.begin() as conn:
        for n in range(start, start + count):
            worker = f"w{n:05d}"
            conn.execute(
                platform.users.insert().values(
                    id=worker, email=f"{worker}@example.org", name=worker, password_hash="-",
                    kind="worker", created_at=NOW,
                )
            )  # fmt: skip
            conn.execute(
                platform.worker_profiles.insert().values(
                    user_id=worker, location=location, work_history=[], updated_at=NOW
                )
            )
            conn.execute(
                evidence.evidence_entries.insert().values(
                    id=f"e{n:05d}", worker_id=worker, kind="self", details={},
                    created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip
            for name in skills:
                conn.execute(
                    evidence.evidence_skills.insert().values(
                        entry_id=f"e{n:05d}", skill=uri(name), level=3
                    )
                )
