"""The return-on-training page (issue 18, item 2): the employer's assumptions in a form beside
each saved investment's result, with every cost and gain line and its formula, the range of
the result, and a tornado (which assumption moves the result most) drawn as bars with a table
of the same numbers. A second form adds or changes an investment's measured figures. A refused
form comes back with the error beside it and what was typed still in it.

Thin: `Investments` checks who may save and does the arithmetic (`onramp.metrics.roi`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import fields
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.metrics.hiring_outcomes import may_record
from onramp.metrics.investments import INPUT_NAMES, Figure
from onramp.metrics.roi import Assumptions, ProgramKind, shown_assumptions
from onramp.platform.model import Principal
from onramp.web import charts
from onramp.web.common import form_choice, page, redirect
from onramp.web.metrics_employer_pages import employer_metrics
from onramp.web.wbl_pages import number, org_name

router = APIRouter(include_in_schema=False)
INPUT_WORDS = {
    "participants": "People who took part",
    "completers": "People who finished",
    "retained_12_months": "Of those who finished, still here after 12 months",
    "internal_fills": "Of those who finished, moved into a role you would have hired for",
    "training_cost": "Training cost in all (tuition, materials, teachers), dollars",
    "training_hours": "Paid hours in training, for each person",
    "mentor_hours": "Mentor hours, for each person",
    "public_funding": "Grants and tax credits received, dollars",
}
SAVED = {"assumptions": "Your assumptions are saved.", "investment": "The investment is saved."}
DEFAULTS = {f.name: f.default for f in fields(Assumptions)}


def tornado_chart(n: int, figure: Figure) -> charts.Chart:
    swings = figure.result.sensitivity.tornado
    items = [
        charts.Item(
            s.name.replace("_", " "),
            s.width,
            f"${min(s.net_at_low, s.net_at_high):,.0f} to ${max(s.net_at_low, s.net_at_high):,.0f}",
        )
        for s in swings
    ]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items[: charts.MAX_BARS])
    chart = charts.bar_chart(
        f"tornado-{n}",
        "Bar chart: how far each assumption moves the net benefit",
        f"The net benefit when each assumption moves over its range, widest first. {listed}."
        " The table beside it gives the same figures.",
        items,
    )
    return dataclasses.replace(chart, no_data="No assumption is uncertain here.")


def _roi_page(
    request: Request,
    principal: Principal,
    org_id: str,
    status: int = 200,
    *,
    saved: str = "",
    errors: dict[str, str] | None = None,
    given: dict[str, str] | None = None,
) -> HTMLResponse:
    service = employer_metrics(request).investments
    org, _ = service.saved(principal, org_id)
    figures = service.figures(principal, org_id)
    return page(
        request,
        "metrics_roi.html",
        status,
        org_id=org_id,
        org_name=org_name(principal, org_id),
        org_assumptions=org,
        defaults=DEFAULTS,
        meta=shown_assumptions(Assumptions()),
        figures=[(f, tornado_chart(n, f)) for n, f in enumerate(figures, 1)],
        measured=figures[0].measured_hire_cost if figures else None,
        may_save=may_record(principal, org_id),
        kinds=list(ProgramKind),
        input_names=INPUT_NAMES,
        input_words=INPUT_WORDS,
        saved=SAVED.get(saved, ""),
        errors=errors or {},
        given=given,
    )


@router.get("/orgs/{org_id}/metrics/roi", response_class=HTMLResponse)
def roi_page(
    request: Request, org_id: str, principal: PrincipalDep, saved: str = Query("", max_length=20)
) -> Response:
    return _roi_page(request, principal, org_id, saved=saved)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items() if k != "csrf_token"}


def _refused(
    request: Request,
    principal: Principal,
    org_id: str,
    key: str,
    error: InvalidInputError,
    given: dict[str, str],
) -> HTMLResponse:
    return _roi_page(
        request,
        principal,
        org_id,
        status_for(error),
        errors={key: str(error)},
        given={f"{key}.{k}": v for k, v in given.items()},
    )


@router.post("/orgs/{org_id}/metrics/roi/assumptions", response_class=HTMLResponse)
async def save_assumptions(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    """Every field of the form: a blank one goes back to the default."""
    given = await _form(request)

    def work() -> Response:
        try:
            chosen: dict[str, Any] = {}
            for name in DEFAULTS:
                value = number(given.get(name, ""), name.replace("_", " "))
                if value is not None:
                    chosen[name] = value
            employer_metrics(request).investments.save(
                principal, org_id, "", assumptions=chosen, replace_assumptions=True
            )
        except InvalidInputError as error:
            return _refused(request, principal, org_id, "assumptions", error, given)
        return redirect(f"/orgs/{org_id}/metrics/roi?saved=assumptions")

    return await run_in_threadpool(work)


@router.post("/orgs/{org_id}/metrics/roi/investments", response_class=HTMLResponse)
async def save_investment(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    given = await _form(request)

    def work() -> Response:
        try:
            name = " ".join(given.get("name", "").split())
            if not name:
                raise InvalidInputError("Give the investment a name, like Line cook roadmap.")
            kind = form_choice(ProgramKind, given.get("kind", ""), "kind", required=True)
            inputs = {
                k: v
                for k in INPUT_NAMES
                if (v := number(given.get(k, ""), INPUT_WORDS[k].split(",")[0].lower())) is not None
            }
            employer_metrics(request).investments.save(
                principal, org_id, name, kind=kind, inputs=inputs
            )
        except InvalidInputError as error:
            return _refused(request, principal, org_id, "investment", error, given)
        return redirect(f"/orgs/{org_id}/metrics/roi?saved=investment")

    return await run_in_threadpool(work)
