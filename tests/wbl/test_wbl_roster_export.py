"""The apprentice roster and progress export and its check (issue 17, item 5)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from onramp.errors import InvalidInputError
from onramp.wbl.funder import add_months
from onramp.wbl.model import ProgramKind
from onramp.wbl.records import (
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
from onramp.wbl.reporting import (
    ROSTER_COLUMNS,
    ROSTER_LAYOUT,
    ApprenticeFacts,
    IncompleteExportError,
    ProblemKind,
    ValueFormat,
    export_roster,
    roster_json,
    roster_rows,
    validate_rows,
    write_roster_csv,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "wbl_reporting.md"
PROGRAMS = {
    "p-elec": ("Electricians", ProgramKind.REGISTERED_APPRENTICESHIP, "47-2111.00", 38.0),
    "p-ma": ("Medical Assistant", ProgramKind.REGISTERED_APPRENTICESHIP, "31-9092.00", 20.0),
    "p-weld": ("Welding", ProgramKind.PRE_APPRENTICESHIP, "51-4121.00", None),
    "p-solar": ("Solar", ProgramKind.PRE_APPRENTICESHIP, "47-2231.00", None),
}
TITLES = {
    "47-2111.00": "Electricians",
    "31-9092.00": "Medical Assistants",
    "51-4121.00": "Welders, Cutters, Solderers, and Brazers",
    "47-2231.00": "Solar Photovoltaic Installers",
}


def registration(**changes: object) -> Registration:
    fields: dict[str, object] = {
        "date_of_birth": date(1998, 4, 2),
        "sex": Sex.FEMALE,
        "hispanic": YesNo.YES,
        "races": (Race.WHITE, Race.AMERICAN_INDIAN),
        "disability": YesNo.NO,
        "veteran": Veteran.NOT_VETERAN,
        "education": Education.HIGH_SCHOOL,
        "employment": EmploymentStatus.NEW_HIRE,
    }
    return Registration.model_validate(fields | changes)


def apprentice(
    record_id: str,
    name: str,
    program: str = "p-elec",
    *,
    state: EnrollmentState = EnrollmentState.ACTIVE,
    start: date = date(2025, 1, 6),
    ended: date | None = None,
    reason: ExitReason | None = None,
    entry: float | None = 20.0,
    now: float | None = None,
    ojl: float = 0.0,
    rti: float = 0.0,
    reg: Registration | None = None,
    follow_ups: tuple[tuple[int, bool, date], ...] = (),
    occupation: str | None = None,
) -> ApprenticeFacts:
    """One apprentice's facts, as the store would gather them."""
    name_of_program, kind, code, journeyworker = PROGRAMS[program]
    code = occupation or code
    enrollment = Enrollment(
        id=record_id,
        program_id=program,
        sponsor_org_id="org-sponsor",
        apprentice_id=f"u-{record_id}",
        apprentice_name=name,
        apprentice_email=f"{record_id}@example.org",
        mentor_id=None,
        mentor_name="Lee Park",
        state=state,
        start_date=start,
        wage_at_entry=entry,
        wage_now=now,
        paid_share=None,
        share_board=True,
        consent="I agree.",
        invited_at=datetime(2025, 1, 2, tzinfo=UTC),
        enrolled_at=datetime(2025, 1, 2, tzinfo=UTC),
        ended_on=ended,
        exit_reason=reason,
    )
    return ApprenticeFacts(
        enrollment=enrollment,
        program_id=program,
        program_name=name_of_program,
        program_kind=kind,
        occupation=code,
        occupation_title=TITLES[code],
        sponsor_name="Metro Electric",
        journeyworker_wage=journeyworker,
        ojl_hours=ojl,
        rti_hours=rti,
        registration=reg if reg is not None else registration(),
        follow_ups=tuple(
            FollowUp(record_id, months, employed, None, on) for months, employed, on in follow_ups
        ),
    )


def roster() -> list[ApprenticeFacts]:
    return [
        apprentice("e-2", "Ana Ruiz", ojl=1234.5, rti=96, now=21.5),
        apprentice(
            "e-1",
            "Ben Cole",
            "p-ma",
            state=EnrollmentState.COMPLETED,
            start=date(2024, 2, 1),
            ended=date(2025, 2, 14),
            entry=16.0,
            now=19.75,
            ojl=2000,
            rti=160,
            reg=registration(
                sex=Sex.MALE,
                hispanic=YesNo.NOT_SAID,
                races=(),
                veteran=Veteran.VETERAN,
                employment=EmploymentStatus.EXISTING_EMPLOYEE,
            ),
        ),
        apprentice(
            "e-3",
            "Cy Dunn",
            "p-weld",
            state=EnrollmentState.CANCELLED,
            ended=date(2025, 3, 1),
            reason=ExitReason.MOVED,
            entry=15.0,
            ojl=80,
        ),
    ]


ANA = {
    "record_id": "e-2",
    "apprentice_name": "Ana Ruiz",
    "date_of_birth": "1998-04-02",
    "sex": "female",
    "hispanic": "yes",
    "race": "american_indian;white",
    "disability": "no",
    "veteran": "not_veteran",
    "education": "high_school",
    "employment_status": "new_hire",
    "program_id": "p-elec",
    "program_name": "Electricians",
    "program_type": "registered_apprenticeship",
    "occupation_code": "47-2111.00",
    "occupation_title": "Electricians",
    "sponsor_name": "Metro Electric",
    "start_date": "2025-01-06",
    "status": "active",
    "ojl_hours": "1234.50",
    "rti_hours": "96.00",
    "wage_at_entry": "20.00",
    "wage_now": "21.50",
    "journeyworker_wage": "38.00",
    "completion_date": "",
    "cancellation_date": "",
    "exit_reason": "",
}
BEN = ANA | {
    "record_id": "e-1",
    "apprentice_name": "Ben Cole",
    "sex": "male",
    "hispanic": "not_said",
    "race": "not_said",
    "veteran": "veteran",
    "employment_status": "existing_employee",
    "program_id": "p-ma",
    "program_name": "Medical Assistant",
    "occupation_code": "31-9092.00",
    "occupation_title": "Medical Assistants",
    "start_date": "2024-02-01",
    "status": "completed",
    "ojl_hours": "2000.00",
    "rti_hours": "160.00",
    "wage_at_entry": "16.00",
    "wage_now": "19.75",
    "journeyworker_wage": "20.00",
    "completion_date": "2025-02-14",
}
CY = ANA | {
    "record_id": "e-3",
    "apprentice_name": "Cy Dunn",
    "program_id": "p-weld",
    "program_name": "Welding",
    "program_type": "pre_apprenticeship",
    "occupation_code": "51-4121.00",
    "occupation_title": "Welders, Cutters, Solderers, and Brazers",
    "status": "cancelled",
    "ojl_hours": "80.00",
    "rti_hours": "0.00",
    "wage_at_entry": "15.00",
    "wage_now": "",
    "journeyworker_wage": "",
    "cancellation_date": "2025-03-01",
    "exit_reason": "moved",
}


def test_rows_match_the_hand_written_fixture_in_program_then_name_order() -> None:
    assert roster_rows(roster()) == [ANA, BEN, CY]
    assert all(list(row) == list(ROSTER_COLUMNS) for row in roster_rows(roster()))


def test_every_row_of_a_complete_roster_validates() -> None:
    assert validate_rows(roster_rows(roster())) == []


def _messages(facts: list[ApprenticeFacts]) -> list[str]:
    return [problem.message for problem in validate_rows(roster_rows(facts))]


def test_a_missing_registration_is_named_for_each_of_its_columns() -> None:
    ana = replace(roster()[0], registration=None)
    messages = _messages([ana])
    assert messages[0] == (
        "Row 1 (Ana Ruiz): date_of_birth is missing — the registration is not complete."
    )
    names = [
        "date_of_birth",
        "sex",
        "hispanic",
        "race",
        "disability",
        "veteran",
        "education",
        "employment_status",
    ]
    assert messages == [
        f"Row 1 (Ana Ruiz): {name} is missing — the registration is not complete." for name in names
    ]


def test_a_cancellation_without_a_reason_and_a_missing_wage_are_named() -> None:
    cy = roster()[2]
    cy = replace(cy, enrollment=replace(cy.enrollment, exit_reason=None, wage_at_entry=None))
    ben = roster()[1]
    ben = replace(ben, enrollment=replace(ben.enrollment, ended_on=None))
    assert _messages([ben, cy]) == [
        "Row 1 (Ben Cole): completion_date is missing — the status is completed.",
        "Row 2 (Cy Dunn): wage_at_entry is missing — it was not recorded.",
        "Row 2 (Cy Dunn): exit_reason is missing — a cancellation must say why.",
    ]


def test_a_registered_apprenticeship_needs_its_journeyworker_wage() -> None:
    ana = replace(roster()[0], journeyworker_wage=None)
    assert _messages([ana]) == [
        "Row 1 (Ana Ruiz): journeyworker_wage is missing — a registered apprenticeship states it."
    ]


def test_formats_codes_conditions_and_date_order_are_checked() -> None:
    row = dict(ANA)
    row |= {
        "date_of_birth": "2012-05-01",
        "start_date": "2025/01/06",
        "ojl_hours": "-3.00",
        "rti_hours": "12",
        "sex": "f",
        "race": "white;not_said",
        "completion_date": "2025-05-01",
        "extra": "x",
    }
    ended = BEN | {"record_id": "", "apprentice_name": "", "completion_date": "2023-01-01"}
    problems = validate_rows([row, ended])
    assert [(p.row, p.column, p.kind) for p in problems] == [
        (1, "extra", ProblemKind.UNKNOWN),
        (1, "sex", ProblemKind.CODE),
        (1, "race", ProblemKind.CODE),
        (1, "start_date", ProblemKind.FORMAT),
        (1, "ojl_hours", ProblemKind.FORMAT),
        (1, "rti_hours", ProblemKind.FORMAT),
        (1, "completion_date", ProblemKind.NOT_EXPECTED),
        (2, "record_id", ProblemKind.MISSING),
        (2, "apprentice_name", ProblemKind.MISSING),
        (2, "completion_date", ProblemKind.ORDER),
    ]
    messages = [p.message for p in problems]
    assert "Row 1 (Ana Ruiz): ojl_hours is -3.00, below zero." in messages
    assert "Row 1 (Ana Ruiz): completion_date is filled in, but the status is active." in messages
    assert "Row 2 (no name or id): completion_date is before the start date." in messages
    # with a valid start date, an apprentice born in 2012 is too young
    young = validate_rows([ANA | {"date_of_birth": "2012-05-01"}])
    assert [p.message for p in young] == [
        "Row 1 (Ana Ruiz): date_of_birth says the apprentice was 12 on the start date, under 16."
    ]
    assert validate_rows([ANA | {"occupation_code": "47-2111"}]) == []  # a SOC code is fine
    occupation = validate_rows([ANA | {"occupation_code": "47-21"}])
    assert [p.message for p in occupation] == [
        "Row 1 (Ana Ruiz): occupation_code is '47-21', not a job code like 47-2111.00."
    ]


def test_export_refuses_an_incomplete_roster_and_names_every_problem() -> None:
    facts = roster()
    facts[0] = replace(facts[0], registration=None)
    out = io.StringIO()
    with pytest.raises(InvalidInputError) as raised:
        export_roster(facts, out)
    assert isinstance(raised.value, IncompleteExportError)
    assert len(raised.value.problems) == 8
    assert "Row 1 (Ana Ruiz): race is missing" in str(raised.value)
    assert out.getvalue() == ""  # nothing written
    assert len(export_roster(facts, out, allow_incomplete=True)) == 8
    assert out.getvalue().startswith("record_id,apprentice_name,")
    assert export_roster(roster(), io.StringIO()) == []


def _format_matches(fmt: ValueFormat, codes: tuple[str, ...], value: str) -> bool:
    if fmt is ValueFormat.DATE:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
    if fmt is ValueFormat.DECIMAL:
        return bool(re.fullmatch(r"\d+\.\d{2}", value))
    if fmt is ValueFormat.SOC:
        return bool(re.fullmatch(r"\d{2}-\d{4}(\.\d{2})?", value))
    if fmt is ValueFormat.CODE:
        return value in codes
    if fmt is ValueFormat.CODES:
        return all(part in codes for part in value.split(";"))
    return bool(value.strip()) and "\n" not in value


def _check_layout(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert list(row) == list(ROSTER_COLUMNS)
        for column in ROSTER_LAYOUT:
            value = row[column.name]
            if value:
                assert _format_matches(column.format, column.codes, value), (column.name, value)


def test_the_csv_parses_back_and_each_value_matches_the_layout() -> None:
    out = io.StringIO()
    write_roster_csv(roster(), out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert parsed == [ANA, BEN, CY]
    _check_layout(parsed)
    assert validate_rows(parsed) == []


def test_the_json_holds_the_same_rows_and_names_its_layout() -> None:
    document = json.loads(roster_json(roster()))
    assert document["layout"] == "onramp-wbl-roster" and document["version"] == 1
    assert document["columns"] == list(ROSTER_COLUMNS)
    assert document["rows"] == [ANA, BEN, CY]
    _check_layout(document["rows"])
    out = io.StringIO()
    export_roster(roster(), out, as_json=True)
    assert json.loads(out.getvalue()) == document


def test_the_docs_table_lists_exactly_the_layout_columns_in_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The roster layout", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
    assert names == list(ROSTER_COLUMNS)


def test_a_name_with_a_line_break_stays_on_one_line() -> None:
    facts = roster()[0]
    facts = replace(facts, enrollment=replace(facts.enrollment, apprentice_name="Ana\nRuiz"))
    assert roster_rows([facts])[0]["apprentice_name"] == "Ana Ruiz"


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month() -> None:
    assert add_months(date(2025, 3, 1), 6) == date(2025, 9, 1)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 15), 12) == date(2026, 12, 15)


def test_a_value_a_spreadsheet_would_run_is_named_not_changed() -> None:
    facts = roster()[0]
    formula = '=HYPERLINK("http://x.example")'
    facts = replace(facts, enrollment=replace(facts.enrollment, apprentice_name=formula))
    rows = roster_rows([facts])
    assert rows[0]["apprentice_name"] == formula
    assert [p.message for p in validate_rows(rows)] == [
        f"Row 1 ({formula}): apprentice_name starts with '=', which a spreadsheet would run."
    ]
