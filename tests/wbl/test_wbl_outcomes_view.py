"""The outcomes view for policymakers: figures by program and occupation, with small numbers
hidden (issue 17, item 6)."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.small_cells import DEFAULT_THRESHOLD, Cell, recoverable
from onramp.wbl.outcomes import (
    COUNTS,
    CSV_COLUMNS,
    FIGURES,
    Figure,
    GroupBy,
    Measure,
    chart_bars,
    outcomes_rows,
    outcomes_view,
    write_outcomes_csv,
)
from onramp.wbl.records import EnrollmentState, ExitReason
from onramp.wbl.reporting import ApprenticeFacts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_wbl_roster_export import apprentice  # noqa: E402

TODAY = date(2026, 12, 1)
DONE, LEFT = EnrollmentState.COMPLETED, EnrollmentState.CANCELLED
FEW = f"withheld: fewer than {DEFAULT_THRESHOLD} people"


def electricians() -> list[ApprenticeFacts]:
    """10 learning (entry 20), 12 finished (entry 22): six in 366 days at 30, six in 547 days
    at 32. All 12 followed up at 6 months (9 employed), 8 at 12 months."""
    people = [apprentice(f"a{i}", f"A{i}", entry=20) for i in range(10)]
    for i in range(12):
        ended = date(2025, 1, 1) if i < 6 else date(2025, 7, 1)
        follow = [(6, i < 9, date(2026, 7, 2))] + ([(12, True, date(2026, 7, 2))] if i < 8 else [])
        people.append(
            apprentice(
                f"ac{i}",
                f"AC{i}",
                start=date(2024, 1, 1),
                state=DONE,
                ended=ended,
                entry=22,
                now=30 if i < 6 else 32,
                follow_ups=tuple(follow),
            )
        )
    return people


def medical_assistants() -> list[ApprenticeFacts]:
    """10 finished in 273 days (18 -> 24), 10 left; no follow-ups yet."""
    done = [
        apprentice(
            f"b{i}",
            f"B{i}",
            "p-ma",
            start=date(2025, 1, 1),
            state=DONE,
            ended=date(2025, 10, 1),
            entry=18,
            now=24,
        )
        for i in range(10)
    ]
    left = [
        apprentice(
            f"bx{i}",
            f"BX{i}",
            "p-ma",
            start=date(2025, 1, 1),
            state=LEFT,
            ended=date(2025, 3, 1),
            reason=ExitReason.MOVED,
            entry=18,
        )
        for i in range(10)
    ]
    return done + left


def small(program: str, each: int, occupation: str | None = None) -> list[ApprenticeFacts]:
    """`each` learning, finished (in 300 days, 16 -> 20) and left: a program too small to show."""
    people = []
    for i in range(each):
        people.append(apprentice(f"{program}a{i}", "X", program, entry=16, occupation=occupation))
        people.append(
            apprentice(
                f"{program}c{i}",
                "X",
                program,
                start=date(2025, 1, 1),
                state=DONE,
                ended=date(2025, 10, 28),
                entry=16,
                now=20,
                occupation=occupation,
            )
        )
        people.append(
            apprentice(
                f"{program}x{i}",
                "X",
                program,
                state=LEFT,
                ended=date(2025, 3, 1),
                reason=ExitReason.HEALTH,
                entry=16,
                occupation=occupation,
            )
        )
    return people


def everyone(solar_occupation: str | None = None) -> list[ApprenticeFacts]:
    return (
        electricians()
        + medical_assistants()
        + small("p-weld", 1)  # 3 apprentices
        + small("p-solar", 2, solar_occupation)  # 6 apprentices
    )


def counts(row_cells: tuple[Cell, ...]) -> list[int | None]:
    return [cell.value for cell in row_cells]


def test_figures_by_program_are_exact_and_small_programs_are_hidden() -> None:
    view = outcomes_view(everyone(), TODAY)
    assert [(row.key, row.name) for row in view.rows] == [
        ("p-elec", "Electricians"),
        ("p-ma", "Medical Assistant"),
        ("p-solar", "Solar"),
        ("p-weld", "Welding"),
        ("", "All"),
    ]
    elec, ma, solar, weld, total = view.rows
    assert [str(m) for m in COUNTS] == ["active", "completed", "cancelled", "enrolled"]
    assert counts(elec.counts) == [10, 12, 0, 22]
    assert counts(ma.counts) == [0, 10, 10, 20]
    assert counts(total.counts) == [13, 25, 13, 51]
    assert elec.figures == {
        Measure.COMPLETION_RATE: Figure(1.0),
        Measure.MONTHS_TO_COMPLETION: Figure(15.0),  # (366 + 547) / 2 days / 30.4375
        Measure.WAGE_AT_ENTRY: Figure(22.0),  # 10 at 20 and 12 at 22
        Measure.WAGE_AT_COMPLETION: Figure(31.0),  # 6 at 30 and 6 at 32
        Measure.RETENTION_6: Figure(0.75),  # 9 of 12
        Measure.RETENTION_12: Figure(None, FEW),  # only 8 followed up
    }
    assert ma.figures == {
        Measure.COMPLETION_RATE: Figure(0.5),
        Measure.MONTHS_TO_COMPLETION: Figure(9.0),  # 273 days
        Measure.WAGE_AT_ENTRY: Figure(18.0),
        Measure.WAGE_AT_COMPLETION: Figure(24.0),
        Measure.RETENTION_6: Figure(None),  # no one followed up: nothing to withhold
        Measure.RETENTION_12: Figure(None),
    }
    assert total.figures == {
        Measure.COMPLETION_RATE: Figure(0.6579),  # 25 / 38
        Measure.MONTHS_TO_COMPLETION: Figure(9.9),  # the 13th of 25: 300 days
        Measure.WAGE_AT_ENTRY: Figure(18.0),  # the 26th of 51
        Measure.WAGE_AT_COMPLETION: Figure(24.0),  # the 13th of 25
        Measure.RETENTION_6: Figure(0.75),
        Measure.RETENTION_12: Figure(None, FEW),
    }
    # the two small programs: every count hidden, every rate and median withheld
    for row in (solar, weld):
        assert counts(row.counts) == [None] * 4
        assert {cell.hidden_because for cell in row.counts} == {"small"}
        for measure in FIGURES[:4]:
            assert row.figures[measure] == Figure(None, FEW)
    assert recoverable(view.table()) == []


def test_a_program_of_three_has_its_counts_hidden_and_its_rates_withheld() -> None:
    view = outcomes_view(everyone(), TODAY)
    weld = next(row for row in view.rows if row.key == "p-weld")
    assert all(not cell.shown for cell in weld.counts)
    assert weld.figure(Measure.ENROLLED) == Figure(None, "hidden (small)")
    assert weld.figures[Measure.COMPLETION_RATE] == Figure(None, FEW)
    assert weld.figures[Measure.MONTHS_TO_COMPLETION] == Figure(None, FEW)
    line = next(row for row in outcomes_rows(view) if row["key"] == "p-weld")
    assert [line[str(m)] for m in (*COUNTS, *FIGURES)] == [""] * 10
    assert line["suppressed"] == (
        "active;completed;cancelled;enrolled;completion_rate;months_to_completion;"
        "wage_at_entry;wage_at_completion"
    )


def test_complementary_suppression_by_occupation_and_the_rate_it_protects() -> None:
    """Welding and solar share one occupation: 9 people, hidden. Hiding them alone would let
    the column totals give them back, so other cells are hidden too, and a completion rate
    whose count is hidden is withheld."""
    view = outcomes_view(everyone("51-4121.00"), TODAY, by=GroupBy.OCCUPATION)
    assert [(row.key, row.name) for row in view.rows] == [
        ("47-2111.00", "Electricians"),
        ("31-9092.00", "Medical Assistants"),
        ("51-4121.00", "Welders, Cutters, Solderers, and Brazers"),
        ("", "All"),
    ]
    elec, ma, welders, total = view.rows
    assert counts(welders.counts) == [None] * 4
    assert counts(total.counts) == [13, 25, 13, 51]
    hidden = [[not cell.shown for cell in row] for row in view.table()]
    assert sum(map(sum, hidden)) > 4  # complements were needed
    assert recoverable(view.table()) == []
    for row in (elec, ma):
        completed, cancelled = row.counts[1], row.counts[2]
        if not (completed.shown and cancelled.shown):
            assert row.figures[Measure.COMPLETION_RATE] == Figure(
                None, "withheld: it could give back a hidden count"
            )
    assert any("complement" in {c.hidden_because for c in row.counts} for row in (elec, ma))


def test_by_occupation_adds_up_programs_of_the_same_occupation() -> None:
    view = outcomes_view(everyone("51-4121.00"), TODAY, by=GroupBy.OCCUPATION, threshold=1)
    welders = view.rows[2]
    assert counts(welders.counts) == [3, 3, 3, 9]
    assert welders.figures[Measure.COMPLETION_RATE] == Figure(0.5)
    assert welders.figures[Measure.MONTHS_TO_COMPLETION] == Figure(9.9)  # 300 days


def test_chart_bars_leave_hidden_and_withheld_values_out() -> None:
    view = outcomes_view(everyone(), TODAY)
    assert chart_bars(view, Measure.COMPLETION_RATE) == [
        ("Electricians", 1.0),
        ("Medical Assistant", 0.5),
    ]
    assert chart_bars(view, Measure.ENROLLED, with_total=True) == [
        ("Electricians", 22.0),
        ("Medical Assistant", 20.0),
        ("All", 51.0),
    ]
    assert chart_bars(view, Measure.RETENTION_12) == []


def test_the_csv_writes_the_suppressed_table() -> None:
    view = outcomes_view(everyone(), TODAY)
    out = io.StringIO()
    write_outcomes_csv(view, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(parsed[0]) == list(CSV_COLUMNS)
    assert parsed == outcomes_rows(view)
    elec = parsed[0]
    assert elec == {
        "group_by": "program",
        "key": "p-elec",
        "name": "Electricians",
        "active": "10",
        "completed": "12",
        "cancelled": "0",
        "enrolled": "22",
        "completion_rate": "1.0000",
        "months_to_completion": "15.0",
        "wage_at_entry": "22.00",
        "wage_at_completion": "31.00",
        "retention_6": "0.7500",
        "retention_12": "",
        "suppressed": "retention_12",
    }
    assert parsed[1]["retention_6"] == "" and parsed[1]["suppressed"] == ""  # no one to count
    assert "<" not in out.getvalue()


def test_a_whole_table_below_the_threshold_shows_nothing_but_zeros() -> None:
    view = outcomes_view(small("p-weld", 1), TODAY)
    for row in view.rows:
        assert counts(row.counts) == [None] * 4
    assert chart_bars(view, Measure.ENROLLED, with_total=True) == []


def _facts_for(table: list[tuple[int, int, int]]) -> list[ApprenticeFacts]:
    people = []
    for g, (active, done, left) in enumerate(table):
        for state, n in ((EnrollmentState.ACTIVE, active), (DONE, done), (LEFT, left)):
            for i in range(n):
                ended = date(2025, 6, 1) if state is not EnrollmentState.ACTIVE else None
                one = apprentice(f"g{g}{state}{i}", "X", state=state, ended=ended, now=25)
                people.append(replace(one, program_id=f"g{g}", program_name=f"Group {g}"))
    return people


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(*(st.integers(0, 24) for _ in range(3))).filter(lambda t: sum(t) > 0),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([2, 5, 10]),
)
def test_no_hidden_cell_is_recoverable_and_nothing_small_is_shown(
    table: list[tuple[int, int, int]], threshold: int
) -> None:
    view = outcomes_view(_facts_for(table), TODAY, threshold=threshold)
    assert recoverable(view.table()) == []
    for row in view.rows:
        for cell in row.counts:
            assert not cell.shown or cell.value == 0 or cell.value >= threshold
    for (active, done, left), row in zip(table, view.rows, strict=False):
        if active + done + left < threshold:
            assert all(row.figures[m].value is None for m in FIGURES)
        rate = row.figures[Measure.COMPLETION_RATE]
        if rate.value is not None:
            assert row.counts[1].shown and row.counts[2].shown
            assert done + left >= threshold
    shown = {name for name, _ in chart_bars(view, Measure.COMPLETED)}
    assert all(row.name in shown for row in view.rows[:-1] if row.counts[1].shown)


def test_a_name_a_spreadsheet_would_run_is_quoted_in_the_csv() -> None:
    people = [replace(p, program_name="=SUM(A1)") for p in electricians()]
    line = outcomes_rows(outcomes_view(people, TODAY))[0]
    assert line["name"] == "'=SUM(A1)"


def test_a_view_of_no_one_has_a_total_line_of_zeros() -> None:
    view = outcomes_view([], TODAY, by=GroupBy.OCCUPATION)
    assert len(view.rows) == 1 and view.total.name == "All"
    assert counts(view.total.counts) == [0, 0, 0, 0]
    assert all(figure == Figure(None) for figure in view.total.figures.values())
    assert chart_bars(view, Measure.ENROLLED) == []
