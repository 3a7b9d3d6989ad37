"""The demo's candidates: on `make run` the demo employer's open job has demo workers who
applied with evidence, so its blind candidate list ranks something, and one of them has an
onboarding plan; a second run adds none."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.jobs.demo import ENVIRONMENTAL, seed_demo_jobs
from onramp.matching.demo import seed_demo_evidence
from onramp.matching.demo_candidates import CHECKED, seed_demo_candidates
from onramp.platform.demo import demo_email, seed_demo, worker_email
from onramp.taxonomy import import_esf


def test_demo_workers_apply_with_evidence_once(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, jobs, matching = app.state.platform, app.state.jobs, app.state.matching
    assert seed_demo_candidates(jobs, matching.evidence, platform) == 0  # no demo yet
    seed_demo(platform)
    seed_demo_credentials(app.state.credentials, platform)
    seed_demo_jobs(jobs, platform)
    seed_demo_evidence(matching.evidence, platform)  # as `onramp serve --demo` runs them
    assert seed_demo_candidates(jobs, matching.evidence, platform, matching.plans) == 2
    assert seed_demo_candidates(jobs, matching.evidence, platform, matching.plans) == 0  # once
    hr = platform.accounts.principal(platform.accounts.user_by_email(demo_email("hr.admin")))
    employer_id = next(m.org_id for m in hr.memberships)
    job = next(j for j in jobs.for_org(hr, employer_id) if j.draft.title == ENVIRONMENTAL.title)
    listed = matching.matching.candidates(hr, job.id)
    assert listed.considered == 3
    assert all(c.match.score > 0 for c in listed.candidates)  # each has evidence for the job
    statuses = {r.status.value for c in listed.candidates for r in c.match.requirements}
    assert statuses & {"met", "partly_met"}
    checked = platform.accounts.user_by_email(worker_email(CHECKED))
    handle = matching.matching.handles.make(job.id, checked.id)
    assert matching.plans.planned(hr, job.id) == {handle}  # by handle: the list links it
