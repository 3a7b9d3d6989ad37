"""Pages of the microcredential designer (issue 16, items 3-4). Thin: `MicrocredentialDesigns`
decides who may see and do what; `microcredential_design_forms` turns each form into a new
document for its `edit`.

- a training provider's list of designs, and the designer: steps a-e (targets with the demand
  evidence beside them, outcomes, assessments, modules, commitments), the completeness list in
  words, and a Publish button that lists the gaps when it is refused;
- an employer partner's list of designs naming it, and a sign-off page per design, where each
  outcome asked of it is signed off or sent back with a note;
- the public page of a published microcredential, with its CTDL JSON-LD and OB 3.0 Achievement.
Works with no script.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError, NotFoundError
from onramp.market.microcredentials.designs import (
    DesignIncompleteError,
    DesignView,
    MicrocredentialDesigns,
)
from onramp.market.microcredentials.model import (
    MAX_NOTE,
    AssessmentMethod,
    CommitmentKind,
    DesignState,
    ModuleFormat,
    TargetKind,
)
from onramp.platform.model import Principal
from onramp.taxonomy.proficiency import Proficiency
from onramp.web.common import page, redirect
from onramp.web.microcredential_design_forms import apply_step

router = APIRouter(include_in_schema=False)
DESIGN = "/microcredentials/designs/{design_id}"


def _designs(request: Request) -> MicrocredentialDesigns:
    return MicrocredentialDesigns(request.app.state.engine, request.app.state.credentials.issuing)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _designer_page(
    request: Request,
    principal: Principal,
    view: DesignView,
    status: int = 200,
    *,
    area: str = "",
    occupation: str = "",
    error: str = "",
    refused: list[Any] | None = None,
    saved: str = "",
) -> Response:
    designs = _designs(request)
    if not view.may_edit:
        raise NotFoundError("There is no such microcredential design, or you cannot see it.")
    evidence, evidence_error = None, ""
    if view.design.state is DesignState.DRAFT:
        try:
            evidence = designs.evidence(principal, view.design.org_id, area, occupation)
        except InvalidInputError as problem:  # an area Onramp does not know
            evidence_error = str(problem)
    parts = view.design.parts
    return page(
        request,
        "microcredential_design.html",
        status,
        view=view,
        parts=parts,
        evidence=evidence,
        evidence_error=evidence_error,
        area=area,
        occupation=occupation,
        employers=designs.employers(principal, view.design.org_id),
        error=error,
        refused=refused,
        saved=saved,
        percent=_percent,
        levels=list(Proficiency),
        methods=list(AssessmentMethod),
        formats=list(ModuleFormat),
        commitment_kinds=list(CommitmentKind),
        target_kinds=TargetKind,
        chosen_skills={o.skill for o in parts.outcomes},
        chosen_targets={t.ref for t in parts.targets},
        draft=view.design.state is DesignState.DRAFT,
    )


# -- the training provider ----------------------------------------------------------------------
@router.get("/orgs/{org_id}/microcredentials", response_class=HTMLResponse)
def provider_designs(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    designs = _designs(request).designs(principal, org_id)
    return page(request, "microcredential_designs.html", org_id=org_id, designs=designs)


@router.post("/orgs/{org_id}/microcredentials", response_class=HTMLResponse)
async def create_design(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    name = str(form.get("name", ""))

    def work() -> Response:
        designs = _designs(request)
        try:
            view = designs.create(principal, org_id, name)
        except InvalidInputError as error:
            return page(
                request,
                "microcredential_designs.html",
                status_for(error),
                org_id=org_id,
                designs=designs.designs(principal, org_id),
                error=str(error),
            )
        return redirect(f"/microcredentials/designs/{view.design.id}")

    return await run_in_threadpool(work)


@router.get(DESIGN, response_class=HTMLResponse)
def designer(
    request: Request,
    design_id: str,
    principal: PrincipalDep,
    area: str = Query("", max_length=200),
    occupation: str = Query("", max_length=20),
    saved: str = Query("", max_length=40),
) -> Response:
    view = _designs(request).get(principal, design_id)
    if not view.may_edit:  # a partner's signer: their page is the sign-off page
        return redirect(f"/microcredentials/designs/{design_id}/sign-off")
    return _designer_page(request, principal, view, area=area, occupation=occupation, saved=saved)


@router.post(DESIGN + "/parts", response_class=HTMLResponse)
async def edit_parts(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    fields = {k: str(v) for k, v in form.items()}
    lists = {"outcome_ids": [str(v) for v in form.getlist("outcome_ids")]}
    step = fields.get("step", "")
    keep = {k: fields.get(k, "") for k in ("area", "occupation")}

    def work() -> Response:
        designs = _designs(request)
        view = designs.get(principal, design_id)
        try:
            parts = apply_step(view.design.parts, step, fields, lists)
            designs.edit(principal, design_id, parts)
        except InvalidInputError as error:
            return _designer_page(
                request,
                principal,
                view,
                status_for(error),
                area=keep["area"],
                occupation=keep["occupation"],
                error=str(error),
            )
        query = "&".join(f"{k}={v}" for k, v in keep.items() if v)
        anchor = "step-" + step.removeprefix("remove_")
        return redirect(f"/microcredentials/designs/{design_id}?saved={step}&{query}#{anchor}")

    return await run_in_threadpool(work)


@router.post(DESIGN + "/publish", response_class=HTMLResponse)
async def publish(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    def work() -> Response:
        designs = _designs(request)
        try:
            designs.publish(principal, design_id)
        except DesignIncompleteError as refused:
            view = designs.get(principal, design_id)
            return _designer_page(
                request,
                principal,
                view,
                status_for(refused),
                error="This design cannot be published yet. See what is still to do below.",
                refused=refused.gaps,
            )
        except InvalidInputError as error:
            view = designs.get(principal, design_id)
            return _designer_page(request, principal, view, status_for(error), error=str(error))
        return redirect(f"/microcredentials/designs/{design_id}?saved=publish")

    return await run_in_threadpool(work)


@router.post(DESIGN + "/retire", response_class=HTMLResponse)
async def retire(request: Request, design_id: str, principal: PrincipalDep) -> Response:
    def work() -> Response:
        designs = _designs(request)
        try:
            designs.retire(principal, design_id)
        except InvalidInputError as error:
            view = designs.get(principal, design_id)
            return _designer_page(request, principal, view, status_for(error), error=str(error))
        return redirect(f"/microcredentials/designs/{design_id}?saved=retire")

    return await run_in_threadpool(work)


# -- the employer partner -----------------------------------------------------------------------
@router.get("/orgs/{org_id}/microcredential-partners", response_class=HTMLResponse)
def partner_designs(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    designs = _designs(request).partner_designs(principal, org_id)
    return page(request, "microcredential_partner_designs.html", org_id=org_id, designs=designs)


def _sign_off_page(
    request: Request, view: DesignView, status: int = 200, *, error: str = "", saved: str = ""
) -> Response:
    if not view.signs_for:
        raise NotFoundError("There is no such microcredential design, or you cannot see it.")
    parts = view.design.parts
    mine = [o for o in parts.outcomes if o.partner_org_id in view.signs_for]
    return page(
        request,
        "microcredential_sign_off.html",
        status,
        view=view,
        parts=parts,
        mine=mine,
        others=[o for o in parts.outcomes if o.partner_org_id not in view.signs_for],
        commitments=[c for c in parts.commitments if c.org_id in view.signs_for],
        max_note=MAX_NOTE,
        error=error,
        saved=saved,
        draft=view.design.state is DesignState.DRAFT,
    )


@router.get(DESIGN + "/sign-off", response_class=HTMLResponse)
def sign_off_page(
    request: Request,
    design_id: str,
    principal: PrincipalDep,
    saved: str = Query("", max_length=40),
) -> Response:
    return _sign_off_page(request, _designs(request).get(principal, design_id), saved=saved)


async def _partner_says(
    request: Request, design_id: str, outcome_id: str, principal: Principal, what: str
) -> Response:
    form = await request.form()
    note = str(form.get("note", ""))

    def work() -> Response:
        designs = _designs(request)
        try:
            if what == "sign-off":
                designs.sign_off(principal, design_id, outcome_id)
            else:
                designs.send_back(principal, design_id, outcome_id, note)
        except InvalidInputError as error:
            view = designs.get(principal, design_id)
            return _sign_off_page(request, view, status_for(error), error=str(error))
        return redirect(f"/microcredentials/designs/{design_id}/sign-off?saved={what}")

    return await run_in_threadpool(work)


@router.post(DESIGN + "/outcomes/{outcome_id}/sign-off", response_class=HTMLResponse)
async def sign_off(
    request: Request, design_id: str, outcome_id: str, principal: PrincipalDep
) -> Response:
    return await _partner_says(request, design_id, outcome_id, principal, "sign-off")


@router.post(DESIGN + "/outcomes/{outcome_id}/send-back", response_class=HTMLResponse)
async def send_back(
    request: Request, design_id: str, outcome_id: str, principal: PrincipalDep
) -> Response:
    return await _partner_says(request, design_id, outcome_id, principal, "send-back")


# -- anyone ---------------------------------------------------------------------------------------
@router.get("/microcredentials/{design_id}", response_class=HTMLResponse)
def public_page(request: Request, design_id: str) -> Response:
    designs = _designs(request)
    view = designs.public(design_id)
    return page(
        request,
        "microcredential_public.html",
        view=view,
        parts=view.design.parts,
        achievement_url=designs.achievement_url(view),
        ctdl_url=f"/microcredentials/{design_id}/ctdl.json",
        retired=view.design.state is DesignState.RETIRED,
    )


@router.get("/microcredentials/{design_id}/ctdl.json")
def public_ctdl(request: Request, design_id: str) -> Response:
    designs = _designs(request)
    return JSONResponse(designs.ctdl(designs.public(design_id)), media_type="application/ld+json")
