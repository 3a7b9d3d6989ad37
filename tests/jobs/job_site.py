"""The job pages' test site: an employer (Bo at Corner Shop), a worker (Wanda) holding one
credential from a college, and signed-in clients for both, on the `engine` fixture's store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.jobs.model import Job
from onramp.jobs.service import Jobs
from onramp.platform import AccountKind, OrgKind, Principal
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"


@dataclass
class Site:
    app: Any
    jobs: Jobs
    org_id: str
    boss: TestClient
    boss_csrf: str
    worker: TestClient
    worker_csrf: str
    anon: TestClient
    item_id: str
    worker_id: str
    boss_principal: Principal

    def stored(self, job_id: str) -> Job:
        return self.jobs.get(self.boss_principal, job_id)


def _login(app: Any, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


@pytest.fixture
def site(engine: Engine, tmp_path: Path) -> Site:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    sign_up, principal = p.accounts.sign_up, p.accounts.principal
    boss = principal(sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF))
    shop = p.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    ada = principal(sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF))
    college = p.orgs.create(ada, "River College", OrgKind.TRAINING_PROVIDER)
    ada = principal(ada.user)
    worker = principal(sign_up("wanda@mail.example", PASSWORD, "Wanda Worker"))
    credentials = app.state.credentials
    badge = credentials.issuing.define(ada, college.id, name="Till skills", criteria="Did it")
    holder = credentials.wallet.holder_did(worker)
    credentials.issue(ada, college.id, badge.id, [Recipient(did=holder)])
    item = credentials.wallet.items(worker)[0]
    boss_client, boss_csrf = _login(app, "bo@shop.example")
    worker_client, worker_csrf = _login(app, "wanda@mail.example")
    return Site(
        app,
        app.state.jobs,
        shop.id,
        boss_client,
        boss_csrf,
        worker_client,
        worker_csrf,
        TestClient(app),
        item.id,
        worker.user.id,
        principal(boss.user),
    )
