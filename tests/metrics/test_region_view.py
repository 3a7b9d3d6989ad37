"""The regional view, exact on a hand-checked store (tests/metrics/region_world.py gives the
rows and works out each figure). Issue 18, item 5 and the privacy acceptance: small counts
hidden, complements so that no total gives one back, only consented profiles counted."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.errors import InvalidInputError, PermissionDeniedError
from onramp.matching.occupation_supply import consented_supply
from onramp.metrics.region import RegionalView, recoverable_cells, suppress_columns
from onramp.platform.model import AccountKind, Membership, OrgKind, Principal, Role, User
from onramp.small_cells import Cell, recoverable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from region_world import CASHIER, DEV, NURSE, build  # noqa: E402


def _person(kind: OrgKind | None, admin: bool = False) -> Principal:
    user = User("u1", "a@example.org", "A", AccountKind.STAFF, datetime.now(UTC), admin)
    roles = [Membership("o1", "o", "O", kind, Role.BOARD_ANALYST)] if kind else []
    return Principal(user, roles)


ANALYST = _person(OrgKind.WORKFORCE_BOARD)


def _table(report) -> list[tuple]:
    return [
        (r.code, r.title, r.postings, r.workers, r.placements, r.median_placement_wage)
        for r in report.rows
    ]


def test_one_state_in_a_window_is_exact(engine: Engine) -> None:
    build(engine)
    report = RegionalView(engine).report(ANALYST, "OH", "2026-01", "2026-06")
    assert report.area == "Ohio" and report.months == ("2026-01", "2026-06")
    # DEV: q1 q2 q3 (q5 is in Texas, q6 before the window, q7 a repost); CASHIER: q4.
    # Workers: DEV 13 hidden as the complement of CASHIER 3 (the smaller of 13 and 15).
    # Placements: DEV 11 (median of 20..30 is 25), CASHIER 2 hidden, NURSE 0 its complement.
    assert _table(report) == [
        (DEV, "Software Developers", 3, None, 11, 25.0),
        (CASHIER, "Cashiers", 1, None, None, None),
        (NURSE, NURSE, 0, 15, None, None),
    ]
    assert [r.hidden for r in report.rows] == [
        {"workers": "complement"},
        {"workers": "small", "placements": "small"},
        {"placements": "complement"},
    ]
    assert (report.total.postings, report.total.workers, report.total.placements) == (4, 31, 13)
    assert recoverable_cells(report) == []


def test_whole_country_without_a_window(engine: Engine) -> None:
    build(engine)
    report = RegionalView(engine).report(ANALYST, None, None, None)
    assert report.area == "the whole country" and report.months == ("2025-12", "2026-04")
    # with no months asked for, every placement counts: DEV 11 + Texas + 2025-11 = 13, wages
    # 20..30, 40, 50: median the 7th = 26
    assert _table(report) == [
        (DEV, "Software Developers", 5, None, 13, 26.0),
        (CASHIER, "Cashiers", 1, None, None, None),
        (NURSE, NURSE, 0, 35, None, None),
    ]
    assert (report.total.workers, report.total.placements) == (51, 15)


def test_the_threshold_can_be_lowered(engine: Engine) -> None:
    build(engine)
    report = RegionalView(engine, threshold=3).report(ANALYST, "Ohio", "2026-01", "2026-06")
    assert [(r.workers, r.placements) for r in report.rows] == [(13, 11), (3, None), (15, None)]
    assert report.threshold == 3 and recoverable_cells(report) == []


def test_only_active_profile_grants_count(engine: Engine) -> None:
    build(engine)
    found = consented_supply(engine)
    # 13 DEV workers in Dayton: no grant (2), contact only, revoked and expired are left out,
    # and "Dayton,  OH" is the same place once spaces are collapsed
    assert found[("Dayton, OH", DEV)] == 13
    assert found[("Dayton, OH", CASHIER)] == 3
    assert found[("Columbus, Ohio", NURSE)] == 15
    assert found[("Austin, TX", NURSE)] == 20
    assert len(found) == 4  # learners have no evidence, so nothing else is counted


def test_another_area_has_its_own_rows(engine: Engine) -> None:
    build(engine)
    report = RegionalView(engine, threshold=1).report(ANALYST, "TX", "2026-01", "2026-06")
    assert _table(report) == [
        (DEV, "Software Developers", 1, 0, 1, None),
        (NURSE, NURSE, 0, 20, 0, None),
    ]


def test_csv_and_json_show_hidden_cells_as_empty(engine: Engine) -> None:
    build(engine)
    report = RegionalView(engine).report(ANALYST, "OH", "2026-01", "2026-06")
    lines = report.as_csv().splitlines()
    assert lines[0] == (
        "occupation_code,occupation_title,postings,workers,placements,"
        "median_placement_wage,oews_median_hourly_wage,note"
    )
    assert lines[1] == (
        f"{DEV},Software Developers,3,,11,25.0,,workers hidden so a small number cannot be "
        "worked out from the total"
    )
    assert lines[2] == f"{CASHIER},Cashiers,1,,,,,placements fewer than 10; workers fewer than 10"
    assert lines[-1] == "total,All occupations,4,31,13,,,"
    data = report.as_json()
    assert data["rows"][1]["workers"] is None and data["rows"][1]["hidden"]["workers"] == "small"
    assert data["suppress_below"] == 10 and data["total"]["workers"] == 31


def test_readers_are_those_of_the_market_reports(engine: Engine) -> None:
    view = RegionalView(engine)
    for kind in (OrgKind.WORKFORCE_BOARD, OrgKind.TRAINING_PROVIDER, OrgKind.EMPLOYER):
        assert view.report(_person(kind), None, None, None).rows == []
    for refused in (_person(None), _person(None, admin=True), _person(OrgKind.COMMUNITY_ORG)):
        with pytest.raises(PermissionDeniedError):
            view.report(refused, None, None, None)


def test_bad_months_and_places_are_refused(engine: Engine) -> None:
    view = RegionalView(engine)
    with pytest.raises(InvalidInputError):
        view.report(ANALYST, None, "2026-13", None)
    with pytest.raises(InvalidInputError):
        view.report(ANALYST, "Atlantis", None, None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=12),
    st.integers(1, 15),
)
def test_no_hidden_count_comes_back_from_a_total(rows: list[tuple[int, int]], limit: int) -> None:
    columns = [[r[0] for r in rows], [r[1] for r in rows]]
    cells, totals = suppress_columns(columns, limit)
    for c in range(2):
        column = [[cells[r][c]] for r in range(len(rows))] + [[totals[c]]]
        assert recoverable(column) == []
        for r, row in enumerate(rows):
            shown = cells[r][c]
            assert shown.value in (None, row[c])
            assert not (0 < row[c] < limit) or shown.value is None
        assert totals[c].value in (None, sum(columns[c]))
        assert totals[c] == Cell(sum(columns[c])) or 0 < sum(columns[c]) < limit


def test_a_report_with_every_count_of_people_hidden_says_so(engine: Engine) -> None:
    build(engine)
    ohio = RegionalView(engine, threshold=40).report(ANALYST, "OH", "2026-01", "2026-06")
    # workers 13, 3, 15 and placements 11, 2 are all under 40, and so are the totals 31 and
    # 13; a zero says no one, so it stays
    assert [(r.workers, r.placements) for r in ohio.rows] == [(None, None)] * 2 + [(None, 0)]
    assert (ohio.total.workers, ohio.total.placements) == (None, None)
    assert ohio.all_people_hidden and recoverable_cells(ohio) == []
    assert not RegionalView(engine).report(ANALYST, "OH", None, None).all_people_hidden
