"""`onramp pathways plan show` as an operator runs it: a real process on a real store, acting
as the worker, or as a navigator the plan is shared with (and then the view is audited)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from onramp.pathways.guide import Stage
from onramp.pathways.plan_model import Edit, EditKind
from onramp.pathways.plans import CareerPlans
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role, audit
from onramp.platform.audit_actions import AuditAction
from onramp.store import make_engine, upgrade

from support import run_cli

PASSWORD = "correct horse battery"


def test_plan_show_as_the_worker_and_as_a_navigator(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    accounts = platform.accounts
    boss = accounts.principal(accounts.sign_up("b@n.example", PASSWORD, "B", AccountKind.STAFF))
    org = platform.orgs.create(boss, "Northside", OrgKind.COMMUNITY_ORG)
    nav = accounts.sign_up("nav@n.example", PASSWORD, "Maria Lopez", AccountKind.STAFF)
    platform.orgs.add_member(org.id, nav, Role.NAVIGATOR, None)
    ana = accounts.principal(accounts.sign_up("ana@w.example", PASSWORD, "Ana Diaz"))
    plans = CareerPlans(engine, platform.consents)
    plans.start(ana)
    plans.edit(
        ana,
        [
            Edit(EditKind.ADD_GOAL, Stage.EXPLORE, "Talk to two nurses"),
            Edit(EditKind.ADD_MILESTONE, Stage.EXPLORE, "Open house", due=date(2027, 3, 1)),
        ],
    )
    env = {"ONRAMP_PUBLIC_URL": "https://onramp.test"}
    shown = run_cli(tmp_path, "pathways", "plan", "show", "ana@w.example", env=env)
    assert "Stage now: Explore." in shown.stdout
    assert "goal [ ] Talk to two nurses" in shown.stdout
    assert "milestone [ ] Open house by 2027-03-01" in shown.stdout
    as_nav = ["pathways", "plan", "show", "ana@w.example", "--as", "nav@n.example"]
    refused = run_cli(tmp_path, *as_nav, "--org", org.id, "--json", env=env, check=False)
    assert refused.returncode != 0 and "has not shared" in refused.stderr
    bad = run_cli(tmp_path, *as_nav, env=env, check=False)
    assert bad.returncode == 2 and "--as and --org together" in bad.stderr
    platform.consents.grant(ana, org.id, ["plan"], PurposeKind.NAVIGATOR_SUPPORT, "Plan help")
    seen = json.loads(run_cli(tmp_path, *as_nav, "--org", org.id, "--json", env=env).stdout)
    assert seen["stages"]["explore"]["goals"][0]["text"] == "Talk to two nurses"
    views = audit.about_worker(engine, ana.user.id, action=AuditAction.PLAN_VIEW)
    assert len(views) == 1 and views[0].actor_id == nav.id
