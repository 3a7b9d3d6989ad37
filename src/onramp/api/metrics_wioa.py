"""/api/v1/metrics/wioa routes (issue 18, items 4 and 7): a workforce board loads its
participant file and reads the WIOA primary indicators for a program-year quarter, as JSON or
CSV, with the trace of the records behind each figure. Every check is in the use case
(`onramp.metrics.boards.WioaReports`); a route reads the request, calls it and shapes the
answer. The period and format are checked there too, after who may ask, so a refusal never
depends on a query string."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import PrincipalDep
from onramp.metrics.boards import ExportKind, ImportOutcome, WioaReports, quarter_of
from onramp.metrics.wioa import ReportQuarter
from onramp.metrics.wioa_records import MAX_FILE_BYTES

router = APIRouter(prefix="/api/v1/metrics/wioa", tags=["metrics"])
Format = Literal["csv", "json"]


def wioa_reports(request: Request) -> WioaReports:
    """The WIOA reporting use case the app was made with."""
    found: WioaReports = request.app.state.wioa
    return found


def import_json(outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "import_id": outcome.import_id,
        "file_name": outcome.file_name,
        "sha256": outcome.sha256,
        "rows": outcome.rows,
        "added": outcome.added,
        "replaced": outcome.replaced,
    }


def _period(given: str | None) -> str:
    """The quarter asked for, or the one today falls in."""
    return given if given else str(quarter_of(date.today()))


def _file(text: str, name: str, media: str) -> Response:
    return Response(
        text,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/{org_id}/participants",
    summary="Load participant records from a CSV file (the body, text/csv), all or nothing",
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_participants(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    file_name: str = Query(default="participants.csv", max_length=255),
) -> dict[str, Any]:
    raw = bytearray()
    async for chunk in request.stream():  # stop reading past the limit; the use case refuses
        raw.extend(chunk)
        if len(raw) > MAX_FILE_BYTES:
            break
    reports = wioa_reports(request)
    outcome = await run_in_threadpool(
        reports.import_participants, principal, org_id, bytes(raw), file_name
    )
    return import_json(outcome)


@router.get("/{org_id}/imports", summary="The participant files the board loaded")
def imports(org_id: str, principal: PrincipalDep, request: Request) -> dict[str, Any]:
    reports = wioa_reports(request)
    found = reports.imports(principal, org_id)
    return {
        "participants": reports.participant_count(principal, org_id),
        "imports": [
            {
                "import_id": i.id,
                "file_name": i.file_name,
                "sha256": i.sha256,
                "rows": i.rows,
                "added": i.added,
                "replaced": i.replaced,
                "imported_at": i.imported_at.isoformat(),
                "imported_by": i.imported_by,
            }
            for i in found
        ],
    }


@router.get("/{org_id}", summary="The WIOA primary indicators for a program-year quarter")
def report(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    period: str | None = Query(default=None, max_length=16, description="Like 2026Q3"),
    fmt: Format = Query(default="json", alias="format"),
) -> Any:
    reports = wioa_reports(request)
    if fmt == "csv":
        text = reports.export(principal, org_id, _period(period), ExportKind.CSV)
        quarter = ReportQuarter.parse(_period(period))  # the export has checked it
        return _file(text, f"wioa-{quarter}.csv", "text/csv; charset=utf-8")
    return json.loads(reports.export(principal, org_id, _period(period), ExportKind.JSON))


@router.get("/{org_id}/trace", summary="Each record and the figures it counts in (CSV)")
def trace(
    org_id: str,
    principal: PrincipalDep,
    request: Request,
    period: str | None = Query(default=None, max_length=16, description="Like 2026Q3"),
) -> Response:
    reports = wioa_reports(request)
    text = reports.export(principal, org_id, _period(period), ExportKind.TRACE)
    quarter = ReportQuarter.parse(_period(period))
    return _file(text, f"wioa-{quarter}-trace.csv", "text/csv; charset=utf-8")
