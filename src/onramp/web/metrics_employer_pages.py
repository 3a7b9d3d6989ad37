"""An employer's metrics pages (issue 18, item 1): the dashboard, with every figure beside a
plain sentence of how it was reached, bar charts drawn on the server with a table of the same
numbers, and the before/after view of a job family that switched to skills-based requirements;
and the records page, with real forms to write down an offer or a hire, a 90-day or 12-month
check, new pay or a level move, a hiring cost and the day of a switch. A refused form comes
back with the error beside it and what was typed still in it.

Thin: `EmployerMetrics` decides who may read and write and does the counting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.metrics.employer import CostKind, FamilyComparison, MetricName
from onramp.metrics.employer_dashboard import Dashboard, how, shown
from onramp.metrics.employer_service import EmployerMetrics
from onramp.metrics.hiring_outcomes import may_record
from onramp.metrics.monitoring import reads_fairness
from onramp.platform.model import Principal
from onramp.web import charts
from onramp.web.common import form_choice, form_date, page, redirect
from onramp.web.metrics_monitor_pages import dashboard_alerts
from onramp.web.wbl_pages import number, org_name

router = APIRouter(include_in_schema=False)
SAVED = {
    "outcome": "The offer or hire is saved.",
    "check": "The check is saved.",
    "pay": "The pay change is saved.",
    "cost": "The cost is saved.",
    "switch": "The date of the switch is saved.",
}
NO_SHARES = "Nothing to draw yet: no share is known."


def employer_metrics(request: Request) -> EmployerMetrics:
    found: EmployerMetrics = request.app.state.employer_metrics
    return found


def shares_chart(board: Dashboard) -> charts.Chart:
    items = [
        charts.Item(m.name.label.rstrip("."), m.value * 100, shown(m))
        for m in board.metrics
        if m.unit == "share" and m.value is not None
    ]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items)
    chart = charts.bar_chart(
        "shares-chart",
        "Bar chart: your hiring shares, in percent",
        f"{listed}. The table below gives the same figures." if items else NO_SHARES,
        items,
    )
    return dataclasses.replace(chart, no_data=NO_SHARES)


def switch_chart(n: int, comparison: FamilyComparison, label: str) -> charts.Chart:
    row = next(r for r in comparison.rows if r.name is MetricName.TIME_TO_FILL)
    items = [
        charts.Item(f"{side} the switch", m.value, shown(m))
        for side, m in (("Before", row.before), ("After", row.after))
        if m.value is not None
    ]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items)
    chart = charts.bar_chart(
        f"switch-chart-{n}",
        f"Bar chart: days to fill a {label} job, before and after",
        f"{listed}. The table beside it gives every figure." if items else "No job filled yet.",
        items,
    )
    return dataclasses.replace(chart, no_data="No job of this kind was filled yet.")


@router.get("/orgs/{org_id}/metrics", response_class=HTMLResponse)
def dashboard_page(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    board = employer_metrics(request).dashboards.dashboard(principal, org_id)
    labels = {f.code: f.label for f in board.families}
    switches = [
        (c, labels.get(c.family, c.family), switch_chart(n, c, labels.get(c.family, c.family)))
        for n, c in enumerate(board.comparisons, 1)
    ]
    return page(
        request,
        "metrics_employer.html",
        org_id=org_id,
        org_name=org_name(principal, org_id),
        board=board,
        chart=shares_chart(board),
        switches=switches,
        may_record=may_record(principal, org_id),
        shown=shown,
        how=how,
        fairness_alerts=dashboard_alerts(request, principal, org_id),
        fairness_link=reads_fairness(principal, org_id),
    )


# -- the records page ------------------------------------------------------------------------
def _records_page(
    request: Request,
    principal: Principal,
    org_id: str,
    status: int = 200,
    *,
    saved: str = "",
    errors: dict[str, str] | None = None,
    given: dict[str, str] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "metrics_employer_records.html",
        status,
        org_id=org_id,
        org_name=org_name(principal, org_id),
        choices=employer_metrics(request).choices(principal, org_id),
        may_record=may_record(principal, org_id),
        cost_kinds=list(CostKind),
        saved=SAVED.get(saved, ""),
        errors=errors or {},
        given=given or {},
    )


@router.get("/orgs/{org_id}/metrics/records", response_class=HTMLResponse)
def records_page(
    request: Request, org_id: str, principal: PrincipalDep, saved: str = Query("", max_length=20)
) -> Response:
    return _records_page(request, principal, org_id, saved=saved)


async def _act(
    request: Request,
    principal: Principal,
    org_id: str,
    key: str,
    act: Callable[[dict[str, str]], object],
) -> Response:
    """Run one form's write; on a refusal show the page again with the error beside that
    form and every field as it was typed."""
    form = await request.form()
    given = {k: str(v) for k, v in form.items() if k != "csrf_token"}

    def work() -> Response:
        try:
            act(given)
        except InvalidInputError as error:
            return _records_page(
                request,
                principal,
                org_id,
                status_for(error),
                errors={key: str(error)},
                given={f"{key}.{k}": v for k, v in given.items()},
            )
        return redirect(f"/orgs/{org_id}/metrics/records?saved={key}")

    return await run_in_threadpool(work)


def _required(given: dict[str, str], name: str, what: str) -> str:
    value = given.get(name, "").strip()
    if not value:
        raise InvalidInputError(f"Choose {what}.")
    return value


def _level(given: str) -> int | None:
    value = number(given, "the level")
    if value is None:
        return None
    if value != int(value):
        raise InvalidInputError("Give a level as a whole number, like 2.")
    return int(value)


@router.post("/orgs/{org_id}/metrics/records/outcome", response_class=HTMLResponse)
async def record_outcome(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    outcomes = employer_metrics(request).outcomes

    def act(g: dict[str, str]) -> object:
        decision = g.get("decision", "")
        if decision not in ("offered", "hired", "none"):
            raise InvalidInputError("Choose what happened: an offer, a hire, or neither.")
        return outcomes.record_outcome(
            principal,
            org_id,
            _required(g, "application_id", "the person and job"),
            offered=decision in ("offered", "hired"),
            hired=decision == "hired",
            offered_on=form_date(g.get("offered_on", ""), "day of the offer"),
            hired_on=form_date(g.get("hired_on", ""), "first day of work"),
            starting_hourly=number(g.get("starting_hourly", ""), "the starting pay"),
            internal=g.get("internal") == "yes",
        )

    return await _act(request, principal, org_id, "outcome", act)


@router.post("/orgs/{org_id}/metrics/records/check", response_class=HTMLResponse)
async def record_check(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    outcomes = employer_metrics(request).outcomes

    def act(g: dict[str, str]) -> object:
        days = {"90": 90, "365": 365}.get(g.get("days", ""))
        if days is None:
            raise InvalidInputError("Choose the 90-day or the 12-month check.")
        still = g.get("still_employed", "")
        if still not in ("yes", "no"):
            raise InvalidInputError("Say whether they still work here.")
        checked_on = form_date(g.get("checked_on", ""), "day of the check")
        if checked_on is None:
            raise InvalidInputError("Give the day of the check.")
        outcomes.record_check(
            principal,
            org_id,
            _required(g, "hire_id", "the hire"),
            days=days,
            still_employed=still == "yes",
            checked_on=checked_on,
        )
        return None

    return await _act(request, principal, org_id, "check", act)


@router.post("/orgs/{org_id}/metrics/records/pay", response_class=HTMLResponse)
async def record_pay(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    outcomes = employer_metrics(request).outcomes

    def act(g: dict[str, str]) -> object:
        on = form_date(g.get("on", ""), "day the new pay starts")
        hourly = number(g.get("hourly", ""), "the new pay")
        if on is None or hourly is None:
            raise InvalidInputError("Give the new pay and the day it starts.")
        outcomes.record_pay(
            principal,
            org_id,
            _required(g, "hire_id", "the hire"),
            on=on,
            hourly=hourly,
            from_level=_level(g.get("from_level", "")),
            to_level=_level(g.get("to_level", "")),
        )
        return None

    return await _act(request, principal, org_id, "pay", act)


@router.post("/orgs/{org_id}/metrics/records/cost", response_class=HTMLResponse)
async def record_cost(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    outcomes = employer_metrics(request).outcomes

    def act(g: dict[str, str]) -> object:
        amount = number(g.get("amount", ""), "the cost")
        spent_on = form_date(g.get("spent_on", ""), "day of the cost")
        if amount is None or spent_on is None:
            raise InvalidInputError("Give the cost and the day it was paid.")
        kind: CostKind = form_choice(CostKind, g.get("kind", ""), "kind of cost", required=True)
        outcomes.record_cost(
            principal,
            org_id,
            _required(g, "job_id", "the job"),
            kind=kind,
            amount=amount,
            spent_on=spent_on,
        )
        return None

    return await _act(request, principal, org_id, "cost", act)


@router.post("/orgs/{org_id}/metrics/records/switch", response_class=HTMLResponse)
async def record_switch(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    outcomes = employer_metrics(request).outcomes

    def act(g: dict[str, str]) -> object:
        switched_on = form_date(g.get("switched_on", ""), "day of the switch")
        if switched_on is None:
            raise InvalidInputError("Give the day the job began to ask for skills.")
        outcomes.record_switch(
            principal, org_id, _required(g, "family", "the kind of job"), switched_on
        )
        return None

    return await _act(request, principal, org_id, "switch", act)
