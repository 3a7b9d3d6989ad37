"""The employer's fair hiring checks (issue 18, item 3): the adverse-impact monitor's windows
over the last 90 days, for the whole employer and per job, with its open warnings and a form
to close one by saying what was done. Org admins and HR admins only.

Thin: `FairnessMonitor` decides who may read and what is safe to show; this page draws the
rates as bars with a table of the same figures beside them. No page names a person's group.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError
from onramp.matching.personal import Question
from onramp.metrics.monitor import FOUR_FIFTHS, GroupResult, Status, WindowResult
from onramp.metrics.monitoring import GROUP_NAMES, MAX_NOTE, FairnessMonitor
from onramp.platform.model import Principal
from onramp.web import charts
from onramp.web.common import page, redirect

router = APIRouter(include_in_schema=False)
TOPICS = {  # what each question is about, for "By ..." headings
    Question.RACE_ETHNICITY: "race or ethnicity",
    Question.SEX: "sex",
    Question.AGE_BAND: "age",
    Question.DISABILITY: "disability",
    Question.VETERAN: "veteran status",
}
NO_RATES = "No rates to draw: the groups are too small, or no one was picked yet."


def fairness(request: Request) -> FairnessMonitor:
    found: FairnessMonitor = request.app.state.fairness
    return found


def _percent(value: float | None) -> str:
    return "hidden" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def ordered(window: WindowResult) -> list[GroupResult]:
    """The window's groups in the order the question lists its answers."""
    order = list(GROUP_NAMES[Question(window.question)])
    return sorted(window.groups, key=lambda g: order.index(g.group) if g.group in order else 99)


def rate_chart(window: WindowResult, key: str) -> charts.Chart:
    """Bars of each group's rate of being picked, where the rate is safe to show."""
    items = [
        charts.Item(g.label, g.rate, f"{g.rate:.0%}") for g in ordered(window) if g.rate is not None
    ]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items)
    chart = charts.bar_chart(
        key,
        f"Bar chart: how often each group was picked, by {TOPICS[Question(window.question)]}",
        f"The share of each group's candidates shown at the top of the list. {listed}. "
        "The table below gives the same figures.",
        items,
    )
    return dataclasses.replace(chart, no_data=NO_RATES)


def _page(
    request: Request,
    principal: Principal,
    org_id: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
    closed: str = "",
) -> HTMLResponse:
    view = fairness(request).view(principal, org_id)
    org_name = next((m.org_name for m in principal.memberships if m.org_id == org_id), "")
    subjects = {w.subject_id: w.name for w in view.jobs}
    return page(
        request,
        "metrics_fairness.html",
        status,
        org_id=org_id,
        org_name=org_name or (view.employer[0].name if view.employer else ""),
        view=view,
        employer=[(w, rate_chart(w, f"rates-{w.question}")) for w in view.employer],
        jobs=view.jobs,
        subjects=subjects,
        questions={q.value: q.label for q in Question},
        topics={q.value: TOPICS[q] for q in Question},
        statuses=Status,
        percent=_percent,
        ordered=ordered,
        ratio=_ratio,
        four_fifths=FOUR_FIFTHS,
        errors=errors or {},
        notes=notes or {},
        max_note=MAX_NOTE,
        closed=closed == "yes",
    )


@router.get("/orgs/{org_id}/metrics/fairness", response_class=HTMLResponse)
def fairness_page(
    request: Request, org_id: str, principal: PrincipalDep, closed: str = ""
) -> Response:
    return _page(request, principal, org_id, closed=closed[:4])


@router.post("/orgs/{org_id}/metrics/fairness/alerts/{alert_id}/close", response_class=HTMLResponse)
async def close_alert(
    request: Request, org_id: str, alert_id: str, principal: PrincipalDep
) -> Response:
    form = await request.form()
    note = str(form.get("note", ""))[: MAX_NOTE + 1]
    try:
        fairness(request).close(principal, org_id, alert_id, note)
    except InvalidInputError as error:
        return _page(
            request,
            principal,
            org_id,
            status_for(error),
            errors={alert_id: str(error)},
            notes={alert_id: note},
        )
    return redirect(f"/orgs/{org_id}/metrics/fairness?closed=yes")


def dashboard_alerts(request: Request, principal: Principal, org_id: str) -> list[Any]:
    """The open warnings an employer's admin sees on the dashboard (none for anyone else)."""
    return list(fairness(request).open_alerts(principal, org_id))
