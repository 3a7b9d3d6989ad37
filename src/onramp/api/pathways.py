"""/api/v1/pathways: a worker's career pathways (issue 15, item 2): next steps, stretch targets
and pathways of up to three steps toward a target, for the worker, or for a navigator the
worker shares their skills with; and finding a target job by its title."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from onramp.api.deps import PathwaysDep, PrincipalDep
from onramp.pathways.worker_service import MAX_QUERY, MAX_TOP

router = APIRouter(prefix="/api/v1/pathways", tags=["career pathways"])
TARGET = Query("", max_length=32, description="O*NET-SOC code of a job to aim for")
TOP = Query(None, ge=1, le=MAX_TOP, description="How many next steps")


@router.get("/me", summary="My career pathways")
def mine(
    principal: PrincipalDep, pathways: PathwaysDep, target: str = TARGET, top: int | None = TOP
) -> dict[str, Any]:
    """Next steps and stretch targets from the caller's own proof of skills, and, with
    `target`, up to three pathways toward it. Pay is for the caller's profile location."""
    return pathways.mine(principal, target=target, top=top).as_json()


@router.get("/targets", summary="Find a job to aim for")
def targets(
    principal: PrincipalDep,
    pathways: PathwaysDep,
    q: str = Query("", max_length=MAX_QUERY, description="Words of a job title"),
) -> list[dict[str, str]]:
    return [{"code": t.code, "title": t.title} for t in pathways.find_targets(q)]


@router.get("/orgs/{org_id}/workers/{worker_id}", summary="A worker's pathways, for a navigator")
def for_navigator(
    org_id: str,
    worker_id: str,
    principal: PrincipalDep,
    pathways: PathwaysDep,
    target: str = TARGET,
    top: int | None = TOP,
) -> dict[str, Any]:
    """Only for a navigator of the organization, while the worker shares their profile or
    skills with it; each look is written to the audit log the worker reads."""
    return pathways.for_navigator(principal, org_id, worker_id, target=target, top=top).as_json()
