"""Standardized exports of apprentices (issue 17, item 5), as pure functions of the facts the
store gathers: the roster and progress file, its check, and the funder report.

- The roster layout is data (`ROSTER_LAYOUT`, one `Column` per CSV column), shaped like the
  federal apprentice registration data (RAPIDS): the apprentice, the program, the occupation
  code, the start date, hours, wages, and completion or cancellation with its reason. The
  writer, the check and docs/wbl_reporting.md all read it, so they cannot drift apart.
- `validate_rows` checks rows against the layout and says in plain words which rows are not
  complete. `export_roster` refuses to write an incomplete file unless told to (the caller
  shows the problems first).
- The funder report is in `funder.py`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from onramp.errors import InvalidInputError
from onramp.vocabulary import LabeledEnum
from onramp.wbl.model import SOC_CODE, ProgramKind
from onramp.wbl.records import (
    MIN_AGE,
    Education,
    EmploymentStatus,
    Enrollment,
    EnrollmentState,
    ExitReason,
    FollowUp,
    Race,
    Registration,
    Sex,
    Veteran,
    YesNo,
)

LAYOUT_NAME = "onramp-wbl-roster"
LAYOUT_VERSION = 1
LIST_SEPARATOR = ";"
RACE_NOT_SAID = "not_said"  # written when the apprentice chose no race (an empty cell: unknown)
# what a spreadsheet runs as a formula (OWASP "CSV injection"); the same four as
# onramp.platform.email_address.FORMULA_STARTS, written here so this pure module does not load
# the platform package (and SQLAlchemy with it)
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class ApprenticeFacts:
    """Everything the exports read about one enrollment (the store builds these)."""

    enrollment: Enrollment
    program_id: str
    program_name: str
    program_kind: ProgramKind
    occupation: str  # O*NET-SOC code
    occupation_title: str
    sponsor_name: str
    journeyworker_wage: float | None
    ojl_hours: float  # approved on-the-job hours
    rti_hours: float
    registration: Registration | None
    follow_ups: tuple[FollowUp, ...]


# ---------------------------------------------------------------------------------------------
# The layout


class ValueFormat(LabeledEnum):
    TEXT = "text", "Text on one line that does not start with = + - or @."
    DATE = "date", "A date written as YYYY-MM-DD."
    DECIMAL = "decimal", "A number of zero or more with two decimals, like 18.50."
    CODE = "code", "One code from the list."
    CODES = "codes", "One or more codes from the list, split by a semicolon."
    SOC = "soc", "A job code from O*NET, like 47-2111.00."


class Need(LabeledEnum):
    ALWAYS = "always", "Every row needs it."
    OPTIONAL = "optional", "Filled in when it is known."
    REGISTERED = "registered", "Needed when the program is registered with the state."
    COMPLETED = "completed", "Needed when the apprentice finished. Empty if not."
    CANCELLED = "cancelled", "Needed when the apprentice left early. Empty if not."


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str  # what the column holds, in plain words
    format: ValueFormat
    need: Need = Need.ALWAYS
    codes: tuple[str, ...] = ()  # the allowed codes, for CODE and CODES
    if_missing: str = ""  # what an empty value means, for the problem sentence


def _codes(vocabulary: Iterable[LabeledEnum]) -> tuple[str, ...]:
    return tuple(str(member) for member in vocabulary)


def _asked(name: str, meaning: str, codes: Iterable[LabeledEnum] = ()) -> Column:
    """A registration fact: needed in every row, missing only when the registration is."""
    kind = ValueFormat.CODE if codes else ValueFormat.DATE
    return Column(name, meaning, kind, codes=_codes(codes), if_missing=_REG)


_REG = "the registration is not complete"
_TEXT, _DATE, _DEC = ValueFormat.TEXT, ValueFormat.DATE, ValueFormat.DECIMAL
_CODE = ValueFormat.CODE
_RACE = f"Race: several split by '{LIST_SEPARATOR}', or '{RACE_NOT_SAID}' when none was given."
_USD = "in US dollars an hour"
_WHY = "a cancellation must say why"

ROSTER_LAYOUT: tuple[Column, ...] = (
    Column("record_id", "The enrollment's id in Onramp: one apprentice in one program.", _TEXT),
    Column("apprentice_name", "The apprentice's full name.", _TEXT),
    _asked("date_of_birth", "The apprentice's date of birth."),
    _asked("sex", "Sex, as the apprentice gave it.", Sex),
    _asked("hispanic", "Hispanic or Latino.", YesNo),
    Column("race", _RACE, ValueFormat.CODES, codes=(*_codes(Race), RACE_NOT_SAID), if_missing=_REG),
    _asked("disability", "Has a disability.", YesNo),
    _asked("veteran", "Veteran status.", Veteran),
    _asked("education", "Highest school finished.", Education),
    _asked("employment_status", "New hire, or already worked for the sponsor.", EmploymentStatus),
    Column("program_id", "The program's id in Onramp.", _TEXT),
    Column("program_name", "The program's name.", _TEXT),
    Column("program_type", "The kind of program.", _CODE, codes=_codes(ProgramKind)),
    Column("occupation_code", "The occupation trained for.", ValueFormat.SOC),
    Column("occupation_title", "The occupation's title.", _TEXT, Need.OPTIONAL),
    Column("sponsor_name", "The sponsor that runs the program.", _TEXT),
    Column("start_date", "The day the apprenticeship started.", _DATE),
    Column("status", "Where the apprentice is now.", _CODE, codes=_codes(EnrollmentState)),
    Column("ojl_hours", "On-the-job hours the mentor approved.", _DEC),
    Column("rti_hours", "Hours of related classes.", _DEC),
    Column("wage_at_entry", f"Pay at the start, {_USD}.", _DEC, if_missing="it was not recorded"),
    Column("wage_now", f"Pay now (at the end, for those who left), {_USD}.", _DEC, Need.OPTIONAL),
    Column(
        "journeyworker_wage",
        f"The pay of a fully trained worker, {_USD}.",
        _DEC,
        Need.REGISTERED,
        if_missing="a registered apprenticeship states it",
    ),
    Column("completion_date", "The day the apprentice finished.", _DATE, Need.COMPLETED),
    Column("cancellation_date", "The day the apprentice left early.", _DATE, Need.CANCELLED),
    Column(
        "exit_reason", "Why the apprentice left.", _CODE, Need.CANCELLED, _codes(ExitReason), _WHY
    ),
)
ROSTER_COLUMNS: tuple[str, ...] = tuple(column.name for column in ROSTER_LAYOUT)


# ---------------------------------------------------------------------------------------------
# Rows


def day_text(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _decimal(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def _registration_cells(registration: Registration | None) -> dict[str, str]:
    if registration is None:
        return {}
    races = LIST_SEPARATOR.join(str(race) for race in registration.races)
    return {
        "date_of_birth": registration.date_of_birth.isoformat(),
        "sex": str(registration.sex),
        "hispanic": str(registration.hispanic),
        "race": races or RACE_NOT_SAID,
        "disability": str(registration.disability),
        "veteran": str(registration.veteran),
        "education": str(registration.education),
        "employment_status": str(registration.employment),
    }


def roster_row(facts: ApprenticeFacts) -> dict[str, str]:
    """One apprentice's row, every value written as the layout says (empty: not known)."""
    e = facts.enrollment
    completed = e.state is EnrollmentState.COMPLETED
    cancelled = e.state is EnrollmentState.CANCELLED
    cells = {
        "record_id": e.id,
        "apprentice_name": e.apprentice_name,
        "program_id": facts.program_id,
        "program_name": facts.program_name,
        "program_type": str(facts.program_kind),
        "occupation_code": facts.occupation,
        "occupation_title": facts.occupation_title,
        "sponsor_name": facts.sponsor_name,
        "start_date": e.start_date.isoformat(),
        "status": str(e.state),
        "ojl_hours": _decimal(facts.ojl_hours),
        "rti_hours": _decimal(facts.rti_hours),
        "wage_at_entry": _decimal(e.wage_at_entry),
        "wage_now": _decimal(e.wage_now),
        "journeyworker_wage": _decimal(facts.journeyworker_wage),
        "completion_date": day_text(e.ended_on) if completed else "",
        "cancellation_date": day_text(e.ended_on) if cancelled else "",
        "exit_reason": str(e.exit_reason) if cancelled and e.exit_reason else "",
        **_registration_cells(facts.registration),
    }
    # one line per value: a name or title with a line break would split the row for some readers
    return {name: " ".join(cells.get(name, "").split()) for name in ROSTER_COLUMNS}


def _roster_order(facts: ApprenticeFacts) -> tuple[str, str, str]:
    return (facts.program_name, facts.enrollment.apprentice_name, facts.enrollment.id)


def roster_rows(facts: Iterable[ApprenticeFacts]) -> list[dict[str, str]]:
    """The rows of the roster, by program name, then apprentice name (a stable order)."""
    return [roster_row(f) for f in sorted(facts, key=_roster_order)]


def write_roster_csv(facts: Iterable[ApprenticeFacts], out: TextIO) -> None:
    _write_rows(roster_rows(facts), out)


def _write_rows(rows: list[dict[str, str]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(ROSTER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def roster_json(facts: Iterable[ApprenticeFacts]) -> str:
    """The same rows as JSON, values as the same strings, so one check serves both."""
    return _rows_json(roster_rows(facts))


def _rows_json(rows: list[dict[str, str]]) -> str:
    document = {
        "layout": LAYOUT_NAME,
        "version": LAYOUT_VERSION,
        "columns": list(ROSTER_COLUMNS),
        "rows": rows,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# The check


class ProblemKind(LabeledEnum):
    MISSING = "missing", "A needed value is empty."
    FORMAT = "format", "The value is not written the way the layout says."
    CODE = "code", "The code is not in the list."
    NOT_EXPECTED = "not_expected", "A value is filled in that should be empty."
    ORDER = "order", "The dates do not make sense together."
    UNKNOWN = "unknown", "The column is not part of the layout."


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # 1 is the first apprentice (line 2 of the CSV, after the header)
    who: str  # the apprentice's name, or the record id when there is no name
    column: str
    kind: ProblemKind
    detail: str  # follows the column name, e.g. "is missing — the registration is not complete"

    @property
    def message(self) -> str:
        return f"Row {self.row} ({self.who}): {self.column} {self.detail}."


_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_TEXT = re.compile(r"^\d+\.\d{2}$")


def _needed(column: Column, row: dict[str, str]) -> bool | None:
    """True: needed; False: may be empty; None: must be empty."""
    if column.need is Need.ALWAYS:
        return True
    if column.need is Need.OPTIONAL:
        return False
    if column.need is Need.REGISTERED:
        return row.get("program_type") == ProgramKind.REGISTERED_APPRENTICESHIP
    wanted = (
        EnrollmentState.COMPLETED if column.need is Need.COMPLETED else EnrollmentState.CANCELLED
    )
    return True if row.get("status") == wanted else None


def _format_problem(column: Column, value: str) -> tuple[ProblemKind, str] | None:
    if column.format is ValueFormat.TEXT:
        if not value.strip() or "\n" in value:
            return ProblemKind.FORMAT, "is blank or runs over more than one line"
        if value.startswith(FORMULA_STARTS):
            # OWASP "CSV injection": a spreadsheet would run it; the sponsor fixes the record
            return ProblemKind.FORMAT, f"starts with '{value[0]}', which a spreadsheet would run"
        return None
    if column.format is ValueFormat.DATE:
        if _DATE_TEXT.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return ProblemKind.FORMAT, f"is '{value}', not a date written as YYYY-MM-DD"
    if column.format is ValueFormat.DECIMAL:
        if _DECIMAL_TEXT.match(value):
            return None
        if re.match(r"^-\d+(\.\d+)?$", value):
            return ProblemKind.FORMAT, f"is {value}, below zero"
        return ProblemKind.FORMAT, f"is '{value}', not a number with two decimals like 18.50"
    if column.format is ValueFormat.SOC:
        if SOC_CODE.match(value):
            return None
        return ProblemKind.FORMAT, f"is '{value}', not a job code like 47-2111.00"
    parts = value.split(LIST_SEPARATOR) if column.format is ValueFormat.CODES else [value]
    unknown = [part for part in parts if part not in column.codes]
    if unknown:
        return ProblemKind.CODE, f"has '{unknown[0]}', which is not in its list of codes"
    if len(set(parts)) != len(parts) or (len(parts) > 1 and RACE_NOT_SAID in parts):
        return ProblemKind.CODE, "repeats a code, or mixes a code with 'not_said'"
    return None


def _row_problems(row: dict[str, str]) -> list[tuple[str, ProblemKind, str]]:
    found: list[tuple[str, ProblemKind, str]] = []
    for extra in sorted(str(name) for name in set(row) - set(ROSTER_COLUMNS)):
        found.append((extra, ProblemKind.UNKNOWN, "is not a column of the roster layout"))
    for column in ROSTER_LAYOUT:
        value = row.get(column.name, "") or ""
        needed = _needed(column, row)
        if not value:
            if needed:
                why = column.if_missing
                if not why and column.need in (Need.COMPLETED, Need.CANCELLED):
                    why = f"the status is {row.get('status')}"
                hint = f" — {why}" if why else ""
                found.append((column.name, ProblemKind.MISSING, f"is missing{hint}"))
            continue
        if needed is None:
            status = row.get("status") or "empty"
            detail = f"is filled in, but the status is {status}"
            found.append((column.name, ProblemKind.NOT_EXPECTED, detail))
            continue
        problem = _format_problem(column, value)
        if problem:
            found.append((column.name, *problem))
    found.extend(_date_order_problems(row, {name for name, _, _ in found}))
    return found


def _date_order_problems(row: dict[str, str], bad: set[str]) -> list[tuple[str, ProblemKind, str]]:
    def day(name: str) -> date | None:
        value = row.get(name) or ""
        return date.fromisoformat(value) if value and name not in bad else None

    found: list[tuple[str, ProblemKind, str]] = []
    start, born = day("start_date"), day("date_of_birth")
    if start and born:
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        if age < MIN_AGE:
            detail = f"says the apprentice was {max(age, 0)} on the start date, under {MIN_AGE}"
            found.append(("date_of_birth", ProblemKind.ORDER, detail))
    for name in ("completion_date", "cancellation_date"):
        end = day(name)
        if start and end and end < start:
            found.append((name, ProblemKind.ORDER, "is before the start date"))
    return found


def validate_rows(rows: Sequence[dict[str, str]]) -> list[RowProblem]:
    """Every way the rows differ from the layout, in plain sentences (empty: ready to send)."""
    problems = []
    for number, row in enumerate(rows, start=1):
        who = row.get("apprentice_name") or row.get("record_id") or "no name or id"
        for column, kind, detail in _row_problems(row):
            problems.append(RowProblem(number, who, column, kind, detail))
    return problems


class IncompleteExportError(InvalidInputError):
    """The roster has rows that are not complete; nothing was written. `problems` lists them."""

    code = "roster_incomplete"

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        self.details = [
            {
                "row": p.row,
                "who": p.who,
                "column": p.column,
                "kind": str(p.kind),
                "message": p.message,
            }
            for p in problems
        ]
        lines = "\n".join(problem.message for problem in problems)
        super().__init__(f"The roster is not complete, so it was not written:\n{lines}")


def export_roster(
    facts: Iterable[ApprenticeFacts],
    out: TextIO,
    *,
    as_json: bool = False,
    allow_incomplete: bool = False,
) -> list[RowProblem]:
    """Check the roster, then write it as CSV (or JSON). Raises `IncompleteExportError` (an
    `InvalidInputError`) before writing anything when a row is not complete, unless
    `allow_incomplete`; returns the problems of what was written (empty when complete)."""
    rows = roster_rows(facts)
    problems = validate_rows(rows)
    if problems and not allow_incomplete:
        raise IncompleteExportError(problems)
    if as_json:
        out.write(_rows_json(rows))
    else:
        _write_rows(rows, out)
    return problems
