"""Small-cell suppression (issues 17 and 18): small counts hidden, and no hidden count can be
worked out from a shown total by subtraction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.small_cells import recoverable, suppress_list, suppress_table


def values(cells) -> list[list[int | None]]:
    return [[cell.value for cell in row] for row in cells]


def test_a_small_cell_and_its_complement_are_hidden() -> None:
    cells = suppress_list([40, 3, 25, 12])
    assert [c.value for c in cells] == [40, None, 25, None]
    assert [c.hidden_because for c in cells] == ["", "small", "", "complement"]


def test_no_small_cell_hides_nothing_and_zeros_stay() -> None:
    assert [c.value for c in suppress_list([40, 0, 25])] == [40, 0, 25]


def test_a_lone_small_cell_beside_zeros_hides_a_zero_too() -> None:
    cells = suppress_list([0, 4, 0])
    assert [c.value for c in cells] == [None, None, 0]
    assert recoverable([cells]) == []


def test_a_table_protects_rows_and_columns() -> None:
    counts = [[50, 4, 30], [20, 25, 40], [60, 35, 12]]
    cells = suppress_table(counts)
    assert values(cells)[0][1] is None
    assert recoverable(cells) == []
    hidden = sum(not c.shown for row in cells for c in row)
    assert hidden >= 4  # a 2x2 block at least: one row or column alone would give it away


def test_the_threshold_is_configurable_and_checked() -> None:
    assert [c.value for c in suppress_list([12, 30], threshold=20)] == [None, None]
    with pytest.raises(ValueError):
        suppress_list([1], threshold=0)
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])


@given(
    st.integers(1, 5).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(0, 60), min_size=width, max_size=width), min_size=1, max_size=5
        )
    ),
    st.integers(1, 20),
)
def test_no_hidden_cell_is_recoverable_and_every_small_one_is_hidden(counts, threshold) -> None:
    cells = suppress_table(counts, threshold=threshold)
    assert recoverable(cells) == []
    for row, out in zip(counts, cells, strict=True):
        for value, cell in zip(row, out, strict=True):
            if 0 < value < threshold:
                assert not cell.shown
            if cell.shown:
                assert cell.value == value
