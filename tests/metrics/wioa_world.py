"""A world for WIOA reporting tests (issue 18, item 4): a workforce board with an analyst and
an admin, a second board, an employer, and the hand-computed 54-participant fixture, on a
fresh store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from onramp.metrics.boards import WioaReports
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"
FIXTURE = Path(__file__).parent / "data" / "wioa_participants.csv"
HEADER = FIXTURE.read_text(encoding="utf-8").splitlines()[0]


@dataclass
class World:
    engine: Engine
    platform: Platform
    reports: WioaReports
    admin: Principal  # the board's org admin (its creator)
    analyst: Principal  # a board analyst
    board_id: str
    other: Principal  # the admin of another board
    other_board_id: str
    employer: Principal  # the admin of an employer
    employer_id: str
    mentor: Principal  # a member of the employer with a role boards do not have

    def again(self, who: Principal) -> Principal:
        return self.platform.accounts.principal(who.user)


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id)).scalars())


def build(engine: Engine, secrets: Path) -> World:
    platform = Platform(engine, secrets_dir=secrets, public_url="https://onramp.example")
    accounts = platform.accounts

    def staff(email: str) -> Principal:
        return accounts.principal(accounts.sign_up(email, PASSWORD, email[:3], AccountKind.STAFF))

    admin = staff("bea@board.example")
    board = platform.orgs.create(admin, "River Workforce Board", OrgKind.WORKFORCE_BOARD)
    analyst = staff("al@board.example")
    platform.orgs.add_member(board.id, analyst.user, Role.BOARD_ANALYST, None)
    other = staff("oz@other.example")
    other_board = platform.orgs.create(other, "Hill Workforce Board", OrgKind.WORKFORCE_BOARD)
    boss = staff("hana@volt.example")
    employer = platform.orgs.create(boss, "Volt Electric", OrgKind.EMPLOYER)
    mentor = staff("max@volt.example")
    platform.orgs.add_member(employer.id, mentor.user, Role.MENTOR, None)
    return World(
        engine,
        platform,
        WioaReports(engine),
        accounts.principal(admin.user),
        accounts.principal(analyst.user),
        board.id,
        accounts.principal(other.user),
        other_board.id,
        accounts.principal(boss.user),
        employer.id,
        accounts.principal(mentor.user),
    )


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    return build(engine, tmp_path / "secrets")
