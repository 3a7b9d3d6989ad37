"""Work-based learning reports (issue 17, items 5-6): the sponsor's reports page, which names
each roster problem in plain words before any download, with the roster (CSV or JSON; an
incomplete one only when the admin ticks a box) and the funder report; and the outcomes page
for boards, schools and sponsors: small counts hidden and said why, a bar chart with the
table beside it, and a CSV download.

Thin: `Reports` decides who may read what and gathers the facts; `reporting` and `outcomes`
write the files.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PrincipalDep
from onramp.platform.model import Principal
from onramp.wbl.funder import write_funder_csv
from onramp.wbl.outcomes import COUNTS, FIGURES, GroupBy, Measure, chart_bars, write_outcomes_csv
from onramp.wbl.reporting import (
    IncompleteExportError,
    export_roster,
    roster_rows,
    validate_rows,
)
from onramp.web import charts
from onramp.web.common import form_choice, page
from onramp.web.wbl_pages import org_name, wbl, words

router = APIRouter(include_in_schema=False)
CHART_MEASURE = Measure.ENROLLED
NAMES = {  # short column names; the page explains each with the measure's own sentence
    Measure.ACTIVE: "Learning",
    Measure.COMPLETED: "Finished",
    Measure.CANCELLED: "Left early",
    Measure.ENROLLED: "Ever started",
    Measure.COMPLETION_RATE: "Finish rate",
    Measure.MONTHS_TO_COMPLETION: "Months to finish",
    Measure.WAGE_AT_ENTRY: "Pay at the start",
    Measure.WAGE_AT_COMPLETION: "Pay at the finish",
    Measure.RETENTION_6: "At work after 6 months",
    Measure.RETENTION_12: "At work after 12 months",
}
NO_BARS = "Nothing to draw yet: no one has started, or every number is too small to show."


def _download(text: str, name: str, media: str) -> Response:
    return Response(
        text.encode("utf-8"),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _reports_page(
    request: Request, principal: Principal, org_id: str, status: int = 200, error: str = ""
) -> HTMLResponse:
    facts = wbl(request).reports.roster(principal, org_id)
    problems = validate_rows(roster_rows(facts))
    return page(
        request,
        "wbl_reports.html",
        status,
        org_id=org_id,
        org_name=org_name(principal, org_id),
        apprentices=len(facts),
        problems=problems,
        error=error,
        **words(),
    )


@router.get("/orgs/{org_id}/programs/reports", response_class=HTMLResponse)
def reports_page(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    return _reports_page(request, principal, org_id)


@router.get("/orgs/{org_id}/programs/reports/roster")
def roster_download(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    format: str = Query("csv", max_length=8),
    incomplete: str = Query("", max_length=8),
) -> Response:
    as_json = format == "json"
    facts = wbl(request).reports.roster(principal, org_id)
    out = io.StringIO()
    try:
        export_roster(facts, out, as_json=as_json, allow_incomplete=incomplete == "yes")
    except IncompleteExportError:
        return _reports_page(
            request,
            principal,
            org_id,
            422,
            "The roster is not complete, so it was not downloaded. Fix the rows below, or tick"
            " the box to download it as it is.",
        )
    today = date.today().isoformat()
    if as_json:
        return _download(out.getvalue(), f"roster-{today}.json", "application/json")
    return _download(out.getvalue(), f"roster-{today}.csv", "text/csv; charset=utf-8")


@router.get("/orgs/{org_id}/programs/reports/funder")
def funder_download(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    report = wbl(request).reports.funder(principal, org_id)
    out = io.StringIO()
    write_funder_csv(report, out)
    name = f"funder-report-{date.today().isoformat()}.csv"
    return _download(out.getvalue(), name, "text/csv; charset=utf-8")


def _chosen(by: str) -> GroupBy:
    found: GroupBy = form_choice(GroupBy, by, "way to group") or GroupBy.PROGRAM
    return found


@router.get("/orgs/{org_id}/programs/outcomes", response_class=HTMLResponse)
def outcomes_page(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    by: str = Query("program", max_length=16),
) -> Response:
    view = wbl(request).reports.outcomes(principal, org_id, by=_chosen(by))
    bars = chart_bars(view, CHART_MEASURE)
    hidden = len(view.rows) - 1 - len(bars)
    items = [charts.Item(label, value, f"{value:g}") for label, value in bars]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items[: charts.MAX_BARS])
    chart = charts.bar_chart(
        "outcomes-chart",
        "Bar chart: people who ever started, by " + str(view.by),
        f"People who ever started in each {view.by}. {listed}."
        + (f" {hidden} hidden because the numbers are small." if hidden > 0 else "")
        + " The table below gives the same figures.",
        items,
    )
    chart = dataclasses.replace(chart, no_data=NO_BARS)
    return page(
        request,
        "wbl_outcomes.html",
        org_id=org_id,
        org_name=org_name(principal, org_id),
        view=view,
        chart=chart,
        hidden_bars=max(hidden, 0),
        counts=COUNTS,
        figures=FIGURES,
        groupings=list(GroupBy),
        shown=shown,
        names=NAMES,
        **words(),
    )


@router.get("/orgs/{org_id}/programs/outcomes.csv")
def outcomes_csv(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    by: str = Query("program", max_length=16),
) -> Response:
    view = wbl(request).reports.outcomes(principal, org_id, by=_chosen(by))
    out = io.StringIO()
    write_outcomes_csv(view, out)
    return _download(out.getvalue(), f"outcomes-{view.by}.csv", "text/csv; charset=utf-8")


def shown(measure: Measure, value: float | None) -> str:
    """A figure as people read it."""
    if value is None:
        return "none yet"
    if measure in COUNTS:
        return str(int(value))
    if measure in (Measure.WAGE_AT_ENTRY, Measure.WAGE_AT_COMPLETION):
        return f"${value:,.2f}"
    if measure is Measure.MONTHS_TO_COMPLETION:
        return f"{value:g} months"
    return f"{round(value * 100)}%"
