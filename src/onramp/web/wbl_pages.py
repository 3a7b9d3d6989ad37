"""Work-based learning pages for sponsors (issue 17): an organization's programs (those it
sponsors, teaches or oversees) with "start a program from a job" for sponsor admins; one
program's standards, and for a draft the findings and small edit forms and "Open the
program"; the roster with the invite form, mentors, raises due, raises and endings.

Pages are thin: each calls one `WorkBasedLearning` use case (`request.app.state.wbl`), which
checks who may do what. Every form works with no script. The apprentice's own pages and the
mentor's are in `wbl_people_pages.py`; reports and outcomes in `wbl_report_pages.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.platform import policy
from onramp.platform.model import Principal, Scope
from onramp.taxonomy.catalog import Catalog
from onramp.wbl.model import (
    SOC_CODE,
    Approach,
    Competency,
    Course,
    ProgramKind,
    ProgramStandards,
    Severity,
)
from onramp.wbl.programs import SPONSOR_ADMINS, StandardsIncompleteError
from onramp.wbl.records import ExitReason
from onramp.wbl.rows import ProgramState
from onramp.wbl.service import WorkBasedLearning
from onramp.web.common import form_choice, form_date, page, redirect

router = APIRouter(include_in_schema=False)


def wbl(request: Request) -> WorkBasedLearning:
    found: WorkBasedLearning = request.app.state.wbl
    return found


def number(given: str, what: str) -> float | None:
    """A form's number ("$19.50" and "1,200" too): None when left empty."""
    given = given.strip().lstrip("$").replace(",", "")
    if not given:
        return None
    try:
        return float(given)
    except ValueError:
        raise InvalidInputError(f"Give {what} as a number, like 19.50.") from None


def share(given: str) -> float | None:
    """A share of full pay, typed as 60, 60% or 0.6."""
    value = number(given.rstrip("%"), "the share of full pay")
    if value is not None and value > 1:
        value = value / 100
    return value


def percent(value: float | None) -> str:
    return "not set" if value is None else f"{round(value * 100)}%"


def dollars(value: float | None) -> str:
    return "not set" if value is None else f"${value:,.2f}"


def words() -> dict[str, Any]:
    return {
        "percent": percent,
        "dollars": dollars,
        "day": lambda d: d.strftime("%b %d, %Y").replace(" 0", " ") if d else "",
        "missing": Severity.MISSING,
        "kinds": list(ProgramKind),
        "approaches": list(Approach),
        "exit_reasons": list(ExitReason),
        "today": date.today(),
    }


def validation_text(error: ValidationError) -> str:
    """A pydantic refusal in one plain sentence."""
    first = error.errors()[0]
    where = " ".join(str(p).replace("_", " ") for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"Check {where}: {message}." if where else f"{message}."


def _with(standards: ProgramStandards, **changes: Any) -> ProgramStandards:
    """The standards with `changes`, checked again as a whole."""
    return ProgramStandards.model_validate({**standards.model_dump(), **changes})


def org_name(principal: Principal, org_id: str) -> str:
    return next((m.org_name for m in principal.memberships if m.org_id == org_id), "")


# -- an organization's programs ---------------------------------------------------------------
def _jobs_like(request: Request, q: str) -> list[tuple[str, str]]:
    """(O*NET-SOC code, title) of the occupations a search finds, for the job picker."""
    if not q.strip():
        return []
    hits = Catalog(request.app.state.engine).search_occupations(q, limit=30)
    found = [(h.key.rsplit("/", 1)[-1], h.title) for h in hits]
    return [(code, title) for code, title in found if SOC_CODE.match(code)][:10]


def _programs_page(
    request: Request, principal: Principal, org_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    found = wbl(request).programs.of_org(principal, org_id)
    admin = bool(principal.roles_in(org_id) & SPONSOR_ADMINS)
    return page(
        request,
        "wbl_programs.html",
        status,
        org_id=org_id,
        org_name=org_name(principal, org_id),
        programs=found,
        admin=admin,
        **words(),
        **extra,
    )


@router.get("/orgs/{org_id}/programs", response_class=HTMLResponse)
def programs_page(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    q: str = Query("", max_length=200),
    code: str = Query("", max_length=10),
) -> Response:
    jobs = _jobs_like(request, q)
    return _programs_page(
        request, principal, org_id, q=q, jobs=jobs, bad={"occupation": code} if code else None
    )


@router.post("/orgs/{org_id}/programs", response_class=HTMLResponse)
async def start_program(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    names = ("occupation", "kind", "approach", "name", "area", "wage")
    given = {k: str(form.get(k, "")) for k in names}

    def work() -> Response:
        policy.require_scope(principal, Scope.WRITE)
        service = wbl(request)
        try:
            service.programs.of_org(principal, org_id)  # members only, before the catalog
            code = given["occupation"].strip()
            if not code:
                raise InvalidInputError("Give the job code, like 47-2111.00.")
            view = service.programs.draft(
                principal,
                org_id,
                code,
                kind=form_choice(ProgramKind, given["kind"], "kind of program", required=True),
                approach=form_choice(Approach, given["approach"], "way to count", required=True),
                name=given["name"].strip() or None,
                area=given["area"].strip(),
                journeyworker_wage=number(given["wage"], "the pay of a trained worker"),
            )
        except InvalidInputError as error:
            return _programs_page(
                request, principal, org_id, status_for(error), error=str(error), bad=given
            )
        return redirect(f"/programs/{view.program.id}?saved=drafted")

    return await run_in_threadpool(work)


# -- one program ------------------------------------------------------------------------------
def _program_page(
    request: Request, principal: Principal, program_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    view = wbl(request).programs.view(principal, program_id)
    schools = wbl(request).programs.schools()
    return page(
        request,
        "wbl_program.html",
        status,
        view=view,
        standards=view.program.standards,
        draft=view.program.state is ProgramState.DRAFT,
        schools=schools,
        **words(),
        **extra,
    )


@router.get("/programs/{program_id}", response_class=HTMLResponse)
def program_page(
    request: Request, program_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _program_page(request, principal, program_id, saved=saved[:20])


def _change(
    request: Request,
    principal: Principal,
    program_id: str,
    change: Any,
    error_key: str,
    given: dict[str, str],
) -> Response:
    """Edit a draft: `change(standards)` gives the new standards; errors show by the form."""
    policy.require_scope(principal, Scope.WRITE)  # before the form is read: a token is told why
    service = wbl(request)
    try:
        program = service.programs.readable(principal, program_id)
        try:
            standards = change(program.standards)
        except ValidationError as error:
            raise InvalidInputError(validation_text(error)) from None
        service.programs.edit(principal, program_id, standards, board_org_id=program.board_org_id)
    except InvalidInputError as error:
        return _program_page(
            request,
            principal,
            program_id,
            status_for(error),
            errors={error_key: str(error)},
            bad=given,
        )
    return redirect(f"/programs/{program_id}?saved={error_key}")


@router.post("/programs/{program_id}/basics", response_class=HTMLResponse)
async def edit_basics(request: Request, program_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    names = ("name", "term_months", "wage", "mentor_ratio", "area")
    given = {k: str(form.get(k, "")) for k in names}

    def change(standards: ProgramStandards) -> ProgramStandards:
        term, ratio = (
            number(given["term_months"], "the months"),
            number(given["mentor_ratio"], "the apprentices for each mentor"),
        )
        return _with(
            standards,
            name=given["name"].strip(),
            term_months=int(term) if term is not None else standards.term_months,
            journeyworker_wage=number(given["wage"], "the pay of a trained worker"),
            mentor_ratio=int(ratio) if ratio is not None else None,
            area=given["area"].strip(),
        )

    def work() -> Response:
        return _change(request, principal, program_id, change, "basics", given)

    return await run_in_threadpool(work)


@router.post("/programs/{program_id}/courses", response_class=HTMLResponse)
async def add_course(request: Request, program_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("name", "hours", "school_id", "school_name")}

    def change(standards: ProgramStandards) -> ProgramStandards:
        hours = number(given["hours"], "the class hours")
        if hours is None:
            raise InvalidInputError("Give the class hours.")
        course = Course(
            name=given["name"].strip(),
            hours=hours,
            provider_org_id=given["school_id"] or None,
            provider_name="" if given["school_id"] else given["school_name"].strip(),
        )
        return _with(
            standards, courses=[*(c.model_dump() for c in standards.courses), course.model_dump()]
        )

    def work() -> Response:
        return _change(request, principal, program_id, change, "course", given)

    return await run_in_threadpool(work)


@router.post("/programs/{program_id}/work-processes", response_class=HTMLResponse)
async def edit_work_process(request: Request, program_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    names = ("competency_id", "name", "hours", "criteria", "remove")
    given = {k: str(form.get(k, "")) for k in names}

    def change(standards: ProgramStandards) -> ProgramStandards:
        wanted = given["competency_id"]
        if not any(c.id == wanted for c in standards.work_processes):
            raise InvalidInputError("That skill is not in this program. Look again.")
        if given["remove"]:
            kept = tuple(c for c in standards.work_processes if c.id != wanted)
            interims = [
                {**i.model_dump(), "competency_ids": [x for x in i.competency_ids if x != wanted]}
                for i in standards.interim_credentials
            ]
            return _with(
                standards,
                work_processes=[c.model_dump() for c in kept],
                interim_credentials=[i for i in interims if i["competency_ids"]],
            )
        updated = []
        for c in standards.work_processes:
            if c.id == wanted:
                data = c.model_dump()
                data.update(
                    name=given["name"].strip(),
                    hours=number(given["hours"], "the hours"),
                    criteria=given["criteria"].strip(),
                )
                c = Competency.model_validate(data)
            updated.append(c)
        return _with(standards, work_processes=[c.model_dump() for c in updated])

    def work() -> Response:
        key = "wp-" + given["competency_id"][:36]
        return _change(request, principal, program_id, change, key, given)

    return await run_in_threadpool(work)


@router.post("/programs/{program_id}/open", response_class=HTMLResponse)
async def open_program(request: Request, program_id: str, principal: PrincipalDep) -> Response:
    def work() -> Response:
        try:
            wbl(request).programs.activate(principal, program_id)
        except StandardsIncompleteError as error:
            return _program_page(request, principal, program_id, 422, refused=error.findings)
        except InvalidInputError as error:
            return _program_page(
                request, principal, program_id, status_for(error), errors={"open": str(error)}
            )
        return redirect(f"/programs/{program_id}?saved=opened")

    return await run_in_threadpool(work)


# -- the roster -------------------------------------------------------------------------------
def _roster_page(
    request: Request, principal: Principal, program_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    service = wbl(request)
    view = service.programs.view(principal, program_id)
    roster = service.apprentices.roster(principal, program_id)
    return page(
        request,
        "wbl_roster.html",
        status,
        view=view,
        roster=roster,
        **words(),
        **extra,
    )


@router.get("/programs/{program_id}/apprentices", response_class=HTMLResponse)
def roster_page(
    request: Request, program_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _roster_page(request, principal, program_id, saved=saved[:20])


@router.post("/programs/{program_id}/apprentices", response_class=HTMLResponse)
async def invite(request: Request, program_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("email", "start_date", "wage", "share")}

    def work() -> Response:
        try:
            start = form_date(given["start_date"], "start date")
            if start is None:
                raise InvalidInputError("Give the start date.")
            wbl(request).apprentices.invite(
                principal,
                program_id,
                given["email"],
                start_date=start,
                wage_at_entry=number(given["wage"], "the starting pay"),
                paid_share=share(given["share"]),
            )
        except InvalidInputError as error:
            return _roster_page(
                request, principal, program_id, status_for(error), error=str(error), bad=given
            )
        return redirect(f"/programs/{program_id}/apprentices?saved=invited")

    return await run_in_threadpool(work)


def _on_roster(request: Request, principal: Principal, enrollment_id: str, act: Any) -> Response:
    """Run a sponsor admin's change to one apprentice, then show the roster again."""
    service = wbl(request)
    program, _enrollment = service.apprentices.sponsor_admin(principal, enrollment_id)
    try:
        act()
    except InvalidInputError as error:
        return _roster_page(
            request,
            principal,
            program.id,
            status_for(error),
            row_error=str(error),
            row_id=enrollment_id,
        )
    return redirect(f"/programs/{program.id}/apprentices?saved=changed#a-{enrollment_id}")


@router.post("/apprentices/{enrollment_id}/mentor", response_class=HTMLResponse)
async def assign_mentor(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    email = str(form.get("email", ""))

    def work() -> Response:
        return _on_roster(
            request,
            principal,
            enrollment_id,
            lambda: wbl(request).apprentices.assign_mentor(principal, enrollment_id, email),
        )

    return await run_in_threadpool(work)


@router.post("/apprentices/{enrollment_id}/raise", response_class=HTMLResponse)
async def record_raise(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("share", "wage", "effective_on")}

    def act() -> None:
        new_share = share(given["share"])
        when = form_date(given["effective_on"], "day the raise starts")
        if new_share is None or when is None:
            raise InvalidInputError("Give the new share of full pay and the day it starts.")
        wbl(request).records.record_wage_change(
            principal,
            enrollment_id,
            share=new_share,
            wage=number(given["wage"], "the new pay"),
            effective_on=when,
        )

    def work() -> Response:
        return _on_roster(request, principal, enrollment_id, act)

    return await run_in_threadpool(work)


@router.post("/apprentices/{enrollment_id}/end", response_class=HTMLResponse)
async def end(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("reason", "ended_on", "note")}

    def act() -> None:
        when = form_date(given["ended_on"], "last day")
        if when is None:
            raise InvalidInputError("Give the last day.")
        wbl(request).apprentices.end(
            principal,
            enrollment_id,
            form_choice(ExitReason, given["reason"], "reason", required=True),
            ended_on=when,
            note=given["note"],
        )

    def work() -> Response:
        return _on_roster(request, principal, enrollment_id, act)

    return await run_in_threadpool(work)
