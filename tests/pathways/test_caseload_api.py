"""The caseload through its edges (issue 15, item 5): the REST routes a navigator and a worker
call, the pages' forms, and `onramp caseload remind` as a real process, sent once a day."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.pathways.caseload_json import today
from onramp.platform import AccountKind, OrgKind, PurposeKind, Role
from onramp.platform import secrets as platform_secrets
from onramp.store import make_engine

from support import run_cli

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(platform_secrets, "_hasher", cheap)


def _login(app: Any, email: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


def _seed(app: Any) -> dict[str, str]:
    p = app.state.platform
    maria = p.accounts.principal(
        p.accounts.sign_up("maria@c.example", PASSWORD, "Maria Lopez", AccountKind.STAFF)
    )
    rex = p.accounts.principal(
        p.accounts.sign_up("rex@e.example", PASSWORD, "Rex Hill", AccountKind.STAFF)
    )
    org = p.orgs.create(maria, "Northside", OrgKind.COMMUNITY_ORG).id
    employer = p.orgs.create(rex, "Acme", OrgKind.EMPLOYER).id
    jordan = p.accounts.sign_up("jordan@c.example", PASSWORD, "Jordan Lee", AccountKind.STAFF)
    p.orgs.add_member(org, jordan, Role.NAVIGATOR, maria.user.id)
    ana = p.accounts.principal(p.accounts.sign_up("ana@w.example", PASSWORD, "Ana Diaz"))
    p.consents.grant(ana, org, ["profile"], PurposeKind.NAVIGATOR_SUPPORT, "Career help")
    p.consents.grant(ana, employer, ["profile"], PurposeKind.JOB_APPLICATION, "A job")
    return {"org": org, "employer": employer, "ana": ana.user.id, "jordan": jordan.id}


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> Any:
    return create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")


def test_a_navigator_refers_logs_outcomes_and_plans_check_ins_over_rest(app: Any) -> None:
    ids = _seed(app)
    client, csrf = _login(app, "maria@c.example")
    base = f"/api/v1/orgs/{ids['org']}/caseload"
    listed = client.get(base).json()
    assert [w["name"] for w in listed["workers"]] == ["Ana Diaz"]
    assert listed["workers"][0]["plan"] is None
    assert listed["workers"][0]["plan_words"] == "This worker has not shared a plan."

    made = client.post(
        f"{base}/{ids['ana']}/referrals",
        json={"kind": "training", "target_text": "CNA class", "note": "Starts in May"},
        headers=csrf,
    )
    assert made.status_code == 201, made.text
    referral = made.json()
    assert referral["outcome"] == "pending" and referral["outcome_words"] == "Waiting to hear back"
    changed = client.patch(
        f"{base}/referrals/{referral['id']}", json={"outcome": "started"}, headers=csrf
    ).json()
    assert [h["outcome"] for h in changed["history"]] == ["pending", "started"]

    due = (today() + timedelta(days=3)).isoformat()
    planned = client.post(
        f"{base}/{ids['ana']}/follow-ups",
        json={"due": due, "about": "Ask how class went", "assigned_to": ids["jordan"]},
        headers=csrf,
    )
    assert planned.status_code == 201, planned.text
    assert planned.json()["state"] == "this_week"
    assert planned.json()["assigned_name"] == "Jordan Lee"
    assert client.get(base, params={"due": "this_week"}).json()["total"] == 1
    assert client.get(base, params={"due": "overdue"}).json()["total"] == 0
    assert client.get(base, params={"outcome": "started"}).json()["total"] == 1
    assert client.get(base, params={"q": "nobody"}).json()["total"] == 0
    assert len(client.get(base).json()["due_now"]) == 1
    done = client.patch(
        f"{base}/follow-ups/{planned.json()['id']}", json={"done": True}, headers=csrf
    )
    assert done.json()["done"] is True and done.json()["state"] == "done"
    record = client.get(f"{base}/{ids['ana']}").json()
    assert len(record["referrals"]) == 1 and record["follow_ups"][0]["done"] is True

    worker, _ = _login(app, "ana@w.example")
    mine = worker.get("/api/v1/me/referrals").json()["referrals"]
    assert [(r["organization"], r["target_text"], r["outcome"]) for r in mine] == [
        ("Northside", "CNA class", "started")
    ]
    assert "referrals" in worker.get("/api/v1/users/me/export").json()["caseload"]


def test_bad_input_is_a_plain_422_and_keeps_nothing(app: Any) -> None:
    ids = _seed(app)
    client, csrf = _login(app, "maria@c.example")
    base = f"/api/v1/orgs/{ids['org']}/caseload"
    bad = client.post(f"{base}/{ids['ana']}/referrals", json={"kind": "service"}, headers=csrf)
    assert bad.status_code == 422 and "kind of help" in bad.text
    past = (today() - timedelta(days=1)).isoformat()
    late = client.post(
        f"{base}/{ids['ana']}/follow-ups", json={"due": past, "about": "x"}, headers=csrf
    )
    assert late.status_code == 422 and "today or a later day" in late.text
    assert client.get(base, params={"due": "later"}).status_code == 422
    record = client.get(f"{base}/{ids['ana']}").json()
    assert record["referrals"] == [] and record["follow_ups"] == []


def test_an_employer_the_worker_also_shares_with_gets_nothing(app: Any) -> None:
    ids = _seed(app)
    client, csrf = _login(app, "rex@e.example")
    for org in (ids["employer"], ids["org"]):
        base = f"/api/v1/orgs/{org}/caseload"
        assert client.get(base).status_code == 403
        assert client.get(f"{base}/{ids['ana']}").status_code == 403
        made = client.post(
            f"{base}/{ids['ana']}/referrals",
            json={"kind": "service", "service": "housing"},
            headers=csrf,
        )
        assert made.status_code == 403
        assert client.get(f"/orgs/{org}/caseload").status_code == 403


def test_the_pages_log_a_referral_an_outcome_and_a_check_in(app: Any) -> None:
    ids = _seed(app)
    client, csrf = _login(app, "maria@c.example")
    token = csrf["x-csrf-token"]
    page = f"/orgs/{ids['org']}/caseload"
    listing = client.get(page)
    assert listing.status_code == 200 and "Ana Diaz" in listing.text
    assert "This worker has not shared a plan." in listing.text
    worker_page = f"{page}/{ids['ana']}"
    sent = client.post(
        f"{worker_page}/referrals",
        data={"kind": "service", "service": "childcare", "target_text": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    shown = client.get(worker_page).text
    assert "Help with childcare" in shown and "Waiting to hear back" in shown
    missing = client.post(
        f"{worker_page}/follow-ups", data={"due": "", "about": "Call", "csrf_token": token}
    )
    assert missing.status_code == 422 and "Pick the day to follow up." in missing.text
    due = today().isoformat()
    client.post(
        f"{worker_page}/follow-ups", data={"due": due, "about": "Call Ana", "csrf_token": token}
    )
    assert "Call Ana" in client.get(page).text  # in the due-now panel
    worker, _ = _login(app, "ana@w.example")
    assert "Help with childcare" in worker.get("/me/referrals").text


def test_remind_sends_one_digest_a_day(tmp_path: Path) -> None:
    first = json.loads(run_cli(tmp_path, "caseload", "remind", "--json").stdout)
    assert first == {"queued": 0, "already_sent": 0, "reminders": []}  # an empty store
    engine = make_engine(f"sqlite:///{(tmp_path / 'onramp.db').resolve()}")
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    ids = _seed(app)
    maria = app.state.platform.accounts.principal(
        app.state.platform.accounts.user_by_email("maria@c.example")
    )
    app.state.caseload.schedule(maria, ids["org"], ids["ana"], today(), "Call Ana")
    engine.dispose()
    day = today().isoformat()
    sent = json.loads(run_cli(tmp_path, "caseload", "remind", "--today", day, "--json").stdout)
    assert sent["queued"] == 1 and sent["reminders"][0]["follow_ups"] == 1
    again = json.loads(run_cli(tmp_path, "caseload", "remind", "--today", day, "--json").stdout)
    assert again["queued"] == 0 and again["already_sent"] == 1
    outbox = json.loads(run_cli(tmp_path, "mail", "show", "--json").stdout)
    assert [m["to_email"] for m in outbox] == ["maria@c.example"]
    bad = run_cli(tmp_path, "caseload", "remind", "--today", "soon", check=False)
    assert bad.returncode == 2 and "--today must be a date" in bad.stderr


def test_shared_plans_show_and_filter_once_glances_are_wired(app: Any) -> None:
    """What the caseload shows once the plans are plugged in (`caseload_services`): the stage,
    status, target and next step of each shared plan, and the stage and status filters."""
    from onramp.pathways.plan_glance import MilestoneDue, PlanGlance
    from onramp.platform.secrets import now

    ids = _seed(app)
    asked: list[tuple[str, list[str]]] = []

    def glances(_who: Any, org_id: str, worker_ids: list[str]) -> dict[str, PlanGlance]:
        asked.append((org_id, worker_ids))
        due = MilestoneDue("prepare", "Sign up for the CNA class", today())
        return {
            w: PlanGlance(w, "plan-1", "prepare", "active", "Nursing assistant",
                          ("Visit the college",), (due,), now())
            for w in worker_ids
        }  # fmt: skip

    app.state.caseload.plan_glances = glances
    client, _csrf = _login(app, "maria@c.example")
    page = client.get(f"/orgs/{ids['org']}/caseload").text
    assert "Prepare · Active · aims at Nursing assistant" in page
    assert "Visit the college" in page and "has not shared a plan" not in page
    assert asked == [(ids["org"], [ids["ana"]])]  # only the workers sharing now are asked about
    record = client.get(f"/orgs/{ids['org']}/caseload/{ids['ana']}").text
    assert "Sign up for the CNA class" in record
    base = f"/api/v1/orgs/{ids['org']}/caseload"
    assert client.get(base, params={"stage": "prepare", "status": "active"}).json()["total"] == 1
    assert client.get(base, params={"stage": "grow"}).json()["total"] == 0
    plan = client.get(base).json()["workers"][0]["plan"]
    assert plan["target"] == "Nursing assistant" and plan["milestones_due"][0]["due"]
