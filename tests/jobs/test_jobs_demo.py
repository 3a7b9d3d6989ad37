"""The demo employer's jobs: open skills-based jobs, a draft with findings, an application."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.jobs.builder import GUESSED
from onramp.jobs.demo import CUSTOMER_SERVICE, SAFETY, seed_demo_jobs
from onramp.jobs.model import JobState
from onramp.platform.demo import demo_email, seed_demo
from onramp.taxonomy import import_esf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from embedded_like import embedded_like  # noqa: E402


def test_demo_jobs(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, jobs = app.state.platform, app.state.jobs
    assert seed_demo_jobs(jobs, platform) is False  # no demo yet
    seed_demo(platform)
    seed_demo_credentials(app.state.credentials, platform)
    assert seed_demo_jobs(jobs, platform) is True
    assert seed_demo_jobs(jobs, platform) is False  # once per store
    hr = platform.accounts.principal(platform.accounts.user_by_email(demo_email("hr.admin")))
    employer_id = next(m.org_id for m in hr.memberships)
    listed = jobs.for_org(hr, employer_id)
    states = sorted(j.state.value for j in listed)
    assert states.count("open") >= 1 and "draft" in states
    draft = next(j for j in listed if j.state is JobState.DRAFT)
    rules = {f.finding.rule.value for f in jobs.findings(hr, draft.id)}
    assert {"degree-requirement", "years-of-experience", "gender-coded", "jargon"} <= rules
    opened = [j for j in listed if j.state is JobState.OPEN]
    applicants = [a for j in opened for a in jobs.applicants(hr, j.id)]
    assert len(applicants) == 1 and applicants[0].credentials == 1


def test_on_the_embedded_default_the_proposed_demo_job_has_the_guessed_skills(
    engine: Engine, tmp_path: Path
) -> None:
    embedded_like(engine, tmp_path / "data")
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, jobs = app.state.platform, app.state.jobs
    seed_demo(platform)
    seed_demo_credentials(app.state.credentials, platform)
    assert seed_demo_jobs(jobs, platform) is True
    hr = platform.accounts.principal(platform.accounts.user_by_email(demo_email("hr.admin")))
    proposed = next(
        j
        for j in jobs.for_org(hr, hr.memberships[0].org_id)
        if j.draft.title == "Nursing Assistants"
    )
    requirements = proposed.draft.requirements
    guessed = [r for r in requirements if r.source.endswith(GUESSED)]
    assert guessed and not any(r.must_have for r in guessed)
    # the demo employer adds the two must-haves it cares about, as a person would
    assert [r.skill for r in proposed.draft.must_haves()] == [SAFETY, CUSTOMER_SERVICE]
    assert all(r.evidence for r in requirements)
