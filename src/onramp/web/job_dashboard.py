"""What the dashboard shows about jobs: a worker's applications and a few open jobs; for
employer staff who hire, each organization's jobs with how many people applied."""

from __future__ import annotations

from typing import Any

from onramp.errors import PermissionDeniedError
from onramp.jobs import policy as job_policy
from onramp.jobs.service import Jobs
from onramp.platform import AccountKind, OrgKind, Principal

OPEN_JOBS_SHOWN = 5


def worker_jobs(jobs: Jobs, worker: Principal) -> dict[str, Any]:
    return {
        "applications": jobs.my_applications(worker),
        "open_jobs": jobs.open_jobs(OPEN_JOBS_SHOWN),
        "open_total": jobs.count_open(),
    }


def org_jobs(jobs: Jobs, principal: Principal, org: Any) -> list[dict[str, Any]]:
    """The organization's jobs and their applicant counts, for those who hire there: the jobs
    with the most applicants first (where there are candidates to look at), then as listed."""
    if org.kind is not OrgKind.EMPLOYER or principal.user.kind is not AccountKind.STAFF:
        return []
    if not principal.roles_in(org.id) & job_policy.JOB_ROLES:
        return []
    listed = jobs.for_org(principal, org.id)
    if not listed:
        return []
    try:
        counts = jobs.applicant_counts(principal, org.id)
    except PermissionDeniedError:  # a platform admin with a membership: not who applied
        return []
    rows = [{"job": job, "applicants": counts.get(job.id, 0)} for job in listed]
    return sorted(rows, key=lambda row: -int(row["applicants"]))
