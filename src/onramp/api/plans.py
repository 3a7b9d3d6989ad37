"""/api/v1/plans: the worker's own career advancement plan (read, start or aim, change in
pieces), a navigator's read of a plan shared with their organization (and what they add), and
an organization's version of the plan guide (issue 15, item 4). Every rule is in the
`CareerPlans` and `PlanGuides` use cases; this module only reads and writes JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from onramp.api.deps import PlansDep, PrincipalDep
from onramp.pathways.guide import MAX_HELP_CHARS, AdaptMode, Guide, Stage
from onramp.pathways.plan_model import (
    MAX_STEPS,
    CareerPlan,
    Edit,
    EditKind,
    PlanStatus,
    SupportKind,
)
from onramp.pathways.plans import SharedPlan
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1/plans", tags=["career plans"])
ORG = "/orgs/{org_id}"


class EditBody(BaseModel):
    """One change: `kind` says which of the other fields count."""

    kind: EditKind
    stage: Stage | None = None
    text: str = Field(default="", max_length=2000)
    due: date | None = None
    item_id: str = Field(default="", max_length=64)
    done: bool = False
    support: SupportKind | None = None
    status: PlanStatus | None = None
    guide_org_id: str | None = Field(default=None, max_length=64)

    def edit(self) -> Edit:
        return Edit(
            self.kind,
            self.stage,
            self.text,
            self.due,
            self.item_id,
            self.done,
            self.support,
            self.status,
            self.guide_org_id,
        )


class Edits(BaseModel):
    edits: list[EditBody] = Field(min_length=1, max_length=50)


class Aim(BaseModel):
    """Start the plan; with a target, aim it at that job by these steps (O*NET-SOC codes)."""

    target: str | None = Field(default=None, max_length=32)
    steps: list[str] = Field(default_factory=list, max_length=MAX_STEPS)


class GuideStage(BaseModel):
    mode: AdaptMode
    self_questions: list[str] = Field(default_factory=list, max_length=12)
    employer_questions: list[str] = Field(default_factory=list, max_length=12)
    help: str = Field(default="", max_length=MAX_HELP_CHARS)


def _guide(guide: Guide) -> dict[str, Any]:
    return {
        "source": guide.source,
        "org_id": guide.org_id,
        "stages": [
            {
                "stage": s.stage.value,
                "title": s.title,
                "help": s.help,
                "self_questions": list(s.self_questions),
                "employer_questions": list(s.employer_questions),
            }
            for s in guide.stages
        ],
    }


def _mine(plans: Any, principal: Any, plan: CareerPlan | None) -> dict[str, Any]:
    return {
        "plan": None if plan is None else plan.contract(),
        "guide": _guide(plans.guide_for(plan)),
        "shared_with": [
            {"org_id": g.org_id, "org_name": g.org_name, "until": g.expires_at.isoformat()}
            for g in plans.sharing_with(principal)
        ],
    }


def _shared(seen: SharedPlan) -> dict[str, Any]:
    return {
        "worker_id": seen.worker_id,
        "worker_name": seen.worker_name,
        "org_id": seen.org_id,
        "until": seen.grant.expires_at.isoformat(),
        "plan": None if seen.plan is None else seen.plan.contract(),
        "guide": _guide(seen.guide),
    }


@router.get("/me", summary="Your career plan, the guide you read, and who you share it with")
def my_plan(principal: PrincipalDep, plans: PlansDep) -> dict[str, Any]:
    return _mine(plans, principal, plans.mine(principal))


@router.put("/me", summary="Start your plan, or aim it at a job by a pathway")
def aim(body: Aim, principal: PrincipalDep, plans: PlansDep) -> dict[str, Any]:
    if body.target is None:
        plan = plans.start(principal)
    else:
        plan = plans.set_pathway(principal, body.target, body.steps)
    return _mine(plans, principal, plan)


@router.patch("/me", summary="Change your plan: every change or none")
def change(body: Edits, principal: PrincipalDep, plans: PlansDep) -> dict[str, Any]:
    plan = plans.edit(principal, [e.edit() for e in body.edits])
    return _mine(plans, principal, plan)


@router.get(ORG + "/workers/{worker_id}", summary="A plan a worker shares with your org")
def shared_plan(
    org_id: str, worker_id: str, principal: PrincipalDep, plans: PlansDep
) -> dict[str, Any]:
    return _shared(plans.shared(principal, org_id, worker_id))


@router.post(
    ORG + "/workers/{worker_id}/additions",
    status_code=201,
    summary="Add a note, goal or milestone to a shared plan (marked as yours)",
)
def add(
    org_id: str, worker_id: str, body: EditBody, principal: PrincipalDep, plans: PlansDep
) -> dict[str, Any]:
    plan = plans.add_as_navigator(principal, org_id, worker_id, body.edit())
    return {"plan": plan.contract()}


@router.get(ORG + "/guide", summary="Your organization's version of the plan guide")
def org_guide(org_id: str, principal: PrincipalDep, plans: PlansDep) -> dict[str, Any]:
    guide, changes = plans.guides.of_org(principal, org_id)
    return {
        "guide": _guide(guide),
        "changes": to_plain({c.stage.value: c.contract() for c in changes}),
    }


@router.put(ORG + "/guide/{stage}", summary="Add to or replace one stage's questions")
def change_guide(
    org_id: str, stage: Stage, body: GuideStage, principal: PrincipalDep, plans: PlansDep
) -> dict[str, Any]:
    warnings = plans.guides.save(
        principal,
        org_id,
        stage,
        body.mode,
        body.self_questions,
        body.employer_questions,
        body.help,
    )
    return {"warnings": warnings}
