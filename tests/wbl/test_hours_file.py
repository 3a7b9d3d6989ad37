"""Reading the on-the-job hours file (issue 17, item 3): bad rows named by line, nothing
partial, stable keys so a second import of the same file adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.errors import ImportFileError, TooLargeError
from onramp.wbl.hours_file import MAX_HOURS_FILE_BYTES, HoursFileError, read_hours_file

TODAY = date(2026, 12, 6)
HEADER = "apprentice,date,hours,competency,note\n"


def big_file(rows: int = 2000) -> str:
    lines = [
        f"ana@example.org,{TODAY - timedelta(days=i % 300)},{4 + i % 5},Wire circuits,shift {i % 7}"
        for i in range(rows)
    ]
    return HEADER + "\n".join(lines) + "\n"


def test_2000_rows_read_with_one_key_each() -> None:
    rows = read_hours_file(big_file(), today=TODAY)
    assert len(rows) == 2000
    assert len({row.key for row in rows}) == 2000  # identical shifts stay separate
    assert [row.key for row in read_hours_file(big_file(), today=TODAY)] == [r.key for r in rows]


def test_every_bad_row_is_named_and_nothing_is_returned() -> None:
    text = (
        HEADER
        + "ana@example.org,2026-11-02,7.5,Wire circuits,\n"
        + ",2026-11-02,7.5,Wire circuits,\n"
        + "ana@example.org,11/02/2026,7.5,Wire circuits,\n"
        + "ana@example.org,2026-11-02,25,Wire circuits,\n"
        + "ana@example.org,2026-11-02,seven,Wire circuits,\n"
        + "ana@example.org,2027-01-01,4,Wire circuits,\n"
        + "ana@example.org,2026-11-02,nan,Wire circuits,\n"
        + "ana@example.org,2026-11-02,4,,\n"
    )
    with pytest.raises(HoursFileError) as caught:
        read_hours_file(text, today=TODAY)
    assert [row.line for row in caught.value.rows] == [3, 4, 5, 6, 7, 8, 9]
    assert caught.value.rows[1].sentence == "Line 4: '11/02/2026' is not a date like 2026-11-02."
    assert "none were saved" in str(caught.value)


def test_a_missing_column_and_an_empty_or_huge_file() -> None:
    with pytest.raises(ImportFileError, match="columns: hours"):
        read_hours_file("apprentice,date,competency\nana,2026-11-02,X\n", today=TODAY)
    with pytest.raises(ImportFileError, match="no rows"):
        read_hours_file(HEADER, today=TODAY)
    with pytest.raises(TooLargeError):
        read_hours_file(HEADER + "x" * MAX_HOURS_FILE_BYTES, today=TODAY)


def test_an_added_row_keeps_the_old_keys() -> None:
    first = read_hours_file(big_file(10), today=TODAY)
    more = read_hours_file(
        big_file(10) + "bo@example.org,2026-12-01,3,Wire circuits,\n", today=TODAY
    )
    assert {r.key for r in first} < {r.key for r in more}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ana@example.org", "bo@example.org", ""]),
            st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
            st.one_of(st.floats(allow_nan=True), st.text(max_size=4)),
            st.sampled_from(["Wire circuits", "Test faults", ""]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_file_is_either_all_good_or_names_each_bad_line(rows: list[tuple]) -> None:
    body = "".join(f'{a},{d},"{h}",{c},\n' for a, d, h, c in rows)
    try:
        found = read_hours_file(HEADER + body, today=TODAY)
    except HoursFileError as error:
        lines = [row.line for row in error.rows]
        assert lines == sorted(set(lines)) and all(2 <= n <= len(rows) + 1 for n in lines)
    else:
        assert len(found) == len(rows)
        assert all(0 < r.hours <= 24 and r.day <= TODAY and r.apprentice for r in found)
