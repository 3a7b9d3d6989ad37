"""/api/v1 matching routes (issue 14, item 9): a job's blind candidates, one explained, reveal,
onboarding plans and the adverse-impact audit for the people who hire for the job; "jobs for
me" and the worker's own plans for the worker. Every check is inside the use cases.

A candidate is named in a path by its handle, opaque and for that job only (decisions/0023);
`Matching.worker_of` reads it, and a changed or foreign handle is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from onramp.api.deps import MatchingDep, PrincipalDep
from onramp.matching.candidates import DEFAULT_TOP, MAX_TOP
from onramp.matching.fairness import audit_job_ranking
from onramp.matching.onboarding import MAX_NOTE, MAX_WEEKS, MIN_WEEKS, Activity, ItemState
from onramp.matching.personal import Question

router = APIRouter(prefix="/api/v1", tags=["matching"])


class NewPlan(BaseModel):
    start: date | None = None


class ItemChange(BaseModel):
    skill: str = Field(min_length=3, max_length=500)
    activity: Activity | None = None
    weeks: int | None = Field(default=None, ge=MIN_WEEKS, le=MAX_WEEKS)
    state: ItemState | None = None
    note: str | None = Field(default=None, max_length=MAX_NOTE)


@router.get("/jobs/{job_id}/candidates", summary="A job's candidates, blind, best first")
def candidates(
    job_id: str,
    principal: PrincipalDep,
    services: MatchingDep,
    top: int = Query(DEFAULT_TOP, ge=1, le=MAX_TOP),
) -> dict[str, Any]:
    return services.matching.candidates(principal, job_id, top).as_json()


@router.get(
    "/jobs/{job_id}/candidates/{handle}",
    summary="One candidate's match, requirement by requirement, with the evidence used",
)
def explain(
    job_id: str, handle: str, principal: PrincipalDep, services: MatchingDep
) -> dict[str, Any]:
    worker_id = services.matching.worker_of(job_id, handle)
    return services.matching.explain(principal, job_id, worker_id).as_json()


@router.post(
    "/jobs/{job_id}/candidates/{handle}/reveal",
    summary="A candidate's name and details (each reveal is in the audit log)",
)
def reveal(
    job_id: str, handle: str, principal: PrincipalDep, services: MatchingDep
) -> dict[str, Any]:
    worker_id = services.matching.worker_of(job_id, handle)
    return {"handle": handle, **services.personal.reveal(principal, job_id, worker_id).to_json()}


@router.post(
    "/jobs/{job_id}/candidates/{handle}/plan",
    status_code=201,
    summary="Make an onboarding plan from the candidate's gaps",
)
def create_plan(
    job_id: str, handle: str, body: NewPlan, principal: PrincipalDep, services: MatchingDep
) -> dict[str, Any]:
    worker_id = services.matching.worker_of(job_id, handle)
    return services.plans.create(principal, job_id, worker_id, body.start).as_json(handle)


@router.get("/jobs/{job_id}/candidates/{handle}/plan", summary="The onboarding plan")
def get_plan(
    job_id: str, handle: str, principal: PrincipalDep, services: MatchingDep
) -> dict[str, Any]:
    worker_id = services.matching.worker_of(job_id, handle)
    found = services.plans.get(principal, job_id, worker_id)
    return {"plan": found.as_json(handle) if found else None}


@router.patch("/jobs/{job_id}/candidates/{handle}/plan", summary="Change one plan item")
def change_plan(
    job_id: str, handle: str, body: ItemChange, principal: PrincipalDep, services: MatchingDep
) -> dict[str, Any]:
    worker_id = services.matching.worker_of(job_id, handle)
    found = services.plans.change_item(
        principal,
        job_id,
        worker_id,
        body.skill,
        activity=body.activity,
        weeks=body.weeks,
        state=body.state,
        note=body.note,
    )
    return found.as_json(handle)


@router.get(
    "/jobs/{job_id}/adverse-impact",
    summary="Selection rates by group at the top K of the job's ranking (counts only)",
)
def adverse_impact(
    job_id: str,
    principal: PrincipalDep,
    services: MatchingDep,
    top: int = Query(DEFAULT_TOP, ge=1, le=MAX_TOP),
    question: Question = Query(Question.SEX),
) -> dict[str, Any]:
    found = audit_job_ranking(
        services.matching, services.personal, principal, job_id, top, question
    )
    return {"job_id": job_id, "question": question.value, **found.contract()}


@router.get("/me/matches", summary="Open jobs that fit you best, with reasons")
def jobs_for_me(
    principal: PrincipalDep, services: MatchingDep, top: int = Query(20, ge=1, le=100)
) -> dict[str, Any]:
    return {"jobs": [f.as_json() for f in services.matching.jobs_for_me(principal, top)]}


@router.get("/me/matches/{job_id}", summary="How you fit one open job")
def my_fit(job_id: str, principal: PrincipalDep, services: MatchingDep) -> dict[str, Any]:
    return services.matching.fit(principal, job_id).as_json()


@router.get("/me/plans", summary="Your onboarding plans")
def my_plans(principal: PrincipalDep, services: MatchingDep) -> dict[str, Any]:
    return {"plans": [p.as_json() for p in services.plans.mine(principal)]}
