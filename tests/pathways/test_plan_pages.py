"""The career plan through the real app (issue 15, item 4): the worker's pages with plain form
posts (start, save a pathway from the pathway page's form, add and tick, share, print; bad
input saves nothing), a navigator's view and additions under consent (gone on the next request
after a revoke), the organization's question editor, and the same use cases under
/api/v1/plans. The browser test (tests/browser/test_plan_flows.py) runs the flow with axe-core."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.pathways.guide import Stage
from onramp.platform import AccountKind, OrgKind, Role, audit
from onramp.platform.audit_actions import AuditAction
from onramp.taxonomy import import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
LPN, RN = "29-2061.00", "29-1141.00"


@dataclass
class Site:
    app: Any
    org_id: str
    worker_id: str
    worker: TestClient
    worker_csrf: str
    navigator: TestClient
    navigator_csrf: str
    boss: TestClient
    boss_csrf: str


def _login(app: Any, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


@pytest.fixture
def site(engine: Engine, tmp_path: Path) -> Site:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    boss = p.accounts.principal(
        p.accounts.sign_up("boss@n.example", PASSWORD, "Nia Boss", AccountKind.STAFF)
    )
    org = p.orgs.create(boss, "Northside", OrgKind.COMMUNITY_ORG)
    nav = p.accounts.sign_up("nav@n.example", PASSWORD, "Maria Lopez", AccountKind.STAFF)
    p.orgs.add_member(org.id, nav, Role.NAVIGATOR, None)
    worker = p.accounts.sign_up("ana@w.example", PASSWORD, "Ana Diaz")
    return Site(
        app,
        org.id,
        worker.id,
        *_login(app, "ana@w.example"),
        *_login(app, "nav@n.example"),
        *_login(app, "boss@n.example"),
    )


def _post(client: TestClient, csrf: str, url: str, **fields: str) -> Any:
    return client.post(url, data={**fields, "csrf_token": csrf}, follow_redirects=False)


def _plan(site: Site) -> Any:
    return site.app.state.plans.mine(
        site.app.state.platform.accounts.principal(
            site.app.state.platform.accounts.user_by_email("ana@w.example")
        )
    )


def test_a_worker_starts_fills_shares_and_prints_a_plan(site: Site) -> None:
    page = site.worker.get("/me/plan")
    assert page.status_code == 200 and "Start my plan" in page.text
    assert "/me/plan" in site.worker.get("/dashboard").text
    started = _post(site.worker, site.worker_csrf, "/me/plan/start")
    assert started.status_code == 303 and started.headers["location"] == "/me/plan?saved=started"
    page = site.worker.get("/me/plan?saved=started")
    assert "Your plan is ready" in page.text and "Ask an employer" in page.text
    added = _post(
        site.worker,
        site.worker_csrf,
        "/me/plan/edit",
        kind="add_goal",
        stage="prepare",
        text="Finish the CNA class",
    )
    assert added.headers["location"] == "/me/plan?saved=add_goal#stage-prepare"
    _post(
        site.worker,
        site.worker_csrf,
        "/me/plan/edit",
        kind="add_milestone",
        stage="prepare",
        text="Class test",
        due="2027-02-01",
    )
    bad = _post(
        site.worker,
        site.worker_csrf,
        "/me/plan/edit",
        kind="add_milestone",
        stage="prepare",
        text="Second test",
        due="next week",
    )
    assert bad.status_code == 422 and "year-month-day" in bad.text
    assert 'value="Second test"' in bad.text  # what was typed is still there
    plan = _plan(site)
    assert [m.text for m in plan.part(Stage.PREPARE).milestones] == ["Class test"]
    goal = plan.part(Stage.PREPARE).goals[0]
    _post(
        site.worker, site.worker_csrf, "/me/plan/edit", kind="tick_goal", item_id=goal.id, done="1"
    )
    _post(
        site.worker,
        site.worker_csrf,
        "/me/plan/edit",
        kind="add_support",
        stage="prepare",
        support="childcare",
    )
    _post(site.worker, site.worker_csrf, "/me/plan/edit", kind="set_stage", stage="prepare")
    plan = _plan(site)
    assert plan.part(Stage.PREPARE).goals[0].done and plan.stage is Stage.PREPARE
    shared = _post(site.worker, site.worker_csrf, "/me/plan/share", org_id=site.org_id, days="30")
    assert shared.headers["location"] == "/me/plan?saved=shared"
    assert "Northside, until" in site.worker.get("/me/plan").text
    printed = site.worker.get("/me/plan/print")
    assert printed.status_code == 200
    for words in (
        "Career plan: Ana Diaz",
        "Finish the CNA class",
        "Class test, by Feb 01, 2027",
        "Child care while you train or work.",
        "Ask yourself",
        "plans.css",
    ):
        assert words in printed.text, words


def test_the_pathway_form_saves_target_and_steps_or_nothing(
    site: Site, engine: Engine, tmp_path: Path
) -> None:
    import_onet(
        engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, (LPN, RN))
    )
    unknown = _post(
        site.worker,
        site.worker_csrf,
        "/me/plan/from-pathway",
        target="11-1011.00",
        steps=f"{LPN},11-1011.00",
    )
    assert unknown.status_code == 422 and "does not know the job code 11-1011.00" in unknown.text
    assert _plan(site) is None  # nothing saved, not even a plan
    saved = _post(
        site.worker, site.worker_csrf, "/me/plan/from-pathway", target=RN, steps=f"{LPN}, {RN}"
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/me/plan?saved=pathway"
    page = site.worker.get("/me/plan?saved=pathway")
    assert "The pathway is saved to your plan." in page.text and "Registered Nurses" in page.text
    plan = _plan(site)
    assert plan.target.code == RN and [s.code for s in plan.steps] == [LPN, RN]


def test_a_navigator_sees_and_adds_until_the_worker_stops_sharing(site: Site) -> None:
    _post(site.worker, site.worker_csrf, "/me/plan/start")
    url = f"/orgs/{site.org_id}/workers/{site.worker_id}/plan"
    assert site.navigator.get(url).status_code == 403  # not shared yet
    _post(site.worker, site.worker_csrf, "/me/plan/share", org_id=site.org_id, days="30")
    workers = site.navigator.get(f"/orgs/{site.org_id}/workers").text
    assert "A worker who shared a plan" in workers and "shares career plan" in workers
    assert url in site.navigator.get(f"/orgs/{site.org_id}/workers/{site.worker_id}").text
    seen = site.navigator.get(url)
    assert seen.status_code == 200 and "Each view is recorded" in seen.text
    added = _post(
        site.navigator,
        site.navigator_csrf,
        url + "/add",
        kind="add_note",
        stage="explore",
        text="Call me Friday",
    )
    assert added.headers["location"] == url + "?saved=added"
    refused = _post(
        site.navigator, site.navigator_csrf, url + "/add", kind="set_stage", stage="grow"
    )
    assert refused.status_code == 422 and "navigator can add" in refused.text
    assert "Call me Friday" in site.worker.get("/me/plan").text
    assert "(Maria Lopez, Northside" in site.worker.get("/me/plan").text
    assert site.navigator.get(url + "/print").status_code == 200
    actions = [e.action for e in audit.about_worker(site.app.state.engine, site.worker_id)]
    assert AuditAction.PLAN_VIEW in actions and AuditAction.PLAN_NAVIGATOR_ADD in actions
    grant = site.worker.get("/api/v1/consents").json()[0]["id"]
    _post(site.worker, site.worker_csrf, f"/me/sharing/{grant}/revoke")
    assert site.navigator.get(url).status_code == 403  # the very next request
    assert (
        site.navigator.get(f"/api/v1/plans/orgs/{site.org_id}/workers/{site.worker_id}").status_code
        == 403
    )


def test_an_org_admin_adapts_the_questions_and_the_worker_picks_them(site: Site) -> None:
    guide_url = f"/orgs/{site.org_id}/plan-guide"
    assert "Save" not in site.navigator.get(guide_url).text  # only the org admin edits
    hard = _post(
        site.boss,
        site.boss_csrf,
        guide_url,
        stage="prepare",
        mode="add",
        self=(
            "Notwithstanding organizational considerations, what institutional accreditation "
            "requirements necessitate documentation?"
        ),
    )
    assert hard.status_code == 422 and "too hard to read" in hard.text
    ok = _post(
        site.boss,
        site.boss_csrf,
        guide_url,
        stage="prepare",
        mode="add",
        self="Did you visit our job club?",
    )
    assert ok.status_code == 200 and "Saved." in ok.text
    _post(site.worker, site.worker_csrf, "/me/plan/start")
    _post(site.worker, site.worker_csrf, "/me/plan/share", org_id=site.org_id, days="30")
    assert "Whose questions to show" in site.worker.get("/me/plan").text
    _post(
        site.worker, site.worker_csrf, "/me/plan/edit", kind="set_guide", guide_org_id=site.org_id
    )
    page = site.worker.get("/me/plan").text
    assert "The questions come from Northside." in page and "Did you visit our job club?" in page


def test_the_plan_api(site: Site) -> None:
    h = {"x-csrf-token": site.worker_csrf}
    assert site.worker.get("/api/v1/plans/me").json()["plan"] is None
    started = site.worker.put("/api/v1/plans/me", json={"target": None}, headers=h).json()
    assert started["plan"]["stage"] == "explore" and len(started["guide"]["stages"]) == 6
    bad = site.worker.patch(
        "/api/v1/plans/me",
        json={
            "edits": [
                {"kind": "add_goal", "stage": "explore", "text": "Talk to a nurse"},
                {"kind": "set_status", "status": None},
            ]
        },
        headers=h,
    )
    assert bad.status_code == 422
    assert site.worker.get("/api/v1/plans/me").json()["plan"]["stages"]["explore"]["goals"] == []
    changed = site.worker.patch(
        "/api/v1/plans/me",
        json={
            "edits": [
                {"kind": "add_goal", "stage": "explore", "text": "Talk to a nurse"},
                {"kind": "add_milestone", "stage": "apply", "text": "Apply", "due": "2027-04-01"},
                {"kind": "set_status", "status": "paused"},
            ]
        },
        headers=h,
    ).json()["plan"]
    assert (
        changed["status"] == "paused"
        and changed["stages"]["apply"]["milestones"][0]["due"] == "2027-04-01"
    )
    unknown = site.worker.put("/api/v1/plans/me", json={"target": "nurse"}, headers=h)
    assert (
        unknown.status_code == 422 and "looks like 29-1141.00" in unknown.json()["error"]["message"]
    )
    site.worker.post(
        "/api/v1/consents",
        json={
            "org_id": site.org_id,
            "parts": ["plan"],
            "purpose_kind": "navigator_support",
            "purpose_text": "plan",
        },
        headers=h,
    )
    url = f"/api/v1/plans/orgs/{site.org_id}/workers/{site.worker_id}"
    seen = site.navigator.get(url).json()
    assert seen["plan"]["stages"]["explore"]["goals"][0]["text"] == "Talk to a nurse"
    added = site.navigator.post(
        url + "/additions",
        json={
            "kind": "add_milestone",
            "stage": "apply",
            "text": "Mock interview",
            "due": "2027-03-01",
        },
        headers={"x-csrf-token": site.navigator_csrf},
    )
    assert added.status_code == 201
    milestone = added.json()["plan"]["stages"]["apply"]["milestones"][1]
    assert (
        milestone["author"] == "navigator" and milestone["author_name"] == "Maria Lopez, Northside"
    )
    boss_h = {"x-csrf-token": site.boss_csrf}
    warned = site.boss.put(
        f"/api/v1/plans/orgs/{site.org_id}/guide/grow",
        json={
            "mode": "add",
            "self_questions": ["What training would prepare you for a supervisor position?"],
        },
        headers=boss_h,
    )
    assert warned.status_code == 200 and "hard to read" in warned.json()["warnings"][0]
    guide = site.boss.get(f"/api/v1/plans/orgs/{site.org_id}/guide").json()
    assert guide["changes"]["grow"]["mode"] == "add"


def test_the_plan_is_in_the_export_and_goes_with_the_account(site: Site) -> None:
    _post(site.worker, site.worker_csrf, "/me/plan/start")
    _post(
        site.worker, site.worker_csrf, "/me/plan/edit", kind="add_note", stage="grow", text="Mine"
    )
    exported = site.worker.get("/api/v1/users/me/export").json()
    assert exported["career_plan"]["stages"]["grow"]["notes"][0]["text"] == "Mine"
    assert site.navigator.get("/api/v1/users/me/export").json()["career_plan"] is None
    gone = site.worker.request(
        "DELETE",
        "/api/v1/users/me",
        json={"password": PASSWORD},
        headers={"x-csrf-token": site.worker_csrf},
    )
    assert gone.status_code in (200, 204)
    from onramp.store import pathway_tables as pt

    with site.app.state.engine.connect() as conn:
        assert conn.execute(pt.career_plans.select()).first() is None
