"""Pages for the career advancement plan (issue 15, item 4): the worker's plan (start it, save a
pathway to it, change it one form at a time, share it, print it), a navigator's view of a plan
shared with their organization (with the notes, goals and milestones they add, and a print
view), and an organization's own version of the plan's questions.

Pages are thin: each calls a `CareerPlans` or `PlanGuides` use case, which checks who may. A
refused form is drawn again with what was typed and the reason, and nothing is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PlatformDep, PrincipalDep, plans_service
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.pathways.guide import GRADE_CEILING, GRADE_GOAL, AdaptMode, QuestionKind, Stage
from onramp.pathways.plan_guides import split_lines
from onramp.pathways.plan_model import (
    MAX_TEXT,
    NAVIGATOR_EDITS,
    Author,
    Edit,
    EditKind,
    PlanStatus,
    SupportKind,
)
from onramp.pathways.plans import CareerPlans
from onramp.platform.directory import organization_names
from onramp.platform.model import Principal, PurposeKind
from onramp.web.common import form_choice, page, redirect

router = APIRouter(include_in_schema=False)

SHARE_PURPOSE = "Help with my career plan"
SAVED_WORDS = {
    "started": "Your plan is ready. Start with the first stage.",
    "pathway": "The pathway is saved to your plan.",
    "shared": "Your plan is now shared. You can stop sharing at any time.",
    "added": "Added to the plan. The worker can see it.",
    **{k.value: "Saved." for k in EditKind},
}
FIELDS = ("kind", "stage", "text", "due", "item_id", "done", "support", "status", "guide_org_id")


def words() -> dict[str, Any]:
    """What the plan templates use to say stages, statuses and supports in words."""
    return {
        "stages": list(Stage),
        "statuses": list(PlanStatus),
        "supports": list(SupportKind),
        "kinds": QuestionKind,
        "navigator": Author.NAVIGATOR,
        "max_text": MAX_TEXT,
    }


def edit_from(given: dict[str, str]) -> Edit:
    """One edit from a plain form's fields."""
    kind = form_choice(EditKind, given["kind"], "change")
    if kind is None:
        raise InvalidInputError("Choose a change from the list.")
    due = None
    if given["due"].strip():
        try:
            due = date.fromisoformat(given["due"].strip())
        except ValueError:
            raise InvalidInputError("Give the date as year-month-day, like 2027-03-01.") from None
    return Edit(
        kind,
        form_choice(Stage, given["stage"], "stage"),
        given["text"],
        due,
        given["item_id"],
        given["done"] in ("1", "true", "on"),
        form_choice(SupportKind, given["support"], "kind of help"),
        form_choice(PlanStatus, given["status"], "status"),
        given["guide_org_id"] or None,
    )


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name, ""))[: MAX_TEXT * 4] for name in FIELDS}


# -- the worker's plan ----------------------------------------------------------------------
def _my_page(
    request: Request, principal: Principal, p: Any, status: int = 200, **extra: Any
) -> Response:
    plans: CareerPlans = plans_service(request)
    plan = plans.mine(principal)
    sharing = plans.sharing_with(principal) if plan else []
    return page(
        request,
        "plan.html",
        status,
        plan=plan,
        guide=plans.guide_for(plan),
        choices=plans.guide_choices(principal) if plan else [],
        sharing=sharing,
        orgs=organization_names(p.engine) if plan else [],
        **words(),
        **extra,
    )


@router.get("/me/plan", response_class=HTMLResponse)
def my_plan(request: Request, principal: PrincipalDep, p: PlatformDep, saved: str = "") -> Response:
    return _my_page(request, principal, p, saved=SAVED_WORDS.get(saved, ""))


@router.post("/me/plan/start", response_class=HTMLResponse)
def start(request: Request, principal: PrincipalDep) -> Response:
    plans_service(request).start(principal)
    return redirect("/me/plan?saved=started")


@router.post("/me/plan/from-pathway", response_class=HTMLResponse)
async def from_pathway(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    """The pathway page's "Save this pathway to my plan": `target` and `steps` (codes,
    comma-separated, in order). An unknown code saves nothing."""
    form = await request.form()
    target, steps = str(form.get("target", "")), str(form.get("steps", ""))

    def work() -> Response:
        try:
            plans_service(request).set_pathway(principal, target, steps.split(","))
        except InvalidInputError as error:
            return _my_page(request, principal, p, status_for(error), error=str(error))
        return redirect("/me/plan?saved=pathway")

    return await run_in_threadpool(work)


@router.post("/me/plan/edit", response_class=HTMLResponse)
async def edit(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    given = await _fields(request)

    def work() -> Response:
        try:
            change = edit_from(given)
            plans_service(request).edit(principal, [change])
        except InvalidInputError as error:
            return _my_page(request, principal, p, status_for(error), error=str(error), bad=given)
        anchor = f"#stage-{change.stage.value}" if change.stage else ""
        return redirect(f"/me/plan?saved={change.kind.value}{anchor}")

    return await run_in_threadpool(work)


@router.post("/me/plan/share", response_class=HTMLResponse)
async def share(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    """Share the plan (only the plan) with a group, for a navigator's help."""
    form = await request.form()
    org_id, days = str(form.get("org_id", "")), str(form.get("days", "180"))

    def work() -> Response:
        try:
            length = int(days or 180)
        except ValueError:
            length = 0  # refused below, in the use case's words
        try:
            p.consents.grant(
                principal, org_id, ["plan"], PurposeKind.NAVIGATOR_SUPPORT, SHARE_PURPOSE, length
            )
        except InvalidInputError as error:
            return _my_page(request, principal, p, status_for(error), error=str(error))
        return redirect("/me/plan?saved=shared")

    return await run_in_threadpool(work)


@router.get("/me/plan/print", response_class=HTMLResponse)
def my_plan_print(request: Request, principal: PrincipalDep) -> Response:
    plans: CareerPlans = plans_service(request)
    plan = plans.mine(principal)
    return page(
        request,
        "plan_print.html",
        plan=plan,
        guide=plans.guide_for(plan),
        owner=principal.user.name,
        back="/me/plan",
        **words(),
    )


# -- a navigator's view of a shared plan ----------------------------------------------------
def _shared_url(org_id: str, worker_id: str) -> str:
    return f"/orgs/{org_id}/workers/{worker_id}/plan"


def _shared_page(
    request: Request,
    principal: Principal,
    org_id: str,
    worker_id: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    seen = plans_service(request).shared(principal, org_id, worker_id)  # checks who may
    return page(
        request,
        "plan_shared.html",
        status,
        seen=seen,
        plan=seen.plan,
        guide=seen.guide,
        additions=sorted(NAVIGATOR_EDITS),
        **words(),
        **extra,
    )


@router.get("/orgs/{org_id}/workers/{worker_id}/plan", response_class=HTMLResponse)
def shared_plan(
    request: Request, org_id: str, worker_id: str, principal: PrincipalDep, saved: str = ""
) -> Response:
    return _shared_page(request, principal, org_id, worker_id, saved=SAVED_WORDS.get(saved, ""))


@router.get("/orgs/{org_id}/workers/{worker_id}/plan/print", response_class=HTMLResponse)
def shared_plan_print(
    request: Request, org_id: str, worker_id: str, principal: PrincipalDep
) -> Response:
    seen = plans_service(request).shared(principal, org_id, worker_id)
    return page(
        request,
        "plan_print.html",
        plan=seen.plan,
        guide=seen.guide,
        owner=seen.worker_name or "A worker",
        back=_shared_url(org_id, worker_id),
        **words(),
    )


@router.post("/orgs/{org_id}/workers/{worker_id}/plan/add", response_class=HTMLResponse)
async def navigator_add(
    request: Request, org_id: str, worker_id: str, principal: PrincipalDep
) -> Response:
    given = await _fields(request)

    def work() -> Response:
        try:
            change = edit_from(given)
            plans_service(request).add_as_navigator(principal, org_id, worker_id, change)
        except InvalidInputError as error:
            return _shared_page(
                request,
                principal,
                org_id,
                worker_id,
                status_for(error),
                error=str(error),
                bad=given,
            )
        return redirect(f"{_shared_url(org_id, worker_id)}?saved=added")

    return await run_in_threadpool(work)


# -- an organization's version of the questions ---------------------------------------------
def _guide_page(
    request: Request, principal: Principal, org_id: str, status: int = 200, **extra: Any
) -> Response:
    guide, changes = plans_service(request).guides.of_org(principal, org_id)
    return page(
        request,
        "plan_guide.html",
        status,
        guide=guide,
        changes={c.stage: c for c in changes},
        modes=list(AdaptMode),
        grade_goal=int(GRADE_GOAL),
        grade_ceiling=int(GRADE_CEILING),
        is_admin=any(
            m.org_id == org_id and m.role.value == "org_admin" for m in principal.memberships
        ),
        **words(),
        **extra,
    )


@router.get("/orgs/{org_id}/plan-guide", response_class=HTMLResponse)
def org_guide(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    return _guide_page(request, principal, org_id)


@router.post("/orgs/{org_id}/plan-guide", response_class=HTMLResponse)
async def save_guide(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    given = {k: str(form.get(k, "")) for k in ("stage", "mode", "self", "employer", "help")}

    def work() -> Response:
        try:
            stage = form_choice(Stage, given["stage"], "stage")
            mode = form_choice(AdaptMode, given["mode"], "way to change the questions")
            if stage is None or mode is None:
                raise InvalidInputError("Choose a stage and a way to change its questions.")
            warnings = plans_service(request).guides.save(
                principal,
                org_id,
                stage,
                mode,
                split_lines(given["self"]),
                split_lines(given["employer"]),
                given["help"],
            )
        except InvalidInputError as error:
            return _guide_page(
                request, principal, org_id, status_for(error), error=str(error), bad=given
            )
        return _guide_page(request, principal, org_id, saved_stage=stage, warnings=warnings)

    return await run_in_threadpool(work)
