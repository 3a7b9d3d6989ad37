"""A workforce board's WIOA reporting pages (issue 18, items 4 and 7): load the participant
file through a file input, pick a program-year quarter, read the five primary indicators as a
table with a bar chart beside it, each with its numerator and denominator and a plain
sentence on what it counts, and download the quarterly report and the trace of the records
behind each figure as CSV. The file layout has a page of its own, made from `LAYOUT`, open to
anyone (it describes a file format, nothing of a board's).

Thin: `WioaReports` decides who may load and read; `wioa` computes and writes the files.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from onramp.api.deps import PrincipalDep
from onramp.errors import ImportFileError, TooLargeError
from onramp.metrics.boards import ExportKind, WioaReports, quarter_of
from onramp.metrics.wioa import Indicator, IndicatorName, ReportQuarter
from onramp.metrics.wioa_records import LAYOUT, MAX_FILE_BYTES, ParticipantFileError
from onramp.platform.model import Principal, Scope
from onramp.web import charts
from onramp.web.common import page, read_upload, redirect

router = APIRouter(include_in_schema=False)
QUARTERS_SHOWN = 12  # the quarter picker lists this many past ones, newest first
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# short names for the table and the chart; the page explains each with WHAT
NAMES = {
    IndicatorName.EMPLOYMENT_Q2: "Had a job, 2nd quarter after leaving",
    IndicatorName.EMPLOYMENT_Q4: "Had a job, 4th quarter after leaving",
    IndicatorName.MEDIAN_EARNINGS_Q2: "Middle pay, 2nd quarter after leaving",
    IndicatorName.CREDENTIAL: "Earned a credential",
    IndicatorName.SKILL_GAINS: "Made a skill gain",
}
BAR_NAMES = {  # the chart's lines are short; the table beside it has the full names
    IndicatorName.EMPLOYMENT_Q2: "Job, 2nd quarter after leaving",
    IndicatorName.EMPLOYMENT_Q4: "Job, 4th quarter after leaving",
    IndicatorName.CREDENTIAL: "Earned a credential",
    IndicatorName.SKILL_GAINS: "Made a skill gain",
}
WHAT = {
    IndicatorName.EMPLOYMENT_Q2: (
        "Counted: people who left the program between the cohort dates. Met: they had a job"
        " in the 2nd quarter after the quarter they left. A blank answer counts as no job."
    ),
    IndicatorName.EMPLOYMENT_Q4: (
        "The same, for a job in the 4th quarter after the quarter they left. The cohort is"
        " older, so that quarter has ended for all of them."
    ),
    IndicatorName.MEDIAN_EARNINGS_Q2: (
        "The middle of the pay in the 2nd quarter after leaving, of the people who had a job"
        " then. Half earned more and half earned less."
    ),
    IndicatorName.CREDENTIAL: (
        "Counted: people in school or training who left between the cohort dates. Met: they"
        " earned a credential by one year after leaving. A high school diploma counts only"
        " with a job or more school within that year."
    ),
    IndicatorName.SKILL_GAINS: (
        "Counted: people in school or training at some time this program year. Met: they"
        " made at least one skill gain in that time, like passing a test or moving up a"
        " level."
    ),
}


def wioa(request: Request) -> WioaReports:
    found: WioaReports = request.app.state.wioa
    return found


def org_name(principal: Principal, org_id: str) -> str:
    return next((m.org_name for m in principal.memberships if m.org_id == org_id), "")


def day(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def quarter_words(quarter: ReportQuarter) -> str:
    """Like "Program year 2026, quarter 3 (January 1, 2027 to March 31, 2027)"."""
    return (
        f"Program year {quarter.year}, quarter {quarter.quarter}"
        f" ({day(quarter.start)} to {day(quarter.end)})"
    )


def short_words(quarter: ReportQuarter) -> str:
    """For the quarter picker: "2026 Q3: January to March 2027"."""
    first, last = MONTHS[quarter.start.month - 1], MONTHS[quarter.end.month - 1]
    return f"{quarter.year} Q{quarter.quarter}: {first} to {last} {quarter.end.year}"


def rate(indicator: Indicator) -> str:
    if indicator.name is IndicatorName.MEDIAN_EARNINGS_Q2:
        return "none yet" if indicator.median is None else f"${indicator.median:,.2f}"
    return "none yet" if indicator.rate is None else f"{indicator.rate:.1%}"


def _bars(indicators: tuple[Indicator, ...]) -> charts.Chart:
    items = [
        charts.Item(BAR_NAMES[i.name], round(i.rate * 100, 1), rate(i))
        for i in indicators
        if i.rate is not None
    ]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items)
    chart = charts.bar_chart(
        "wioa-chart",
        "Bar chart: the share of people who met each goal",
        f"The share who met each goal, in percent. {listed}. The table below gives the same"
        " figures with the counts.",
        items,
    )
    return dataclasses.replace(
        chart, no_data="Nothing to draw yet: no one is counted in this quarter."
    )


def _quarters(chosen: ReportQuarter) -> list[ReportQuarter]:
    # the next quarter too: its exit cohorts have all left already, so a board can check its
    # records before that report is due
    newest = quarter_of(date.today()).shifted(1)
    shown = [newest.shifted(-n) for n in range(QUARTERS_SHOWN + 1)]
    if chosen not in shown:
        shown.append(chosen)
    return sorted(shown, reverse=True)


def _page(
    request: Request,
    principal: Principal,
    org_id: str,
    period: str,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    reports = wioa(request)
    report = reports.report(principal, org_id, period or str(quarter_of(date.today())))
    history = reports.imports(principal, org_id)
    return page(
        request,
        "metrics_wioa.html",
        status,
        org_id=org_id,
        org_name=org_name(principal, org_id),
        report=report,
        quarter_words=quarter_words(report.quarter),
        quarters=[(str(q), short_words(q)) for q in _quarters(report.quarter)],
        chart=_bars(report.indicators),
        names=NAMES,
        what=WHAT,
        rate=rate,
        day=day,
        participants=reports.participant_count(principal, org_id),
        history=history,
        max_mb=MAX_FILE_BYTES // (1024 * 1024),
        **extra,
    )


@router.get("/orgs/{org_id}/metrics/wioa", response_class=HTMLResponse)
def report_page(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    period: str = Query("", max_length=16),
    loaded: str = Query("", max_length=36),
) -> Response:
    done = None
    if loaded:  # after a load: say what it did, from the board's own history
        history = wioa(request).imports(principal, org_id)
        done = next((i for i in history if i.id == loaded), None)
    return _page(request, principal, org_id, period, loaded=done)


@router.post("/orgs/{org_id}/metrics/wioa/participants", response_class=HTMLResponse)
async def load_file(request: Request, org_id: str, principal: PrincipalDep) -> Response:
    reports = wioa(request)
    reports.require_board(principal, org_id, Scope.WRITE)  # before the file is read
    form = await request.form()
    period = str(form.get("period", ""))[:16]
    upload = form.get("file")
    name = upload.filename if isinstance(upload, StarletteUpload) and upload.filename else ""
    data = await read_upload(form, "file", MAX_FILE_BYTES)

    def work() -> Response:
        if not data:
            return _page(request, principal, org_id, period, 422, error="Choose a file to load.")
        try:
            done = reports.import_participants(principal, org_id, data, name)
        except ParticipantFileError as refused:
            return _page(
                request,
                principal,
                org_id,
                period,
                422,
                error=f"{len(refused.lines)} lines need fixing, so nothing was loaded.",
                bad_lines=refused.lines,
            )
        except ImportFileError as refused:
            return _page(
                request,
                principal,
                org_id,
                period,
                422,
                error=f"Nothing was loaded: {refused.detail}.",
            )
        except TooLargeError as refused:
            return _page(request, principal, org_id, period, 413, error=str(refused))
        return redirect(f"/orgs/{org_id}/metrics/wioa?period={period}&loaded={done.import_id}")

    return await run_in_threadpool(work)


def _download(text: str, name: str) -> Response:
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/orgs/{org_id}/metrics/wioa/report.csv")
def report_csv(
    request: Request, org_id: str, principal: PrincipalDep, period: str = Query("", max_length=16)
) -> Response:
    asked = period or str(quarter_of(date.today()))
    text = wioa(request).export(principal, org_id, asked, ExportKind.CSV)
    return _download(text, f"wioa-{ReportQuarter.parse(asked)}.csv")


@router.get("/orgs/{org_id}/metrics/wioa/trace.csv")
def trace_download(
    request: Request, org_id: str, principal: PrincipalDep, period: str = Query("", max_length=16)
) -> Response:
    asked = period or str(quarter_of(date.today()))
    text = wioa(request).export(principal, org_id, asked, ExportKind.TRACE)
    return _download(text, f"wioa-{ReportQuarter.parse(asked)}-trace.csv")


@router.get("/metrics/wioa/layout", response_class=HTMLResponse)
def layout_page(request: Request) -> Response:
    return page(
        request,
        "metrics_wioa_layout.html",
        layout=LAYOUT,
        header=",".join(f.column for f in LAYOUT),
        example=_EXAMPLE,
        max_mb=MAX_FILE_BYTES // (1024 * 1024),
    )


_EXAMPLE = (
    "record_id,entry_date,exit_date,training_type,training_start,training_end,"
    "employed_q2,employed_q4,wages_q2,credential_type,credential_date\n"
    "P-1001,2025-01-06,2025-08-29,occupational,2025-01-13,2025-08-22,yes,yes,7000.00,"
    "certificate,2025-08-22\n"
    "P-1002,2025-02-03,,adult_education,2025-02-10,,,,,,\n"
)
