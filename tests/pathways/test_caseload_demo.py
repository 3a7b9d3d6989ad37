"""The demo caseload: on `make run` the demo career center's navigators see check-ins past
due, due this week and done, and referrals with outcomes; a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.jobs.demo import seed_demo_jobs
from onramp.pathways.caseload_demo import seed_demo_caseload
from onramp.pathways.caseload_model import Due, Outcome
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import demo_email, seed_demo
from onramp.taxonomy import import_esf


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_demo_caseload_is_live_and_seeded_once(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(platform_secrets, "_hasher", cheap)
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, cases = app.state.platform, app.state.caseload
    assert seed_demo_caseload(cases, platform) == 0  # no demo yet
    seed_demo(platform)
    seed_demo_credentials(app.state.credentials, platform)
    seed_demo_jobs(app.state.jobs, platform)
    assert seed_demo_caseload(cases, platform) == 6
    assert seed_demo_caseload(cases, platform) == 0  # once
    maria = platform.accounts.principal(platform.accounts.user_by_email(demo_email("navigator")))
    org = next(m.org_id for m in maria.memberships)
    view = cases.view(maria, org, size=200)
    states = [i.state for i in view.due_now]
    assert states.count(Due.OVERDUE) == 2 and states.count(Due.THIS_WEEK) == 2
    rows = view.page.items
    outcomes = {r.outcome for row in rows for r in row.referrals}
    assert {Outcome.STARTED, Outcome.HIRED, Outcome.DECLINED, Outcome.PENDING} <= outcomes
    assert sum(1 for row in rows for f in row.follow_ups if f.done_at) == 2
    program = next(r for row in rows for r in row.referrals if r.kind.value == "training")
    assert program.target_org_id  # a demo college program on Onramp
    assert len(program.history) == 2
