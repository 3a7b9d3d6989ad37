"""The regional view page (issue 18, item 5): an area and a month window, a chart of job
postings and one of workers by occupation, a table of every figure beside them, and a CSV
download through the API. Thin: `onramp.metrics.region.RegionalView` decides who may read it
(the readers of the market reports) and computes and hides every figure;
`onramp.web.charts` lays the charts out. Works with no script."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PrincipalDep
from onramp.metrics.region import MIN_FOR_MEDIAN, RegionalView, RegionReport
from onramp.web import charts
from onramp.web.common import page

router = APIRouter(include_in_schema=False)
SAME_FIGURES = "The table below gives the same figures."


def _where(report: RegionReport) -> str:
    months = report.months
    return f"{report.area}, {months[0]} to {months[1]}" if months else report.area


def _listed(items: list[charts.Item]) -> str:
    return "; ".join(f"{item.label}: {item.shown}" for item in items[: charts.MAX_BARS])


def demand_chart(report: RegionReport) -> charts.Chart:
    """Occupations with the most postings, largest first."""
    items = [charts.Item(r.title, r.postings, f"{r.postings:,}") for r in report.rows if r.postings]
    chart = charts.bar_chart(
        "region-demand-chart",
        "Bar chart: job postings by occupation",
        f"Job postings for each occupation in {_where(report)}, most first. {_listed(items)}. "
        f"{SAME_FIGURES}",
        items,
    )
    return replace(chart, no_data="No job postings match, so there is nothing to draw.")


def supply_chart(report: RegionReport) -> charts.Chart:
    """Occupations by workers, most first, where the count may be shown."""
    shown = [(r.title, r.workers) for r in report.rows if r.workers]
    items = [
        charts.Item(title, workers, f"{workers:,}")
        for title, workers in sorted(shown, key=lambda t: -t[1])
    ]
    chart = charts.bar_chart(
        "region-supply-chart",
        "Bar chart: workers by occupation",
        f"Workers who share their profile and show experience in each occupation, in "
        f"{report.area}, most first. Hidden counts are left out. "
        f"{_listed(items)}. {SAME_FIGURES}",
        items,
    )
    return replace(
        chart,
        no_data=f"Every worker count here is under {report.threshold} or hidden, "
        "so there is nothing to draw.",
    )


@router.get("/market/region", response_class=HTMLResponse)
def region_page(
    request: Request,
    principal: PrincipalDep,
    area: str = Query("", max_length=200),
    first: str = Query("", max_length=7),
    last: str = Query("", max_length=7),
) -> Response:
    view = RegionalView(request.app.state.engine)
    report = view.report(principal, area or None, first or None, last or None)
    given = {"area": area, "first": first, "last": last}
    kept = {k: v for k, v in given.items() if v}
    return page(
        request,
        "metrics_region.html",
        report=report,
        given=given,
        demand_chart=demand_chart(report),
        supply_chart=supply_chart(report),
        csv_link=f"/api/v1/metrics/region?{urlencode({**kept, 'format': 'csv'})}",
        min_for_median=MIN_FOR_MEDIAN,
    )
