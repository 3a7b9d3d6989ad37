"""Property tests for the file readers: any input gives rows or a clear ImportFileError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onramp.errors import ImportFileError
from onramp.taxonomy.sources import Row, SourceSet, read_table

CELL = st.text(
    alphabet=st.characters(blacklist_characters="\t\n\r\x00", blacklist_categories=["Cs"]),
    max_size=12,
)


@given(st.text(max_size=30))
def test_number_and_flag_never_fail_uncleanly(raw: str) -> None:
    row = Row({"v": raw}, "f.txt", 7)
    for read in (lambda: row.number("v", optional=True), lambda: row.flag("v")):
        try:
            read()
        except ImportFileError as error:
            assert error.file == "f.txt" and error.line == 7


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_numbers_round_trip(value: float) -> None:
    assert Row({"v": repr(value)}, "f", 1).number("v") == pytest.approx(value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=6), max_size=8),
    cut=st.integers(min_value=0, max_value=400),
)
def test_any_tab_file_reads_or_fails_with_file_and_line(
    tmp_path: Path, header: list[str], rows: list[list[str]], cut: int
) -> None:
    text = "\n".join(["\t".join(header), *("\t".join(r) for r in rows)]) + "\n"
    path = tmp_path / "Sample.txt"
    path.write_text(text[: cut or None], encoding="utf-8")
    sources = SourceSet.open([path])
    try:
        read = list(read_table(sources, "Sample.txt", header[:1]))
    except ImportFileError as error:
        assert "Sample.txt" in error.file
        return
    width = len(header)
    expected = [r for r in rows if len(r) == width and not (len(r) == 1 and not r[0].strip())]
    assert len(read) <= len(rows)
    assert all(len(r.values) == width for r in read)
    if not cut or cut >= len(text):
        assert len(read) == len(expected)
