"""/api/v1 routes for delivering microcredentials (issue 16, item 5): enroll (a worker
themselves, or provider staff by email), withdraw, record assessment results and placements,
record tuition support, and read learners and outcome figures. Every check is in the use case
(`onramp.market.microcredentials.delivery.Delivery`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from onramp.api.deps import PrincipalDep
from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_json import (
    design_json,
    enrollment_json,
    learner_json,
    outcomes_json,
    placement_json,
    result_json,
    status_json,
)
from onramp.market.microcredentials.delivery_model import MAX_NOTE, PlacementDraft

router = APIRouter(prefix="/api/v1", tags=["microcredentials"])


def delivery_service(request: Request) -> Delivery:
    """The microcredential delivery use cases the app was made with."""
    found: Delivery = request.app.state.microcredential_delivery
    return found


class SelfEnrollment(BaseModel):
    agree: bool = Field(
        description="The learner agrees that the provider sees their name, "
        "email and results (GET the design's enroll page for the words)"
    )
    wage_before: float | None = Field(default=None, description="Hourly pay before, USD")


class StaffEnrollment(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    wage_before: float | None = None


class NewResult(BaseModel):
    assessment_id: str = Field(min_length=1, max_length=36)
    outcome_id: str = Field(min_length=1, max_length=36)
    level: int = Field(description="The rubric level reached, 1-5")
    note: str = Field(default="", max_length=MAX_NOTE)


class NewPlacement(BaseModel):
    hired: bool
    interviewed: bool = False
    placed_on: date
    employer_org_id: str | None = Field(default=None, max_length=36)
    employer_name: str = Field(default="", max_length=200)
    occupation: str = Field(default="", max_length=16, description="O*NET-SOC code")
    wage: float | None = Field(default=None, description="Hourly, USD")
    commitment_id: str | None = Field(default=None, max_length=36)
    note: str = Field(default="", max_length=MAX_NOTE)


class NewTuition(BaseModel):
    commitment_id: str = Field(min_length=1, max_length=36)
    amount: float


@router.post("/microcredentials/{design_id}/enroll", summary="Enroll myself (a worker)")
def enroll_self(
    design_id: str, body: SelfEnrollment, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    enrollment = delivery_service(request).enroll_self(
        principal, design_id, agreed=body.agree, wage_before=body.wage_before
    )
    return enrollment_json(enrollment)


@router.post("/microcredentials/{design_id}/enrollments", summary="Enroll a worker by email")
def enroll_by_email(
    design_id: str, body: StaffEnrollment, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    enrollment = delivery_service(request).enroll_by_email(
        principal, design_id, body.email, body.wage_before
    )
    return enrollment_json(enrollment)


@router.get("/microcredentials/{design_id}/enrollments", summary="Learners and their progress")
def enrollments(design_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    view = delivery_service(request).delivery(principal, design_id)
    return {
        "design": design_json(view.design),
        "learners": [learner_json(learner) for learner in view.learners],
    }


@router.get("/microcredentials/{design_id}/outcomes", summary="A design's outcome figures")
def design_outcomes(design_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return outcomes_json(delivery_service(request).design_outcomes(principal, design_id))


@router.get(
    "/orgs/{org_id}/microcredentials/outcomes", summary="A provider's outcome figures, all designs"
)
def provider_outcomes(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return outcomes_json(delivery_service(request).provider_outcomes(principal, org_id))


@router.post("/microcredentials/enrollments/{enrollment_id}/withdraw", summary="Leave")
def withdraw(enrollment_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return enrollment_json(delivery_service(request).withdraw(principal, enrollment_id))


@router.post(
    "/microcredentials/enrollments/{enrollment_id}/results", summary="Record a rubric result"
)
def record_result(
    enrollment_id: str, body: NewResult, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    recorded = delivery_service(request).record_result(
        principal,
        enrollment_id,
        assessment_id=body.assessment_id,
        outcome_id=body.outcome_id,
        level=body.level,
        note=body.note,
    )
    return {
        "result": result_json(recorded.result),
        "outcomes": [status_json(s) for s in recorded.outcomes],
        "completed": recorded.completed,
        "credential_id": recorded.credential.id if recorded.credential else None,
    }


@router.post(
    "/microcredentials/enrollments/{enrollment_id}/placements", summary="Record a placement"
)
def record_placement(
    enrollment_id: str, body: NewPlacement, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    placed = delivery_service(request).record_placement(
        principal, enrollment_id, PlacementDraft(**body.model_dump())
    )
    return placement_json(placed)


@router.post(
    "/microcredentials/enrollments/{enrollment_id}/tuition", summary="Record tuition support"
)
def record_tuition(
    enrollment_id: str, body: NewTuition, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    changed = delivery_service(request).record_tuition(
        principal, enrollment_id, body.commitment_id, body.amount
    )
    return enrollment_json(changed)


@router.get("/me/microcredentials", summary="My microcredentials and my progress")
def mine(principal: PrincipalDep, request: Request) -> dict[str, Any]:
    found = delivery_service(request).mine(principal)
    return {
        "microcredentials": [
            {**learner_json(view), "wallet_item_id": view.wallet_item_id} for _design, view in found
        ]
    }
