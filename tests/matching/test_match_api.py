"""/api/v1 matching as an HR system and a worker use it: blind candidates, explain, reveal
(audited), an onboarding plan, the adverse-impact audit, and jobs for me."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.platform import AccountKind, OrgKind, audit
from onramp.taxonomy import import_esf

PASSWORD = "correct horse battery"
SERVICE = "urn:onramp:esf:ESF-02"


def login(app: Any, email: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


def test_an_employer_ranks_blind_reveals_and_plans_and_a_worker_sees_fits(
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
    jobs.apply(worker, job.id, [])

    hr, headers = login(app, "bo@shop.example")
    listed = hr.get(f"/api/v1/jobs/{job.id}/candidates").json()
    assert listed["considered"] == 1
    row = listed["candidates"][0]
    assert row["alias"].startswith("Candidate ") and "Wanda" not in str(listed)
    assert row["gaps"][0]["skill"] == SERVICE  # level 2 shown, 3 asked
    detail = hr.get(f"/api/v1/jobs/{job.id}/candidates/{row['worker_id']}").json()
    assert detail["match"]["requirements"][0]["status"] != "unknown"  # it has evidence
    revealed = hr.post(
        f"/api/v1/jobs/{job.id}/candidates/{row['worker_id']}/reveal", headers=headers
    )
    assert revealed.status_code == 200 and revealed.json()["name"] == "Wanda Q"
    assert any(e.action == "candidate.reveal" for e in audit.about_worker(engine, worker.user.id))
    made = hr.post(
        f"/api/v1/jobs/{job.id}/candidates/{row['worker_id']}/plan",
        json={"start": "2027-01-04"},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["items"][0]["skill"] == SERVICE
    changed = hr.patch(
        f"/api/v1/jobs/{job.id}/candidates/{row['worker_id']}/plan",
        json={"skill": SERVICE, "weeks": 3, "activity": "program"},
        headers=headers,
    )
    assert changed.json()["items"][0]["check_in"] == "2027-01-25"
    bad = hr.patch(
        f"/api/v1/jobs/{job.id}/candidates/{row['worker_id']}/plan",
        json={"skill": SERVICE, "weeks": 0},
        headers=headers,
    )
    assert bad.status_code == 422
    impact = hr.get(f"/api/v1/jobs/{job.id}/adverse-impact?top=1&question=sex").json()
    assert impact["candidates"] == 1 and impact["groups"] == []  # too few to show

    me, _ = login(app, "wanda@mail.example")
    fits = me.get("/api/v1/me/matches").json()["jobs"]
    assert fits[0]["job_id"] == job.id and fits[0]["gaps"]
    assert me.get(f"/api/v1/me/matches/{job.id}").json()["score"] == fits[0]["score"]
    # the worker's order: the score and how much of their skill the job uses (fit)
    assert 0 < fits[0]["fit"] <= 1 and 0 < fits[0]["uses"]["share"] <= 1
    assert fits[0]["uses"]["skills_used"] >= 1 and "proof of" in fits[0]["uses"]["sentence"]
    assert me.get("/api/v1/me/plans").json()["plans"][0]["items"][0]["activity"] == "program"
    # the worker cannot see the candidate list
    assert me.get(f"/api/v1/jobs/{job.id}/candidates").status_code == 403
