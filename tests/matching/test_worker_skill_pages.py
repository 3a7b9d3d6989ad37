"""The worker's skill pages through the real app, with no script (plain form posts), on SQLite
and PostgreSQL: "My skills" built from every kind of evidence with its reasons, each add form
refusing bad input without losing what was typed, a revoked credential set aside with its
reason, a resume file read into claims, and the demographic questions given, seen and deleted.
The browser test (tests/browser/test_skill_flows.py) covers the same at phone width."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import textstat
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, OrgKind, Principal
from onramp.taxonomy import import_esf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from test_documents import make_docx  # noqa: E402

PASSWORD = "correct horse battery"
SERVICE = "urn:onramp:esf:ESF-02"  # Serving customers
TEAM = "urn:onramp:esf:ESF-01"  # Working in a team
PROBLEMS = "urn:onramp:esf:ESF-15"  # Solving problems
RESUME = [
    "Jordan Lee",
    "Experience",
    "Cashier, Corner Shop, 2021-2024",
    "- Worked in a team of six",
    "- Solved problems with orders",
]


@dataclass
class Site:
    app: Any
    client: TestClient
    csrf: str
    worker: Principal
    ada: Principal
    college_id: str

    def post(self, url: str, **data: Any) -> Any:
        return self.client.post(url, data={"csrf_token": self.csrf, **data}, follow_redirects=False)

    def text(self, url: str) -> str:
        answer = self.client.get(url)
        assert answer.status_code == 200, answer.text
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", answer.text)).split())


@pytest.fixture
def site(engine: Engine, tmp_path: Path) -> Any:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    ada = p.accounts.principal(
        p.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    college = p.orgs.create(ada, "River College", OrgKind.TRAINING_PROVIDER)
    worker = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    with TestClient(app) as client:
        body = client.post(
            "/api/v1/auth/login", json={"email": "wanda@mail.example", "password": PASSWORD}
        ).json()
        yield Site(
            app, client, body["csrf_token"], worker, p.accounts.principal(ada.user), college.id
        )


def test_the_dashboard_links_to_my_skills_and_an_empty_profile_says_what_to_do(
    site: Site,
) -> None:
    assert 'href="/me/skills"' in site.client.get("/dashboard").text
    shown = site.text("/me/skills")
    assert "We do not see any skills yet" in shown
    assert "We see no new skills or levels in the last 24 months." in shown


def test_a_self_rating_and_a_course_show_as_skills_with_reasons(site: Site) -> None:
    rated = site.post("/me/skills/essential", **{f"rate:{SERVICE}": "2", f"rate:{TEAM}": "skip"})
    assert rated.status_code == 303 and rated.headers["location"] == "/me/skills?saved=essential"
    form = site.text("/me/skills/add?form=essential")
    assert "Serving customers" in form and "Skip" in form
    # the search button lists skills and keeps what was typed
    found = site.post(
        "/me/skills/add", kind="training", title="Till course", skill_q="customer", find_skills="1"
    )
    assert found.status_code == 200
    assert f'value="{SERVICE}"' in found.text and 'value="Till course"' in found.text
    # no level chosen: refused, nothing lost
    refused = site.post("/me/skills/add", kind="training", title="Till course", skills=SERVICE)
    assert refused.status_code == 422
    assert "Choose the level" in refused.text and 'value="Till course"' in refused.text
    assert f'value="{SERVICE}" checked' in refused.text
    saved = site.post(
        "/me/skills/add",
        kind="training",
        title="Till course",
        issuer="River College",
        ended_on="2025-03-01",
        skills=SERVICE,
        level="3",
    )
    assert saved.status_code == 303, saved.text
    shown = site.text("/me/skills?saved=entry")
    assert "Serving customers" in shown and "Level: level" in shown
    assert "Why we think you can do this:" in shown
    assert "A course you finished at level 3 (2025)" in shown  # traced to its evidence
    assert "The rating you gave yourself at level 2" in shown
    assert "1 new skill" in shown and "New: Serving customers (Mar 2025)" in shown
    entries = site.app.state.matching.evidence.entries(site.worker)
    assert {e.title for e in entries} == {"Till course", "My essential skills"}


def test_bad_input_keeps_what_was_typed(site: Site) -> None:
    job = site.post(
        "/me/skills/past-job", title="Cashier", employer="Corner Shop", started_on="last spring"
    )
    assert job.status_code == 422
    assert "like 2026-12-31" in job.text
    assert 'value="Cashier"' in job.text and 'value="Corner Shop"' in job.text
    sample = site.post(
        "/me/skills/add", kind="portfolio", title="My menu", skills=SERVICE, level="2"
    )
    assert sample.status_code == 422 and "Add a link" in sample.text
    assert 'value="My menu"' in sample.text
    unknown = site.post("/me/skills/add", kind="training", title="X", skills="urn:x:y", level="2")
    assert unknown.status_code == 422 and "We do not know the skill" in unknown.text
    wrong = site.post("/me/skills/essential", **{f"rate:{SERVICE}": "9"})
    assert wrong.status_code == 422 and "Rate Serving customers from 1 to" in wrong.text
    assert site.app.state.matching.evidence.entries(site.worker) == []


def test_a_past_job_is_kept_and_removed(site: Site) -> None:
    saved = site.post(
        "/me/skills/past-job", title="Cashier", employer="Corner Shop", started_on="2021-04-01"
    )
    assert saved.status_code == 303, saved.text
    shown = site.text("/me/skills")
    assert "Cashier" in shown and "Corner Shop" in shown
    assert "We could not match this job title to an occupation yet." in shown  # ESF only here
    (entry,) = site.app.state.matching.evidence.entries(site.worker)
    gone = site.post(f"/me/skills/{entry.id}/remove")
    assert gone.status_code == 303
    assert site.app.state.matching.evidence.entries(site.worker) == []


def test_a_revoked_credential_is_listed_with_the_plain_reason(site: Site) -> None:
    credentials = site.app.state.credentials
    badge = credentials.issuing.define(
        site.ada, site.college_id, name="Till skills", criteria="Did it", skills=[SERVICE]
    )
    holder = credentials.wallet.holder_did(site.worker)
    issued = credentials.issue(site.ada, site.college_id, badge.id, [Recipient(did=holder)])[0]
    assert "A credential at level" in site.text("/me/skills")
    credentials.issuing.change_state(site.ada, site.college_id, issued.id, "revoke")
    shown = site.text("/me/skills")
    assert "Proof we do not count" in shown
    assert re.search(r"Serving customers: we do not count a credential at level \d", shown)
    assert "The issuer took it back, so it does not count." in shown
    profile = site.client.get("/api/v1/me/evidence/profile").json()
    assert profile["skills"] == [] and profile["set_aside"][0]["set_aside"] == "revoked"


def test_a_resume_file_becomes_claims(site: Site, tmp_path: Path) -> None:
    empty = site.client.post(
        "/me/skills/resume", data={"csrf_token": site.csrf}, follow_redirects=False
    )
    assert empty.status_code == 422 and "Choose your resume file" in empty.text
    sent = site.client.post(
        "/me/skills/resume",
        data={"csrf_token": site.csrf},
        files={
            "file": (
                "resume.docx",
                make_docx([(None, line, False) for line in RESUME]),
                "application/octet-stream",
            )
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    shown = site.text("/me/skills?saved=resume")
    assert "Working in a team" in shown and "Solving problems" in shown
    assert "A line in your resume at level 3" in shown
    assert "Your resume mentions Working in a team." in shown
    # the API takes the same file, and a new resume replaces the last one's skills
    again = site.client.post(
        "/api/v1/me/evidence/resume",
        headers={"x-csrf-token": site.csrf},
        files={"file": ("resume.txt", b"Experience\n- Worked in a team of six\n", "text/plain")},
    )
    assert again.status_code == 201, again.text
    assert [s["skill"] for s in again.json()["skills"]] == [TEAM]
    kinds = [e.kind.value for e in site.app.state.matching.evidence.entries(site.worker)]
    assert kinds == ["resume"]


def test_the_api_adds_rates_lists_and_removes(site: Site) -> None:
    headers = {"x-csrf-token": site.csrf}
    api = site.client
    added = api.post(
        "/api/v1/me/evidence",
        headers=headers,
        json={
            "kind": "assessment",
            "title": "Service test",
            "skills": [{"skill": SERVICE, "level": 4}],
        },
    )
    assert added.status_code == 201, added.text
    bad = api.post(
        "/api/v1/me/evidence",
        headers=headers,
        json={"kind": "credential", "title": "Mine", "skills": [{"skill": SERVICE, "level": 4}]},
    )
    assert bad.status_code == 422 and "Choose what this is" in bad.json()["error"]["message"]
    rated = api.put(
        "/api/v1/me/evidence/essential-skills", headers=headers, json={"ratings": {TEAM: 3}}
    )
    assert rated.status_code == 200, rated.text
    assert api.get("/api/v1/me/evidence/essential-skills").json() == {TEAM: 3}
    job = api.post("/api/v1/me/evidence/work-history", headers=headers, json={"title": "Cook"})
    assert job.status_code == 201 and job.json()["details"]["note"]
    profile = api.get("/api/v1/me/evidence/profile").json()
    by_skill = {s["skill"]: s for s in profile["skills"]}
    assert set(by_skill) == {SERVICE, TEAM}
    # the worker's own test result is unchecked: the proof is thin, and the page says so
    assert "Our best proof is a skills test at level 4" in by_skill[SERVICE]["why"]
    assert by_skill[SERVICE]["certainty"] == "We are not very sure yet."
    assert by_skill[SERVICE]["name"] == "Serving customers"
    assert [len(api.get("/api/v1/me/evidence").json())] == [3]
    gone = api.delete(f"/api/v1/me/evidence/{added.json()['id']}", headers=headers)
    assert gone.status_code == 204
    missing = api.delete(f"/api/v1/me/evidence/{added.json()['id']}", headers=headers)
    assert missing.status_code == 404


def test_demographic_answers_are_optional_seen_and_deleted(site: Site) -> None:
    shown = site.text("/me/demographics")
    assert "They are never used for any score." in shown
    assert "We only count them in groups" in shown and "I prefer not to say." in shown
    # without agreeing, nothing is kept and the choices stay on the form
    refused = site.post("/me/demographics", sex="female", veteran="prefer_not_to_say")
    assert refused.status_code == 422 and "only if you agree" in refused.text
    assert re.search(r'value="female"\s+checked', refused.text)
    assert site.app.state.matching.personal.demographics(site.worker) is None
    given = site.post("/me/demographics", sex="female", veteran="prefer_not_to_say", consent="yes")
    assert given.status_code == 303
    shown = site.text("/me/demographics?saved=given")
    assert "Your answers now" in shown and "I am female." in shown
    api = site.client.get("/api/v1/me/demographics").json()
    assert api["given"]["answers"] == {"sex": ["female"], "veteran": ["prefer_not_to_say"]}
    # the answers are never part of the skill profile
    assert "female" not in site.client.get("/api/v1/me/evidence/profile").text
    deleted = site.post("/me/demographics/delete")
    assert deleted.status_code == 303
    assert site.app.state.matching.personal.demographics(site.worker) is None
    assert "Your answers now" not in site.text("/me/demographics?saved=deleted")


def _main_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|select)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main.split(">", 1)[1])).split())


def test_the_pages_read_at_grade_8_or_below(site: Site) -> None:
    """Flesch-Kincaid grade of what a worker reads on each page (the brief's plain-language
    bar), with proof of every kind shown."""
    site.post("/me/skills/essential", **{f"rate:{SERVICE}": "2"})
    site.post("/me/skills/add", kind="training", title="Till course", skills=SERVICE, level="3")
    site.post("/me/skills/past-job", title="Cashier", started_on="2021-04-01")
    pages = ["/me/skills", "/me/skills/add", "/me/demographics"]
    pages += [f"/me/skills/add?form={f}" for f in ("training", "essential", "past-job", "resume")]
    for url in pages:
        text = _main_text(site.client.get(url).text)
        assert len(text.split()) > 20, url
        grade = textstat.flesch_kincaid_grade(text)
        assert grade <= 8, f"{url}: grade {grade:.1f}: {text}"
