"""/api/v1 talent development roadmaps (issue 15, items 3 and 7): an employer's ladders, for
the people who hire there; "where this job leads", public for a published job."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from onramp.api.deps import OptionalPrincipalDep, PrincipalDep, RoadmapsDep

router = APIRouter(prefix="/api/v1", tags=["pathways"])


@router.get(
    "/orgs/{org_id}/roadmap",
    summary="The employer's job-family ladders, how workers climb them, and the moves out",
)
def org_roadmap(org_id: str, principal: PrincipalDep, roadmaps: RoadmapsDep) -> dict[str, Any]:
    return roadmaps.for_org(principal, org_id).contract()


@router.get(
    "/jobs/{job_id}/leads-to",
    summary="Where a job leads: the next rungs at the employer, then the moves out",
)
def leads_to(job_id: str, principal: OptionalPrincipalDep, roadmaps: RoadmapsDep) -> dict[str, Any]:
    return roadmaps.leads_to(principal, job_id).contract()
