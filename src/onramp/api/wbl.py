"""/api/v1 routes for work-based learning (issue 17): program standards, apprentices who join
under consent, their hours, classes, sign-offs and pay steps, and the sponsor's reports.
Every check is in the use cases (`onramp.wbl.service.WorkBasedLearning`); each route reads
the request, calls one use case and shapes the answer with `onramp.wbl.wbl_json`."""

from __future__ import annotations

import base64
import binascii
import io
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.errors import InvalidInputError
from onramp.wbl.funder import funder_json, write_funder_csv
from onramp.wbl.hours_file import MAX_HOURS_FILE_BYTES
from onramp.wbl.model import Approach, ProgramKind, ProgramStandards
from onramp.wbl.outcomes import GroupBy, write_outcomes_csv
from onramp.wbl.progress_records import MAX_EVIDENCE_BYTES, Evidence
from onramp.wbl.records import MAX_NOTE, EnrollmentState, ExitReason, Registration
from onramp.wbl.reporting import export_roster
from onramp.wbl.service import WorkBasedLearning
from onramp.wbl.wbl_json import (
    apprentice_json,
    award_outcome_json,
    enrollment_json,
    follow_up_json,
    hours_json,
    import_json,
    instruction_json,
    outcomes_json,
    program_json,
    program_view_json,
    registration_json,
)

router = APIRouter(prefix="/api/v1", tags=["work-based learning"])
Format = Literal["csv", "json"]


def wbl_service(request: Request) -> WorkBasedLearning:
    """The work-based learning use cases the app was made with."""
    found: WorkBasedLearning = request.app.state.wbl
    return found


# -- bodies ---------------------------------------------------------------------------------
class NewProgram(BaseModel):
    """Either whole standards, or an occupation to draft them from."""

    standards: ProgramStandards | None = None
    occupation: str | None = Field(default=None, max_length=16, description="O*NET-SOC code")
    kind: ProgramKind | None = None
    approach: Approach = Approach.TIME_BASED
    name: str | None = Field(default=None, max_length=200)
    area: str = Field(default="", max_length=200)
    journeyworker_wage: float | None = Field(default=None, description="Hourly, USD")
    board_org_id: str | None = Field(default=None, max_length=36)


class EditedProgram(BaseModel):
    standards: ProgramStandards
    board_org_id: str | None = Field(default=None, max_length=36)


class Invitation(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    start_date: date
    wage_at_entry: float | None = Field(default=None, description="Hourly, USD")
    paid_share: float | None = Field(default=None, description="Share of full pay, 0-1")


class Joining(BaseModel):
    registration: Registration
    agree: bool = Field(description="The worker agrees to who will see what")
    share_board: bool = False


class MentorChoice(BaseModel):
    email: str = Field(min_length=3, max_length=320)


class Ending(BaseModel):
    reason: ExitReason
    ended_on: date
    note: str = Field(default="", max_length=MAX_NOTE)


class NewFollowUp(BaseModel):
    months: int
    employed: bool
    wage: float | None = None


class NewHours(BaseModel):
    day: date
    hours: float
    competency_id: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=MAX_NOTE)


class HoursDecision(BaseModel):
    entry_ids: list[str] = Field(max_length=5_000)
    approve: bool
    reason: str = Field(default="", max_length=MAX_NOTE)


class NewInstruction(BaseModel):
    course_id: str = Field(min_length=1, max_length=36)
    hours: float
    grade: str = Field(default="", max_length=64)


class EvidenceFile(BaseModel):
    name: str = Field(default="", max_length=200)
    content_type: str = Field(max_length=100)
    base64: str = Field(max_length=(MAX_EVIDENCE_BYTES * 4) // 3 + 8)


class NewSignOff(BaseModel):
    competency_id: str = Field(min_length=1, max_length=200)
    note: str = Field(max_length=MAX_NOTE)
    evidence: EvidenceFile | None = None


class Reversal(BaseModel):
    reason: str = Field(max_length=MAX_NOTE)


class NewWage(BaseModel):
    share: float = Field(description="Share of full pay, 0-1")
    wage: float | None = Field(default=None, description="Hourly, USD")
    effective_on: date


def _evidence(sent: EvidenceFile | None) -> Evidence | None:
    if sent is None:
        return None
    try:
        data = base64.b64decode(sent.base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError("The file is not valid base64.") from None
    return Evidence(sent.name, sent.content_type, data)


# -- programs -------------------------------------------------------------------------------
@router.get("/orgs/{org_id}/wbl/programs", summary="Programs an organization runs or serves")
def programs_of_org(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    found = wbl_service(request).programs.of_org(principal, org_id)
    return {"programs": [program_json(p) for p in found]}


@router.post("/orgs/{org_id}/wbl/programs", summary="Write a draft program")
def create_program(
    org_id: str, body: NewProgram, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    programs = wbl_service(request).programs
    if body.standards is not None:
        view = programs.create(principal, org_id, body.standards, board_org_id=body.board_org_id)
    elif body.occupation and body.kind:
        view = programs.draft(
            principal,
            org_id,
            body.occupation,
            kind=body.kind,
            approach=body.approach,
            name=body.name,
            area=body.area,
            journeyworker_wage=body.journeyworker_wage,
            board_org_id=body.board_org_id,
        )
    else:
        raise InvalidInputError("Send the program's standards, or an occupation and a kind.")
    return program_view_json(view)


@router.get("/wbl/programs/{program_id}", summary="One program")
def program(program_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return program_view_json(wbl_service(request).programs.view(principal, program_id))


@router.put("/wbl/programs/{program_id}", summary="Replace a draft's standards")
def edit_program(
    program_id: str, body: EditedProgram, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    view = wbl_service(request).programs.edit(
        principal, program_id, body.standards, board_org_id=body.board_org_id
    )
    return program_view_json(view)


@router.post("/wbl/programs/{program_id}/activate", summary="Open a program to apprentices")
def activate(program_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return program_view_json(wbl_service(request).programs.activate(principal, program_id))


@router.post("/wbl/programs/{program_id}/close", summary="Close a program to new apprentices")
def close(program_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return program_view_json(wbl_service(request).programs.close(principal, program_id))


@router.get("/wbl/programs/{program_id}/apprentices", summary="The apprentices I may read")
def roster(program_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    found = wbl_service(request).apprentices.roster(principal, program_id)
    return {"apprentices": [apprentice_json(v) for v in found]}


@router.post("/wbl/programs/{program_id}/apprentices", summary="Ask a worker to join")
def invite(
    program_id: str, body: Invitation, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    enrollment = wbl_service(request).apprentices.invite(
        principal,
        program_id,
        body.email,
        start_date=body.start_date,
        wage_at_entry=body.wage_at_entry,
        paid_share=body.paid_share,
    )
    return enrollment_json(enrollment)


@router.post(
    "/wbl/programs/{program_id}/hours",
    summary="Import hours from a CSV file (the body, text/csv)",
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_hours(program_id: str, principal: PrincipalDep, request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_HOURS_FILE_BYTES:
        raise InvalidInputError("The hours file is larger than 5 MB. Split it into smaller files.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError("The hours file is not UTF-8 text. Save it as CSV UTF-8.") from None
    records = wbl_service(request).records
    result = await run_in_threadpool(records.import_hours, principal, program_id, text)
    return import_json(result)


# -- one apprentice -------------------------------------------------------------------------
@router.get("/wbl/apprentices/{enrollment_id}", summary="One apprentice and their progress")
def apprentice(enrollment_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    apprentices = wbl_service(request).apprentices
    view = apprentices.view(principal, enrollment_id)
    found = apprentice_json(view)
    if view.standing.apprentice and view.enrollment.state is EnrollmentState.INVITED:
        found["agree_to"] = apprentices.invitation(principal, enrollment_id)[2]
    return found


@router.post("/wbl/apprentices/{enrollment_id}/join", summary="Say yes to join (the worker)")
def join(
    enrollment_id: str, body: Joining, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    enrollment = wbl_service(request).apprentices.join(
        principal, enrollment_id, body.registration, agreed=body.agree, share_board=body.share_board
    )
    return enrollment_json(enrollment)


@router.post(
    "/wbl/apprentices/{enrollment_id}/decline",
    summary="Say no to an invitation (the worker)",
    status_code=204,
)
def decline(enrollment_id: str, principal: PrincipalDep, request: Request) -> None:
    wbl_service(request).apprentices.decline(principal, enrollment_id)


@router.post("/wbl/apprentices/{enrollment_id}/mentor", summary="Name the mentor")
def mentor(
    enrollment_id: str, body: MentorChoice, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = wbl_service(request).apprentices.assign_mentor(principal, enrollment_id, body.email)
    return enrollment_json(found)


@router.post("/wbl/apprentices/{enrollment_id}/end", summary="Record an early end, and why")
def end(
    enrollment_id: str, body: Ending, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = wbl_service(request).apprentices.end(
        principal, enrollment_id, body.reason, ended_on=body.ended_on, note=body.note
    )
    return enrollment_json(found)


@router.post("/wbl/apprentices/{enrollment_id}/follow-ups", summary="Still at work after?")
def follow_up(
    enrollment_id: str, body: NewFollowUp, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = wbl_service(request).apprentices.record_follow_up(
        principal, enrollment_id, body.months, employed=body.employed, wage=body.wage
    )
    return follow_up_json(found)


@router.post("/wbl/apprentices/{enrollment_id}/hours", summary="Write down a shift")
def log_hours(
    enrollment_id: str, body: NewHours, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    entry = wbl_service(request).records.log_hours(
        principal,
        enrollment_id,
        day=body.day,
        hours=body.hours,
        competency_id=body.competency_id,
        note=body.note,
    )
    return hours_json(entry)


@router.post("/wbl/apprentices/{enrollment_id}/hours/decide", summary="Approve or turn down")
def decide_hours(
    enrollment_id: str, body: HoursDecision, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    recorded = wbl_service(request).records.decide_hours(
        principal, enrollment_id, body.entry_ids, approve=body.approve, reason=body.reason
    )
    return award_outcome_json(recorded.award)


@router.post("/wbl/apprentices/{enrollment_id}/instruction", summary="Record class hours")
def instruction(
    enrollment_id: str, body: NewInstruction, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = wbl_service(request).records.record_instruction(
        principal, enrollment_id, body.course_id, hours=body.hours, grade=body.grade
    )
    return instruction_json(found)


@router.post("/wbl/apprentices/{enrollment_id}/sign-offs", summary="Sign off a skill")
def sign_off(
    enrollment_id: str, body: NewSignOff, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    recorded = wbl_service(request).records.sign_off(
        principal,
        enrollment_id,
        body.competency_id,
        note=body.note,
        evidence=_evidence(body.evidence),
    )
    return award_outcome_json(recorded.award)


@router.post(
    "/wbl/apprentices/{enrollment_id}/sign-offs/{competency_id}/reverse",
    summary="Take back a sign-off, with a reason",
)
def reverse_sign_off(
    enrollment_id: str,
    competency_id: str,
    body: Reversal,
    principal: PrincipalDep,
    request: Request,
) -> dict[str, Any]:
    recorded = wbl_service(request).records.reverse_sign_off(
        principal, enrollment_id, competency_id, reason=body.reason
    )
    return award_outcome_json(recorded.award)


@router.post("/wbl/apprentices/{enrollment_id}/wage-changes", summary="Record a raise")
def wage_change(
    enrollment_id: str, body: NewWage, principal: PrincipalDep, request: Request
) -> dict[str, Any]:
    found = wbl_service(request).records.record_wage_change(
        principal, enrollment_id, share=body.share, wage=body.wage, effective_on=body.effective_on
    )
    return enrollment_json(found)


@router.post("/wbl/apprentices/{enrollment_id}/issue-due", summary="Issue credentials due")
def issue_due(enrollment_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return {"issued": wbl_service(request).records.issue_due(principal, enrollment_id)}


@router.get(
    "/wbl/apprentices/{enrollment_id}/registration",
    summary="The registration facts (the sponsor's admins only; audited)",
)
def registration(enrollment_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return registration_json(
        wbl_service(request).apprentices.registration(principal, enrollment_id)
    )


@router.get("/wbl/sign-offs/{sign_off_id}/evidence", summary="The file of a sign-off")
def evidence(sign_off_id: str, principal: PrincipalDep, request: Request) -> Response:
    found = wbl_service(request).records.evidence(principal, sign_off_id)
    safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in found.name) or "evidence"
    return Response(
        found.data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/me/wbl", summary="My apprenticeships and invitations")
def mine(principal: PrincipalDep, request: Request) -> dict[str, Any]:
    return {
        "apprenticeships": [
            apprentice_json(v) for v in wbl_service(request).apprentices.mine(principal)
        ]
    }


# -- reports --------------------------------------------------------------------------------
def _download(text: str, fmt: Format, name: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(
        text,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/orgs/{org_id}/wbl/reports/roster", summary="The roster with registration facts")
def roster_report(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    fmt: Format = Query(default="csv", alias="format"),
    program_id: str | None = Query(default=None, alias="program"),
    allow_incomplete: bool = False,
) -> Response:
    facts = wbl_service(request).reports.roster(principal, org_id, program_id)
    out = io.StringIO()
    problems = export_roster(facts, out, as_json=fmt == "json", allow_incomplete=allow_incomplete)
    response = _download(out.getvalue(), fmt, "wbl-roster")
    response.headers["X-Onramp-Incomplete-Rows"] = str(len({p.row for p in problems}))
    return response


@router.get("/orgs/{org_id}/wbl/reports/funder", summary="The funder report")
def funder_report(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    fmt: Format = Query(default="csv", alias="format"),
    program_id: str | None = Query(default=None, alias="program"),
    since: date | None = None,
) -> Response:
    report = wbl_service(request).reports.funder(principal, org_id, program_id, since=since)
    if fmt == "json":
        return _download(funder_json(report), fmt, "wbl-funder")
    out = io.StringIO()
    write_funder_csv(report, out)
    return _download(out.getvalue(), fmt, "wbl-funder")


@router.get("/orgs/{org_id}/wbl/reports/outcomes", summary="Outcomes (small counts hidden)")
def outcomes_report(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    fmt: Format = Query(default="json", alias="format"),
    by: GroupBy = GroupBy.PROGRAM,
) -> Any:
    view = wbl_service(request).reports.outcomes(principal, org_id, by=by)
    if fmt == "json":
        return outcomes_json(view)
    out = io.StringIO()
    write_outcomes_csv(view, out)
    return _download(out.getvalue(), fmt, "wbl-outcomes")
