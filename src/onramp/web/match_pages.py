"""Pages for matching (issue 14): the employer's blind candidate list for a job, one candidate
explained (with a reveal that is audited each time, and a button that starts an onboarding
plan), the plan with each item editable, and the worker's "jobs for me" and plans.

Pages are thin: each calls one `Matching`, `Personal` or `OnboardingPlans` use case, which
checks who may. Blind by default: no page here shows a name, photo, age, school, degree,
address or the worker's account id, except the answer to a Reveal, which is never kept: each
look is a new, audited reveal. A candidate is named in a URL by its handle, opaque and for that
job only (decisions/0023); a changed or foreign handle is a 404.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep, matching_services
from onramp.api.errors import status_for
from onramp.errors import ConflictError, InvalidInputError, NotFoundError
from onramp.matching.onboarding import MAX_WEEKS, MIN_WEEKS, Activity, ItemState
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.scoring.words import NOUNS, Certainty, Fit, level_words
from onramp.platform.model import Principal
from onramp.web.common import form_choice, page, redirect

router = APIRouter(include_in_schema=False)


def words() -> dict[str, Any]:
    """What the templates use to say scores, levels and evidence in plain words."""
    return {
        "fit": Fit.of,
        "certainty": Certainty.of,
        "level_words": level_words,
        "noun": lambda kind: NOUNS[EvidenceKind(kind)],
        "percent": lambda value: round(value * 100),
    }


def _candidate_url(job_id: str, handle: str) -> str:
    return f"/jobs/{job_id}/candidates/{handle}"


# -- the employer's side ---------------------------------------------------------------------
@router.get("/jobs/{job_id}/candidates", response_class=HTMLResponse)
def candidate_list(request: Request, job_id: str, principal: PrincipalDep) -> Response:
    services = matching_services(request)
    found = services.matching.candidates(principal, job_id)
    planned = services.plans.planned(principal, job_id)
    return page(request, "match_candidates.html", listing=found, planned=planned, **words())


def _detail_page(
    request: Request,
    principal: Principal,
    job_id: str,
    handle: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    services = matching_services(request)
    worker_id = services.matching.worker_of(job_id, handle)
    detail = services.matching.explain(principal, job_id, worker_id)
    plan = services.plans.get(principal, job_id, worker_id)
    return page(
        request, "match_candidate.html", status, detail=detail, plan=plan, **words(), **extra
    )


@router.get("/jobs/{job_id}/candidates/{handle}", response_class=HTMLResponse)
def candidate_detail(
    request: Request, job_id: str, handle: str, principal: PrincipalDep
) -> Response:
    return _detail_page(request, principal, job_id, handle)


@router.post("/jobs/{job_id}/candidates/{handle}/reveal", response_class=HTMLResponse)
def reveal(request: Request, job_id: str, handle: str, principal: PrincipalDep) -> Response:
    """Name and details, on this answer only: they are not kept, so each look is audited."""
    services = matching_services(request)
    worker_id = services.matching.worker_of(job_id, handle)
    details = services.personal.reveal(principal, job_id, worker_id)
    return _detail_page(request, principal, job_id, handle, revealed=details)


@router.post("/jobs/{job_id}/candidates/{handle}/plan", response_class=HTMLResponse)
def create_plan(request: Request, job_id: str, handle: str, principal: PrincipalDep) -> Response:
    services = matching_services(request)
    worker_id = services.matching.worker_of(job_id, handle)
    with suppress(ConflictError):  # a second click, or a reload: the plan is there already
        services.plans.create(principal, job_id, worker_id)
    return redirect(f"{_candidate_url(job_id, handle)}/plan")


def _plan_page(
    request: Request,
    principal: Principal,
    job_id: str,
    handle: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    services = matching_services(request)
    worker_id = services.matching.worker_of(job_id, handle)
    detail = services.matching.explain(principal, job_id, worker_id)  # checks who may
    plan = services.plans.get(principal, job_id, worker_id)
    if plan is None:
        raise NotFoundError("There is no plan for this person and job yet.")
    return page(
        request,
        "match_plan.html",
        status,
        detail=detail,
        stored=plan,
        activities=list(Activity),
        states=list(ItemState),
        min_weeks=MIN_WEEKS,
        max_weeks=MAX_WEEKS,
        **extra,
    )


@router.get("/jobs/{job_id}/candidates/{handle}/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, job_id: str, handle: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _plan_page(request, principal, job_id, handle, saved=saved)


def _weeks(given: str) -> int:
    try:
        return int(given.strip())
    except ValueError:
        raise InvalidInputError(
            f"Give the weeks as a whole number from {MIN_WEEKS} to {MAX_WEEKS}."
        ) from None


@router.post("/jobs/{job_id}/candidates/{handle}/plan/items", response_class=HTMLResponse)
async def change_item(
    request: Request, job_id: str, handle: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("skill", "activity", "weeks", "state", "note")}

    def work() -> Response:
        services = matching_services(request)
        worker_id = services.matching.worker_of(job_id, handle)
        try:
            services.plans.change_item(
                principal,
                job_id,
                worker_id,
                given["skill"],
                activity=form_choice(Activity, given["activity"], "way to learn", required=True),
                weeks=_weeks(given["weeks"]),
                state=form_choice(ItemState, given["state"], "state", required=True),
                note=given["note"],
            )
        except InvalidInputError as error:
            return _plan_page(
                request,
                principal,
                job_id,
                handle,
                status_for(error),
                error=str(error),
                bad=given,
            )
        return redirect(f"{_candidate_url(job_id, handle)}/plan?saved={given['skill']}")

    return await run_in_threadpool(work)


# -- the worker's side -----------------------------------------------------------------------
@router.get("/me/jobs-for-me", response_class=HTMLResponse)
def jobs_for_me(request: Request, principal: PrincipalDep) -> Response:
    matching = matching_services(request).matching
    profile, _left_out = matching.profile(principal)  # with no proof, there is nothing to rank
    fits = matching.jobs_for_me(principal) if profile.skills else []
    return page(
        request, "match_jobs_for_me.html", fits=fits, has_evidence=bool(profile.skills), **words()
    )


@router.get("/me/plans", response_class=HTMLResponse)
def my_plans(request: Request, principal: PrincipalDep) -> Response:
    services = matching_services(request)
    plans = services.plans.mine(principal)
    titles = {}
    for stored in plans:
        try:
            titles[stored.job_id] = services.matching.jobs.public(stored.job_id).draft.title
        except NotFoundError:  # the job is filled or closed: it is no longer public
            titles[stored.job_id] = "A job that is no longer open"
    return page(request, "match_my_plans.html", plans=plans, titles=titles)
