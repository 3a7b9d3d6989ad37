"""Pages for delivering microcredentials (issue 16, item 5): a worker's enroll page (what the
provider will see, said plainly: agreeing to it is the consent) and their own "my
microcredentials"; the provider's delivery page per design, one learner's record with the
forms to record a result (the rubric's level descriptions beside each choice) and a placement;
and the outcomes dashboard, per provider and per design (medians only, never one person's pay).

Pages are thin: each calls one `Delivery` use case, which checks who may do what. Every form
works with no script.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import OptionalPrincipalDep, PrincipalDep
from onramp.api.errors import status_for
from onramp.api.microcredential_delivery import delivery_service
from onramp.errors import InvalidInputError
from onramp.market.microcredentials.delivery_model import (
    MAX_NOTE,
    EnrollmentState,
    OutcomeProgress,
    PlacementDraft,
)
from onramp.market.microcredentials.model import CommitmentKind
from onramp.market.microcredentials.outcomes import OutcomeFigures
from onramp.platform.model import Principal
from onramp.taxonomy.proficiency import Proficiency
from onramp.web.common import form_date, page, redirect

router = APIRouter(include_in_schema=False)
BAR_WIDTH = 240  # px of a full (100 %) bar in the outcomes chart


def _money(value: float | None) -> str:
    return "not known yet" if value is None else f"${value:,.2f}"


def _percent(value: float | None) -> str:
    return "not known yet" if value is None else f"{round(value * 100)}%"


def _level(level: int | None) -> str:
    """A level of the 1-5 scale in words, for learners and staff alike."""
    if level is None:
        return "no level yet"
    return f"level {level} ({Proficiency(str(level)).label.split(':')[0].lower()})"


def words() -> dict[str, Any]:
    return {
        "money": _money,
        "percent": _percent,
        "level_words": _level,
        "day": lambda d: d.strftime("%b %d, %Y").replace(" 0", " "),
        "max_note": MAX_NOTE,
        "states": EnrollmentState,
        "progress": OutcomeProgress,
        "kinds": CommitmentKind,
    }


def _number(given: str, what: str) -> float | None:
    given = given.strip().lstrip("$").replace(",", "")
    if not given:
        return None
    try:
        return float(given)
    except ValueError:
        raise InvalidInputError(f"Give {what} as a number, like 15.50.") from None


# -- the worker -------------------------------------------------------------------------------
def _enroll_page(
    request: Request, principal: Principal | None, design_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    design, provider, consent = delivery_service(request).public_design(design_id)
    return page(
        request,
        "mc_enroll.html",
        status,
        design=design,
        provider=provider,
        consent=consent,
        viewer=principal,
        **words(),
        **extra,
    )


@router.get("/microcredentials/{design_id}/enroll", response_class=HTMLResponse)
def enroll_form(request: Request, design_id: str, principal: OptionalPrincipalDep) -> Response:
    return _enroll_page(request, principal, design_id)


@router.post("/microcredentials/{design_id}/enroll", response_class=HTMLResponse)
async def enroll(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("agree", "wage_before")}

    def work() -> Response:
        try:
            delivery_service(request).enroll_self(
                principal,
                design_id,
                agreed=given["agree"] == "yes",
                wage_before=_number(given["wage_before"], "your pay"),
            )
        except InvalidInputError as error:
            return _enroll_page(
                request, principal, design_id, status_for(error), error=str(error), bad=given
            )
        return redirect("/me/microcredentials?saved=enrolled")

    return await run_in_threadpool(work)


@router.get("/me/microcredentials", response_class=HTMLResponse)
def my_microcredentials(request: Request, principal: PrincipalDep, saved: str = "") -> Response:
    found = delivery_service(request).mine(principal)
    return page(request, "mc_mine.html", found=found, saved=saved[:20], **words())


@router.post("/microcredentials/enrollments/{enrollment_id}/withdraw")
async def withdraw(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    def work() -> Response:
        left = delivery_service(request).withdraw(principal, enrollment_id)
        if left.learner_id == principal.user.id:
            return redirect("/me/microcredentials?saved=left")
        return redirect(f"/microcredentials/{left.design_id}/delivery?saved=left")

    return await run_in_threadpool(work)


# -- the provider -----------------------------------------------------------------------------
def _delivery_page(
    request: Request, principal: Principal, design_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    view = delivery_service(request).delivery(principal, design_id)
    return page(request, "mc_delivery.html", status, view=view, **words(), **extra)


@router.get("/microcredentials/{design_id}/delivery", response_class=HTMLResponse)
def delivery(
    request: Request, design_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _delivery_page(request, principal, design_id, saved=saved[:20])


@router.post("/microcredentials/{design_id}/delivery/enroll", response_class=HTMLResponse)
async def enroll_learner(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("email", "wage_before")}

    def work() -> Response:
        try:
            delivery_service(request).enroll_by_email(
                principal,
                design_id,
                given["email"],
                _number(given["wage_before"], "their pay"),
            )
        except InvalidInputError as error:
            return _delivery_page(
                request, principal, design_id, status_for(error), error=str(error), bad=given
            )
        return redirect(f"/microcredentials/{design_id}/delivery?saved=enrolled")

    return await run_in_threadpool(work)


def _learner_page(
    request: Request, principal: Principal, enrollment_id: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    record = delivery_service(request).learner(principal, enrollment_id)
    return page(request, "mc_learner.html", status, record=record, **words(), **extra)


@router.get("/microcredentials/enrollments/{enrollment_id}", response_class=HTMLResponse)
def learner(
    request: Request, enrollment_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _learner_page(request, principal, enrollment_id, saved=saved[:20])


@router.post("/microcredentials/enrollments/{enrollment_id}/result", response_class=HTMLResponse)
async def record_result(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("pair", "level", "note")}

    def work() -> Response:
        try:
            assessment_id, _, outcome_id = given["pair"].partition("|")
            if not given["level"].isdigit():
                raise InvalidInputError("Choose the level the learner reached.")
            recorded = delivery_service(request).record_result(
                principal,
                enrollment_id,
                assessment_id=assessment_id,
                outcome_id=outcome_id,
                level=int(given["level"]),
                note=given["note"],
            )
        except InvalidInputError as error:
            return _learner_page(
                request,
                principal,
                enrollment_id,
                status_for(error),
                error=str(error),
                bad=given,
            )
        saved = "completed" if recorded.completed else "result"
        return redirect(f"/microcredentials/enrollments/{enrollment_id}?saved={saved}")

    return await run_in_threadpool(work)


@router.post("/microcredentials/enrollments/{enrollment_id}/placement", response_class=HTMLResponse)
async def record_placement(
    request: Request, enrollment_id: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    names = ("hired", "interviewed", "employer_org_id", "employer_name", "occupation", "wage")
    given = {k: str(form.get(k, "")) for k in (*names, "placed_on", "commitment_id", "note")}

    def work() -> Response:
        try:
            placed_on = form_date(given["placed_on"], "date")
            if placed_on is None:
                raise InvalidInputError("Give the date of the interview or the first day.")
            if given["hired"] not in ("yes", "no"):
                raise InvalidInputError("Say whether the learner was hired.")
            delivery_service(request).record_placement(
                principal,
                enrollment_id,
                PlacementDraft(
                    hired=given["hired"] == "yes",
                    interviewed=given["interviewed"] == "yes",
                    placed_on=placed_on,
                    employer_org_id=given["employer_org_id"] or None,
                    employer_name=given["employer_name"],
                    occupation=given["occupation"],
                    wage=_number(given["wage"], "the hourly pay"),
                    commitment_id=given["commitment_id"] or None,
                    note=given["note"],
                ),
            )
        except InvalidInputError as error:
            return _learner_page(
                request,
                principal,
                enrollment_id,
                status_for(error),
                placement_error=str(error),
                bad_placement=given,
            )
        return redirect(f"/microcredentials/enrollments/{enrollment_id}?saved=placement")

    return await run_in_threadpool(work)


@router.post("/microcredentials/enrollments/{enrollment_id}/tuition", response_class=HTMLResponse)
async def record_tuition(request: Request, enrollment_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("commitment_id", "amount")}

    def work() -> Response:
        try:
            amount = _number(given["amount"], "the amount")
            if amount is None:
                raise InvalidInputError("Give the amount the employer paid.")
            delivery_service(request).record_tuition(
                principal, enrollment_id, given["commitment_id"], amount
            )
        except InvalidInputError as error:
            return _learner_page(
                request, principal, enrollment_id, status_for(error), tuition_error=str(error)
            )
        return redirect(f"/microcredentials/enrollments/{enrollment_id}?saved=tuition")

    return await run_in_threadpool(work)


def _bars(figures: OutcomeFigures) -> list[tuple[str, float | None, str]]:
    """(what, rate, words) for the chart: completion and placement."""
    return [
        ("Completed", figures.completion_rate, f"{figures.completed} of {figures.enrolled}"),
        ("Hired", figures.placement_rate, f"{figures.placed} of {figures.completed} completers"),
    ]


@router.get("/orgs/{org_id}/microcredentials/outcomes", response_class=HTMLResponse)
def provider_outcomes(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    view = delivery_service(request).provider_outcomes(principal, org_id)
    return page(
        request,
        "mc_outcomes.html",
        view=view,
        per_provider=True,
        bars=_bars(view.figures),
        bar_width=BAR_WIDTH,
        **words(),
    )


@router.get("/microcredentials/{design_id}/outcomes", response_class=HTMLResponse)
def design_outcomes(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    view = delivery_service(request).design_outcomes(principal, design_id)
    return page(
        request,
        "mc_outcomes.html",
        view=view,
        per_provider=False,
        bars=_bars(view.figures),
        bar_width=BAR_WIDTH,
        **words(),
    )
