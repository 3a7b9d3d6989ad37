"""WIOA primary indicators of performance (issue 18, item 4), computed from participant records.

Sources: WIOA sec. 116(b)(2)(A); 20 CFR 677.155; TEGL 10-16, Change 2 (September 15, 2022),
"Performance Accountability Guidance for WIOA Core Programs"; the ETA-9169 statewide and local
performance report template, whose annual and quarterly "periods of reporting" give the
cohort windows; PIRL (ETA-9172) element numbers as listed in `wioa_records.LAYOUT`.

A report is asked for one program-year quarter, written "2026Q3": program year 2026 runs from
July 1, 2026 to June 30, 2027, so its Q1 is July to September 2026 and its Q3 is January to
March 2027. Outcomes lag exit, so each indicator looks at its own cohort, a window of four
quarters (as in the ETA-9169 "rolling four quarters"):

- employment in the 2nd quarter after exit and median earnings: people who exited in the four
  quarters ending four quarters before the report quarter (for PY 2026 Q4 that is July 1, 2025
  to June 30, 2026), so the 2nd quarter after every exit has ended;
- employment in the 4th quarter after exit and credential attainment: exits in the four
  quarters ending six quarters before (for PY 2026 Q4, January 1 to December 31, 2025), so the
  4th quarter, and the year after exit in which a credential still counts, have ended;
- measurable skill gains: the program year to date (July 1 to the end of the report quarter),
  as it is not an exit-based measure.

Every figure carries the record ids in its numerator and denominator, and the ids left out
for an exit exclusion with their reason, so a board can trace each number to its lines. Small
counts are NOT suppressed here: the board's report to its state needs exact figures. Anything
published goes through `onramp.small_cells` first.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from onramp.errors import InvalidInputError
from onramp.metrics.wioa_records import (
    CredentialType,
    ExitExclusion,
    Participant,
    TrainingType,
)
from onramp.vocabulary import LabeledEnum

CENT = Decimal("0.01")
# TEGL 10-16 Change 2 leaves OJT and customized training out of the credential denominator;
# we count them when the board marks that the training leads to a credential.
NO_CREDENTIAL_EXPECTED = frozenset({TrainingType.OJT, TrainingType.CUSTOMIZED})


class IndicatorName(LabeledEnum):
    EMPLOYMENT_Q2 = "employment_q2", "Had a job in the 2nd quarter after leaving."
    EMPLOYMENT_Q4 = "employment_q4", "Had a job in the 4th quarter after leaving."
    MEDIAN_EARNINGS_Q2 = "median_earnings_q2", "Middle pay in the 2nd quarter after leaving."
    CREDENTIAL = "credential", "Earned a credential by one year after leaving."
    SKILL_GAINS = "skill_gains", "Made a skill gain while in training this year."


@dataclass(frozen=True, slots=True, order=True)
class ReportQuarter:
    """A program-year quarter: PY `year` starts on July 1 of that year."""

    year: int
    quarter: int  # 1 to 4

    @classmethod
    def parse(cls, text: str) -> ReportQuarter:
        found = re.fullmatch(r"\s*(\d{4})\s*[Qq]([1-4])\s*", text)
        if not found:
            raise InvalidInputError(f"'{text}' is not a program-year quarter like 2026Q3.")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def start(self) -> date:
        months = 6 + 3 * (self.quarter - 1)  # months after January of the program year
        return date(self.year + months // 12, months % 12 + 1, 1)

    @property
    def end(self) -> date:
        return self.shifted(1).start - timedelta(days=1)

    def shifted(self, quarters: int) -> ReportQuarter:
        index = self.year * 4 + self.quarter - 1 + quarters
        return ReportQuarter(index // 4, index % 4 + 1)


@dataclass(frozen=True, slots=True)
class Window:
    """A cohort window, both days included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def cohort_windows(quarter: ReportQuarter) -> dict[IndicatorName, Window]:
    """Which exits (or, for skill gains, which time in training) each indicator looks at."""
    after_q2 = Window(quarter.shifted(-7).start, quarter.shifted(-4).end)
    after_q4 = Window(quarter.shifted(-9).start, quarter.shifted(-6).end)
    year_to_date = Window(ReportQuarter(quarter.year, 1).start, quarter.end)
    return {
        IndicatorName.EMPLOYMENT_Q2: after_q2,
        IndicatorName.EMPLOYMENT_Q4: after_q4,
        IndicatorName.MEDIAN_EARNINGS_Q2: after_q2,
        IndicatorName.CREDENTIAL: after_q4,
        IndicatorName.SKILL_GAINS: year_to_date,
    }


@dataclass(frozen=True, slots=True)
class Indicator:
    """One figure and the records behind it. `rate` is numerator / denominator (None with an
    empty denominator); `median` is set only for median earnings, taken over the wages of the
    numerator (those employed in the 2nd quarter after exit)."""

    name: IndicatorName
    window: Window
    numerator_ids: tuple[str, ...]
    denominator_ids: tuple[str, ...]
    excluded: tuple[tuple[str, ExitExclusion], ...]  # (record id, reason)
    median: Decimal | None = None

    @property
    def numerator(self) -> int:
        return len(self.numerator_ids)

    @property
    def denominator(self) -> int:
        return len(self.denominator_ids)

    @property
    def rate(self) -> float | None:
        if self.name is IndicatorName.MEDIAN_EARNINGS_Q2 or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def excluded_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(reason.value for _, reason in self.excluded).items()))


@dataclass(frozen=True, slots=True)
class WioaReport:
    quarter: ReportQuarter
    indicators: tuple[Indicator, ...]

    def get(self, name: IndicatorName) -> Indicator:
        return next(i for i in self.indicators if i.name is name)


def compute_indicators(
    participants: Iterable[Participant], quarter: str | ReportQuarter
) -> WioaReport:
    """The five indicators for the report quarter, each traceable to its record ids."""
    when = ReportQuarter.parse(quarter) if isinstance(quarter, str) else quarter
    people = sorted(participants, key=lambda p: p.record_id)
    windows = cohort_windows(when)
    employment_q2 = _exit_based(
        people,
        windows[IndicatorName.EMPLOYMENT_Q2],
        IndicatorName.EMPLOYMENT_Q2,
        lambda p: True,
        lambda p: p.employed_q2 is True,
    )
    employed = set(employment_q2.numerator_ids)
    wages = [p.wages_q2 for p in people if p.record_id in employed]
    earnings = Indicator(
        IndicatorName.MEDIAN_EARNINGS_Q2,
        employment_q2.window,
        employment_q2.numerator_ids,
        employment_q2.denominator_ids,
        employment_q2.excluded,
        _median([w for w in wages if w is not None]),
    )
    indicators = (
        employment_q2,
        _exit_based(
            people,
            windows[IndicatorName.EMPLOYMENT_Q4],
            IndicatorName.EMPLOYMENT_Q4,
            lambda p: True,
            lambda p: p.employed_q4 is True,
        ),
        earnings,
        _exit_based(
            people,
            windows[IndicatorName.CREDENTIAL],
            IndicatorName.CREDENTIAL,
            in_credential_training,
            attained_credential,
        ),
        _skill_gains(people, windows[IndicatorName.SKILL_GAINS]),
    )
    return WioaReport(when, indicators)


def _exit_based(
    people: list[Participant],
    window: Window,
    name: IndicatorName,
    eligible: Callable[[Participant], bool],
    succeeded: Callable[[Participant], bool],
) -> Indicator:
    """Exiters in the window who meet `eligible`: the excluded apart, the rest in the
    denominator, those who `succeeded` in the numerator too."""
    cohort = [p for p in people if p.exit_date in window and eligible(p)]
    excluded = tuple((p.record_id, p.exclusion) for p in cohort if p.exclusion)
    counted = [p for p in cohort if not p.exclusion]
    return Indicator(
        name,
        window,
        tuple(p.record_id for p in counted if succeeded(p)),
        tuple(p.record_id for p in counted),
        excluded,
    )


def in_credential_training(person: Participant) -> bool:
    """In the credential denominator: in education or training, where OJT and customized
    training count only when they lead to a recognized credential."""
    if person.training is TrainingType.NONE:
        return False
    return person.training not in NO_CREDENTIAL_EXPECTED or person.training_credential


def attained_credential(person: Participant) -> bool:
    """A recognized credential attained during participation or within one year after exit; a
    high school diploma counts only with a next step (a job, or education toward a
    postsecondary credential) within that year."""
    if not person.credential or not person.credential_date or not person.exit_date:
        return False
    if not person.entry_date <= person.credential_date <= one_year_after(person.exit_date):
        return False
    if person.credential is CredentialType.SECONDARY_DIPLOMA:
        return person.next_step_within_year
    return True


def one_year_after(day: date) -> date:
    """The same day a year later (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _skill_gains(people: list[Participant], window: Window) -> Indicator:
    """Everyone in education or training at some point in the window; the numerator has at
    least one gain dated in it. An exclusion counts when the exit falls by the window's end."""
    in_training = [p for p in people if _trained_during(p, window)]
    excluded = tuple(
        (p.record_id, p.exclusion)
        for p in in_training
        if p.exclusion and p.exit_date and p.exit_date <= window.end
    )
    left_out = {record_id for record_id, _ in excluded}
    counted = [p for p in in_training if p.record_id not in left_out]
    return Indicator(
        IndicatorName.SKILL_GAINS,
        window,
        tuple(p.record_id for p in counted if any(day in window for _, day in p.skill_gains)),
        tuple(p.record_id for p in counted),
        excluded,
    )


def _trained_during(person: Participant, window: Window) -> bool:
    if person.training is TrainingType.NONE or person.training_start is None:
        return False
    last_day = person.training_end or person.exit_date or window.end
    return person.training_start <= window.end and last_day >= window.start


def _median(amounts: list[Decimal]) -> Decimal | None:
    if not amounts:
        return None
    return Decimal(median(amounts)).quantize(CENT, rounding=ROUND_HALF_UP)


# ---- writers -------------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    "indicator",
    "meaning",
    "cohort_start",
    "cohort_end",
    "numerator",
    "denominator",
    "rate",
    "median_earnings",
    "excluded",
    "excluded_because",
)


def _rate_text(indicator: Indicator) -> str:
    return "" if indicator.rate is None else f"{indicator.rate:.4f}"


def indicators_csv(report: WioaReport) -> str:
    """One line per indicator, exact counts (see the module note on small counts)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(INDICATOR_COLUMNS)
    for i in report.indicators:
        because = "; ".join(f"{reason}: {n}" for reason, n in i.excluded_counts.items())
        writer.writerow(
            [
                i.name.value,
                i.name.label,
                i.window.start,
                i.window.end,
                i.numerator,
                i.denominator,
                _rate_text(i),
                "" if i.median is None else f"{i.median}",
                len(i.excluded),
                because,
            ]
        )
    return out.getvalue()


def indicators_json(report: WioaReport) -> str:
    """The same figures with the record ids behind each, for tracing."""
    body = {
        "quarter": str(report.quarter),
        "quarter_start": report.quarter.start.isoformat(),
        "quarter_end": report.quarter.end.isoformat(),
        "indicators": [
            {
                "indicator": i.name.value,
                "meaning": i.name.label,
                "cohort": {"start": i.window.start.isoformat(), "end": i.window.end.isoformat()},
                "numerator": i.numerator,
                "denominator": i.denominator,
                "rate": i.rate,
                "median_earnings": None if i.median is None else str(i.median),
                "numerator_ids": list(i.numerator_ids),
                "denominator_ids": list(i.denominator_ids),
                "excluded": [{"record_id": r, "because": why.value} for r, why in i.excluded],
                "excluded_counts": i.excluded_counts,
            }
            for i in report.indicators
        ],
    }
    return json.dumps(body, indent=2) + "\n"


TRACE_COLUMNS = ("record_id", "indicator", "counted", "in_numerator", "excluded_because")


def trace_csv(report: WioaReport) -> str:
    """One line per record and indicator it takes part in: in the denominator (and whether in
    the numerator too) or left out for an exit exclusion, with the reason."""
    rows: list[tuple[str, str, str, str, str]] = []
    for i in report.indicators:
        numerator = set(i.numerator_ids)
        for record_id in i.denominator_ids:
            yes = "yes" if record_id in numerator else "no"
            rows.append((record_id, i.name.value, "denominator", yes, ""))
        for record_id, reason in i.excluded:
            rows.append((record_id, i.name.value, "excluded", "no", reason.value))
    order = {name.value: n for n, name in enumerate(IndicatorName)}
    rows.sort(key=lambda row: (row[0], order[row[1]]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRACE_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
