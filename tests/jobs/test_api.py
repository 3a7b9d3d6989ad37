"""/api/v1/jobs as an HR system and a worker use it: lint, create, publish, export, apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, OrgKind

PASSWORD = "correct horse battery"
SCHEMA_ORG_PROPERTIES = {
    "title", "description", "datePosted", "validThrough", "hiringOrganization", "jobLocation",
    "employmentType", "baseSalary", "occupationalCategory", "skills", "educationRequirements",
    "experienceRequirements", "experienceInPlaceOfEducation",
}  # fmt: skip
DRAFT: dict[str, Any] = {
    "title": "Forklift operator",
    "occupations": ["53-7051.00"],
    "career_level": "entry",
    "summary": "Move pallets safely around our warehouse.",
    "duties": ["Load and unload trucks.", "Keep aisles clear."],
    "pay": {"low": 19, "high": 23, "period": "hour", "currency": "USD"},
    "schedule": "full_time",
    "workplace": "on_site",
    "location": "Dayton, OH",
    "values": [{"name": "Safety first", "behaviours": ["Stops work when unsure"]}],
    "valid_through": "2027-03-01T00:00:00+00:00",
    "requirements": [
        {
            "skill": "urn:onramp:esf:ESF-02",
            "label": "Customer service",
            "level": 2,
            "must_have": True,
            "learnable_weeks": None,
            "evidence": ["credential", "attestation"],
        },
        {
            "skill": "urn:onet:technology:forklift",
            "label": "Forklift",
            "level": 3,
            "must_have": False,
            "learnable_weeks": 4,
            "evidence": ["assessment"],
        },
    ],
}


def login(app: Any, email: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> dict[str, Any]:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    boss = p.accounts.principal(
        p.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = p.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    college = p.accounts.principal(
        p.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    school = p.orgs.create(college, "River College", OrgKind.TRAINING_PROVIDER)
    college = p.accounts.principal(college.user)
    worker = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    credentials = app.state.credentials
    badge = credentials.issuing.define(college, school.id, name="Forklift Safety", criteria="Drove")
    holder = credentials.wallet.holder_did(worker)
    credentials.issue(college, school.id, badge.id, [Recipient(did=holder)])
    return {"app": app, "org_id": shop.id, "worker": worker}


def test_an_employer_writes_publishes_and_exports_a_job(world: dict[str, Any]) -> None:
    app, org_id = world["app"], world["org_id"]
    boss, headers = login(app, "bo@shop.example")
    anon = TestClient(app)
    linted = anon.post("/api/v1/jobs/lint", json={"text": "Must be a digital native."}).json()
    assert [f["rule"] for f in linted] == ["exclusionary"]
    created = boss.post(f"/api/v1/orgs/{org_id}/jobs", json=DRAFT, headers=headers)
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["state"] == "draft" and job["requirements"][1]["learnable_weeks"] == 4
    assert anon.get(f"/api/v1/jobs/{job['id']}").status_code == 404  # a draft is private
    bad = boss.put(
        f"/api/v1/jobs/{job['id']}",
        json={**DRAFT, "summary": "Culture fit is key."},
        headers=headers,
    )
    assert bad.status_code == 200
    refused = boss.post(f"/api/v1/jobs/{job['id']}/state", json={"state": "open"}, headers=headers)
    assert refused.status_code == 422 and "Culture fit" in refused.json()["error"]["message"]
    boss.put(f"/api/v1/jobs/{job['id']}", json=DRAFT, headers=headers)
    opened = boss.post(f"/api/v1/jobs/{job['id']}/state", json={"state": "open"}, headers=headers)
    assert opened.json()["state"] == "open"
    assert [h["state"] for h in opened.json()["history"]] == ["draft", "open"]
    listed = anon.get("/api/v1/jobs").json()
    assert listed["total"] == 1 and listed["jobs"][0]["id"] == job["id"]
    posting = anon.get(f"/api/v1/jobs/{job['id']}/export", params={"format": "schema-org"})
    assert posting.headers["content-type"].startswith("application/ld+json")
    ld = posting.json()
    assert set(ld) >= SCHEMA_ORG_PROPERTIES, SCHEMA_ORG_PROPERTIES - set(ld)
    assert ld["baseSalary"]["value"] == {
        "@type": "QuantitativeValue", "minValue": 19.0, "maxValue": 23.0, "unitText": "HOUR"
    }  # fmt: skip
    assert ld["occupationalCategory"] == "53-7051.00"
    assert ld["jobLocation"]["address"]["addressRegion"] == "OH"
    assert ld["experienceInPlaceOfEducation"] is True
    assert [s["name"] for s in ld["skills"]] == ["Customer service", "Forklift"]
    page = anon.get(f"/api/v1/jobs/{job['id']}/export", params={"format": "html"}).text
    assert "application/ld+json" in page and "Forklift operator" in page
    assert "<script>" not in page.replace('<script type="application/ld+json">', "")
    as_json = anon.get(f"/api/v1/jobs/{job['id']}/export", params={"format": "json"}).json()
    assert as_json["requirements"] == created.json()["requirements"]


def test_remote_jobs_say_telecommute_and_no_pay_is_not_invented(world: dict[str, Any]) -> None:
    app, org_id = world["app"], world["org_id"]
    boss, headers = login(app, "bo@shop.example")
    draft = {**DRAFT, "workplace": "remote", "pay": None, "location": ""}
    job = boss.post(f"/api/v1/orgs/{org_id}/jobs", json=draft, headers=headers).json()
    findings = boss.get(f"/api/v1/jobs/{job['id']}/findings").json()
    assert any(f["rule"] == "missing-information" and f["field"] == "pay" for f in findings)
    boss.post(f"/api/v1/jobs/{job['id']}/state", json={"state": "open"}, headers=headers)
    ld = TestClient(app).get(f"/api/v1/jobs/{job['id']}/export").json()
    assert ld["jobLocationType"] == "TELECOMMUTE" and "baseSalary" not in ld
    assert "jobLocation" not in ld


def test_a_worker_applies_and_withdraws_and_the_employer_loses_access(
    world: dict[str, Any],
) -> None:
    app, org_id = world["app"], world["org_id"]
    boss, headers = login(app, "bo@shop.example")
    job = boss.post(f"/api/v1/orgs/{org_id}/jobs", json=DRAFT, headers=headers).json()
    boss.post(f"/api/v1/jobs/{job['id']}/state", json={"state": "open"}, headers=headers)
    worker, worker_headers = login(app, "wanda@mail.example")
    item = worker.get("/api/v1/wallet").json()[0]
    applied = worker.post(
        f"/api/v1/jobs/{job['id']}/application",
        json={"item_ids": [item["id"]]},
        headers=worker_headers,
    )
    assert applied.status_code == 201, applied.text
    assert [a["job_title"] for a in worker.get("/api/v1/me/applications").json()] == [
        "Forklift operator"
    ]
    applicants = boss.get(f"/api/v1/jobs/{job['id']}/applicants").json()
    # blind until a reveal (decisions/0023): an alias and a handle, no name, no account id
    assert "Wanda" not in str(applicants)
    assert [(a["name"], a["worker_id"], a["credentials"]) for a in applicants] == [(None, None, 1)]
    handle = applicants[0]["handle"]
    assert applicants[0]["alias"].startswith("Candidate ")
    boss.post(f"/api/v1/jobs/{job['id']}/candidates/{handle}/reveal", headers=headers)
    applicants = boss.get(f"/api/v1/jobs/{job['id']}/applicants").json()
    assert [(a["name"], a["handle"]) for a in applicants] == [("Wanda", handle)]
    worker_id = applicants[0]["worker_id"]
    assert boss.get(f"/api/v1/orgs/{org_id}/workers/{worker_id}").status_code == 200
    worker.delete(f"/api/v1/jobs/{job['id']}/application", headers=worker_headers)
    assert boss.get(f"/api/v1/jobs/{job['id']}/applicants").json() == []
    assert boss.get(f"/api/v1/orgs/{org_id}/workers/{worker_id}").status_code == 403


def test_lint_settings_are_the_organizations(world: dict[str, Any]) -> None:
    app, org_id = world["app"], world["org_id"]
    boss, headers = login(app, "bo@shop.example")
    saved = boss.put(
        f"/api/v1/orgs/{org_id}/lint-settings",
        json={"disabled": ["jargon"], "extra_terms": {"exclusionary": ["hungry"]}},
        headers=headers,
    )
    assert saved.status_code == 200, saved.text
    assert boss.get(f"/api/v1/orgs/{org_id}/lint-settings").json()["disabled"] == ["jargon"]
    bad = boss.put(
        f"/api/v1/orgs/{org_id}/lint-settings",
        json={"extra_terms": {"degree-requirement": ["college"]}},
        headers=headers,
    )
    assert bad.status_code == 422
