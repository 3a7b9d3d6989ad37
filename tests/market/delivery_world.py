"""A world for microcredential delivery tests (issue 16, item 5): a college that runs a
published microcredential, its employer partner, another college, and two workers, on a fresh
store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from microcredential_world import complete_parts, publish_directly
from sqlalchemy import Engine, select

from onramp.credentials.service import CredentialService
from onramp.market.microcredentials.delivery import Delivery
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.platform.emails import Proof, record_confirmed
from onramp.store import microcredential_tables as m
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"


@dataclass
class World:
    engine: Engine
    platform: Platform
    service: CredentialService
    delivery: Delivery
    admin: Principal  # org admin of the college
    teacher: Principal  # provider admin of the college
    provider_id: str
    partner: Principal  # HR admin of the employer partner
    partner_id: str
    outsider: Principal  # org admin of another college
    outsider_id: str
    learner: Principal
    other_worker: Principal
    design_id: str
    achievement_id: str

    def again(self, who: Principal) -> Principal:
        return self.platform.accounts.principal(who.user)


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id)).scalars())


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url=PUBLIC,
        emails=platform.emails,
    )
    accounts = platform.accounts

    def staff(email: str, name: str) -> Principal:
        return accounts.principal(accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF))

    admin = staff("ada@college.example", "Ada Admin")
    college = platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    teacher_user = accounts.sign_up("ted@college.example", PASSWORD, "Ted", AccountKind.STAFF)
    platform.orgs.add_member(college.id, teacher_user, Role.PROVIDER_ADMIN, None)
    boss = staff("bo@shop.example", "Bo Boss")
    shop = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    rival = staff("rae@rival.example", "Rae Rival")
    other = platform.orgs.create(rival, "Hill College", OrgKind.TRAINING_PROVIDER)
    learner = accounts.principal(accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda Diaz"))
    other_worker = accounts.principal(accounts.sign_up("will@mail.example", PASSWORD, "Will"))
    with engine.begin() as conn:
        for worker in (learner, other_worker):
            record_confirmed(conn, worker.user.id, worker.user.email, Proof.LINK)
    admin = accounts.principal(admin.user)
    design_id = publish_directly(
        engine, service.issuing, admin, college.id, complete_parts(shop.id)
    )
    with engine.connect() as conn:
        achievement_id = conn.execute(
            select(m.microcredential_designs.c.achievement_id).where(
                m.microcredential_designs.c.id == design_id
            )
        ).scalar_one()
    return World(
        engine,
        platform,
        service,
        Delivery(engine, service),
        admin,
        accounts.principal(teacher_user),
        college.id,
        accounts.principal(boss.user),
        shop.id,
        accounts.principal(rival.user),
        other.id,
        learner,
        other_worker,
        design_id,
        achievement_id,
    )
