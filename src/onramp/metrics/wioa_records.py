"""The participant-record file a workforce board keeps or imports for WIOA reporting (issue 18,
item 4): the layout as data, the frozen records and the reader.

The columns follow the federal Participant Individual Record Layout (PIRL, ETA-9172, OMB
1205-0526) for the fields the primary indicators use, one row per period of participation.
Each `Field` names its PIRL data element number where we could confirm it in published PIRL
column headings; where we could not, `element` is empty and the docs say so plainly rather
than guess. Codes are written as words (`occupational`, `deceased`) instead of the PIRL's
numbers, because we could not confirm every numeric code; a board exporting PIRL numbers maps
them once, and the words read back in every figure's trace.

As with the hours file, every bad line is named with a plain reason and the file is refused
whole when any line is bad, so no report is ever computed from part of a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from onramp.errors import ImportFileError, TooLargeError
from onramp.vocabulary import LabeledEnum

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_WAGES = Decimal("999999.99")
FILE = "participant file"


class ExitExclusion(LabeledEnum):
    """PIRL 923 "Other Reasons for Exit": exits that take a person out of the indicators
    (20 CFR 677.155(b); TEGL 10-16, Change 2). A blank cell means none of these."""

    INSTITUTIONALIZED = "institutionalized", "Left to live in a prison, hospital or care home."
    HEALTH = "health", "Left for health care that will last more than 90 days."
    DECEASED = "deceased", "Died."
    RESERVE_DUTY = "reserve_duty", "Left when called to active duty in the reserves."
    FOSTER_CARE = "foster_care", "A youth who moved away with the foster care system."


class TrainingType(LabeledEnum):
    """The participant's education or training (PIRL 1303 "Type of Training Service #1", with
    `secondary` and `postsecondary` added for school programs, which PIRL records elsewhere)."""

    NONE = "none", "No school or job training."
    OCCUPATIONAL = "occupational", "Job skills training in a class or program."
    APPRENTICESHIP = "apprenticeship", "Learning a trade on the job, in a listed program."
    OJT = "ojt", "Training on the job, paid in part by the program."
    CUSTOMIZED = "customized", "Training made for one employer."
    ADULT_EDUCATION = "adult_education", "Adult basic skills or English classes."
    SECONDARY = "secondary", "High school classes, grade 9 or above."
    POSTSECONDARY = "postsecondary", "College classes toward a degree."


class CredentialType(LabeledEnum):
    """PIRL 1800 "Type of Recognized Credential", as words."""

    SECONDARY_DIPLOMA = "secondary_diploma", "A high school diploma or the same."
    ASSOCIATE = "associate", "A two-year college degree."
    BACHELOR = "bachelor", "A four-year college degree."
    LICENSE = "license", "A license to work in a job."
    CERTIFICATE = "certificate", "A job certificate from a school or program."
    CERTIFICATION = "certification", "A paper from a trade group that says you passed its job test."
    OTHER = "other", "Some other school or job paper that employers trust."


class SkillGain(LabeledEnum):
    """The five kinds of measurable skill gain (20 CFR 677.155(a)(1)(v)), the diploma being
    read from the credential columns as PIRL does."""

    EFL = "efl", "Moved up one school level in reading, math or English."
    DIPLOMA = "diploma", "Earned a high school diploma or the same."
    POSTSECONDARY_TRANSCRIPT = "postsecondary_transcript", "Passed enough college credits."
    SECONDARY_TRANSCRIPT = "secondary_transcript", "Passed enough high school credits."
    MILESTONE = "milestone", "Got a good progress report from a trainer or boss."
    SKILLS = "skills", "Passed a job test or showed new job skills."


def _words(vocabulary: type[LabeledEnum]) -> str:
    """The words a column takes, for its line of the documented layout."""
    values = [member.value for member in vocabulary]
    return f"{', '.join(values[:-1])} or {values[-1]}."


@dataclass(frozen=True, slots=True)
class Field:
    """One column of the participant file."""

    element: str  # PIRL data element number; "" when we could not confirm one
    column: str
    meaning: str
    format: str
    required: str


LAYOUT: tuple[Field, ...] = (
    Field(
        "100",
        "record_id",
        "The board's id for this period of participation (PIRL "
        "Unique Individual Identifier); one row each. Not a Social Security number.",
        "text, up to 64 characters",
        "always",
    ),
    Field("900", "entry_date", "Date of program entry.", "YYYY-MM-DD", "always"),
    Field(
        "901",
        "exit_date",
        "Date of program exit. Blank while the person is still served.",
        "YYYY-MM-DD",
        "when the person has exited",
    ),
    Field(
        "923",
        "exit_exclusion",
        "Other reason for exit that takes the person out of the indicators: "
        + _words(ExitExclusion),
        "word or blank",
        "only with an exit date",
    ),
    Field(
        "1303",
        "training_type",
        "Education or training received: " + _words(TrainingType),
        "word; blank means none",
        "optional",
    ),
    Field(
        "1302",
        "training_start",
        "Date entered training.",
        "YYYY-MM-DD",
        "when training_type is not none",
    ),
    Field(
        "1308",
        "training_end",
        "Date completed, or withdrew from, training. Blank while in training.",
        "YYYY-MM-DD",
        "optional",
    ),
    Field(
        "",
        "training_credential",
        "Whether the on-the-job or customized training leads to "
        "a recognized credential (no PIRL element; Onramp's own column).",
        "yes, no or blank",
        "optional",
    ),
    Field(
        "1602",
        "employed_q2",
        "Employed in the 2nd quarter after the exit quarter. Blank "
        "means not known yet, and counts as not employed.",
        "yes, no or blank",
        "optional",
    ),
    Field(
        "1606",
        "employed_q4",
        "Employed in the 4th quarter after the exit quarter. Blank "
        "means not known yet, and counts as not employed.",
        "yes, no or blank",
        "optional",
    ),
    Field(
        "1704",
        "wages_q2",
        "Wages in the 2nd quarter after the exit quarter, in dollars.",
        "number, at most 2 decimals",
        "when employed_q2 is yes, and only then",
    ),
    Field(
        "1800",
        "credential_type",
        "Type of recognized credential: " + _words(CredentialType),
        "word or blank",
        "optional",
    ),
    Field(
        "1801",
        "credential_date",
        "Date attained the recognized credential.",
        "YYYY-MM-DD",
        "when credential_type is given, and only then",
    ),
    Field(
        "",
        "next_step_within_year",
        "For a high school diploma: employed, or enrolled in "
        "education or training toward a postsecondary credential, within one year after "
        "exit (no single PIRL element; Onramp's own column).",
        "yes, no or blank",
        "optional",
    ),
    Field(
        "1806",
        "msg_efl_date",
        "Date of most recent measurable skill gain: educational functioning level.",
        "YYYY-MM-DD",
        "optional",
    ),
    Field(
        "1807",
        "msg_postsecondary_transcript_date",
        "Date of most recent measurable skill gain: postsecondary transcript or report card.",
        "YYYY-MM-DD",
        "optional",
    ),
    Field(
        "1808",
        "msg_secondary_transcript_date",
        "Date of most recent measurable skill gain: secondary transcript or report card.",
        "YYYY-MM-DD",
        "optional",
    ),
    Field(
        "1809",
        "msg_milestone_date",
        "Date of most recent measurable skill gain: training milestone.",
        "YYYY-MM-DD",
        "optional",
    ),
    Field(
        "1810",
        "msg_skills_date",
        "Date of most recent measurable skill gain: skills progression.",
        "YYYY-MM-DD",
        "optional",
    ),
)
COLUMNS = tuple(field.column for field in LAYOUT)
REQUIRED_COLUMNS = ("record_id", "entry_date")
MSG_COLUMNS: tuple[tuple[str, SkillGain], ...] = (
    ("msg_efl_date", SkillGain.EFL),
    ("msg_postsecondary_transcript_date", SkillGain.POSTSECONDARY_TRANSCRIPT),
    ("msg_secondary_transcript_date", SkillGain.SECONDARY_TRANSCRIPT),
    ("msg_milestone_date", SkillGain.MILESTONE),
    ("msg_skills_date", SkillGain.SKILLS),
)


@dataclass(frozen=True, slots=True)
class Participant:
    """One period of participation, as read from one line of the file."""

    record_id: str
    entry_date: date
    exit_date: date | None = None
    exclusion: ExitExclusion | None = None
    training: TrainingType = TrainingType.NONE
    training_start: date | None = None
    training_end: date | None = None
    training_credential: bool = False
    employed_q2: bool | None = None
    employed_q4: bool | None = None
    wages_q2: Decimal | None = None
    credential: CredentialType | None = None
    credential_date: date | None = None
    next_step_within_year: bool = False
    gains: tuple[tuple[SkillGain, date], ...] = ()  # the PIRL "most recent" date of each kind
    line: int = 0

    @property
    def skill_gains(self) -> tuple[tuple[SkillGain, date], ...]:
        """Every dated gain, the diploma read from the credential columns."""
        if self.credential is CredentialType.SECONDARY_DIPLOMA and self.credential_date:
            return (*self.gains, (SkillGain.DIPLOMA, self.credential_date))
        return self.gains


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    reason: str

    @property
    def sentence(self) -> str:
        return f"Line {self.line}: {self.reason}"


class ParticipantFileError(ImportFileError):
    """The participant file has bad lines; `lines` names every one (nothing was read)."""

    def __init__(self, lines: list[BadLine]) -> None:
        self.lines = lines
        self.details = [{"line": b.line, "reason": b.reason, "sentence": b.sentence} for b in lines]
        shown = "; ".join(b.sentence for b in lines[:20])
        more = f" (and {len(lines) - 20} more)" if len(lines) > 20 else ""
        super().__init__(FILE, f"{len(lines)} lines need fixing, so none were read. {shown}{more}")


def read_participants(text: str) -> list[Participant]:
    """Every participant in the file, or ParticipantFileError naming every bad line."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise TooLargeError("The participant file is larger than 5 MB. Split it into parts.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(FILE, f"the header row needs the columns: {', '.join(missing)}", 1)
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise ImportFileError(FILE, f"the header row has unknown columns: {', '.join(unknown)}", 1)
    good: list[Participant] = []
    bad: list[BadLine] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        if len(good) + len(bad) >= MAX_ROWS:
            raise ImportFileError(FILE, f"has more than {MAX_ROWS} lines; split it")
        if None in raw:
            bad.append(BadLine(number, "the line has more cells than the header row."))
            continue
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        problems: list[str] = []
        participant = _parse(row, number, problems)
        key = row.get("record_id", "").lower()
        if key and key in first_line:
            problems.append(
                f"the record id {row['record_id']} is already on line {first_line[key]}."
            )
        elif key:
            first_line[key] = number
        if problems or participant is None:
            bad.append(BadLine(number, " ".join(problems)))
        else:
            good.append(participant)
    if bad:
        raise ParticipantFileError(bad)
    if not good:
        raise ImportFileError(FILE, "has no participants")
    return good


class _Cells:
    """Reads one row's cells, noting a plain reason for each bad one."""

    def __init__(self, row: dict[str, str], problems: list[str]) -> None:
        self.row = row
        self.problems = problems

    def text(self, column: str) -> str:
        return self.row.get(column, "")

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            if len(value) != 10:  # fromisoformat would also take 20250701
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{column} '{value}' is not a date like 2025-07-01.")
            return None

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return None
        if value in ("yes", "y", "1", "true"):
            return True
        if value in ("no", "n", "0", "false"):
            return False
        self.problems.append(f"{column} '{self.text(column)}' is not yes or no.")
        return None

    def word(self, column: str, vocabulary: Callable[[str], LabeledEnum]) -> LabeledEnum | None:
        value = self.text(column).lower()
        if not value:
            return None
        try:
            return vocabulary(value)
        except ValueError:
            self.problems.append(f"{column} '{self.text(column)}' is not one of the listed words.")
            return None

    def money(self, column: str) -> Decimal | None:
        value = self.text(column).replace(",", "").lstrip("$")
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = Decimal("NaN")
        exponent = amount.as_tuple().exponent
        if not amount.is_finite() or not isinstance(exponent, int) or exponent < -2:
            self.problems.append(f"{column} '{self.text(column)}' is not an amount like 6100.50.")
            return None
        if not 0 < amount <= MAX_WAGES:
            self.problems.append(
                f"{column} {self.text(column)} is not between 0.01 and {MAX_WAGES}."
            )
            return None
        return amount


def _parse(row: dict[str, str], line: int, problems: list[str]) -> Participant | None:
    """The participant on this row, or None with the reasons added to `problems`."""
    cells = _Cells(row, problems)
    record_id = cells.text("record_id")
    if not record_id:
        problems.append("the record id is missing.")
    elif len(record_id) > 64:
        problems.append("the record id is longer than 64 characters.")
    entry = cells.day("entry_date")
    if entry is None and not cells.text("entry_date"):
        problems.append("the entry date is missing.")
    exit_ = cells.day("exit_date")
    exclusion = cells.word("exit_exclusion", ExitExclusion)
    training = cells.word("training_type", TrainingType) or TrainingType.NONE
    start, end = cells.day("training_start"), cells.day("training_end")
    training_credential = cells.yes_no("training_credential")
    employed_q2, employed_q4 = cells.yes_no("employed_q2"), cells.yes_no("employed_q4")
    wages = cells.money("wages_q2")
    credential = cells.word("credential_type", CredentialType)
    credential_date = cells.day("credential_date")
    next_step = cells.yes_no("next_step_within_year")
    gains = tuple((kind, day) for column, kind in MSG_COLUMNS if (day := cells.day(column)))
    if problems or entry is None:
        return None
    _check_order(cells, entry, exit_, start, end, credential_date, gains)
    if exclusion and not exit_:
        problems.append("an exit exclusion needs an exit date.")
    if training is TrainingType.NONE and (start or end):
        problems.append("training dates are given but the training type is none.")
    if training is not TrainingType.NONE and not start:
        problems.append("the training start date is missing.")
    if employed_q2 and wages is None:
        problems.append("wages_q2 is needed when employed_q2 is yes.")
    if wages is not None and not employed_q2:
        problems.append("wages_q2 is given but employed_q2 is not yes.")
    if credential and not credential_date:
        problems.append("the credential date is missing.")
    if credential_date and not credential:
        problems.append("a credential date is given without a credential type.")
    if problems:
        return None
    return Participant(
        record_id=record_id,
        entry_date=entry,
        exit_date=exit_,
        exclusion=ExitExclusion(exclusion) if exclusion else None,
        training=TrainingType(training),
        training_start=start,
        training_end=end,
        training_credential=bool(training_credential),
        employed_q2=employed_q2,
        employed_q4=employed_q4,
        wages_q2=wages,
        credential=CredentialType(credential) if credential else None,
        credential_date=credential_date,
        next_step_within_year=bool(next_step),
        gains=gains,
        line=line,
    )


def _check_order(
    cells: _Cells,
    entry: date,
    exit_: date | None,
    start: date | None,
    end: date | None,
    credential_date: date | None,
    gains: tuple[tuple[SkillGain, date], ...],
) -> None:
    """Dates that cannot be in this order are named: they would put a figure in the wrong
    cohort."""
    problems = cells.problems
    if exit_ and exit_ < entry:
        problems.append("the exit date is before the entry date.")
    if start and start < entry:
        problems.append("training starts before the entry date.")
    if start and exit_ and start > exit_:
        problems.append("training starts after the exit date.")
    if end and start and end < start:
        problems.append("training ends before it starts.")
    if end and exit_ and end > exit_:
        problems.append("training ends after the exit date.")
    if credential_date and credential_date < entry:
        problems.append("the credential date is before the entry date.")
    for kind, day in gains:
        if day < entry or (exit_ and day > exit_):
            problems.append(f"the {kind.value} skill gain date is outside the time in the program.")
