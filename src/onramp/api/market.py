"""/api/v1/market routes (issue 16, item 2): demand from stored postings and the skill gaps
of an area, as JSON (or CSV with `format=csv`). Who may read them is decided in the use case
(`onramp.market.demand_service`): staff of workforce boards, training providers and employers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from onramp.api.deps import PrincipalDep
from onramp.market.demand import DemandBy, rows_csv
from onramp.market.demand_service import MarketDemand

router = APIRouter(prefix="/api/v1/market", tags=["market"])


def _service(request: Request) -> MarketDemand:
    return MarketDemand(request.app.state.engine)


def _answer(report: dict[str, Any], fmt: str) -> Any:
    if fmt == "csv":
        return Response(rows_csv(report["rows"]), media_type="text/csv; charset=utf-8")
    return report


@router.get("/demand", summary="Demand from job postings by skill, occupation, area or month")
def demand(
    request: Request,
    principal: PrincipalDep,
    by: DemandBy = DemandBy.SKILL,
    area: str | None = Query(default=None, max_length=200),
    first: str | None = Query(default=None, alias="from", max_length=7),
    last: str | None = Query(default=None, alias="to", max_length=7),
    occupation: str | None = Query(default=None, max_length=200),
    top: int = Query(default=20, ge=1, le=1000),
    fmt: str = Query(default="json", alias="format", pattern="^(json|csv)$"),
) -> Any:
    report = _service(request).demand(principal, by, area, first, last, top, occupation)
    return _answer(report, fmt)


@router.get("/gaps", summary="Skills asked for against skills workers in the area show")
def gaps(
    request: Request,
    principal: PrincipalDep,
    area: str | None = Query(default=None, max_length=200),
    first: str | None = Query(default=None, alias="from", max_length=7),
    last: str | None = Query(default=None, alias="to", max_length=7),
    top: int = Query(default=20, ge=1, le=1000),
    fmt: str = Query(default="json", alias="format", pattern="^(json|csv)$"),
) -> Any:
    return _answer(_service(request).gaps(principal, area, top, first, last), fmt)
