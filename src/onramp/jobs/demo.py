"""Demo jobs (demo data only): the demo employer has two open skills-based jobs and a draft
that shows the linter at work; the first demo worker has applied to one, sharing a credential.
Runs once per store, after the platform and credentials demos."""

from __future__ import annotations

from onramp.errors import InvalidInputError, NotFoundError
from onramp.jobs.model import (
    CareerLevel,
    CompanyValue,
    EvidenceKind,
    JobDraft,
    JobState,
    PayRange,
    Requirement,
)
from onramp.jobs.service import Jobs
from onramp.platform import Platform
from onramp.platform.demo import demo_email, worker_email

EMPLOYER = "Demo Riverside Health"
CUSTOMER_SERVICE, SAFETY = "urn:onramp:esf:ESF-02", "urn:onramp:esf:ESF-19"
VALUES = (
    CompanyValue(name="Patients first", behaviours=("Greets every visitor", "Asks before helping")),
    CompanyValue(name="Safety every day", behaviours=("Reports spills and hazards at once",)),
)
EVIDENCE = (EvidenceKind.CREDENTIAL, EvidenceKind.WORK_HISTORY, EvidenceKind.ATTESTATION)
ENVIRONMENTAL = JobDraft(
    title="Environmental Services Associate",
    occupations=("37-2011.00",),
    career_level=CareerLevel.ENTRY,
    summary=(
        "Keep patient rooms, halls and waiting areas clean and safe. We train you on our "
        "cleaning methods and safety rules in your first two weeks."
    ),
    duties=(
        "Clean and restock patient rooms.",
        "Remove waste safely.",
        "Help visitors find their way.",
    ),
    pay=PayRange(low=17.5, high=20.0),
    location="Dayton, OH",
    values=VALUES,
    requirements=(
        Requirement(
            skill=SAFETY, label="Workplace safety", level=2, evidence=EVIDENCE, learnable_weeks=2
        ),
        Requirement(skill=CUSTOMER_SERVICE, label="Customer service", level=2, evidence=EVIDENCE),
    ),
)
DRAFT_WITH_PROBLEMS = JobDraft(
    title="Front Desk Coordinator",
    career_level=CareerLevel.ENTRY,
    summary=(
        "Bachelor's degree required. At least 3 years of experience at a busy front desk. "
        "We want an aggressive self-starter who can synergize with our team."
    ),
    requirements=(Requirement(skill=CUSTOMER_SERVICE, label="Customer service", level=4),),
)
PROPOSED_OCCUPATION = "31-1131.00"  # Nursing Assistants


def _reviewed(proposed: tuple[Requirement, ...]) -> tuple[Requirement, ...]:
    """The proposed requirements as the demo employer keeps them: with evidence, and, where
    the data rates nothing (the embedded default proposes guessed nice-to-haves only), the
    two must-haves it cares about added, as a person would."""
    kept = tuple(r.model_copy(update={"evidence": r.evidence or EVIDENCE}) for r in proposed)
    if any(r.must_have for r in kept):
        return kept
    named = {r.skill for r in kept}
    return tuple(r for r in ENVIRONMENTAL.requirements if r.skill not in named) + kept


def seed_demo_jobs(jobs: Jobs, platform: Platform) -> bool:
    """True when it added the demo jobs; False when they exist or the demo is absent."""
    hr_user = platform.accounts.user_by_email(demo_email("hr.admin"))
    if hr_user is None:
        return False
    hr = platform.accounts.principal(hr_user)
    employer_id = next((m.org_id for m in hr.memberships if m.org_name == EMPLOYER), None)
    if employer_id is None or jobs.for_org(hr, employer_id):
        return False
    drafts = [ENVIRONMENTAL]
    try:  # from the current O*NET and ESCO data, as the builder proposes it
        proposed = jobs.propose(PROPOSED_OCCUPATION).draft
        drafts.append(
            proposed.model_copy(
                update={
                    "pay": PayRange(low=18.0, high=22.5),
                    "location": "Dayton, OH",
                    "values": VALUES,
                    "requirements": _reviewed(proposed.requirements),
                }
            )
        )
    except NotFoundError:  # no occupation data in this store: the builder's job waits
        pass
    opened = []
    for draft in drafts:
        job = jobs.create(hr, employer_id, draft)
        try:
            opened.append(jobs.move(hr, job.id, JobState.OPEN))
        except InvalidInputError:  # the linter found an error in proposed text: keep a draft
            continue
    jobs.create(hr, employer_id, DRAFT_WITH_PROBLEMS)
    worker_user = platform.accounts.user_by_email(worker_email(1))
    if worker_user is not None and opened:
        worker = platform.accounts.principal(worker_user)
        mine = [i.id for i in jobs.wallet.items(worker) if i.is_mine][:1]
        jobs.apply(worker, opened[0].id, mine)
    return True
