"""Demand and gap figures, exact on a hand-checked store (issue 16 acceptance: "demand
figures are exact on a small hand-checked fixture").

The postings (tests/market/demand_world.py), first postings only, N = 7:

    p1 2026-01 LA  DEV      python sql
    p2 2026-01 LA  DEV      python java
    p3 2026-02 LA  CASHIER  service cash
    p4 2026-03 LA  DEV      python sql java
    p5 2026-04 HOU DEV      python sql
    p6 2026-04 HOU CASHIER  service          (its sql is at confidence 0.3: not counted)
    p8 undated, no area, no occupation: service
    p7 is a repost of p1: never counted.

The months run 2026-01 to 2026-04: the earlier period is {01, 02}, the later {03, 04}.
Growth is (later - earlier) / max(earlier, 3); "new" when earlier is 0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.market import demand as figures
from onramp.market.demand import DemandBy, Posting, PostingSkill
from onramp.market.demand_store import demand_report, gap_report, read_postings
from onramp.store import make_engine, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demand_world import CASHIER, DEV, add_workers, fill_postings, uri  # noqa: E402

from support import run_cli


def _rows(report: dict) -> list[tuple]:
    return [
        (r["key"], r["postings"], r["share"], r["earlier"], r["later"], r["growth"], r["new"])
        for r in report["rows"]
    ]


def test_demand_by_skill_is_exact(engine: Engine) -> None:
    fill_postings(engine)
    report = demand_report(engine, DemandBy.SKILL)
    assert report["postings"] == 7
    assert report["months"] == ["2026-01", "2026-04"]
    # python: p1 p2 p4 p5 = 4, earlier p1 p2 = 2, later p4 p5 = 2, growth 0/3 = 0
    # service: p3 p6 p8 = 3, earlier p3, later p6 (p8 is undated), growth 0
    # sql: p1 p4 p5 = 3, earlier p1, later p4 p5, growth (2 - 1) / 3
    # java: p2 p4 = 2, earlier 1, later 1; cash: p3 = 1, earlier 1, later 0: (0 - 1) / 3
    assert _rows(report) == [
        (uri("python"), 4, 4 / 7, 2, 2, 0.0, False),
        (uri("service"), 3, 3 / 7, 1, 1, 0.0, False),
        (uri("sql"), 3, 3 / 7, 1, 2, 1 / 3, False),
        (uri("java"), 2, 2 / 7, 1, 1, 0.0, False),
        (uri("cash"), 1, 1 / 7, 1, 0, -1 / 3, False),
    ]
    # pairs: python+sql in p1 p4 p5 = 3, lift 3 * 7 / (4 * 3) = 1.75;
    # java+python in p2 p4 = 2, lift 2 * 7 / (2 * 4) = 1.75; cash+service and java+sql once
    together = [(p["a"], p["b"], p["postings"], p["lift"]) for p in report["together"]]
    assert together == [
        (uri("python"), uri("sql"), 3, 1.75),
        (uri("java"), uri("python"), 2, 1.75),
    ]
    assert report["hot_technologies"] == []  # none has 5 later postings
    # postings each month, oldest first; the undated p8 is in none
    assert [(t["month"], t["postings"]) for t in report["trend"]] == [
        ("2026-01", 2),
        ("2026-02", 1),
        ("2026-03", 1),
        ("2026-04", 2),
    ]


def test_demand_by_occupation_month_and_area_are_exact(engine: Engine) -> None:
    fill_postings(engine)
    by_occupation = demand_report(engine, DemandBy.OCCUPATION)
    assert _rows(by_occupation) == [
        (DEV, 4, 4 / 7, 2, 2, 0.0, False),
        (CASHIER, 2, 2 / 7, 1, 1, 0.0, False),
        ("none", 1, 1 / 7, 0, 0, None, False),
    ]
    assert by_occupation["rows"][0]["extra"]["annual_median_wage"] is None  # no wages here
    # 2026-01: earlier 2, later 0: (0 - 2) / 3; 2026-04: earlier 0, later 2: new, 2 / 3
    assert _rows(demand_report(engine, DemandBy.MONTH)) == [
        ("2026-01", 2, 2 / 7, 2, 0, -2 / 3, False),
        ("2026-04", 2, 2 / 7, 0, 2, 2 / 3, True),
        ("2026-02", 1, 1 / 7, 1, 0, -1 / 3, False),
        ("2026-03", 1, 1 / 7, 0, 1, 1 / 3, True),
        ("none", 1, 1 / 7, 0, 0, None, False),
    ]
    by_area = demand_report(engine, DemandBy.AREA, area="CA")
    # in California: p1 p2 p3 p4, all in LA
    assert by_area["area"] == "California"
    assert [(r["key"], r["postings"], r["share"]) for r in by_area["rows"]] == [("31080", 4, 1.0)]


def test_a_window_and_an_occupation_narrow_the_postings(engine: Engine) -> None:
    fill_postings(engine)
    # 2026-02 to 2026-03: p3 and p4; earlier {02}, later {03}; the undated p8 is left out
    report = demand_report(engine, DemandBy.SKILL, first="2026-02", last="2026-03")
    assert report["postings"] == 2
    assert report["earlier_period"] == ["2026-02"] and report["later_period"] == ["2026-03"]
    assert _rows(report)[0] == (uri("cash"), 1, 0.5, 1, 0, -1 / 3, False)
    # the skills most asked for with software developers (p1 p2 p4 p5)
    developers = demand_report(engine, DemandBy.SKILL, occupation=DEV)
    assert [(r["key"], r["postings"], r["share"]) for r in developers["rows"]] == [
        (uri("python"), 4, 1.0),
        (uri("sql"), 3, 0.75),
        (uri("java"), 2, 0.5),
    ]


def test_hot_technologies_rank_by_growth_among_frequent_ones(engine: Engine) -> None:
    fill_postings(engine)
    postings = read_postings(engine)
    window = figures.months_between("2026-01", "2026-04")
    # later counts: python 2, sql 2, java 1; growth sql 1/3, python 0, java 0
    hot = figures.hot_technologies(postings, window, minimum=1)
    assert [(r.key, r.later, r.growth) for r in hot] == [
        (uri("sql"), 2, 1 / 3),
        (uri("python"), 2, 0.0),
        (uri("java"), 1, 0.0),
    ]
    assert [r.key for r in figures.hot_technologies(postings, window, minimum=2)] == [
        uri("sql"),
        uri("python"),
    ]


def test_gaps_suppress_small_worker_counts(engine: Engine) -> None:
    fill_postings(engine)
    add_workers(engine, "Los Angeles, CA", ["python", "sql"], 6, 0)
    add_workers(engine, "San Diego, CA", ["java"], 2, 100)
    add_workers(engine, "Austin, TX", ["service"], 3, 200)
    report = gap_report(engine, area="CA")
    # California: postings p1-p4 (N = 4), workers 8: python 6, sql 6, java 2 (under 5)
    # python .75 - 6/8 = 0; sql .5 - .75 = -.25; java .5 - 0 (withheld) = .5;
    # service and cash .25 - 0 (none) = .25
    assert report["postings"] == 4 and report["workers"] == 8
    rows = [(r["skill"], r["postings"], r["workers"], r["gap"], r["supply_suppressed"])
            for r in report["rows"]]  # fmt: skip
    assert rows == [
        (uri("java"), 2, None, 0.5, True),
        (uri("cash"), 1, None, 0.25, True),
        (uri("service"), 1, None, 0.25, True),
        (uri("python"), 3, 6, 0.0, False),
        (uri("sql"), 2, 6, -0.25, False),
    ]
    # Texas has 3 workers: fewer than 5, so no count is shown at all
    texas = gap_report(engine, area="TX")
    assert texas["workers"] is None
    assert all(r["workers"] is None for r in texas["rows"])


def test_a_month_window_narrows_the_gaps(engine: Engine) -> None:
    fill_postings(engine)
    add_workers(engine, "Los Angeles, CA", ["python", "sql"], 6, 0)
    add_workers(engine, "San Diego, CA", ["java"], 2, 100)
    whole = gap_report(engine, area="CA")
    assert whole["months"] == ["2026-01", "2026-04"] and whole["postings"] == 4
    # 2026-02 to 2026-03 in California: p3 (service cash) and p4 (python sql java), N = 2;
    # the workers are the same 8: python .5 - 6/8 = -.25; sql the same; java .5 - 0 (withheld)
    report = gap_report(engine, area="CA", first="2026-02", last="2026-03")
    assert report["months"] == ["2026-02", "2026-03"]
    assert report["postings"] == 2 and report["workers"] == 8
    rows = [(r["skill"], r["postings"], r["demand_share"], r["gap"]) for r in report["rows"]]
    assert rows == [
        (uri("cash"), 1, 0.5, 0.5),
        (uri("java"), 1, 0.5, 0.5),
        (uri("service"), 1, 0.5, 0.5),
        (uri("python"), 1, 0.5, -0.25),
        (uri("sql"), 1, 0.5, -0.25),
    ]
    with pytest.raises(InvalidInputError, match="after"):
        gap_report(engine, first="2026-04", last="2026-01")


def test_bad_input_is_refused(engine: Engine) -> None:
    fill_postings(engine)
    with pytest.raises(InvalidInputError, match="YYYY-MM"):
        demand_report(engine, first="2026-13")
    with pytest.raises(InvalidInputError, match="after"):
        demand_report(engine, first="2026-04", last="2026-01")
    with pytest.raises(InvalidInputError, match="--top"):
        demand_report(engine, top=0)
    with pytest.raises(InvalidInputError, match="not a place"):
        gap_report(engine, area="Atlantis")


_skill = st.sampled_from(["a", "b", "c", "d"]).map(lambda n: PostingSkill(n, n, n < "c"))
_posting = st.builds(
    Posting,
    st.sampled_from([None, "2026-01", "2026-02", "2026-03"]),
    st.sampled_from([None, "x", "y"]),
    st.none(),
    st.sampled_from([None, "o1", "o2"]),
    st.none(),
    st.lists(_skill, unique_by=lambda s: s.uri, max_size=4).map(tuple),
)


@given(st.lists(_posting, min_size=1, max_size=30))
def test_shares_of_a_partition_sum_to_one_and_growth_follows_counts(
    postings: list[Posting],
) -> None:
    window = ["2026-01", "2026-02", "2026-03"]
    for by in (DemandBy.OCCUPATION, DemandBy.AREA, DemandBy.MONTH):
        rows = figures.demand(postings, by, window)
        assert sum(r.postings for r in rows) == len(postings)
        assert abs(sum(r.share for r in rows) - 1.0) < 1e-9
    for row in figures.demand(postings, DemandBy.SKILL, window):
        assert 0 < row.share <= 1
        if row.growth is not None:
            assert (row.growth > 0) == (row.later > row.earlier)
            assert (row.growth < 0) == (row.later < row.earlier)
        assert row.new == (row.earlier == 0 and row.later > 0)
    for pair in figures.together(postings, minimum=1):
        assert pair.a < pair.b and pair.lift > 0


def test_cli_demand_and_gaps_print_json_and_csv(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    fill_postings(engine)
    engine.dispose()
    out = tmp_path / "demand.csv"
    found = json.loads(
        run_cli(home, "market", "demand", "--by", "occupation", "--json", "--csv", str(out)).stdout
    )
    assert [(r["key"], r["postings"]) for r in found["rows"]] == [
        (DEV, 4),
        (CASHIER, 2),
        ("none", 1),
    ]
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("key,label,postings,share")
    gaps = json.loads(run_cli(home, "market", "gaps", "--area", "CA", "--json").stdout)
    assert gaps["postings"] == 4 and gaps["workers"] is None
    spring = run_cli(home, "market", "gaps", "--area", "CA", "--from", "2026-03", "--to", "2026-04")
    assert "1 postings (2026-03 to 2026-04) and fewer than 5 workers" in spring.stdout
    words = run_cli(home, "market", "demand").stdout
    assert "7 postings in the whole country, 2026-01 to 2026-04" in words
    assert "python + sql: 3, 1.75" in words
    assert "Postings each month: 2026-01 2, 2026-02 1, 2026-03 1, 2026-04 2." in words
    bad = run_cli(home, "market", "demand", "--by", "colour", check=False)
    assert bad.returncode == 2 and "--by" in bad.stderr
    late = run_cli(home, "market", "demand", "--from", "March", check=False)
    assert late.returncode == 2 and "YYYY-MM" in late.stderr
