"""The market demand report page (issue 16, item 2): a form (group by, area, months), the
demand table, the skill gaps of the area, and CSV downloads through the API. Thin: the
`MarketDemand` use case decides who may read it (staff of workforce boards, training
providers and employers) and computes every figure. Works with no script."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PrincipalDep
from onramp.market.demand import SUPPRESS_BELOW, DemandBy
from onramp.market.demand_service import MarketDemand
from onramp.web.common import form_choice, page

router = APIRouter(include_in_schema=False)


@router.get("/market/demand", response_class=HTMLResponse)
def demand_page(
    request: Request,
    principal: PrincipalDep,
    by: str = Query("skill", max_length=16),
    area: str = Query("", max_length=200),
    first: str = Query("", alias="from", max_length=7),
    last: str = Query("", alias="to", max_length=7),
) -> Response:
    chosen = form_choice(DemandBy, by, "way to group postings") or DemandBy.SKILL
    market = MarketDemand(request.app.state.engine)
    report = market.demand(principal, chosen, area or None, first or None, last or None, 50)
    gaps = market.gaps(principal, area or None, 20)
    given = {"by": str(chosen), "area": area, "from": first, "to": last}
    kept = urlencode({k: v for k, v in given.items() if v})
    return page(
        request,
        "market_demand.html",
        report=report,
        gaps=gaps,
        given=given,
        choices=list(DemandBy),
        demand_csv=f"/api/v1/market/demand?{kept}&format=csv&top=1000",
        gaps_csv=f"/api/v1/market/gaps?{urlencode({'area': area} if area else {})}&format=csv",
        suppress_below=SUPPRESS_BELOW,
        percent=lambda v: "" if v is None else f"{v * 100:.1f}%",
    )
