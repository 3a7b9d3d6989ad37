"""The demo's career plans: after the platform demo, four workers of the career center's
caseload keep plans at different stages, shared with the center, whose navigator sees them (and
added a note) and whose own question one worker reads; a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from onramp.pathways.demo_plans import CENTER_QUESTION, seed_demo_plans
from onramp.pathways.guide import Stage
from onramp.pathways.plan_model import Author
from onramp.pathways.plans import CareerPlans
from onramp.platform import Platform
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import demo_email, seed_demo, worker_email


def test_demo_plans_are_shared_with_the_career_center_once(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(platform_secrets, "_hasher", cheap)
    platform = Platform(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    plans = CareerPlans(engine, platform.consents)
    assert not seed_demo_plans(plans, platform)  # no demo yet
    seed_demo(platform)
    assert seed_demo_plans(plans, platform)
    assert not seed_demo_plans(plans, platform)  # once
    accounts = platform.accounts
    navigator = accounts.principal(accounts.user_by_email(demo_email("navigator")))
    center = next(m.org_id for m in navigator.memberships)
    caseload = sorted({g.worker_id for g in platform.consents.to_org_unchecked(center)})
    glances = plans.glances(navigator, center, caseload)
    assert len(glances) == 4
    assert {g.stage for g in glances.values()} == {"explore", "prepare", "apply", "grow"}
    assert {g.status for g in glances.values()} == {"active", "paused"}
    assert all(g.milestones_due for g in glances.values())
    first = accounts.principal(accounts.user_by_email(worker_email(1)))
    seen = plans.shared(navigator, center, first.user.id)
    assert seen.plan is not None and seen.plan.stage is Stage.PREPARE
    notes = seen.plan.part(Stage.PREPARE).notes
    assert [n.author for n in notes] == [Author.WORKER, Author.NAVIGATOR]
    second = accounts.principal(accounts.user_by_email(worker_email(2)))
    guide = plans.guide_for(plans.mine(second))
    assert guide.of(Stage.PREPARE).self_questions[-1] == CENTER_QUESTION
    nobody = accounts.principal(accounts.user_by_email(worker_email(3)))
    assert plans.mine(nobody) is None  # left for a new user to start
