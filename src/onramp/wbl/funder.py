"""The funder report (issue 17, item 5), as a pure function of the facts the store gathers:
enrollments, completions and cancellations, retention 6 and 12 months after completion, and
wage gains, per program and over all programs. It is the sponsor's own report to its funder, so
nothing is hidden; published figures go through `outcomes`.
"""

from __future__ import annotations

import csv
import json
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from statistics import median
from typing import Any, TextIO

from onramp.errors import InvalidInputError
from onramp.wbl.records import (
    Enrollment,
    EnrollmentState,
    FollowUp,
)
from onramp.wbl.reporting import FORMULA_STARTS, ApprenticeFacts, day_text


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month: 31 Aug + 6 is 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def latest_follow_up(facts: ApprenticeFacts, months: int) -> FollowUp | None:
    """The follow-up at `months` recorded last (a sponsor may correct one)."""
    mine = [f for f in facts.follow_ups if f.months == months]
    return max(mine, key=lambda f: f.recorded_on) if mine else None


def completed_on(facts: ApprenticeFacts) -> date | None:
    e = facts.enrollment
    return e.ended_on if e.state is EnrollmentState.COMPLETED else None


@dataclass(frozen=True, slots=True)
class Retention:
    """Completers still employed `months` after completion, among those followed up."""

    months: int
    due: int  # completers whose completion date + months is on or before today
    followed_up: int  # of those, the ones with a follow-up at that point
    not_followed_up: int  # due - followed_up: not counted in the rate
    employed: int  # of those followed up, the ones employed at the follow-up
    rate: float | None  # employed / followed_up; None when no one was followed up


def retention(facts: Iterable[ApprenticeFacts], months: int, today: date) -> Retention:
    due = followed = employed = 0
    for f in facts:
        ended = completed_on(f)
        if ended is None or add_months(ended, months) > today:
            continue
        due += 1
        follow_up = latest_follow_up(f, months)
        if follow_up is not None:
            followed += 1
            employed += follow_up.employed
    return Retention(months, due, followed, due - followed, employed, _rate(employed, followed))


@dataclass(frozen=True, slots=True)
class WageGain:
    """Hourly wages of the people with a wage at entry and a later one (USD an hour)."""

    people: int
    median_at_entry: float | None
    median_later: float | None  # at completion, or now for those still learning
    median_gain: float | None  # the median of each person's gain, not a gap between medians
    median_gain_percent: float | None  # the median of each person's gain / wage at entry


def wage_gain(enrollments: Iterable[Enrollment]) -> WageGain:
    entry: list[float] = []
    later: list[float] = []
    gain: list[float] = []
    percent: list[float] = []
    for e in enrollments:
        if e.wage_at_entry is None or e.wage_now is None or e.wage_at_entry <= 0:
            continue
        entry.append(e.wage_at_entry)
        later.append(e.wage_now)
        gain.append(e.wage_now - e.wage_at_entry)
        percent.append((e.wage_now - e.wage_at_entry) / e.wage_at_entry * 100)
    return WageGain(len(gain), _median(entry), _median(later), _median(gain), _median(percent))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _median(values: list[float]) -> float | None:
    return round(median(values), 2) if values else None


@dataclass(frozen=True, slots=True)
class FunderFigures:
    program_id: str  # "" for all programs together
    program_name: str
    enrolled: int  # everyone ever enrolled, whatever their status
    active: int
    completed: int
    cancelled: int
    started_in_period: int
    completed_in_period: int
    cancelled_in_period: int
    retention_6: Retention
    retention_12: Retention
    wages_completed: WageGain  # completers: wage at entry and at completion
    wages_active: WageGain  # still learning: wage at entry and now


@dataclass(frozen=True, slots=True)
class FunderReport:
    period_start: date | None  # None: from the first enrollment
    period_end: date  # the day the report was made
    programs: tuple[FunderFigures, ...]
    overall: FunderFigures


ALL_PROGRAMS = "All programs"


def _in_period(day: date | None, start: date | None, end: date) -> bool:
    return day is not None and (start is None or day >= start) and day <= end


def _figures(
    program_id: str, name: str, group: list[ApprenticeFacts], start: date | None, today: date
) -> FunderFigures:
    states = [f.enrollment.state for f in group]
    ended = [f.enrollment for f in group if _in_period(f.enrollment.ended_on, start, today)]
    return FunderFigures(
        program_id=program_id,
        program_name=name,
        enrolled=len(group),
        active=states.count(EnrollmentState.ACTIVE),
        completed=states.count(EnrollmentState.COMPLETED),
        cancelled=states.count(EnrollmentState.CANCELLED),
        started_in_period=sum(_in_period(f.enrollment.start_date, start, today) for f in group),
        completed_in_period=sum(e.state is EnrollmentState.COMPLETED for e in ended),
        cancelled_in_period=sum(e.state is EnrollmentState.CANCELLED for e in ended),
        retention_6=retention(group, 6, today),
        retention_12=retention(group, 12, today),
        wages_completed=wage_gain(
            f.enrollment for f in group if f.enrollment.state is EnrollmentState.COMPLETED
        ),
        wages_active=wage_gain(
            f.enrollment for f in group if f.enrollment.state is EnrollmentState.ACTIVE
        ),
    )


def funder_report(
    facts: Iterable[ApprenticeFacts], today: date, *, since: date | None = None
) -> FunderReport:
    """The figures per program (by name) and over all programs. The period runs from `since`
    (or the beginning) to `today`; only the `*_in_period` counts read it."""
    every = list(facts)
    if since is not None and since > today:
        raise InvalidInputError("The report period starts after it ends.")
    programs: dict[str, list[ApprenticeFacts]] = {}
    for f in every:
        programs.setdefault(f.program_id, []).append(f)
    per_program = sorted(
        (
            _figures(pid, group[0].program_name, group, since, today)
            for pid, group in programs.items()
        ),
        key=lambda figures: (figures.program_name, figures.program_id),
    )
    overall = _figures("", ALL_PROGRAMS, every, since, today)
    return FunderReport(since, today, tuple(per_program), overall)


def _flat(figures: FunderFigures) -> dict[str, Any]:
    """One level of keys: `retention_6_due`, `wages_completed_median_gain`, and so on."""
    row: dict[str, Any] = {}
    for key, value in asdict(figures).items():
        if isinstance(value, dict):
            prefix = f"retention_{value.pop('months')}" if "months" in value else key
            row.update({f"{prefix}_{k}": v for k, v in value.items()})
        else:
            row[key] = value
    return row


def safe_cell(text: str) -> str:
    """One line, and a leading quote where a spreadsheet would run the text as a formula
    (OWASP "CSV injection"), for files of figures whose names come from sponsors. The roster
    is not changed this way: its check names such a value instead."""
    text = " ".join(text.split())
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def funder_rows(report: FunderReport) -> list[dict[str, str]]:
    """One row per program, then the row of all programs; empty cells: no one to count."""
    rows = []
    for figures in (*report.programs, report.overall):
        row = {k: "" if v is None else str(v) for k, v in _flat(figures).items()}
        # names only: a wage loss is a negative number and stays one
        row["program_id"], row["program_name"] = map(
            safe_cell, (row["program_id"], row["program_name"])
        )
        rows.append(row)
    return rows


def write_funder_csv(report: FunderReport, out: TextIO) -> None:
    rows = funder_rows(report)
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def funder_json(report: FunderReport) -> str:
    document = {
        "period_start": day_text(report.period_start) or None,
        "period_end": report.period_end.isoformat(),
        "programs": [asdict(f) for f in report.programs],
        "overall": asdict(report.overall),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
