"""Who in an organization may see which worker's evidence, and who is a candidate for a job.

An organization sees a worker only through the worker's active consent grants to it (read from
the store on every call, so a revocation or an expiry counts at once):
- the credentials the worker chose to share (`records` of a grant that shares "records");
- the evidence the worker entered, when a grant shares one of `EVIDENCE_PARTS` (the skill
  profile's part; a job application shares the profile, which now carries it).

A worker is a candidate for a job when they applied to it (their application's grant names the
job) or gave the organization a grant not tied to another job. Only the people who hire for the
job (`onramp.jobs.policy.require_applicant_reader`) see candidates; platform admins never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from onramp.errors import NotFoundError, PermissionDeniedError
from onramp.jobs import policy as job_policy
from onramp.platform import policy
from onramp.platform.consent import Consents
from onramp.platform.model import ConsentGrant, Principal
from onramp.platform.secrets import now
from onramp.store import job_tables as j

EVIDENCE_PARTS = frozenset({"profile", "skills"})
NOT_SHARED = "This worker has not shared this with your organization, or the sharing has ended."


@dataclass(slots=True)
class Access:
    """What an organization may see of one worker now."""

    worker_id: str
    grants: list[ConsentGrant]
    records: set[str] = field(default_factory=set)  # wallet items shared
    entries: bool = False  # the evidence the worker entered

    @property
    def grant_id(self) -> str:
        return self.grants[0].id


def access_of(worker_id: str, grants: list[ConsentGrant]) -> Access:
    found = Access(worker_id, grants)
    for grant in grants:
        parts = set(grant.scope.get("parts", []))
        if "records" in parts:
            found.records |= {str(r) for r in grant.scope.get("records", [])}
        if parts & EVIDENCE_PARTS:
            found.entries = True
    return found


def active_grants(consents: Consents, org_id: str) -> list[ConsentGrant]:
    moment = now()
    return [g for g in consents.to_org_unchecked(org_id) if g.active_at(moment)]


def org_access(consents: Consents, principal: Principal, org_id: str, worker_id: str) -> Access:
    """What `org_id` may see of the worker, for one of its members; refused without an
    active grant."""
    policy.require_member(principal, org_id, admin_may=False)
    grants = [g for g in active_grants(consents, org_id) if g.worker_id == worker_id]
    if not grants:
        raise PermissionDeniedError(NOT_SHARED)
    return access_of(worker_id, grants)


def job_org(engine: Engine, job_id: str) -> str:
    with engine.connect() as conn:
        org_id = conn.execute(select(j.jobs.c.org_id).where(j.jobs.c.id == job_id)).scalar()
    if org_id is None:
        raise NotFoundError("no such job")
    return str(org_id)


def candidates(
    engine: Engine, consents: Consents, principal: Principal, job_id: str
) -> tuple[str, dict[str, Access]]:
    """(the job's organization, {worker id: access}) for every candidate of the job."""
    org_id = job_org(engine, job_id)
    job_policy.require_applicant_reader(principal, org_id)
    by_worker: dict[str, list[ConsentGrant]] = {}
    for grant in active_grants(consents, org_id):
        if grant.purpose_ref in (job_id, ""):
            by_worker.setdefault(grant.worker_id, []).append(grant)
    return org_id, {w: access_of(w, grants) for w, grants in sorted(by_worker.items())}


def candidate_access(
    engine: Engine, consents: Consents, principal: Principal, job_id: str, worker_id: str
) -> tuple[str, Access]:
    org_id, found = candidates(engine, consents, principal, job_id)
    if worker_id not in found:
        raise PermissionDeniedError(
            "This worker has not applied to this job or shared their records with you."
        )
    return org_id, found[worker_id]
