"""People and organizations for microcredential design tests, on a fresh store: a training
provider's designer, an employer partner's HR admin and hiring manager, a recruiter of the same
employer (not a signer), an outside employer, another provider, and a worker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.credentials.service import CredentialService
from onramp.market.microcredentials.designs import MicrocredentialDesigns
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"


@dataclass
class DesignWorld:
    platform: Platform
    credentials: CredentialService
    designs: MicrocredentialDesigns
    designer: Principal
    provider_id: str
    partner: Principal  # the employer partner's org admin
    hiring_manager: Principal
    recruiter: Principal  # a member of the partner who does not sign off
    partner_id: str
    outsider: Principal  # admin of another employer
    outsider_id: str
    rival: Principal  # admin of another training provider
    rival_id: str
    worker: Principal


def build_world(engine: Engine, tmp_path: Path) -> DesignWorld:
    import_esf(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    credentials = CredentialService(
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

    def admin_of(email: str, name: str, org: str, kind: OrgKind) -> tuple[Principal, str]:
        person = staff(email, name)
        created = platform.orgs.create(person, org, kind)
        return accounts.principal(person.user), created.id

    designer, provider_id = admin_of("dee@college.example", "Dee", "River College",
                                     OrgKind.TRAINING_PROVIDER)  # fmt: skip
    partner, partner_id = admin_of("pat@shop.example", "Pat Partner", "Corner Shop",
                                   OrgKind.EMPLOYER)  # fmt: skip
    outsider, outsider_id = admin_of("oz@other.example", "Oz", "Other Co", OrgKind.EMPLOYER)
    rival, rival_id = admin_of("ray@rival.example", "Ray", "Rival College",
                               OrgKind.TRAINING_PROVIDER)  # fmt: skip
    members = {}
    for email, name, role in (
        ("hm@shop.example", "Hana Manager", Role.HIRING_MANAGER),
        ("rec@shop.example", "Rex Recruiter", Role.RECRUITER),
    ):
        person = staff(email, name)
        platform.orgs.add_member(partner_id, person.user, role, partner.user.id)
        members[role] = accounts.principal(person.user)
    worker = accounts.principal(accounts.sign_up("wen@mail.example", PASSWORD, "Wen"))
    designs = MicrocredentialDesigns(engine, credentials.issuing)
    return DesignWorld(
        platform, credentials, designs, designer, provider_id, partner,
        members[Role.HIRING_MANAGER], members[Role.RECRUITER], partner_id, outsider,
        outsider_id, rival, rival_id, worker,
    )  # fmt: skip


@pytest.fixture(name="world")
def world_fixture(engine: Engine, tmp_path: Path) -> DesignWorld:
    return build_world(engine, tmp_path)
