"""A worker's account export carries their matching data, and deleting the account deletes it
(SQLite and PostgreSQL): their evidence entries, the details a blind view hides, the
demographic answers they volunteered, the onboarding plans made for them, who revealed them,
and their profile vector."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from onramp.api.app import create_app
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.matching.personal import Schooling
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.platform import AccountKind, OrgKind
from onramp.store import matching_tables as m
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"
SERVICE = "urn:onramp:esf:ESF-02"


def login(app: Any, email: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


def test_the_export_carries_matching_data_and_deletion_removes_it(
    engine: Engine, tmp_path: Path
) -> None:
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
    services.personal.update_details(
        worker, birth_year=1990, education=[Schooling("Dayton High", "Diploma", 2008)]
    )
    services.personal.give_demographics(worker, {"veteran": ["no"]}, consent=True)
    jobs.apply(worker, job.id, [])
    services.personal.reveal(boss, job.id, worker.user.id)
    services.plans.create(boss, job.id, worker.user.id, date(2027, 1, 4))

    client, headers = login(app, "wanda@mail.example")
    exported = client.get("/api/v1/users/me/export").json()
    mine = exported["matching"]
    assert [e["title"] for e in mine["evidence"]] == ["Till check"]
    assert mine["evidence"][0]["skills"][0]["skill"] == SERVICE
    assert mine["personal_details"]["birth_year"] == 1990
    assert mine["personal_details"]["education"][0]["school"] == "Dayton High"
    assert mine["demographics"]["answers"] == {"veteran": ["no"]}
    assert [plan["job_id"] for plan in mine["onboarding_plans"]] == [job.id]
    (reveal,) = mine["reveals"]
    assert reveal["by"] == boss.user.id and reveal["job_id"] == job.id
    assert reveal["org_id"] == shop.id and "Bo saw the name and details of you" in reveal["text"]
    # the page export is the same use case
    page = client.get("/me/export")
    assert page.status_code == 200 and '"reveals"' in page.text
    # a staff account has no matching data of its own
    hr, _ = login(app, "bo@shop.example")
    assert hr.get("/api/v1/users/me/export").json()["matching"] == {}

    services.vectors.refresh()  # a profile vector exists for the worker now
    with engine.connect() as conn:
        assert conn.execute(select(m.profile_vectors)).first() is not None
    gone = client.request(
        "DELETE", "/api/v1/users/me", json={"password": PASSWORD}, headers=headers
    )
    assert gone.status_code == 204
    with engine.connect() as conn:
        for table in (
            m.evidence_entries,
            m.evidence_skills,
            m.onboarding_plans,
            m.profile_vectors,
        ):
            assert conn.execute(select(table)).first() is None, table.name
