"""Reading the WIOA participant file (issue 18, item 4): every bad line named, nothing partial,
and the documented layout is the one the reader reads."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import ImportFileError, TooLargeError
from onramp.metrics.wioa_records import (
    COLUMNS,
    LAYOUT,
    MAX_FILE_BYTES,
    CredentialType,
    ExitExclusion,
    ParticipantFileError,
    SkillGain,
    TrainingType,
    read_participants,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "metrics_wioa.md"
HEADER = ",".join(COLUMNS) + "\n"


def line(**cells: str) -> str:
    """One line of the file, blank where a column is not given."""
    return ",".join(cells.get(column, "") for column in COLUMNS) + "\n"


GOOD = line(
    record_id="P1",
    entry_date="2025-01-06",
    exit_date="2025-09-12",
    training_type="customized",
    training_start="2025-01-20",
    training_end="2025-09-05",
    training_credential="yes",
    employed_q2="yes",
    employed_q4="no",
    wages_q2="10250.00",
    credential_type="license",
    credential_date="2025-09-05",
    msg_milestone_date="2025-05-01",
)


def test_a_good_line_reads_into_a_participant() -> None:
    [p] = read_participants(HEADER + GOOD)
    assert p.record_id == "P1" and p.line == 2
    assert (p.entry_date, p.exit_date) == (date(2025, 1, 6), date(2025, 9, 12))
    assert p.training is TrainingType.CUSTOMIZED and p.training_credential
    assert (p.employed_q2, p.employed_q4, p.wages_q2) == (True, False, Decimal("10250.00"))
    assert p.credential is CredentialType.LICENSE
    assert p.skill_gains == ((SkillGain.MILESTONE, date(2025, 5, 1)),)


def test_a_diploma_is_also_a_skill_gain() -> None:
    text = HEADER + line(
        record_id="Y1",
        entry_date="2026-09-08",
        training_type="secondary",
        training_start="2026-09-08",
        credential_type="secondary_diploma",
        credential_date="2027-03-19",
    )
    [p] = read_participants(text)
    assert p.skill_gains == ((SkillGain.DIPLOMA, date(2027, 3, 19)),)
    assert p.exit_date is None and p.exclusion is None


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out() -> None:
    text = "Entry_Date,record_id,exit_exclusion,exit_date\n2024-07-05,X9,deceased,2025-01-31\n"
    [p] = read_participants(text)
    assert p.exclusion is ExitExclusion.DECEASED and p.training is TrainingType.NONE


BAD_LINES = {
    "the record id is missing": line(entry_date="2025-01-06"),
    "not a date": line(record_id="B2", entry_date="01/06/2025"),
    "exit before entry": line(record_id="B3", entry_date="2025-01-06", exit_date="2024-12-31"),
    "exclusion, no exit": line(record_id="B4", entry_date="2025-01-06", exit_exclusion="health"),
    "unknown word": line(record_id="B5", entry_date="2025-01-06", training_type="bootcamp"),
    "wages without job": line(
        record_id="B6", entry_date="2025-01-06", exit_date="2025-03-01", wages_q2="100"
    ),
    "job without wages": line(
        record_id="B7", entry_date="2025-01-06", exit_date="2025-03-01", employed_q2="yes"
    ),
    "credential, no date": line(record_id="B8", entry_date="2025-01-06", credential_type="other"),
    "gain after exit": line(
        record_id="B9",
        entry_date="2025-01-06",
        exit_date="2025-03-01",
        training_type="occupational",
        training_start="2025-01-06",
        msg_skills_date="2025-04-01",
    ),
    "training, no start": line(record_id="B10", entry_date="2025-01-06", training_type="ojt"),
    "not yes or no": line(record_id="B11", entry_date="2025-01-06", employed_q4="maybe"),
    "bad amount": line(
        record_id="B12",
        entry_date="2025-01-06",
        exit_date="2025-03-01",
        employed_q2="yes",
        wages_q2="12.345",
    ),
}


def test_every_bad_line_is_named_and_nothing_is_returned() -> None:
    text = (
        HEADER + GOOD + "".join(BAD_LINES.values()) + line(record_id="p1", entry_date="2025-02-03")
    )
    with pytest.raises(ParticipantFileError) as caught:
        read_participants(text)
    named = [bad.line for bad in caught.value.lines]
    assert named == list(range(3, 3 + len(BAD_LINES) + 1))  # the good line 2 is not named
    reasons = {bad.line: bad.reason for bad in caught.value.lines}
    assert "already on line 2" in reasons[named[-1]]  # ids are unique whatever their case
    assert "not a date like" in reasons[4] and "before the entry date" in reasons[5]
    assert str(caught.value).startswith("participant file: 13 lines need fixing")


def test_a_line_with_several_problems_names_them_all() -> None:
    text = HEADER + line(record_id="Z", entry_date="2025-01-06", employed_q2="yes", wages_q2="-5")
    with pytest.raises(ParticipantFileError) as caught:
        read_participants(text)
    assert "not between 0.01" in caught.value.lines[0].reason


def test_the_header_must_be_known() -> None:
    with pytest.raises(ImportFileError, match="needs the columns: entry_date"):
        read_participants("record_id,exit_date\nP1,2025-01-01\n")
    with pytest.raises(ImportFileError, match="unknown columns: employed_q_2"):
        read_participants("record_id,entry_date,employed_q_2\nP1,2025-01-01,yes\n")
    with pytest.raises(ImportFileError, match="has no participants"):
        read_participants(HEADER + "\n")


def test_a_file_over_5_mb_is_refused_unread() -> None:
    with pytest.raises(TooLargeError):
        read_participants(HEADER + GOOD * (MAX_FILE_BYTES // len(GOOD) + 1))


def test_the_docs_list_exactly_the_layout_in_order() -> None:
    text = DOCS.read_text(encoding="utf-8")
    table = re.findall(r"^\| *(\d*|—) *\| *`([a-z0-9_]+)` *\|", text, flags=re.M)
    assert [column for _, column in table] == list(COLUMNS)
    assert [element for element, _ in table] == [f.element or "—" for f in LAYOUT]
    for f in LAYOUT:  # and each line says what the layout says
        row = f"| {f.element or '—'} | `{f.column}` | {f.meaning} | {f.format} | {f.required} |"
        assert row in text.splitlines(), row


# ---- any file ------------------------------------------------------------------------------

LINES = {**{f"good{n}": (GOOD.replace("P1", f"G{n}"), True) for n in range(3)}}
LINES.update({name: (text, False) for name, text in BAD_LINES.items()})


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(sorted(LINES)), min_size=1, max_size=25))
def test_any_file_is_read_whole_or_names_each_bad_line(choices: list[str]) -> None:
    body, expected_bad, seen = [], [], set()
    for number, name in enumerate(choices, start=2):
        text, good = LINES[name]
        if good and name in seen:
            good = False  # the same id again
        seen.add(name)
        body.append(text)
        if not good:
            expected_bad.append(number)
    try:
        rows = read_participants(HEADER + "".join(body))
    except ParticipantFileError as error:
        assert [bad.line for bad in error.lines] == expected_bad
    else:
        assert not expected_bad
        assert [p.line for p in rows] == list(range(2, 2 + len(choices)))


def test_pirl_style_flags_and_dollar_amounts_are_read() -> None:
    text = HEADER + line(
        record_id="N1",
        entry_date="2025-01-06",
        exit_date="2025-03-01",
        employed_q2="1",
        employed_q4="0",
        wages_q2='"$1,234.50"',
    )
    [p] = read_participants(text)
    assert (p.employed_q2, p.employed_q4, p.wages_q2) == (True, False, Decimal("1234.50"))
