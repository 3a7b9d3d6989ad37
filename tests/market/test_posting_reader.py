"""Reading posting files: the accepted keys, dates and salaries, messy and hostile rows (each a
clear bad row, never a crash), positions a resumed read starts from, and the real SkillSpan
postings (tests only)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.market.posting_model import MAX_LINE_BYTES, BadRow, RawPosting, SalaryPeriod
from onramp.market.posting_reader import (
    Position,
    check_format,
    csv_header,
    posting_from,
    read_csv,
    read_jsonl,
)

from support import shared

REAL = shared("postings", "skillspan_postings_train_dev.jsonl")


def jsonl(lines: list[bytes], start: Position = Position(0, 0)) -> list[RawPosting | BadRow]:
    return [row for row, _ in read_jsonl(io.BytesIO(b"".join(lines)), start)]


def csv_rows(data: bytes) -> list[RawPosting | BadRow]:
    stream = io.BytesIO(data)
    header, after = csv_header(stream)
    return [row for row, _ in read_csv(stream, after, header)]


def test_plain_and_common_keys() -> None:
    found = posting_from(
        {
            "Job Title": " Staff  Nurse ",
            "job_description": "Care for patients.",
            "Company": "Riverside",
            "City": "Dayton",
            "STATE": "OH",
            "Date-Posted": "03/04/2026",
            "salary_min": "40000",
            "salary_max": "52,000",
            "pay_period": "yearly",
            "unknown": "ignored",
        },
        3,
    )
    assert found == RawPosting(
        3,
        "Staff Nurse",
        "Care for patients.",
        "Riverside",
        "Dayton, OH",
        date(2026, 3, 4),
        40000.0,
        52000.0,
        SalaryPeriod.YEAR,
    )
    assert posting_from({"title": "x", "text": "y", "area_code": "0031080"}, 1).location == (
        "0031080"
    )


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        ("$18 - $22 an hour", (18.0, 22.0, SalaryPeriod.HOUR)),
        ("£40k - 50k", (40000.0, 50000.0, None)),
        ("40 - 50k per year", (40000.0, 50000.0, SalaryPeriod.YEAR)),
        ("$65,000/yr", (65000.0, 65000.0, SalaryPeriod.YEAR)),
    ],
)
def test_salaries_as_feeds_write_them(
    salary: str, expected: tuple[float, float, SalaryPeriod | None]
) -> None:
    found = posting_from({"title": "t", "description": "d", "salary": salary}, 1)
    assert isinstance(found, RawPosting)
    assert (found.salary_min, found.salary_max, found.salary_period) == expected


def test_date_posted_line_in_the_text_gives_the_date() -> None:
    found = posting_from({"title_guess": "QA", "text": "QA\nDate posted: 2021-07-14\nTest."}, 1)
    assert isinstance(found, RawPosting) and found.posted_on == date(2021, 7, 14)
    assert found.month == "2021-07"


def test_a_guessed_title_is_cut_at_a_word_but_a_given_one_is_refused() -> None:
    sentence = "We are looking for " + "a very good " * 40 + "developer."
    guessed = posting_from({"title_guess": sentence, "text": sentence}, 1)
    assert isinstance(guessed, RawPosting)
    assert len(guessed.title) <= 300 and sentence.startswith(guessed.title)
    assert guessed.description == sentence
    header_block = (
        "Frontend Engineer ( f/m/d ) <ORGANIZATION> <ADDRESS> Date posted: 2021-03-28 Role"
    )
    found = posting_from({"title_guess": header_block, "text": header_block}, 1)
    assert isinstance(found, RawPosting) and found.title == "Frontend Engineer ( f/m/d )"
    masked = posting_from({"title_guess": "<ORGANIZATION> is hiring a cook", "text": "x"}, 1)
    assert isinstance(masked, RawPosting) and masked.title == "is hiring a cook"
    given_title = posting_from({"title": sentence, "text": sentence}, 1)
    assert given_title == BadRow(1, "the title is longer than 300 characters")


def test_format_from_extension_or_option() -> None:
    assert check_format("a.CSV", None) == "csv"
    assert check_format("a.json", None) == "jsonl"
    assert check_format("a.txt", "jsonl") == "jsonl"
    with pytest.raises(InvalidInputError, match="--format"):
        check_format("a.txt", None)


def test_a_line_past_the_limit_is_skipped_without_reading_it_whole() -> None:
    huge = json.dumps({"title": "t", "description": "x" * (MAX_LINE_BYTES + 10)}).encode()
    rows = jsonl([huge + b"\n", b'{"title": "ok", "description": "fine"}\n'])
    assert rows[0] == BadRow(1, f"the line is longer than {MAX_LINE_BYTES:,} bytes")
    assert isinstance(rows[1], RawPosting) and rows[1].line == 2


def test_csv_quoted_newlines_bom_and_ragged_rows() -> None:
    data = (
        "\ufefftitle,description,location\n"
        'Nurse,"Line one\nline two",Dayton\n'
        "Cashier,Handle cash\n"
        "\n"
        "Cook,Make food,Austin TX\n"
    ).encode()
    rows = csv_rows(data)
    assert isinstance(rows[0], RawPosting) and rows[0].description == "Line one\nline two"
    assert rows[1] == BadRow(4, "2 cells where the header names 3")
    assert isinstance(rows[2], RawPosting) and rows[2].line == 6


def test_resuming_at_a_position_reads_exactly_the_rest() -> None:
    lines = [json.dumps({"title": f"t{n}", "description": "d"}).encode() + b"\n" for n in range(5)]
    stream = io.BytesIO(b"".join(lines))
    read = list(read_jsonl(stream, Position(0, 0)))
    middle = read[1][1]
    rest = [row for row, _ in read_jsonl(stream, middle)]
    assert [r.line for r in rest] == [3, 4, 5]
    assert rest == [row for row, _ in read[2:]]
    data = b"title,description\n" + b"".join(f"t{n},d\n".encode() for n in range(4))
    stream = io.BytesIO(data)
    header, after = csv_header(stream)
    read_c = list(read_csv(stream, after, header))
    again = [row for row, _ in read_csv(stream, read_c[0][1], header)]
    assert again == [row for row, _ in read_c[1:]]


values = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
keys = st.sampled_from(
    ["title", "description", "text", "employer", "location", "posted", "salary", "city",
     "state", "salary_min", "salary_max", "title_guess", "x"]
)  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(keys, values, max_size=8))
def test_any_json_object_is_a_posting_or_a_named_bad_row(record: dict[str, object]) -> None:
    line = json.dumps(record).encode() + b"\n"
    (row,) = jsonl([line])
    assert isinstance(row, RawPosting | BadRow) and row.line == 1
    if isinstance(row, RawPosting):
        assert row.title and row.description.strip()
    else:
        assert row.reason


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=6))
def test_any_bytes_as_jsonl_never_crash(chunks: list[bytes]) -> None:
    data = b"\n".join(chunks)
    rows = list(read_jsonl(io.BytesIO(data), Position(0, 0)))
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    assert all(0 < row.line <= lines for row, _ in rows)
    assert all(after.offset <= len(data) for _, after in rows)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(max_size=30) | st.binary(max_size=30).map(lambda b: b.decode("latin-1")),
            min_size=1,
            max_size=4,
        ),
        max_size=6,
    ),
    st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
def test_any_csv_rows_in_any_encoding_never_crash(rows: list[list[str]], encoding: str) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["title", "description", "location"])
    writer.writerows(rows)
    data = text.getvalue().encode(encoding, errors="replace")
    stream = io.BytesIO(data)
    try:
        header, after = csv_header(stream)
    except InvalidInputError as error:
        assert "header" in str(error) or "title column" in str(error)
        return
    for row, _ in read_csv(stream, after, header):
        assert isinstance(row, RawPosting | BadRow)
        if isinstance(row, BadRow):
            assert row.reason and row.line >= 2


def test_a_huge_csv_field_is_a_bad_row_and_the_next_row_is_read() -> None:
    big = "x" * 200_000
    data = f'title,description\nNurse,"{big}"\nCook,Make food\n'.encode()
    rows = csv_rows(data)
    assert isinstance(rows[0], BadRow) and rows[0].line == 2
    assert any(isinstance(r, RawPosting) and r.title == "Cook" for r in rows)


@pytest.mark.skipif(not REAL.exists(), reason="the shared postings are not here")
def test_the_real_skillspan_postings_read_with_the_documented_mapping(tmp_path: Path) -> None:
    with REAL.open("rb") as stream:
        rows = [row for row, _ in read_jsonl(stream, Position(0, 0))]
    assert len(rows) == 198
    assert all(isinstance(row, RawPosting) for row in rows)
    dated = [row for row in rows if isinstance(row, RawPosting) and row.posted_on]
    assert len(dated) == 109  # the tech postings carry "Date posted: ..."; the house ones do not
