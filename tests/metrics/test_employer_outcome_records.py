"""Employer metrics through the store (issue 18, items 1-2): the records an employer writes,
who may write them, tenant isolation, and every figure exact on the hand-checked fixture of
`employer_world` (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.matching.personal import is_degree
from onramp.metrics.employer import CostKind, MetricName
from onramp.metrics.employer_dashboard import dashboard_json, how
from onramp.metrics.employer_service import figure_json
from onramp.metrics.roi import ProgramKind
from onramp.store import platform_tables as t

sys.path.insert(0, str(Path(__file__).resolve().parent))
from employer_world import BAKER, EXPECTED, SWITCH, World, build  # noqa: E402


@pytest.fixture
def w(engine: Engine, tmp_path: Path) -> World:
    return build(engine, tmp_path)


def test_every_metric_is_exact_on_the_fixture(w: World) -> None:
    board = w.metrics.dashboards.dashboard(w.hana, w.org_id)
    got = {x.name.value: x.value for x in board.metrics}
    assert got.keys() == EXPECTED.keys()
    for name, value in EXPECTED.items():
        assert got[name] == pytest.approx(value), name
    by_name = {x.name: x for x in board.metrics}
    assert how(by_name[MetricName.OFFER_RATE]) == (
        "Applications with an offer / applications: 3 / 7 = 42.9%. Few records: read with care."
    )
    assert "over 2 records: 25 days" in how(by_name[MetricName.TIME_TO_FILL])


def test_the_switched_family_compares_before_and_after(w: World) -> None:
    board = w.metrics.dashboards.dashboard(w.hana, w.org_id)
    assert [c.family for c in board.comparisons] == [BAKER]
    comparison = board.comparisons[0]
    assert comparison.switched_on == SWITCH
    assert (comparison.jobs_before, comparison.jobs_after) == (1, 1)
    rows = {r.name: r for r in comparison.rows}
    ttf = rows[MetricName.TIME_TO_FILL]
    assert (ttf.before.value, ttf.after.value, ttf.difference) == (30.0, 20.0, -10.0)
    degree = rows[MetricName.HIRES_WITHOUT_DEGREE]  # w1 (degree) before, w5 (none) after
    assert (degree.before.value, degree.after.value) == (0.0, 1.0)
    cost = rows[MetricName.COST_PER_HIRE]
    assert (cost.before.value, cost.after.value) == (1200.0, 200.0)


def test_json_has_figures_and_never_a_persons_answer(w: World) -> None:
    body = dashboard_json(w.metrics.dashboards.dashboard(w.hana, w.org_id))
    assert body["counts"] == {
        "jobs": 3,
        "applications": 7,
        "hires": 2,
        "retention_checks": 3,
        "costs": 3,
    }
    text = repr(body)
    assert not re.search(r"\bw[1-6]\b", text.lower())  # no applicant's name (W1..W6)
    with w.engine.connect() as conn:
        ids = list(conn.execute(select(t.users.c.id)).scalars())
    assert not any(user_id in text for user_id in ids)


def test_unknowns_stay_unknown_with_a_reason(engine: Engine, tmp_path: Path) -> None:
    bare = build(engine, tmp_path, records=False)
    board = bare.metrics.dashboards.dashboard(bare.hana, bare.org_id)
    by_name = {x.name: x for x in board.metrics}
    for name in (
        MetricName.RETENTION_90_DAYS,
        MetricName.COST_PER_HIRE,
        MetricName.WAGE_PROGRESSION,
        MetricName.HIRES_WITHOUT_DEGREE,
    ):
        assert by_name[name].value is None and by_name[name].reason, name
    assert by_name[MetricName.OFFER_RATE].value == 0.0  # 7 applications, none offered: a known 0
    assert board.comparisons == ()


def test_who_may_record(w: World) -> None:
    o = w.metrics.outcomes
    application = w.applications[("J3", "w2")]
    with pytest.raises(PermissionDeniedError):  # a mentor does not hire
        o.record_outcome(w.max, w.org_id, application, offered=True)
    o.record_outcome(w.rex, w.org_id, application, offered=True)  # a recruiter may
    with pytest.raises(PermissionDeniedError):  # but does not write costs or checks
        o.record_cost(
            w.rex, w.org_id, w.jobs["J3"], kind=CostKind.OTHER, amount=5, spent_on=date.today()
        )
    with pytest.raises(PermissionDeniedError):
        o.record_check(
            w.rex, w.org_id, w.outcomes["w1"], days=90, still_employed=True, checked_on=date.today()
        )
    with pytest.raises(PermissionDeniedError):
        w.metrics.dashboards.dashboard(w.max, w.org_id)  # a mentor does not read the figures


def test_another_employer_sees_and_touches_nothing(w: World) -> None:
    o = w.metrics.outcomes
    with pytest.raises(NotFoundError):
        w.metrics.dashboards.dashboard(w.rae, w.org_id)
    with pytest.raises(NotFoundError):
        o.record_outcome(w.rae, w.org_id, w.applications[("J3", "w2")], offered=True)
    # the rival's own org does not reach the bakery's application, hire or job
    with pytest.raises(NotFoundError):
        o.record_outcome(w.rae, w.rival_id, w.applications[("J3", "w2")], offered=True)
    with pytest.raises(NotFoundError):
        o.record_check(
            w.rae,
            w.rival_id,
            w.outcomes["w1"],
            days=90,
            still_employed=False,
            checked_on=date.today(),
        )
    with pytest.raises(NotFoundError):
        o.record_cost(
            w.rae, w.rival_id, w.jobs["J1"], kind=CostKind.OTHER, amount=1, spent_on=date.today()
        )
    rival = w.metrics.dashboards.dashboard(w.rae, w.rival_id)
    assert rival.data.jobs == () and rival.data.costs == ()


def test_records_are_checked_and_nothing_is_half_written(w: World) -> None:
    o = w.metrics.outcomes
    application = w.applications[("J3", "w2")]
    with pytest.raises(InvalidInputError, match="first day"):
        o.record_outcome(w.hana, w.org_id, application, offered=True, hired=True)
    with pytest.raises(InvalidInputError, match="90 days have passed"):
        o.record_check(
            w.hana,
            w.org_id,
            w.outcomes["w5"],
            days=90,
            still_employed=True,
            checked_on=date(2025, 9, 1),
        )
    with pytest.raises(InvalidInputError, match="90 days or at 12 months"):
        o.record_check(
            w.hana,
            w.org_id,
            w.outcomes["w5"],
            days=30,
            still_employed=True,
            checked_on=date.today(),
        )
    with pytest.raises(InvalidInputError):
        o.record_cost(
            w.hana, w.org_id, w.jobs["J3"], kind=CostKind.OTHER, amount=-1, spent_on=date.today()
        )
    with pytest.raises(InvalidInputError, match="up to today"):
        o.record_pay(
            w.hana, w.org_id, w.outcomes["w1"], on=date.today() + timedelta(days=2), hourly=20
        )
    board = w.metrics.dashboards.dashboard(w.hana, w.org_id)
    assert {x.name.value: x.value for x in board.metrics}["offer_rate"] == pytest.approx(3 / 7)


def test_a_later_check_corrects_the_first(w: World) -> None:
    w.metrics.outcomes.record_check(
        w.hana,
        w.org_id,
        w.outcomes["w5"],
        days=90,
        still_employed=True,
        checked_on=date(2025, 12, 1),
    )
    board = w.metrics.dashboards.dashboard(w.hana, w.org_id)
    assert {x.name.value: x.value for x in board.metrics}["retention_90_days"] == 1.0


def test_roi_uses_saved_assumptions_and_the_measured_cost_per_hire(w: World) -> None:
    inv = w.metrics.investments
    inv.save(w.hana, w.org_id, "", assumptions={"horizon_years": 1, "discount_rate": 0})
    inv.save(
        w.hana,
        w.org_id,
        "Bakers roadmap",
        kind=ProgramKind.ROADMAP,
        inputs={
            "participants": 10,
            "completers": 8,
            "retained_12_months": 7,
            "internal_fills": 3,
            "training_cost": 5000,
            "training_hours": 40,
            "mentor_hours": 10,
            "public_funding": 1000,
        },
    )
    [figure] = inv.figures(w.rex, w.org_id)
    body = figure_json(figure)
    # cost: 5000 + 10 x 40 x $20 + 10 x 10 x $35 - 1000 = 15,500
    assert body["total_cost"] == 15500.0
    # retention (7 - 8 x 0.7) x 0.2 x 45,000 = 12,600; internal 3 x $700 (measured) = 2,100;
    # ramp-up 3 x (6 - 3) x 45,000 / 12 x 0.5 = 16,875
    assert [g["amount"] for g in body["gains"]] == [12600.0, 2100.0, 16875.0]
    assert body["net_benefit"] == 16075.0
    assert body["roi"] == pytest.approx(16075 / 15500)
    sources = {a["name"]: a["source"] for a in body["assumptions"]}
    assert sources["external_hire_cost"] == "measured"
    assert sources["horizon_years"] == "organization"
    assert body["sensitivity"]["net_low"] <= 16075.0 <= body["sensitivity"]["net_high"]
    # an edit moves the figure, and the organization's choice beats the measured figure
    inv.save(w.hana, w.org_id, "", assumptions={"external_hire_cost": 1700})
    [again] = inv.figures(w.hana, w.org_id)
    assert figure_json(again)["net_benefit"] == 16075.0 + 3000.0


def test_roi_saves_are_checked(w: World) -> None:
    inv = w.metrics.investments
    with pytest.raises(InvalidInputError, match="no assumption"):
        inv.save(w.hana, w.org_id, "", assumptions={"luck": 1})
    with pytest.raises(InvalidInputError):
        inv.save(w.hana, w.org_id, "", assumptions={"baseline_turnover": 3})
    with pytest.raises(InvalidInputError, match="completers"):
        inv.save(
            w.hana,
            w.org_id,
            "X",
            kind=ProgramKind.APPRENTICESHIP,
            inputs={"participants": 1, "completers": 2},
        )
    with pytest.raises(PermissionDeniedError):
        inv.save(w.rex, w.org_id, "", assumptions={"horizon_years": 2})
    with pytest.raises(NotFoundError):
        inv.save(w.rae, w.org_id, "", assumptions={"horizon_years": 2})
    assert inv.saved(w.hana, w.org_id) == ({}, [])


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_a_diploma_is_never_a_degree(text: str) -> None:
    assert not is_degree(f"{text} high school diploma")
    assert not is_degree(f"GED {text}")
    assert is_degree("Associate degree") and not is_degree("   ")
