"""/api/v1/orgs/{org_id}/roadmap and /api/v1/jobs/{job_id}/leads-to as an HR system and a
job board use them (no O*NET imported: ladders from the jobs' codes and skills)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform import AccountKind, OrgKind

PASSWORD = "correct horse battery"
SKILLS = [f"urn:onramp:esf:ESF-{n}" for n in ("03", "05", "19")]


def _draft(title: str, code: str, level: str) -> dict[str, Any]:
    return {
        "title": title,
        "occupations": [code],
        "career_level": level,
        "requirements": [
            {"skill": uri, "label": uri[-6:], "level": 2 if level == "entry" else 3}
            for uri in SKILLS
        ],
    }


def test_the_roadmap_and_where_a_job_leads_over_the_api(engine: Engine) -> None:
    app = create_app(engine)
    platform = app.state.platform
    boss = platform.accounts.sign_up("bo@river.test", PASSWORD, "Bo", AccountKind.STAFF)
    org = platform.orgs.create(platform.accounts.principal(boss), "River", OrgKind.EMPLOYER)
    other = platform.accounts.sign_up("ed@else.test", PASSWORD, "Ed", AccountKind.STAFF)
    platform.orgs.create(platform.accounts.principal(other), "Else", OrgKind.EMPLOYER)
    client = TestClient(app)
    csrf = client.post("/api/v1/auth/login", json={"email": "bo@river.test", "password": PASSWORD})
    headers = {"x-csrf-token": csrf.json()["csrf_token"]}
    made = []
    for title, code, level in (
        ("Nursing Assistant", "31-1131.00", "entry"),
        ("Registered Nurse", "29-1141.00", "proficient"),
    ):
        job = client.post(
            f"/api/v1/orgs/{org.id}/jobs", json=_draft(title, code, level), headers=headers
        )
        assert job.status_code == 201, job.text
        made.append(job.json()["id"])
    opened = client.post(f"/api/v1/jobs/{made[0]}/state", json={"state": "open"}, headers=headers)
    assert opened.status_code == 200, opened.text

    found = client.get(f"/api/v1/orgs/{org.id}/roadmap")
    assert found.status_code == 200
    body = found.json()
    assert [r["title"] for r in body["families"][0]["rungs"]] == [
        "Nursing Assistant",
        "Registered Nurse",
    ]
    assert {n["code"] for n in body["notes"]} >= {"no-occupations", "work-based-learning"}
    anonymous = TestClient(app)
    leads = anonymous.get(f"/api/v1/jobs/{made[0]}/leads-to")
    assert leads.status_code == 200 and leads.json()["next_rungs"] == []  # the RN is a draft
    assert anonymous.get(f"/api/v1/jobs/{made[1]}/leads-to").status_code == 404
    assert client.get(f"/api/v1/jobs/{made[1]}/leads-to").status_code == 200
    assert anonymous.get(f"/api/v1/orgs/{org.id}/roadmap").status_code == 401
    stranger = TestClient(app)
    stranger.post("/api/v1/auth/login", json={"email": "ed@else.test", "password": PASSWORD})
    assert stranger.get(f"/api/v1/orgs/{org.id}/roadmap").status_code == 403
