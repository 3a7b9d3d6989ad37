"""The demo employer's metrics `onramp serve --demo` adds (issue 18): hires, checks, raises,
costs, a job family that switched to skills-based requirements and a saved investment, so every
figure on the metrics pages is real; once per store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.metrics.employer import MetricName
from onramp.metrics.employer_demo import FAMILY, JOBS, seed_demo_employer_metrics
from onramp.platform.demo import demo_email, seed_demo


def test_demo_employer_metrics(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, metrics, jobs = app.state.platform, app.state.employer_metrics, app.state.jobs
    assert seed_demo_employer_metrics(metrics, jobs, platform) == 0  # no demo accounts yet
    seed_demo(platform)
    filled = sum(1 for job in JOBS if job[1] is not None)
    assert seed_demo_employer_metrics(metrics, jobs, platform) == filled
    assert seed_demo_employer_metrics(metrics, jobs, platform) == 0  # once per store
    hr = platform.accounts.principal(platform.accounts.user_by_email(demo_email("hr.admin")))
    org_id = hr.memberships[0].org_id
    board = metrics.dashboards.dashboard(hr, org_id)
    known = {x.name for x in board.metrics if x.value is not None}
    assert known == set(MetricName)  # every figure is real, none "not known yet"
    (comparison,) = board.comparisons
    assert comparison.family == FAMILY and (comparison.jobs_before, comparison.jobs_after) == (4, 4)
    rows = {r.name: r for r in comparison.rows}
    ttf = rows[MetricName.TIME_TO_FILL]
    assert ttf.before.value is not None and ttf.after.value is not None
    assert ttf.after.value < ttf.before.value  # the demo's story: faster once skills-based
    apj = rows[MetricName.APPLICANTS_PER_JOB]
    assert (apj.before.value, apj.after.value) == (2.0, 3.0)
    (figure,) = metrics.investments.figures(hr, org_id)
    assert figure.result.sensitivity.net_low < figure.result.net_benefit
