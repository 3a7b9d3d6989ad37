"""The outcomes view for policymakers and intermediaries (issue 17, item 6), as a pure function
of the same facts the exports read: counts, completion rate, time to completion, wages and
retention, by program or by occupation, with small numbers hidden.

Definitions (docs/wbl_reporting.md gives them with examples):
- enrolled: everyone who ever started, so enrolled = active + completed + cancelled;
- completion rate: completed / (completed + cancelled). Those still learning are left out: they
  have not finished or left yet, and counting them would make a young program look poor;
- time to completion: months from the start date to the completion date (days / 30.4375),
  the median over completers;
- wage at entry: the median over everyone with one; wage at completion: the median over
  completers with one (their last wage in the program);
- retention at 6 and 12 months: as in the funder report (`funder.retention`).

Privacy, with `small_cells` and its threshold (default 10):
- the published counts form one table: a line per group and a total line; columns active,
  completed, cancelled and enrolled (the row total). Margins are published too, so they are
  cells of the table: a count from 1 to threshold - 1 is hidden, wherever it is, and
  complementary suppression makes sure no hidden cell comes back by subtraction along any line;
- a rate or median is withheld when fewer than threshold people are behind it, and the
  completion rate also when its completed or cancelled count is hidden (with the other count
  and the rate, the hidden one could be worked out).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import TextIO

from onramp.small_cells import DEFAULT_THRESHOLD, Cell, suppress_table
from onramp.vocabulary import LabeledEnum
from onramp.wbl.funder import completed_on, retention, safe_cell
from onramp.wbl.records import EnrollmentState
from onramp.wbl.reporting import ApprenticeFacts

DAYS_PER_MONTH = 365.25 / 12
TOTAL_KEY = ""
TOTAL_NAME = "All"


class GroupBy(LabeledEnum):
    PROGRAM = "program", "One line for each program."
    OCCUPATION = "occupation", "One line for each job."


class Measure(LabeledEnum):
    ACTIVE = "active", "People still learning."
    COMPLETED = "completed", "People who finished."
    CANCELLED = "cancelled", "People who left early."
    ENROLLED = "enrolled", "People who ever started."
    COMPLETION_RATE = "completion_rate", "Of those who finished or left, the share who finished."
    MONTHS_TO_COMPLETION = "months_to_completion", "The usual months from start to finish."
    WAGE_AT_ENTRY = "wage_at_entry", "The usual pay at the start, in dollars an hour."
    WAGE_AT_COMPLETION = "wage_at_completion", "The usual pay at the finish, in dollars an hour."
    RETENTION_6 = "retention_6", "The share still at work 6 months after they finished."
    RETENTION_12 = "retention_12", "The share still at work 12 months after they finished."


COUNTS: tuple[Measure, ...] = (
    Measure.ACTIVE,
    Measure.COMPLETED,
    Measure.CANCELLED,
    Measure.ENROLLED,
)
FIGURES: tuple[Measure, ...] = tuple(m for m in Measure if m not in COUNTS)


@dataclass(frozen=True, slots=True)
class Figure:
    """A published number: `value` is None when it is withheld (see `withheld`) or when no one
    is there to compute it from (then `withheld` is empty)."""

    value: float | None
    withheld: str = ""  # e.g. "withheld: fewer than 10 people"


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    key: str  # the program id or occupation code; TOTAL_KEY for the total line
    name: str
    counts: tuple[Cell, ...]  # in the order of COUNTS
    figures: dict[Measure, Figure]  # the rates and medians, by the measures of FIGURES

    def figure(self, measure: Measure) -> Figure:
        """Any measure as a Figure: a hidden count reads as withheld."""
        if measure in COUNTS:
            cell = self.counts[COUNTS.index(measure)]
            if cell.shown:
                return Figure(cell.value)
            return Figure(None, f"hidden ({cell.hidden_because})")
        return self.figures[measure]


@dataclass(frozen=True, slots=True)
class OutcomesView:
    by: GroupBy
    threshold: int
    today: date
    rows: tuple[OutcomeRow, ...]  # one per group, by name, then the total line

    @property
    def total(self) -> OutcomeRow:
        return self.rows[-1]

    def table(self) -> list[list[Cell]]:
        """The published counts, total line and column included: what `recoverable` checks."""
        return [list(row.counts) for row in self.rows]


def _median(values: list[float], places: int) -> float | None:
    return round(median(values), places) if values else None


def _raw_figures(
    group: list[ApprenticeFacts], today: date
) -> dict[Measure, tuple[float | None, int]]:
    """Each figure with the number of people behind it."""
    completers = [f for f in group if f.enrollment.state is EnrollmentState.COMPLETED]
    finished = len(completers) + sum(f.enrollment.state is EnrollmentState.CANCELLED for f in group)
    months = [
        (ended - f.enrollment.start_date).days / DAYS_PER_MONTH
        for f in completers
        if (ended := completed_on(f)) is not None
    ]
    entry = [f.enrollment.wage_at_entry for f in group if f.enrollment.wage_at_entry is not None]
    final = [f.enrollment.wage_now for f in completers if f.enrollment.wage_now is not None]
    kept_6, kept_12 = retention(group, 6, today), retention(group, 12, today)
    return {
        Measure.COMPLETION_RATE: (
            round(len(completers) / finished, 4) if finished else None,
            finished,
        ),
        Measure.MONTHS_TO_COMPLETION: (_median(months, 1), len(months)),
        Measure.WAGE_AT_ENTRY: (_median(entry, 2), len(entry)),
        Measure.WAGE_AT_COMPLETION: (_median(final, 2), len(final)),
        Measure.RETENTION_6: (kept_6.rate, kept_6.followed_up),
        Measure.RETENTION_12: (kept_12.rate, kept_12.followed_up),
    }


def _published(
    raw: dict[Measure, tuple[float | None, int]], counts: list[Cell], threshold: int
) -> dict[Measure, Figure]:
    shown: dict[Measure, Figure] = {}
    for measure, (value, people) in raw.items():
        if value is None:
            shown[measure] = Figure(None)
        elif people < threshold:
            shown[measure] = Figure(None, f"withheld: fewer than {threshold} people")
        elif measure is Measure.COMPLETION_RATE and not (
            counts[COUNTS.index(Measure.COMPLETED)].shown
            and counts[COUNTS.index(Measure.CANCELLED)].shown
        ):
            shown[measure] = Figure(None, "withheld: it could give back a hidden count")
        else:
            shown[measure] = Figure(value)
    return shown


def _count_line(group: list[ApprenticeFacts]) -> list[int]:
    states = [f.enrollment.state for f in group]
    return [
        states.count(EnrollmentState.ACTIVE),
        states.count(EnrollmentState.COMPLETED),
        states.count(EnrollmentState.CANCELLED),
        len(states),
    ]


def outcomes_view(
    facts: Iterable[ApprenticeFacts],
    today: date,
    *,
    by: GroupBy = GroupBy.PROGRAM,
    threshold: int = DEFAULT_THRESHOLD,
) -> OutcomesView:
    """The view of every apprentice given, one line per program (or occupation) and a total."""
    every = list(facts)
    groups: dict[str, list[ApprenticeFacts]] = {}
    names: dict[str, str] = {}
    for f in every:
        key = f.program_id if by is GroupBy.PROGRAM else f.occupation
        groups.setdefault(key, []).append(f)
        if by is GroupBy.PROGRAM:
            names.setdefault(key, f.program_name)
        else:
            names.setdefault(key, f.occupation_title or f.occupation)
    keys = sorted(groups, key=lambda key: (names[key], key))
    lines = [(key, names[key], groups[key]) for key in keys]
    lines.append((TOTAL_KEY, TOTAL_NAME, every))
    cells = suppress_table([_count_line(group) for _, _, group in lines], threshold=threshold)
    rows = tuple(
        OutcomeRow(key, name, tuple(line), _published(_raw_figures(group, today), line, threshold))
        for (key, name, group), line in zip(lines, cells, strict=True)
    )
    return OutcomesView(by, threshold, today, rows)


def chart_bars(
    view: OutcomesView, measure: Measure, *, with_total: bool = False
) -> list[tuple[str, float]]:
    """(label, value) pairs for a bar chart of one measure; hidden and withheld values and
    groups with no value are left out, never drawn as zero."""
    rows = view.rows if with_total else view.rows[:-1]
    bars = []
    for row in rows:
        value = row.figure(measure).value
        if value is not None:
            bars.append((row.name, float(value)))
    return bars


CSV_COLUMNS: tuple[str, ...] = (
    "group_by",
    "key",
    "name",
    *(str(m) for m in COUNTS),
    *(str(m) for m in FIGURES),
    "suppressed",
)
_PLACES = {Measure.MONTHS_TO_COMPLETION: 1, Measure.WAGE_AT_ENTRY: 2, Measure.WAGE_AT_COMPLETION: 2}


def _written(measure: Measure, value: float | None) -> str:
    if value is None:
        return ""
    if measure in COUNTS:
        return str(int(value))
    places = _PLACES.get(measure, 4)  # rates are shares from 0 to 1
    return f"{value:.{places}f}"


def outcomes_rows(view: OutcomesView) -> list[dict[str, str]]:
    """The view as CSV rows. A hidden or withheld value is an empty cell and its column is
    named in `suppressed` (split by ';'); an empty cell not named there means no one to count."""
    rows = []
    for row in view.rows:
        line = {"group_by": str(view.by), "key": safe_cell(row.key), "name": safe_cell(row.name)}
        hidden = []
        for measure in (*COUNTS, *FIGURES):
            figure = row.figure(measure)
            line[str(measure)] = _written(measure, figure.value)
            if figure.withheld:
                hidden.append(str(measure))
        line["suppressed"] = ";".join(hidden)
        rows.append(line)
    return rows


def write_outcomes_csv(view: OutcomesView, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(outcomes_rows(view))
