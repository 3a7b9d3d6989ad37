"""The parser of published OEWS values: numbers, BLS markers, and nothing else."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from onramp.market.model import (
    NOT_PUBLISHED,
    TOP_CODED,
    UNREADABLE,
    describe_missing,
    parse_amount,
    top_code_reason,
)

MARKERS = st.sampled_from(["#", "*", "**", "-", "", " ", "\u2014"])
GROUPED = st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}")
DECIMALS = st.decimals(min_value=0, max_value=10**6, places=2).map(str)
NOISE = st.text(alphabet="0123456789,.#* -", max_size=40)
WAGE_TEXT = st.one_of(MARKERS, GROUPED, DECIMALS, NOISE, st.text(max_size=20))


@given(WAGE_TEXT)
def test_parser_never_raises_and_is_clean(raw: str) -> None:
    value, reason = parse_amount(raw)
    if reason == "":
        assert value is not None and math.isfinite(value) and value >= 0
    else:
        assert value is None
        assert reason in (TOP_CODED, NOT_PUBLISHED, UNREADABLE)


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_thousands(number: int) -> None:
    assert parse_amount(f"{number:,}") == (float(number), "")
    assert parse_amount(f" {number} ") == (float(number), "")
    assert parse_amount(number) == (float(number), "")


@given(st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), WAGE_TEXT))
def test_any_cell_value(raw: object) -> None:
    value, reason = parse_amount(raw)
    assert (value is None) == (reason != "")


def test_markers() -> None:
    assert parse_amount("#") == (None, TOP_CODED)
    for marker in ("*", "**", "-", "", None):
        assert parse_amount(marker) == (None, NOT_PUBLISHED)
    for junk in ("1,23", "12,3456", "1.2.3", "1e5", "nan", "-5", "1_000", "$5", True):
        assert parse_amount(junk) == (None, UNREADABLE)
    assert parse_amount("239,200") == (239200.0, "")
    assert parse_amount("9" * 400) == (None, UNREADABLE)


def test_notes_group_fields_by_reason() -> None:
    top = top_code_reason("annual_p90", 115.0, 239200.0)
    assert top == "top-coded, at least 239,200"
    assert top_code_reason("hourly_p90", 115.0, 239200.0) == "top-coded, at least 115.00"
    notes = describe_missing({"employment": NOT_PUBLISHED, "annual_p75": top, "annual_p90": top})
    assert notes == "employment: not published; annual_p75, annual_p90: top-coded, at least 239,200"
    assert describe_missing({}) == ""
