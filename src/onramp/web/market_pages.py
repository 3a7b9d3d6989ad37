"""The market demand report page (issue 16, item 2): a form (group by, area, months, rows),
the demand chart and table, postings by month, the skill gaps of the area as a chart and a
table, and CSV downloads through the API. Thin: the `MarketDemand` use case decides who may
read it (staff of workforce boards, training providers and employers) and computes every
figure; `onramp.web.charts` lays the charts out. Works with no script."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PrincipalDep
from onramp.errors import InvalidInputError
from onramp.market.demand import HOT_MIN_POSTINGS, SUPPRESS_BELOW, DemandBy
from onramp.market.demand_service import MarketDemand
from onramp.web import charts
from onramp.web.common import form_choice, money, page

router = APIRouter(include_in_schema=False)
ROWS = 20  # rows the page shows unless asked for more or fewer
SAME_FIGURES = "The table below gives the same figures."


def percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return ""
    return f"{value * 100:+.1f}%" if signed else f"{value * 100:.1f}%"


def _rows_asked(text: str) -> int:
    if not text.strip():
        return ROWS
    if not text.strip().isdigit():
        raise InvalidInputError("Rows to show must be a whole number, like 20.")
    return int(text.strip())


def _listed(items: list[charts.Item]) -> str:
    return "; ".join(f"{item.label}: {item.shown}" for item in items[: charts.MAX_BARS])


def _where(report: dict[str, Any]) -> str:
    months = report["months"]
    return f"{report['area']}, {months[0]} to {months[1]}" if months else report["area"]


def demand_chart(report: dict[str, Any]) -> charts.Chart:
    """The chosen grouping as bars, largest first (by month: the trend, oldest first)."""
    if report["by"] == str(DemandBy.MONTH):
        return trend_chart(report)
    items = [
        charts.Item(r["label"], r["postings"], f"{r['postings']:,} ({percent(r['share'])})")
        for r in report["rows"]
    ]
    largest = min(len(items), charts.MAX_BARS)
    return charts.bar_chart(
        "demand-chart",
        f"Bar chart: the {largest} largest rows of {report['what'].lower().rstrip('.')}",
        f"Postings and share of postings in {_where(report)}. {_listed(items)}. {SAME_FIGURES}",
        items,
    )


def trend_chart(report: dict[str, Any]) -> charts.Chart:
    items = [charts.Item(t["month"], t["postings"], f"{t['postings']:,}") for t in report["trend"]]
    return charts.column_chart(
        "trend-chart",
        "Column chart: postings each month",
        f"Postings in each month, oldest first, in {_where(report)}. {_listed(items)}"
        f"{'; and more' if len(items) > charts.MAX_BARS else ''}. {SAME_FIGURES}",
        items,
    )


def gap_chart(gaps: dict[str, Any]) -> charts.Chart:
    items = [charts.Item(r["label"], r["gap"], percent(r["gap"], True)) for r in gaps["rows"]]
    return charts.diverging_chart(
        "gap-chart",
        "Bar chart: the largest skill gaps",
        f"Demand share minus supply share for each skill in {_where(gaps)}. Bars right of the"
        f" line: postings ask for the skill more than workers here show it; left of the line:"
        f" the other way round. {_listed(items)}. {SAME_FIGURES}",
        items,
        left="more workers show it",
        right="more postings ask",
    )


@router.get("/market/demand", response_class=HTMLResponse)
def demand_page(
    request: Request,
    principal: PrincipalDep,
    by: str = Query("skill", max_length=16),
    area: str = Query("", max_length=200),
    first: str = Query("", alias="from", max_length=7),
    last: str = Query("", alias="to", max_length=7),
    top: str = Query("", max_length=4),
) -> Response:
    chosen = form_choice(DemandBy, by, "way to group postings") or DemandBy.SKILL
    rows = _rows_asked(top)
    market = MarketDemand(request.app.state.engine)
    report = market.demand(principal, chosen, area or None, first or None, last or None, rows)
    gaps = market.gaps(principal, area or None, rows, first or None, last or None)
    given = {"by": str(chosen), "area": area, "from": first, "to": last, "top": top}
    kept = {k: v for k, v in given.items() if v and k != "top"}
    place_and_months = {k: v for k, v in kept.items() if k != "by"}
    return page(
        request,
        "market_demand.html",
        report=report,
        gaps=gaps,
        given=given,
        rows=rows,
        choices=list(DemandBy),
        demand_chart=demand_chart(report),
        trend_chart=trend_chart(report) if chosen is not DemandBy.MONTH else None,
        gap_chart=gap_chart(gaps),
        demand_csv=f"/api/v1/market/demand?{urlencode({**kept, 'format': 'csv', 'top': 1000})}",
        gaps_csv=f"/api/v1/market/gaps?{urlencode({**place_and_months, 'format': 'csv'})}",
        suppress_below=SUPPRESS_BELOW,
        hot_min=HOT_MIN_POSTINGS,
        percent=percent,
        money=money,
    )
