"""A hand-written store for the regional view tests (tests/metrics/test_region_view.py): every
figure the tests expect is worked out by hand from the lists below.

Postings (first postings only count):
    q1 2026-01 OH DEV, q2 2026-02 OH DEV, q3 2026-03 OH DEV, q4 2026-02 OH CASHIER,
    q5 2026-04 TX DEV (another state), q6 2025-12 OH DEV (before the window),
    q7 2026-03 OH DEV, a repost of q1 (never counted).
Workers with an active grant of their profile (evidence coded to the occupation):
    12 DEV in "Dayton, OH", one more DEV in "Dayton,  OH" with two DEV entries (counted once),
    3 CASHIER in "Dayton, OH", 15 NURSE in "Columbus, Ohio", 20 NURSE in "Austin, TX".
Workers in "Dayton, OH" coded DEV who are never counted: 2 with no grant, 1 whose grant is
    of "contact" only, 1 whose profile grant is revoked, 1 whose profile grant has expired.
Learners (no grant: placements do not need one), hired unless said:
    11 in "Dayton, OH" hired as DEV at 20, 21, ... 30 an hour, placed 2026-01-15 to 2026-03-10;
    2 in "Dayton, OH" hired as CASHIER; 1 in "Dayton, OH" hired as DEV and then recorded as not
    hired by the same employer (not counted); 1 in "Dayton, OH" not hired; 1 in "Austin, TX"
    hired as DEV; 1 in "Dayton, OH" hired as DEV on 2025-11-02 (before the window).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from onramp.store import market_tables as market
from onramp.store import matching_tables as evidence
from onramp.store import microcredential_tables as mc
from onramp.store import platform_tables as platform

NOW = datetime(2026, 7, 1, tzinfo=UTC)
DEV, CASHIER, NURSE = "15-1252.00", "41-2011.00", "29-1141.00"
ORG = "org-board"
DESIGN = "design-1"

POSTINGS = [
    ("q1", "2026-01", "OH", DEV, None),
    ("q2", "2026-02", "OH", DEV, None),
    ("q3", "2026-03", "OH", DEV, None),
    ("q4", "2026-02", "OH", CASHIER, None),
    ("q5", "2026-04", "TX", DEV, None),
    ("q6", "2025-12", "OH", DEV, None),
    ("q7", "2026-03", "OH", DEV, "q1"),
]
TITLES = {DEV: "Software Developers", CASHIER: "Cashiers"}


class Builder:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.n = 0

    def setup(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                platform.organizations.insert().values(
                    id=ORG, slug="board", name="Board", kind="workforce_board", created_at=NOW
                )
            )
            conn.execute(
                market.posting_files.insert().values(
                    sha256="f" * 64, name="hand.jsonl", size=1, format="jsonl", lines_done=7,
                    byte_offset=1, rows_read=7, stored=7, reposts=1, exact_duplicates=0,
                    bad_rows=0, completed=True, started_at=NOW, finished_at=NOW,
                )
            )  # fmt: skip
            for line, (key, month, state, code, copy) in enumerate(POSTINGS):
                conn.execute(
                    market.postings.insert().values(
                        id=key, file_sha256="f" * 64, line=line + 1, title=key, area_code=None,
                        state=state, month=month, posted_on=date.fromisoformat(f"{month}-05"),
                        description="-", occupation_scheme="onet", occupation_code=code,
                        occupation_title=TITLES.get(code), duplicate_of=copy,
                    )
                )  # fmt: skip
            conn.execute(
                mc.microcredential_designs.insert().values(
                    id=DESIGN, org_id=ORG, ce_ctid="ce-" + "0" * 36, name="Design",
                    state="published", parts={}, created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip

    def worker(
        self,
        location: str,
        codes: list[str],
        parts: list[str] | None = None,
        revoked: bool = False,
        expired: bool = False,
    ) -> str:
        """A worker with one evidence entry per code and, when `parts` is given, a grant."""
        self.n += 1
        worker = f"w{self.n:05d}"
        with self.engine.begin() as conn:
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
            for k, code in enumerate(codes):
                conn.execute(
                    evidence.evidence_entries.insert().values(
                        id=f"e{self.n:05d}-{k}", worker_id=worker, kind="self", details={},
                        occupation_code=code, created_at=NOW, updated_at=NOW,
                    )
                )  # fmt: skip
            if parts is not None:
                conn.execute(
                    platform.consent_grants.insert().values(
                        id=f"g{self.n:05d}", worker_id=worker, org_id=ORG,
                        scope={"parts": parts, "records": [], "skills": []},
                        purpose_kind="other", purpose_text="test", created_at=NOW,
                        expires_at=datetime.now(UTC) + timedelta(days=-1 if expired else 90),
                        revoked_at=NOW if revoked else None,
                    )
                )  # fmt: skip
        return worker

    def learner(self, location: str, rows: list[tuple[bool, str, float | None, date]]) -> None:
        """A learner at `location` with placement rows (hired, occupation, wage, placed on),
        all with the same employer, recorded in this order."""
        worker = self.worker(location, [])
        with self.engine.begin() as conn:
            conn.execute(
                mc.microcredential_enrollments.insert().values(
                    id=f"en-{worker}", design_id=DESIGN, org_id=ORG, learner_id=worker,
                    state="completed", enrolled_at=NOW, completed_at=NOW,
                )
            )  # fmt: skip
            for k, (hired, code, wage, placed_on) in enumerate(rows):
                conn.execute(
                    mc.microcredential_placements.insert().values(
                        id=f"pl-{worker}-{k}", enrollment_id=f"en-{worker}", hired=hired,
                        interviewed=True, employer_name="Acme Tools", occupation=code,
                        wage=wage, placed_on=placed_on,
                        recorded_at=NOW + timedelta(minutes=k),
                    )
                )  # fmt: skip


def build(engine: Engine) -> None:
    b = Builder(engine)
    b.setup()
    for _ in range(12):
        b.worker("Dayton, OH", [DEV], ["profile"])
    b.worker("Dayton,  OH", [DEV, DEV], ["profile", "contact"])
    for _ in range(3):
        b.worker("Dayton, OH", [CASHIER], ["profile", "work_history"])
    for _ in range(15):
        b.worker("Columbus, Ohio", [NURSE], ["profile"])
    for _ in range(20):
        b.worker("Austin, TX", [NURSE], ["profile"])
    b.worker("Dayton, OH", [DEV])
    b.worker("Dayton, OH", [DEV])
    b.worker("Dayton, OH", [DEV], ["contact"])
    b.worker("Dayton, OH", [DEV], ["profile"], revoked=True)
    b.worker("Dayton, OH", [DEV], ["profile"], expired=True)
    for k in range(11):
        placed = date(2026, 1, 15) + timedelta(days=5 * k)
        b.learner("Dayton, OH", [(True, DEV, 20.0 + k, placed)])
    for _ in range(2):
        b.learner("Dayton, OH", [(True, CASHIER, 15.0, date(2026, 2, 1))])
    b.learner(
        "Dayton, OH",
        [(True, DEV, 99.0, date(2026, 2, 1)), (False, DEV, None, date(2026, 2, 1))],
    )
    b.learner("Dayton, OH", [(False, DEV, None, date(2026, 2, 1))])
    b.learner("Austin, TX", [(True, DEV, 40.0, date(2026, 2, 1))])
    b.learner("Dayton, OH", [(True, DEV, 50.0, date(2025, 11, 2))])
