"""Small-cell suppression for published counts (issues 17 and 18: outcomes by program, metrics
by group). One module, so every report hides small numbers the same way.

A count of people under the threshold (default 10) may point at someone, so it is not shown
(primary suppression). Hiding one cell of a row whose total is shown is not enough: the total
minus the others gives it back. So wherever a line (a row or a column with a shown total)
has exactly one hidden cell, the smallest other cell in that line is hidden too
(complementary suppression), and this repeats until no line has exactly one. A zero is never
hidden for itself (it says no one), only as a complement. The totals themselves are always
shown (callers hide a whole table when its total is small).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from onramp.config import get_settings

DEFAULT_THRESHOLD = 10


def configured_threshold() -> int:
    """The deployment's threshold (`ONRAMP_SMALL_CELL_THRESHOLD`): never under the default."""
    return max(get_settings().small_cell_threshold, DEFAULT_THRESHOLD)


@dataclass(frozen=True, slots=True)
class Cell:
    """A published count: `value` is None when it is hidden."""

    value: int | None
    hidden_because: str = ""  # "small" (primary) or "complement" (to protect a small one)

    @property
    def shown(self) -> bool:
        return self.value is not None


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    row_totals: bool = True,
    column_totals: bool = True,
) -> list[list[Cell]]:
    """Hide the small cells of a table of counts, and enough others that no hidden cell can be
    worked out from a shown row or column total by subtraction."""
    if threshold < 1:
        raise ValueError("the threshold is at least 1")
    rows = [list(row) for row in counts]
    if any(value < 0 for row in rows for value in row):
        raise ValueError("counts are never negative")
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row of the table has the same number of cells")
    hidden = {
        (r, c): "small"
        for r, row in enumerate(rows)
        for c, v in enumerate(row)
        if 0 < v < threshold
    }
    lines: list[list[tuple[int, int]]] = []
    if row_totals and width > 1:
        lines += [[(r, c) for c in range(width)] for r in range(len(rows))]
    if column_totals and len(rows) > 1:
        lines += [[(r, c) for r in range(len(rows))] for c in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if len(inside) != 1:
                continue
            # the smallest other cell, a zero included: with every other cell shown as 0 the
            # total alone would give the hidden value away
            others = [cell for cell in line if cell not in hidden]
            partner = min(others, key=lambda cell: (rows[cell[0]][cell[1]], cell))
            hidden[partner] = "complement"
            changed = True
    return [
        [
            Cell(None, hidden[(r, c)]) if (r, c) in hidden else Cell(value)
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]


def suppress_list(counts: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD) -> list[Cell]:
    """One line of counts whose total is shown (a bar chart with its total)."""
    return suppress_table([list(counts)], threshold=threshold, column_totals=False)[0]


def recoverable(cells: list[list[Cell]]) -> list[tuple[int, int]]:
    """Hidden cells that a shown row or column total gives back by subtraction (a line with
    exactly one hidden cell). Empty for every table `suppress_table` returns; kept public so
    reports can check what they publish."""
    found = []
    height, width = len(cells), len(cells[0]) if cells else 0
    lines = [[(r, c) for c in range(width)] for r in range(height)]
    lines += [[(r, c) for r in range(height)] for c in range(width)]
    for line in lines:
        if len(line) < 2:
            continue
        inside = [cell for cell in line if not cells[cell[0]][cell[1]].shown]
        if len(inside) == 1:
            found.append(inside[0])
    return sorted(set(found))
