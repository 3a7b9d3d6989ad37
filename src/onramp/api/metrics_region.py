"""/api/v1/metrics/region: the regional view (issue 18, item 5) as JSON, or CSV with
`format=csv`. Who may read it is decided in the use case (`onramp.metrics.region`): the
readers of the market reports. Every figure is an aggregate; small counts of people are
hidden (null in JSON, an empty cell with a note in CSV)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from onramp.api.deps import PrincipalDep
from onramp.metrics.region import RegionalView

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"])


@router.get("/region", summary="Demand, supply, placements and wages by occupation for an area")
def region(
    request: Request,
    principal: PrincipalDep,
    area: str | None = Query(default=None, max_length=200),
    first: str | None = Query(default=None, max_length=7),
    last: str | None = Query(default=None, max_length=7),
    fmt: str = Query(default="json", alias="format", pattern="^(json|csv)$"),
) -> Any:
    report = RegionalView(request.app.state.engine).report(principal, area, first, last)
    if fmt == "csv":
        return Response(
            report.as_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="region.csv"'},
        )
    return report.as_json()
