"""Demo candidates (demo data only): three demo workers apply to the demo employer's first open
job, so its blind candidate list has people to rank on `make run`.

It is tolerant of the other demo seeds: a worker who has no self-ratings yet rates the job's
essential skills (levels that differ per worker), a worker who already applied is not applied
again, and the employer records a skills check for one who applies now, so the list shows
checked proof beside claims, and (given `plans`) starts that worker's onboarding plan, so the
plan pages have one to show. Runs after `onramp.jobs.demo.seed_demo_jobs`; it adds nothing
a second time.
"""

from __future__ import annotations

from datetime import date

from onramp.errors import OnrampError
from onramp.jobs.demo import CUSTOMER_SERVICE, EMPLOYER, ENVIRONMENTAL, SAFETY
from onramp.jobs.model import Job, JobState
from onramp.jobs.service import Jobs
from onramp.matching.plans import OnboardingPlans
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft, WorkerEvidence
from onramp.platform import Platform
from onramp.platform.demo import demo_email, worker_email

# demo worker number -> their own ratings on the Essential Skills Framework (levels 1-4)
RATINGS: dict[int, dict[str, int | None]] = {
    1: {CUSTOMER_SERVICE: 3, SAFETY: 2},
    2: {CUSTOMER_SERVICE: 2},
    3: {CUSTOMER_SERVICE: 4, SAFETY: 4},
}
CHECKED = 2  # the demo worker whose customer service the employer checked


def demo_job(jobs: Jobs, platform: Platform) -> Job | None:
    """The demo employer's open job the demo workers apply to (None without the demo jobs)."""
    hr_user = platform.accounts.user_by_email(demo_email("hr.admin"))
    if hr_user is None:
        return None
    hr = platform.accounts.principal(hr_user)
    employer_id = next((m.org_id for m in hr.memberships if m.org_name == EMPLOYER), None)
    if employer_id is None:
        return None
    open_jobs = [j for j in jobs.for_org(hr, employer_id) if j.state is JobState.OPEN]
    open_jobs.sort(key=lambda j: (j.draft.title != ENVIRONMENTAL.title, j.created_at))
    return open_jobs[0] if open_jobs else None


def seed_demo_candidates(
    jobs: Jobs,
    evidence: WorkerEvidence,
    platform: Platform,
    plans: OnboardingPlans | None = None,
) -> int:
    """How many demo workers applied now (0 when the demo jobs are absent or it ran before)."""
    job = demo_job(jobs, platform)
    hr_user = platform.accounts.user_by_email(demo_email("hr.admin"))
    if job is None or hr_user is None:
        return 0
    hr, employer_id = platform.accounts.principal(hr_user), job.org_id
    applied = 0
    for number, ratings in RATINGS.items():
        user = platform.accounts.user_by_email(worker_email(number))
        if user is None:
            continue
        worker = platform.accounts.principal(user)
        try:
            if not evidence.self_ratings(worker):
                evidence.rate_essential_skills(worker, ratings)
            if jobs.application_to(worker, job.id) is not None:
                continue  # applied already (the jobs demo applies the first worker), or withdrew
            shared = [i.id for i in jobs.wallet.items(worker) if i.is_mine][:1]
            jobs.apply(worker, job.id, shared)
            applied += 1
            if number == CHECKED:
                check = EntryDraft(
                    EvidenceKind.ASSESSMENT,
                    "Front desk service check",
                    [(CUSTOMER_SERVICE, 3)],
                    ended_on=date.today(),
                )
                evidence.record(hr, employer_id, worker.user.id, check)
                if plans is not None:
                    plans.create(hr, job.id, worker.user.id)
        except OnrampError:  # demo data only: a missing framework or a refusal skips one worker
            continue
    return applied
