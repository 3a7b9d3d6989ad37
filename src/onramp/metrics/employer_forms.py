"""What the record forms offer an employer (issue 18, item 1): the applications it may decide
on, its hires to check on, its jobs to put a cost against and its job families. Names come from
the applicants list (`Jobs.applicants`), so a person shows by name only while they still share
their application; a hire whose sharing ended shows by job and first day."""

from __future__ import annotations

from dataclasses import dataclass

from onramp.jobs.model import JobState
from onramp.jobs.service import Jobs
from onramp.metrics.employer_dashboard import OTHER_FAMILY, family_of
from onramp.metrics.hiring_outcomes import HiringOutcomes, require_reader
from onramp.platform.model import Principal

OFFERED_STATES = frozenset({JobState.OPEN, JobState.PAUSED, JobState.FILLED, JobState.CLOSED})


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Choices:
    applications: tuple[Choice, ...]
    hires: tuple[Choice, ...]
    jobs: tuple[Choice, ...]
    families: tuple[Choice, ...]


def choices(outcomes: HiringOutcomes, jobs: Jobs, principal: Principal, org_id: str) -> Choices:
    """Every choice the forms offer, for the organization's hiring staff."""
    require_reader(principal, org_id)
    listed = [
        j for j in jobs.listed_for_org(org_id, public_only=False) if j.state in OFFERED_STATES
    ]
    names: dict[str, str] = {}
    applications = []
    for job in listed:
        for applicant in jobs.applicants(principal, job.id):
            names[applicant.application_id] = applicant.name
            applications.append(
                Choice(applicant.application_id, f"{applicant.name}, for {job.draft.title}")
            )
    titles = {job.id: job.draft.title for job in listed}
    hires = [
        Choice(
            x.id,
            f"{names.get(x.application_id, 'A hire')}, {titles.get(x.job_id, 'a job')},"
            f" started {x.hired_on.isoformat() if x.hired_on else ''}",
        )
        for x in outcomes.outcomes(principal, org_id)
        if x.hired
    ]
    families: dict[str, str] = {}
    for job in listed:
        code = family_of(job)
        if code != OTHER_FAMILY:
            families[code] = f"{job.draft.title} ({code})"
    return Choices(
        tuple(applications),
        tuple(hires),
        tuple(Choice(job.id, job.draft.title) for job in listed),
        tuple(Choice(code, label) for code, label in sorted(families.items())),
    )
