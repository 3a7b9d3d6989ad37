"""Return on talent investment on a hand-checked fixture (the worked example in
docs/metrics_employer.md), its sensitivity range, and properties that must always hold."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.metrics.roi import (
    ASSUMPTION_NAMES,
    DEFAULT_RANGES,
    Assumptions,
    ProgramInputs,
    ProgramKind,
    gains_of,
    roi,
)

PROGRAM = ProgramInputs(
    ProgramKind.APPRENTICESHIP,
    participants=10,
    completers=8,
    retained_12_months=7,
    internal_fills=4,
    training_cost=20_000,
    training_hours=100,
    mentor_hours=50,
    public_funding=5_000,
)
ASSUME = Assumptions(
    annual_salary=48_000,
    baseline_turnover=0.25,
    replacement_cost_share=0.25,
    external_hire_cost=5_000,
    months_to_productivity_external=6,
    months_to_productivity_internal=2,
    productivity_lost_share=0.5,
    training_wage=20,
    mentor_hourly_cost=40,
    horizon_years=2,
    discount_rate=0,
)
# Ranges chosen so every bar of the tornado has a different width, worked out below.
RANGES = {
    "baseline_turnover": (0.15, 0.35),
    "replacement_cost_share": (0.2, 0.4),
    "external_hire_cost": (3_000, 8_000),
    "months_to_productivity_external": (3, 9),
    "months_to_productivity_internal": (1, 5),
    "productivity_lost_share": (0.3, 0.7),
    "mentor_hourly_cost": (25, 50),
    "horizon_years": (1, 4),
    "discount_rate": (0, 0.1),
}


def test_costs_gains_and_net_benefit_by_hand() -> None:
    result = roi(PROGRAM, ASSUME, RANGES)
    costs = {line.name: line.amount for line in result.costs.lines}
    # training 20,000; wages 10 x 100 h x $20 = 20,000; mentor 10 x 50 h x $40 = 20,000;
    # funding -5,000: total 55,000
    assert costs == {
        "training": 20_000,
        "wages_during_training": 20_000,
        "mentor_time": 20_000,
        "public_funding": -5_000,
    }
    assert result.costs.total == 55_000
    gains = {line.name: line.amount for line in result.gains.lines}
    # retention: expected to stay 8 x (1 - 0.25) = 6, stayed 7, 1 extra; a replacement
    # costs 0.25 x 48,000 = 12,000; over 2 years at 0%: 1 x 12,000 x 2 = 24,000
    # internal hiring: 4 x 5,000 = 20,000
    # productivity: 4 x (6 - 2) months x 48,000 / 12 x 0.5 = 32,000
    assert gains == {"retention": 24_000, "internal_hiring": 20_000, "time_to_productivity": 32_000}
    # net 76,000 - 55,000 = 21,000; ROI 21,000 / 55,000
    assert result.net_benefit == 21_000
    assert result.roi == pytest.approx(21_000 / 55_000)
    # payback: first year brings 20,000 + 32,000 + 12,000 = 64,000 >= 55,000,
    # so 12 x 55,000 / 64,000 = 10.3125 months
    assert result.payback_months == pytest.approx(10.3125)
    assert not result.notes


def test_every_line_shows_its_formula_with_the_numbers() -> None:
    result = roi(PROGRAM, ASSUME, RANGES)
    lines = {line.name: line.formula for line in (*result.costs.lines, *result.gains.lines)}
    assert lines["wages_during_training"] == "10 participants x 100 hours x $20.00 an hour"
    assert "(7 retained - 8 completers x (1 - 0.25 turnover))" in lines["retention"]
    assert lines["internal_hiring"].startswith("4 internal fills x $5,000.00")


def test_discounting_by_hand() -> None:
    result = roi(PROGRAM, replace(ASSUME, discount_rate=0.05))
    first = 1 / 1.05
    annuity = first + first**2  # 0.952381 + 0.907029 = 1.859410
    gains = {line.name: line.amount for line in result.gains.lines}
    assert gains["retention"] == pytest.approx(12_000 * annuity)  # 22,312.93
    assert gains["internal_hiring"] == pytest.approx(20_000 * first)  # 19,047.62
    assert gains["time_to_productivity"] == pytest.approx(32_000 * first)  # 30,476.19
    assert result.net_benefit == pytest.approx(12_000 * annuity + 52_000 * first - 55_000)


def test_assumptions_are_shown_beside_the_result() -> None:
    result = roi(PROGRAM, ASSUME, RANGES)
    shown = {a.name: a for a in result.assumptions}
    assert tuple(shown) == ASSUMPTION_NAMES
    turnover = shown["baseline_turnover"]
    assert (turnover.value, turnover.default, turnover.unit) == (0.25, 0.30, "share a year")
    assert (turnover.low, turnover.high) == (0.15, 0.35)
    assert turnover.sentence.endswith(".") and turnover.why
    # a figure the employer knows is shown but not varied
    assert shown["training_wage"].low is None and "training_wage" not in DEFAULT_RANGES


def test_tornado_is_ordered_by_how_far_each_assumption_moves_the_net_benefit() -> None:
    s = roi(PROGRAM, ASSUME, RANGES).sensitivity
    widths = {bar.name: bar.width for bar in s.tornado}
    # external months 3..9: 4 x (m - 2) x 4,000 x 0.5 = 8,000 x (m - 2): 8,000..56,000 = 48,000
    # turnover 0.15..0.35: extra kept 7 - 8 x 0.85 = 0.2 .. 7 - 8 x 0.65 = 1.8, x 24,000 = 38,400
    # horizon 1..4 years: 12,000 x years: 12,000..48,000 = 36,000
    # internal months 1..5: 8,000 x (6 - m): 40,000..8,000 = 32,000
    # lost share 0.3..0.7: 64,000 x share = 25,600
    # external hire cost 3,000..8,000: 4 x cost = 20,000
    # replacement share 0.2..0.4: 1 x 48,000 x share x 2 = 19,200
    # mentor 25..50 an hour: 500 hours x rate = 12,500
    # discount 0..0.1: 76,000 - (12,000 x (1/1.1 + 1/1.21) + 52,000 / 1.1) = 7,900.83
    assert [bar.name for bar in s.tornado] == [
        "months_to_productivity_external",
        "baseline_turnover",
        "horizon_years",
        "months_to_productivity_internal",
        "productivity_lost_share",
        "external_hire_cost",
        "replacement_cost_share",
        "mentor_hourly_cost",
        "discount_rate",
    ]
    assert widths["baseline_turnover"] == pytest.approx(38_400)
    assert widths["productivity_lost_share"] == pytest.approx(25_600)
    assert widths["discount_rate"] == pytest.approx(
        76_000 - (12_000 * (1 / 1.1 + 1 / 1.21) + 52_000 / 1.1)
    )
    assert s.moves_it_most == "months_to_productivity_external"


def test_worst_and_best_case_by_hand_and_the_range_holds_the_point() -> None:
    result = roi(PROGRAM, ASSUME, RANGES)
    s = result.sensitivity
    # worst: turnover 0.15, share 0.2, hire cost 3,000, months 3 and 5, lost share 0.3,
    # mentor $50, 1 year, 10%. Cost 20,000 + 20,000 + 25,000 - 5,000 = 60,000.
    # Gains (1,920 retention + 12,000 hiring - 9,600 slower ramp) / 1.1 = 3,927.27
    assert s.worst.values["months_to_productivity_internal"] == 5
    assert s.worst.net_benefit == pytest.approx(4_320 / 1.1 - 60_000)
    assert s.worst.roi == pytest.approx((4_320 / 1.1 - 60_000) / 60_000)
    # best: 0.35, 0.4, 8,000, months 9 and 1, 0.7, $25, 4 years, 0%. Cost 47,500.
    # Retention 1.8 x 19,200 x 4 = 138,240; hiring 32,000; ramp 4 x 8 x 4,000 x 0.7 = 89,600
    assert s.best.net_benefit == pytest.approx(138_240 + 32_000 + 89_600 - 47_500)
    assert s.net_low == pytest.approx(s.worst.net_benefit)
    assert s.net_high == pytest.approx(s.best.net_benefit)
    assert s.net_low <= result.net_benefit <= s.net_high
    assert s.roi_low is not None and s.roi_high is not None and result.roi is not None
    assert s.roi_low <= result.roi <= s.roi_high


def test_a_value_outside_its_range_widens_the_range() -> None:
    s = roi(PROGRAM, replace(ASSUME, baseline_turnover=0.9), RANGES).sensitivity
    bar = next(b for b in s.tornado if b.name == "baseline_turnover")
    assert (bar.low, bar.high) == (0.15, 0.9)
    with pytest.raises(ValueError):
        roi(PROGRAM, ASSUME, {"no_such": (0, 1)})


def test_fully_funded_program_has_no_ratio_and_pays_back_at_once() -> None:
    funded = replace(PROGRAM, public_funding=100_000)
    result = roi(funded, ASSUME)
    assert result.costs.total < 0 and result.roi is None and result.payback_months == 0
    assert any("no ROI ratio" in note for note in result.notes)


def test_a_program_that_never_pays_back_says_so() -> None:
    # nobody stayed more than usual and nobody filled a role inside: nothing is gained
    weak = replace(PROGRAM, retained_12_months=6, internal_fills=0)
    result = roi(weak, ASSUME)
    assert result.gains.total == 0 and result.payback_months is None
    assert result.net_benefit == -55_000 and result.roi == -1
    # fewer stayed than usual: retention is a loss, shown as one
    worse = roi(replace(PROGRAM, retained_12_months=4), ASSUME)
    assert worse.gains.retention.amount == pytest.approx((4 - 6) * 12_000 * 2)
    assert any("loss" in note for note in worse.notes)


def test_inputs_and_assumptions_are_checked() -> None:
    with pytest.raises(ValueError):
        replace(PROGRAM, completers=11)
    with pytest.raises(ValueError):
        replace(PROGRAM, retained_12_months=9)
    with pytest.raises(ValueError):
        replace(ASSUME, baseline_turnover=1.5)
    with pytest.raises(ValueError):
        replace(ASSUME, horizon_years=2.5)


@st.composite
def programs(draw: st.DrawFn) -> ProgramInputs:
    participants = draw(st.integers(0, 200))
    completers = draw(st.integers(0, participants))
    return ProgramInputs(
        draw(st.sampled_from(list(ProgramKind))),
        participants,
        completers,
        draw(st.integers(0, completers)),
        draw(st.integers(0, completers)),
        draw(st.floats(0, 1e6)),
        draw(st.floats(0, 500)),
        draw(st.floats(0, 200)),
        draw(st.floats(0, 1e6)),
    )


assumption_sets = st.builds(
    Assumptions,
    annual_salary=st.floats(0, 200_000),
    baseline_turnover=st.floats(0, 1),
    replacement_cost_share=st.floats(0, 1),
    external_hire_cost=st.floats(0, 20_000),
    months_to_productivity_external=st.floats(0, 24),
    months_to_productivity_internal=st.floats(0, 24),
    productivity_lost_share=st.floats(0, 1),
    training_wage=st.floats(0, 100),
    mentor_hourly_cost=st.floats(0, 200),
    horizon_years=st.integers(1, 30).map(float),
    discount_rate=st.floats(0, 0.5),
)
shares = st.floats(0, 1)


@settings(max_examples=200, deadline=None)
@given(programs(), assumption_sets, shares, shares)
def test_higher_baseline_turnover_never_lowers_the_gains(
    p: ProgramInputs, a: Assumptions, t1: float, t2: float
) -> None:
    low, high = sorted((t1, t2))
    lower = gains_of(p, replace(a, baseline_turnover=low)).total
    higher = gains_of(p, replace(a, baseline_turnover=high)).total
    assert higher >= lower - 1e-6 * max(1.0, abs(lower))


@settings(max_examples=200, deadline=None)
@given(programs(), assumption_sets, shares, shares)
def test_dearer_replacement_never_lowers_the_gains_when_retention_beats_the_baseline(
    p: ProgramInputs, a: Assumptions, s1: float, s2: float
) -> None:
    """Where fewer stayed than the baseline, a dearer replacement rightly makes the loss
    bigger; where at least as many stayed, it can only raise the gain."""
    if p.retained_12_months < p.completers * (1 - a.baseline_turnover):
        return
    low, high = sorted((s1, s2))
    lower = gains_of(p, replace(a, replacement_cost_share=low)).total
    higher = gains_of(p, replace(a, replacement_cost_share=high)).total
    assert higher >= lower - 1e-6 * max(1.0, abs(lower))


@settings(max_examples=200, deadline=None)
@given(programs(), assumption_sets, st.floats(0, 1e6), st.floats(0, 1e6))
def test_more_training_cost_never_raises_the_net_benefit(
    p: ProgramInputs, a: Assumptions, c1: float, c2: float
) -> None:
    low, high = sorted((c1, c2))
    cheaper = roi(replace(p, training_cost=low), a).net_benefit
    dearer = roi(replace(p, training_cost=high), a).net_benefit
    assert dearer <= cheaper + 1e-6 * max(1.0, abs(cheaper))


@settings(max_examples=100, deadline=None)
@given(programs(), assumption_sets)
def test_the_sensitivity_range_always_holds_the_point_estimate(
    p: ProgramInputs, a: Assumptions
) -> None:
    result = roi(p, a)
    s = result.sensitivity
    assert s.net_low <= result.net_benefit <= s.net_high
    if result.roi is not None:
        assert s.roi_low is not None and s.roi_high is not None
        assert s.roi_low <= result.roi <= s.roi_high


def test_the_documented_assumptions_table_matches_the_code() -> None:
    """docs/metrics_employer.md lists every assumption with its default and range."""
    from dataclasses import fields
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "metrics_employer.md").read_text()
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`") and cells[0].strip("`") in ASSUMPTION_NAMES:
            rows[cells[0].strip("`")] = cells
    assert set(rows) == set(ASSUMPTION_NAMES)
    for f in fields(Assumptions):
        name, default, unit, low, high, _why = rows[f.name]
        assert float(default) == f.default and unit == f.metadata["unit"], name
        if f.name in DEFAULT_RANGES:
            assert (float(low), float(high)) == DEFAULT_RANGES[f.name], name
        else:
            assert (low, high) == ("-", "-"), name


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        replace(PROGRAM, training_cost=float("nan"))
    with pytest.raises(ValueError):
        replace(ASSUME, external_hire_cost=float("inf"))
