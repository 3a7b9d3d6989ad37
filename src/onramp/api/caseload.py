"""/api/v1 caseload routes (issue 15, item 5): a career center's navigators list the workers
they support (with filters), read one worker's record, log referrals and their outcomes, and
plan follow-ups; a worker reads the referrals made for them. Every check is in the use case:
membership, the navigator role, and an active consent grant from the worker, read afresh."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from onramp.api.deps import CaseloadDep, PrincipalDep
from onramp.pathways.caseload_json import follow_up_json, referral_json, row_json, today
from onramp.pathways.caseload_model import (
    MAX_ABOUT,
    MAX_NOTE,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    CaseloadFilter,
    Due,
    Outcome,
    ReferralKind,
    Service,
)

router = APIRouter(prefix="/api/v1", tags=["caseload"])


class NewReferral(BaseModel):
    kind: ReferralKind
    service: Service | None = None
    target_org_id: str = Field(default="", max_length=36)
    target_ref: str = Field(default="", max_length=36, description="A program or job id")
    target_text: str = Field(default="", max_length=MAX_ABOUT)
    note: str = Field(default="", max_length=MAX_NOTE)


class OutcomeChange(BaseModel):
    outcome: Outcome
    on: date | None = None
    note: str = Field(default="", max_length=MAX_NOTE)


class NewFollowUp(BaseModel):
    due: date
    about: str = Field(min_length=1, max_length=MAX_ABOUT)
    assigned_to: str = Field(default="", max_length=36)


class FollowUpChange(BaseModel):
    done: bool | None = None
    due: date | None = None
    assigned_to: str | None = Field(default=None, max_length=36)


@router.get("/orgs/{org_id}/caseload", summary="The workers a navigator supports, filtered")
def caseload(
    org_id: str,
    principal: PrincipalDep,
    cases: CaseloadDep,
    stage: str = Query("", max_length=32),
    status: str = Query("", max_length=32),
    due: Due | None = Query(None, description="overdue or this_week"),
    outcome: Outcome | None = None,
    navigator: str = Query("", max_length=36),
    q: str = Query("", max_length=200, description="Part of the worker's shared name"),
    page: int = Query(1, ge=1, le=10_000),
    size: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    chosen = CaseloadFilter(stage, status, due, outcome, navigator, q)
    view = cases.view(principal, org_id, chosen, page=page, size=size)
    return {
        "total": view.page.total,
        "page": view.page.number,
        "pages": view.page.pages,
        "workers": [row_json(r, view.today) for r in view.page.items],
        "due_now": [
            {**follow_up_json(i.follow_up, view.today), "worker_name": i.worker_name}
            for i in view.due_now
        ],
    }


@router.get("/orgs/{org_id}/caseload/{worker_id}", summary="One worker's caseload record")
def caseload_worker(
    org_id: str, worker_id: str, principal: PrincipalDep, cases: CaseloadDep
) -> dict[str, Any]:
    record = cases.worker(principal, org_id, worker_id)
    return row_json(record.row, record.today)


@router.post(
    "/orgs/{org_id}/caseload/{worker_id}/referrals",
    status_code=201,
    summary="Refer the worker to a training program, a service or an employer",
)
def refer(
    org_id: str, worker_id: str, body: NewReferral, principal: PrincipalDep, cases: CaseloadDep
) -> dict[str, Any]:
    made = cases.refer(
        principal,
        org_id,
        worker_id,
        body.kind,
        service=body.service,
        target_org_id=body.target_org_id,
        target_ref=body.target_ref,
        target_text=body.target_text,
        note=body.note,
    )
    return referral_json(made)


@router.patch(
    "/orgs/{org_id}/caseload/referrals/{referral_id}",
    summary="Log a referral's outcome (kept as history)",
)
def referral_outcome(
    org_id: str, referral_id: str, body: OutcomeChange, principal: PrincipalDep, cases: CaseloadDep
) -> dict[str, Any]:
    changed = cases.set_outcome(
        principal, org_id, referral_id, body.outcome, on=body.on, note=body.note
    )
    return referral_json(changed)


@router.post(
    "/orgs/{org_id}/caseload/{worker_id}/follow-ups",
    status_code=201,
    summary="Plan a follow-up with the worker",
)
def schedule(
    org_id: str, worker_id: str, body: NewFollowUp, principal: PrincipalDep, cases: CaseloadDep
) -> dict[str, Any]:
    made = cases.schedule(
        principal, org_id, worker_id, body.due, body.about, assigned_to=body.assigned_to
    )
    return follow_up_json(made, today())


@router.patch(
    "/orgs/{org_id}/caseload/follow-ups/{follow_up_id}",
    summary="Mark a follow-up done, move it, or assign it to another navigator",
)
def change_follow_up(
    org_id: str,
    follow_up_id: str,
    body: FollowUpChange,
    principal: PrincipalDep,
    cases: CaseloadDep,
) -> dict[str, Any]:
    changed = cases.change_follow_up(
        principal,
        org_id,
        follow_up_id,
        done=body.done,
        due=body.due,
        assigned_to=body.assigned_to,
    )
    return follow_up_json(changed, today())


@router.get("/me/referrals", summary="The referrals navigators made for you, with outcomes")
def my_referrals(principal: PrincipalDep, cases: CaseloadDep) -> dict[str, Any]:
    return {"referrals": [referral_json(r, org) for org, r in cases.for_worker(principal)]}
