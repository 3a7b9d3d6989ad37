"""Work-based learning pages for people (issue 17), phone first: the mentor's list of
apprentices with hours waiting; one apprentice for staff (progress; for the mentor, approve or
turn down hours and sign off or take back skills with a note and a photo; for the school,
class hours); and the apprentice's own pages (the invitation with the consent sentence and the
registration questions, then progress, "Log hours" and the credentials earned).

Thin: each page calls one `WorkBasedLearning` use case, which checks who may do what.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.platform import policy
from onramp.platform.model import Principal, Scope
from onramp.wbl.progress_records import MAX_EVIDENCE_BYTES, Evidence
from onramp.wbl.records import (
    MAX_NOTE,
    Education,
    EmploymentStatus,
    Race,
    Registration,
    Sex,
    Veteran,
    YesNo,
)
from onramp.web.common import form_date, page, read_upload, redirect
from onramp.web.wbl_pages import number, validation_text, wbl, words

router = APIRouter(include_in_schema=False)
QUESTIONS = {
    "sex": ("Sex", Sex),
    "hispanic": ("Are you Hispanic or Latino?", YesNo),
    "disability": ("Do you have a disability?", YesNo),
    "veteran": ("Are you a veteran?", Veteran),
    "education": ("The most school you finished", Education),
    "employment": ("Did you work for this employer before?", EmploymentStatus),
}


def _people_words() -> dict[str, Any]:
    return {**words(), "max_note": MAX_NOTE, "questions": QUESTIONS, "races": list(Race)}


def _names(view: Any) -> dict[str, str]:
    """Skill (competency) id -> name, and course id -> name, of the program."""
    standards = view.program.standards
    found = {c.id: c.name for c in standards.work_processes}
    found.update({c.id: c.name for c in standards.courses})
    return found


# -- the mentor -------------------------------------------------------------------------------
@router.get("/mentor", response_class=HTMLResponse)
def mentor_page(request: Request, principal: PrincipalDep) -> Response:
    found = wbl(request).apprentices.mentees(principal)
    return page(request, "wbl_mentor.html", mentees=found, **_people_words())


def _apprentice_page(
    request: Request, principal: Principal, enrollment_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    view = wbl(request).apprentices.view(principal, enrollment_id)
    return page(
        request,
        "wbl_apprentice.html",
        status,
        a=view,
        names=_names(view),
        **_people_words(),
        **extra,
    )


@router.get("/apprentices/{enrollment_id}", response_class=HTMLResponse)
def apprentice_page(
    request: Request, enrollment_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    view = wbl(request).apprentices.view(principal, enrollment_id)
    if not view.standing.staff:  # the apprentice reads their own page
        return redirect(f"/me/apprenticeship/{enrollment_id}")
    return _apprentice_page(request, principal, enrollment_id, saved=saved[:20])


def _staff_act(
    request: Request, principal: Principal, enrollment_id: str, act: Any, key: str
) -> Response:
    try:
        outcome = act()
    except InvalidInputError as error:
        return _apprentice_page(
            request, principal, enrollment_id, status_for(error), errors={key: str(error)}
        )
    issued = getattr(getattr(outcome, "award", None), "issued", None)
    return redirect(f"/apprentices/{enrollment_id}?saved={'issued' if issued else key}")


@router.post("/apprentices/{enrollment_id}/hours", response_class=HTMLResponse)
async def decide_hours(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    entries = [str(x) for x in form.getlist("entry")]
    decision, reason = str(form.get("decision", "")), str(form.get("reason", ""))

    def work() -> Response:
        return _staff_act(
            request,
            principal,
            enrollment_id,
            lambda: wbl(request).records.decide_hours(
                principal, enrollment_id, entries, approve=decision == "approve", reason=reason
            ),
            "hours",
        )

    return await run_in_threadpool(work)


@router.post("/apprentices/{enrollment_id}/sign-offs", response_class=HTMLResponse)
async def sign_off(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    competency, note = str(form.get("competency_id", "")), str(form.get("note", ""))
    data = await read_upload(form, "evidence", MAX_EVIDENCE_BYTES)
    upload = form.get("evidence")
    evidence = None
    if data and isinstance(upload, StarletteUpload):
        evidence = Evidence(upload.filename or "", upload.content_type or "", data)

    def work() -> Response:
        return _staff_act(
            request,
            principal,
            enrollment_id,
            lambda: wbl(request).records.sign_off(
                principal, enrollment_id, competency, note=note, evidence=evidence
            ),
            "sign-" + competency[:36],
        )

    return await run_in_threadpool(work)


@router.post("/apprentices/{enrollment_id}/sign-offs/take-back", response_class=HTMLResponse)
async def take_back(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    competency, reason = str(form.get("competency_id", "")), str(form.get("reason", ""))

    def work() -> Response:
        return _staff_act(
            request,
            principal,
            enrollment_id,
            lambda: wbl(request).records.reverse_sign_off(
                principal, enrollment_id, competency, reason=reason
            ),
            "back-" + competency[:36],
        )

    return await run_in_threadpool(work)


@router.post("/apprentices/{enrollment_id}/classes", response_class=HTMLResponse)
async def record_classes(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("course_id", "hours", "grade")}

    def act() -> Any:
        hours = number(given["hours"], "the class hours")
        if hours is None:
            raise InvalidInputError("Give the class hours.")
        return wbl(request).records.record_instruction(
            principal, enrollment_id, given["course_id"], hours=hours, grade=given["grade"]
        )

    def work() -> Response:
        return _staff_act(request, principal, enrollment_id, act, "classes")

    return await run_in_threadpool(work)


@router.get("/sign-offs/{sign_off_id}/evidence")
def evidence_file(request: Request, sign_off_id: str, principal: PrincipalDep) -> Response:
    found = wbl(request).records.evidence(principal, sign_off_id)
    name = "".join(c for c in found.name if c.isalnum() or c in "._- ") or "evidence"
    return Response(
        found.data,
        media_type=found.content_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# -- the apprentice ---------------------------------------------------------------------------
@router.get("/me/apprenticeship", response_class=HTMLResponse)
def my_apprenticeships(request: Request, principal: PrincipalDep) -> Response:
    found = wbl(request).apprentices.mine(principal)
    return page(request, "wbl_mine.html", mine=found, **_people_words())


def _my_page(
    request: Request, principal: Principal, enrollment_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    service = wbl(request).apprentices
    program, enrollment, sentence = service.invitation(principal, enrollment_id)
    view = None if enrollment.state.value == "invited" else service.view(principal, enrollment_id)
    return page(
        request,
        "wbl_me.html",
        status,
        program=program,
        enrollment=enrollment,
        sentence=sentence,
        a=view,
        names=_names(view) if view else {},
        **_people_words(),
        **extra,
    )


@router.get("/me/apprenticeship/{enrollment_id}", response_class=HTMLResponse)
def my_apprenticeship(
    request: Request, enrollment_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _my_page(request, principal, enrollment_id, saved=saved[:20])


def _registration(form: Any) -> Registration:
    born = form_date(str(form.get("date_of_birth", "")), "date of birth")
    if born is None:
        raise InvalidInputError("Give your date of birth.")
    chosen = {}
    for key, (question, kind) in QUESTIONS.items():
        given = str(form.get(key, ""))
        if given not in {k.value for k in kind}:
            raise InvalidInputError(f"Answer this: {question}")
        chosen[key] = kind(given)
    races = [str(r) for r in form.getlist("race")]
    try:
        return Registration.model_validate(
            {"date_of_birth": born, "races": tuple(Race(r) for r in races), **chosen}
        )
    except (ValidationError, ValueError) as error:
        text = validation_text(error) if isinstance(error, ValidationError) else str(error)
        raise InvalidInputError(text) from None


@router.post("/me/apprenticeship/{enrollment_id}/join", response_class=HTMLResponse)
async def join(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(v) for k, v in form.multi_items() if k != "csrf_token"}
    given["races"] = " ".join(str(r) for r in form.getlist("race"))

    def work() -> Response:
        policy.require_scope(principal, Scope.CONSENT)  # before the answers are checked
        try:
            registration = _registration(form)
            wbl(request).apprentices.join(
                principal,
                enrollment_id,
                registration,
                agreed=form.get("agree") == "yes",
                share_board=form.get("share_board") == "yes",
            )
        except InvalidInputError as error:
            return _my_page(
                request, principal, enrollment_id, status_for(error), error=str(error), bad=given
            )
        return redirect(f"/me/apprenticeship/{enrollment_id}?saved=joined")

    return await run_in_threadpool(work)


@router.post("/me/apprenticeship/{enrollment_id}/hours", response_class=HTMLResponse)
async def log_hours(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("day", "hours", "competency_id", "note")}

    def work() -> Response:
        try:
            day = form_date(given["day"], "day")
            hours = number(given["hours"], "the hours")
            if day is None or hours is None:
                raise InvalidInputError("Give the day and the hours you worked.")
            wbl(request).records.log_hours(
                principal,
                enrollment_id,
                day=day,
                hours=hours,
                competency_id=given["competency_id"],
                note=given["note"],
            )
        except InvalidInputError as error:
            return _my_page(
                request, principal, enrollment_id, status_for(error), error=str(error), bad=given
            )
        return redirect(f"/me/apprenticeship/{enrollment_id}?saved=hours")

    return await run_in_threadpool(work)
