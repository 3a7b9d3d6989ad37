"""A small world for wallet and issuing tests: a college that issues, an employer that
receives shared credentials, and a worker, on a fresh store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform, Principal
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"


@dataclass
class World:
    platform: Platform
    service: CredentialService
    admin: Principal
    org_id: str
    employer_admin: Principal
    employer_id: str
    worker: Principal
    achievement_id: str


def check(report: dict, check_id: str) -> dict:
    return next(c for c in report["checks"] if c["id"] == check_id)


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    import_esf(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url=PUBLIC,
        emails=platform.emails,
    )
    sign_up = platform.accounts.sign_up
    admin = platform.accounts.principal(
        sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    org = platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    admin = platform.accounts.principal(admin.user)
    boss = platform.accounts.principal(
        sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    employer = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    boss = platform.accounts.principal(boss.user)
    worker = platform.accounts.principal(sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    achievement = service.issuing.define(
        admin,
        org.id,
        name="Customer Service Basics",
        criteria="Passed the customer service course and a practical check.",
        description="Serving customers well.",
        skills=["urn:onramp:esf:ESF-02"] if has_esf_02(engine) else [],
        levels=[("Developing", "Needs help"), ("Proficient", "Works alone")],
    )
    return World(platform, service, admin, org.id, boss, employer.id, worker, achievement.id)


def has_esf_02(engine: Engine) -> bool:
    from onramp.store import schema

    with engine.connect() as conn:
        return bool(
            conn.execute(
                select(schema.skills.c.uri).where(schema.skills.c.uri == "urn:onramp:esf:ESF-02")
            ).first()
        )


def last_mail(platform: Platform, email: str, marker: str) -> str:
    """The newest waiting mail to `email` whose body holds `marker` (mail waits sealed)."""
    bodies = [m.body for m in platform.mailer.pending(email)]  # type: ignore[attr-defined]
    found = [b for b in bodies if marker in b]
    assert found, f"no mail to {email} with {marker!r}"
    return str(found[-1])


def claim_token(platform: Platform, email: str) -> str:
    body = last_mail(platform, email, "/wallet/claim?token=")
    return body.split("token=")[1].split()[0]
