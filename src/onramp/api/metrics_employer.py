"""/api/v1/metrics/employer routes (issue 18, items 1-2): an employer's metrics with their
formulas, the records it writes after an application (offers and hires, retention checks, pay
changes, hiring costs, the day a job family switched to skills-based requirements), and its
return-on-investment figures with their saved assumptions. Every check is in the use cases
(`onramp.metrics.employer_service.EmployerMetrics`); errors map once (`onramp.api.errors`)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from onramp.api.deps import PrincipalDep
from onramp.metrics.employer import CostKind
from onramp.metrics.employer_dashboard import dashboard_json
from onramp.metrics.employer_service import EmployerMetrics, figure_json
from onramp.metrics.roi import ProgramKind

router = APIRouter(prefix="/api/v1/metrics/employer", tags=["employer metrics"])


def employer_metrics(request: Request) -> EmployerMetrics:
    found: EmployerMetrics = request.app.state.employer_metrics
    return found


class HiringOutcomeBody(BaseModel):
    application_id: str = Field(max_length=36)
    offered: bool
    hired: bool = False
    offered_on: date | None = None
    hired_on: date | None = None
    starting_hourly: float | None = Field(default=None, description="USD an hour")
    internal: bool = Field(default=False, description="Filled by someone already working here")


class RetentionCheckBody(BaseModel):
    hire_id: str = Field(max_length=36)
    days: Literal[90, 365]
    still_employed: bool
    checked_on: date


class PayChangeBody(BaseModel):
    hire_id: str = Field(max_length=36)
    on: date
    hourly: float = Field(description="USD an hour")
    from_level: int | None = None
    to_level: int | None = None


class CostBody(BaseModel):
    job_id: str = Field(max_length=36)
    kind: CostKind
    amount: float = Field(description="USD")
    spent_on: date


class SwitchBody(BaseModel):
    family: str = Field(max_length=200, description="The occupation code of the job family")
    switched_on: date


class RoiBody(BaseModel):
    """name "" saves the organization's own assumptions; any other name one investment."""

    name: str = Field(default="", max_length=200)
    kind: ProgramKind | None = None
    inputs: dict[str, float] | None = None
    assumptions: dict[str, float] | None = None


@router.get("/{org_id}", summary="An employer's metrics, each with its formula and counts")
def dashboard(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return dashboard_json(employer_metrics(request).dashboards.dashboard(principal, org_id))


@router.get("/{org_id}/hires", summary="Recorded offers and hires, to refer to in checks")
def hires(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    found = employer_metrics(request).outcomes.outcomes(principal, org_id)
    return {
        "outcomes": [
            {
                "id": x.id,
                "job_id": x.job_id,
                "application_id": x.application_id,
                "offered": x.offered,
                "hired": x.hired,
                "hired_on": x.hired_on.isoformat() if x.hired_on else None,
                "starting_hourly": x.starting_hourly,
                "internal": x.internal,
            }
            for x in found
        ]
    }


@router.post("/{org_id}/hiring-outcomes", summary="Write down an offer or a hire")
def hiring_outcome(
    org_id: str, body: HiringOutcomeBody, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = employer_metrics(request).outcomes.record_outcome(
        principal,
        org_id,
        body.application_id,
        offered=body.offered,
        hired=body.hired,
        offered_on=body.offered_on,
        hired_on=body.hired_on,
        starting_hourly=body.starting_hourly,
        internal=body.internal,
    )
    return {"id": found.id, "offered": found.offered, "hired": found.hired}


@router.post("/{org_id}/retention-checks", summary="Write down a 90-day or 12-month check")
def retention_check(
    org_id: str, body: RetentionCheckBody, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    employer_metrics(request).outcomes.record_check(
        principal,
        org_id,
        body.hire_id,
        days=body.days,
        still_employed=body.still_employed,
        checked_on=body.checked_on,
    )
    return {"recorded": True}


@router.post("/{org_id}/pay-changes", summary="Write down new pay or a level move")
def pay_change(
    org_id: str, body: PayChangeBody, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    employer_metrics(request).outcomes.record_pay(
        principal,
        org_id,
        body.hire_id,
        on=body.on,
        hourly=body.hourly,
        from_level=body.from_level,
        to_level=body.to_level,
    )
    return {"recorded": True}


@router.post("/{org_id}/costs", summary="Write down a hiring cost for a job")
def cost(org_id: str, body: CostBody, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    employer_metrics(request).outcomes.record_cost(
        principal, org_id, body.job_id, kind=body.kind, amount=body.amount, spent_on=body.spent_on
    )
    return {"recorded": True}


@router.post("/{org_id}/family-switches", summary="When a job family switched to skills")
def family_switch(
    org_id: str, body: SwitchBody, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    employer_metrics(request).outcomes.record_switch(
        principal, org_id, body.family, body.switched_on
    )
    return {"recorded": True}


def _roi(request: Request, principal: PrincipalDep, org_id: str) -> dict[str, Any]:
    service = employer_metrics(request).investments
    org, _ = service.saved(principal, org_id)
    return {
        "assumptions": org,
        "investments": [figure_json(f) for f in service.figures(principal, org_id)],
    }


@router.get("/{org_id}/roi", summary="Return on talent investment, with its assumptions")
def roi(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return _roi(request, principal, org_id)


@router.put("/{org_id}/roi", summary="Save assumptions, or one investment's figures")
def save_roi(
    org_id: str, body: RoiBody, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    employer_metrics(request).investments.save(
        principal,
        org_id,
        body.name,
        kind=body.kind,
        inputs=body.inputs,
        assumptions=body.assumptions,
    )
    return _roi(request, principal, org_id)
