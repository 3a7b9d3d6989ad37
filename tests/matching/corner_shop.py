"""The shared scene of the matching API tests: a corner shop with one open job asking for a
service skill, and Wanda, who has an assessment at one level below it and has applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.jobs.model import Job, JobDraft, JobState, PayRange, Requirement
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.platform import AccountKind, Organization, OrgKind, Principal
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"
SERVICE = "urn:onramp:esf:ESF-02"


@dataclass
class CornerShop:
    app: Any
    boss: Principal
    shop: Organization
    job: Job
    worker: Principal


def login(app: Any, email: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


def corner_shop(engine: Engine, tmp_path: Path) -> CornerShop:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p, jobs, services = app.state.platform, app.state.jobs, app.state.matching
    boss = p.accounts.principal(
        p.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = p.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    boss = p.accounts.principal(boss.user)
    draft = JobDraft(
        title="Store associate",
        pay=PayRange(low=17, high=19),
        requirements=[Requirement(skill=SERVICE, label="Serving customers", level=3)],
    )
    job = jobs.create(boss, shop.id, draft)
    jobs.move(boss, job.id, JobState.OPEN)
    worker = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda Q"))
    services.evidence.add(
        worker,
        EntryDraft(EvidenceKind.ASSESSMENT, "Till check", [(SERVICE, 2)], ended_on=date.today()),
    )
    jobs.apply(worker, job.id, [])
    return CornerShop(app, boss, shop, job, worker)
