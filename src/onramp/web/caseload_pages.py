"""Pages for the navigator caseload (issue 15, item 5): the list of workers a career center
supports, with a "due now" panel and filters; one worker's record with the referral and
follow-up forms and their history; and the worker's own "referrals made for me".

Pages are thin: each calls one `Caseload` use case, which checks membership, the navigator
role and the worker's active consent grant. Every form works with no script.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep, caseload_service
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.pathways.caseload_json import today
from onramp.pathways.caseload_model import (
    MAX_ABOUT,
    MAX_NOTE,
    NO_PLAN,
    PLAN_STAGES,
    PLAN_STATUSES,
    CaseloadFilter,
    Due,
    Outcome,
    ReferralKind,
    Service,
)
from onramp.platform.model import Principal
from onramp.web.common import form_choice, form_date, page, redirect

router = APIRouter(include_in_schema=False)
FILTERS = ("stage", "status", "due", "outcome", "navigator", "q")


def words() -> dict[str, Any]:
    """What the templates need to say stages, statuses, outcomes and dates in words."""
    return {
        "stages": PLAN_STAGES,
        "statuses": PLAN_STATUSES,
        "stage_words": dict(PLAN_STAGES),
        "status_words": dict(PLAN_STATUSES),
        "outcomes": list(Outcome),
        "services": list(Service),
        "due_choices": [Due.OVERDUE, Due.THIS_WEEK],
        "no_plan": NO_PLAN,
        "day": lambda d: d.strftime("%b %d, %Y").replace(" 0", " "),
        "max_about": MAX_ABOUT,
        "max_note": MAX_NOTE,
    }


@router.get("/orgs/{org_id}/caseload", response_class=HTMLResponse)
def caseload(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    stage: str = Query("", max_length=32),
    status: str = Query("", max_length=32),
    due: str = Query("", max_length=16),
    outcome: str = Query("", max_length=16),
    navigator: str = Query("", max_length=36),
    q: str = Query("", max_length=200),
    page_number: int = Query(1, ge=1, le=10_000, alias="page"),
) -> Response:
    given = {"stage": stage, "status": status, "due": due, "outcome": outcome}
    given |= {"navigator": navigator, "q": q}
    chosen = CaseloadFilter(
        stage,
        status,
        form_choice(Due, due, "follow-up date"),
        form_choice(Outcome, outcome, "referral outcome"),
        navigator,
        q,
    )
    cases = caseload_service(request)
    view = cases.view(principal, org_id, chosen, page=page_number)
    kept = urlencode({k: v for k, v in given.items() if v})
    return page(
        request,
        "caseload.html",
        org_id=org_id,
        view=view,
        given=given,
        filtered=any(given.values()),
        kept=kept,
        **words(),
    )


def _worker_page(
    request: Request,
    principal: Principal,
    org_id: str,
    worker_id: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    cases = caseload_service(request)
    record = cases.worker(principal, org_id, worker_id)
    return page(
        request,
        "caseload_worker.html",
        status,
        org_id=org_id,
        record=record,
        choices=cases.choices(principal, org_id),
        **words(),
        **context,
    )


@router.get("/orgs/{org_id}/caseload/{worker_id}", response_class=HTMLResponse)
def caseload_worker(
    request: Request, org_id: str, worker_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _worker_page(request, principal, org_id, worker_id, saved=saved[:40])


def _back(org_id: str, worker_id: str, saved: str) -> Response:
    return redirect(f"/orgs/{org_id}/caseload/{worker_id}?saved={saved}")


@router.post("/orgs/{org_id}/caseload/{worker_id}/referrals", response_class=HTMLResponse)
async def refer(request: Request, org_id: str, worker_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    names = ("kind", "service", "program", "employer", "job", "target_text", "note")
    given = {k: str(form.get(k, "")) for k in names}

    def work() -> Response:
        try:
            kind = (
                form_choice(ReferralKind, given["kind"], "kind of referral") or ReferralKind.SERVICE
            )
            target_org, ref = "", ""
            picked = given["program"] or given["job"]
            if picked:  # "org id:program or job id" from the lists
                target_org, _, ref = picked.partition(":")
            elif given["employer"]:
                target_org = given["employer"]
            caseload_service(request).refer(
                principal,
                org_id,
                worker_id,
                kind,
                service=form_choice(Service, given["service"], "kind of help"),
                target_org_id=target_org,
                target_ref=ref,
                target_text=given["target_text"],
                note=given["note"],
            )
        except InvalidInputError as error:
            return _worker_page(
                request,
                principal,
                org_id,
                worker_id,
                status_for(error),
                error=str(error),
                bad=given,
            )
        return _back(org_id, worker_id, "referral")

    return await run_in_threadpool(work)


@router.post(
    "/orgs/{org_id}/caseload/{worker_id}/referrals/{referral_id}/outcome",
    response_class=HTMLResponse,
)
async def referral_outcome(
    request: Request, org_id: str, worker_id: str, referral_id: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("outcome", "on", "note")}

    def work() -> Response:
        try:
            outcome = form_choice(Outcome, given["outcome"], "outcome")
            if outcome is None:
                raise InvalidInputError("Choose how the referral went.")
            caseload_service(request).set_outcome(
                principal,
                org_id,
                referral_id,
                outcome,
                on=form_date(given["on"], "the day it happened"),
                note=given["note"],
            )
        except InvalidInputError as error:
            return _worker_page(
                request,
                principal,
                org_id,
                worker_id,
                status_for(error),
                error=str(error),
                bad_outcome=referral_id,
            )
        return _back(org_id, worker_id, "outcome")

    return await run_in_threadpool(work)


@router.post("/orgs/{org_id}/caseload/{worker_id}/follow-ups", response_class=HTMLResponse)
async def schedule(
    request: Request, org_id: str, worker_id: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("due", "about", "assigned_to")}

    def work() -> Response:
        try:
            due = form_date(given["due"], "the day to follow up")
            if due is None:
                raise InvalidInputError("Pick the day to follow up.")
            caseload_service(request).schedule(
                principal,
                org_id,
                worker_id,
                due,
                given["about"],
                assigned_to=given["assigned_to"],
            )
        except InvalidInputError as error:
            return _worker_page(
                request,
                principal,
                org_id,
                worker_id,
                status_for(error),
                error=str(error),
                bad_follow_up=given,
            )
        return _back(org_id, worker_id, "follow-up")

    return await run_in_threadpool(work)


@router.post("/orgs/{org_id}/caseload/{worker_id}/follow-ups/{follow_up_id}/done")
async def follow_up_done(
    request: Request, org_id: str, worker_id: str, follow_up_id: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    done = str(form.get("done", "yes")) != "no"

    def work() -> Response:
        caseload_service(request).change_follow_up(principal, org_id, follow_up_id, done=done)
        return _back(org_id, worker_id, "done" if done else "reopened")

    return await run_in_threadpool(work)


@router.get("/me/referrals", response_class=HTMLResponse)
def my_referrals(request: Request, principal: PrincipalDep) -> Response:
    found = caseload_service(request).for_worker(principal)
    return page(request, "my_referrals.html", referrals=found, **words(), today=today())
