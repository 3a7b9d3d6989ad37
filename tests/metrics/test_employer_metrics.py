"""Employer metrics on a small fixture, every expected figure worked out by hand in a comment.
The same fixture is the worked example in docs/metrics_employer.md."""

from __future__ import annotations

from datetime import date

import pytest

from onramp.metrics.employer import (
    ApplicationRecord,
    CostKind,
    CostRecord,
    EmployerData,
    HireRecord,
    JobRecord,
    MetricName,
    Move,
    RetentionCheck,
    WageRecord,
    applicants_per_job,
    applicants_without_degree,
    compare_family,
    cost_per_hire,
    employer_metrics,
    hires_without_degree,
    internal_mobility,
    offer_rate,
    retention,
    time_to_fill,
    wage_progression,
)

D = date
SWITCH = D(2025, 6, 1)

JOBS = (
    JobRecord("J1", "cooks", D(2025, 1, 1), D(2025, 1, 31), requires_degree=True),  # 30 days
    JobRecord("J2", "cooks", D(2025, 2, 1), D(2025, 3, 18), requires_degree=True),  # 45 days
    JobRecord("J3", "cooks", D(2025, 7, 1), D(2025, 7, 21), skills_based_since=SWITCH),  # 20
    JobRecord("J4", "cooks", D(2025, 8, 1), None, skills_based_since=SWITCH),  # still open
    JobRecord("J5", "drivers", D(2025, 3, 1), D(2025, 3, 11)),  # 10 days
)


def _app(
    job: str, key: str, degree: bool | None, offered: bool = False, hired: bool = False
) -> ApplicationRecord:
    return ApplicationRecord(job, key, degree, offered, hired)


APPLICATIONS = (
    _app("J1", "a1", True, offered=True, hired=True),
    _app("J1", "a2", True),
    _app("J1", "a2", True),  # the same application read twice: counted once
    _app("J1", "a3", False),
    _app("J1", "a4", None),  # did not say
    _app("J2", "a5", False, offered=True),
    _app("J2", "a6", True, offered=True, hired=True),
    _app("J2", "a7", False),
    _app("J3", "a8", False, offered=True, hired=True),
    _app("J3", "a9", False),
    _app("J3", "a10", True),
    _app("J4", "a11", False),
    _app("J4", "a12", None),
    _app("J5", "a13", False, offered=True, hired=True),
    _app("J5", "a14", False),
)

HIRES = (
    HireRecord("h1", "J1", "w1", D(2025, 1, 31)),
    HireRecord("h2", "J2", "w6", D(2025, 3, 18)),
    HireRecord("h3", "J3", "w8", D(2025, 7, 21)),
    HireRecord("h4", "J5", "w13", D(2025, 3, 11)),
)

CHECKS = (
    RetentionCheck("h1", 90, True),
    RetentionCheck("h2", 90, False),
    RetentionCheck("h3", 90, True),
    RetentionCheck("h4", 90, True),
    RetentionCheck("h1", 365, True),
    RetentionCheck("h4", 365, False),  # h2 and h3 are not checked at 365 days
)

MOVES = (
    Move("w1", 1, 2, D(2025, 9, 1)),  # up
    Move("w13", 1, 1, D(2025, 9, 1)),  # across, not up
    Move("w20", 2, 3, D(2025, 5, 1)),  # up: a worker who was not hired through Onramp
    Move("w21", 3, 2, D(2025, 5, 1)),  # down
)

WAGES = (
    WageRecord("w1", D(2025, 1, 31), 18.00),
    WageRecord("w1", D(2025, 9, 1), 19.80),
    WageRecord("w6", D(2025, 3, 18), 20.00),  # one wage only: left out
    WageRecord("w8", D(2026, 1, 1), 17.00),  # given out of order
    WageRecord("w8", D(2025, 7, 21), 16.00),
    WageRecord("w8", D(2025, 10, 1), 16.80),
    WageRecord("w13", D(2025, 3, 11), 20.00),
    WageRecord("w13", D(2026, 3, 11), 25.00),
)

COSTS = (
    CostRecord("J1", 300.0, CostKind.ADVERTISING),
    CostRecord("J1", 500.0, CostKind.STAFF_TIME),
    CostRecord("J3", 200.0, CostKind.ASSESSMENT),
    CostRecord("J4", 100.0, CostKind.ADVERTISING),  # J4 has no hire yet
)

DATA = EmployerData(JOBS, APPLICATIONS, HIRES, CHECKS, MOVES, WAGES, COSTS)


def test_time_to_fill_is_the_median_over_filled_jobs() -> None:
    # filled jobs: 30, 45, 20, 10 days; J4 is open and left out; median (20 + 30) / 2 = 25
    metric = time_to_fill(JOBS)
    assert metric.value == 25.0 and metric.n == 4 and metric.unit == "days"
    assert metric.few  # 4 jobs is under the small-cell threshold of 10


def test_applicants_per_job() -> None:
    # 14 distinct applications (a2 twice counts once) over 5 jobs = 2.8
    metric = applicants_per_job(JOBS, APPLICATIONS)
    assert (metric.numerator, metric.denominator) == (14, 5)
    assert metric.value == pytest.approx(2.8)


def test_share_of_applicants_without_a_degree_leaves_out_those_who_did_not_say() -> None:
    # known: 12 (a4 and a12 did not say); without: a3 a5 a7 a8 a9 a11 a13 a14 = 8; 8 / 12
    metric = applicants_without_degree(APPLICATIONS)
    assert (metric.numerator, metric.denominator) == (8, 12)
    assert metric.value == pytest.approx(2 / 3)


def test_share_of_hires_without_a_degree() -> None:
    # hires a1 (degree), a6 (degree), a8, a13 (none): 2 / 4
    metric = hires_without_degree(APPLICATIONS)
    assert (metric.numerator, metric.denominator, metric.value) == (2, 4, 0.5)


def test_offer_rate() -> None:
    # offers to a1 a5 a6 a8 a13 = 5 of 14 applications
    metric = offer_rate(APPLICATIONS)
    assert metric.value == pytest.approx(5 / 14)


def test_retention_at_90_days_and_12_months_counts_only_checked_hires() -> None:
    # day 90: h1 h3 h4 stayed, h2 left: 3 / 4
    assert retention(CHECKS, 90).value == 0.75
    # day 365: h1 stayed, h4 left, h2 and h3 not checked: 1 / 2
    year = retention(CHECKS, 365)
    assert (year.numerator, year.denominator, year.value) == (1, 2, 0.5)
    assert year.name is MetricName.RETENTION_12_MONTHS
    with pytest.raises(ValueError):
        retention(CHECKS, 30)


def test_internal_mobility_counts_moves_up_only() -> None:
    # workers: w1 w6 w8 w13 (hired) + w20 w21 (moved) = 6; up: w1, w20 = 2; 2 / 6
    metric = internal_mobility(HIRES, MOVES)
    assert (metric.numerator, metric.denominator) == (2, 6)
    assert metric.value == pytest.approx(1 / 3)


def test_wage_progression_is_the_median_raise_from_first_to_latest() -> None:
    # w1 (19.80 - 18) / 18 = 0.10; w8 (17 - 16) / 16 = 0.0625; w13 (25 - 20) / 20 = 0.25
    # w6 has one wage and is left out; median of 0.0625, 0.10, 0.25 = 0.10
    metric = wage_progression(WAGES)
    assert metric.value == pytest.approx(0.10) and metric.n == 3


def test_cost_per_hire_uses_only_jobs_with_recorded_costs() -> None:
    # costs 300 + 500 + 200 + 100 = 1100 on J1 J3 J4; hires on those jobs: h1, h3 = 2; 550
    metric = cost_per_hire(COSTS, HIRES)
    assert (metric.numerator, metric.denominator, metric.value) == (1100, 2, 550)


def test_no_data_is_unknown_with_a_reason_never_zero() -> None:
    empty = employer_metrics(EmployerData())
    assert [m.name for m in empty] == list(MetricName)
    for metric in empty:
        assert metric.value is None, metric.name
        assert metric.reason.endswith(".") and metric.formula
    # costs without any hire on their jobs: unknown, not 0 and not a division by zero
    assert cost_per_hire([CostRecord("J4", 100.0)], HIRES).value is None


def test_all_metrics_at_once_match_the_single_ones() -> None:
    values = {m.name: m.value for m in employer_metrics(DATA)}
    assert values[MetricName.TIME_TO_FILL] == 25.0
    assert values[MetricName.COST_PER_HIRE] == 550
    assert values[MetricName.RETENTION_90_DAYS] == 0.75


def test_before_and_after_the_switch_to_skills_based_requirements() -> None:
    comparison = compare_family(DATA, "cooks")
    assert comparison.switched_on == SWITCH
    assert (comparison.jobs_before, comparison.jobs_after) == (2, 2)  # J1 J2 | J3 J4
    rows = {row.name: row for row in comparison.rows}

    def sides(name: MetricName) -> tuple[float | None, float | None, float | None]:
        row = rows[name]
        return row.before.value, row.after.value, row.difference

    # time to fill: before median(30, 45) = 37.5; after 20 (J4 open); 20 - 37.5 = -17.5
    assert sides(MetricName.TIME_TO_FILL) == (37.5, 20.0, -17.5)
    # applicants a job: before (4 + 3) / 2 = 3.5; after (3 + 2) / 2 = 2.5
    assert sides(MetricName.APPLICANTS_PER_JOB) == (3.5, 2.5, -1.0)
    # without a degree: before a3 a5 a7 of 6 known = 0.5; after a8 a9 a11 of 4 = 0.75
    assert sides(MetricName.APPLICANTS_WITHOUT_DEGREE) == (0.5, 0.75, 0.25)
    # hires without a degree: before 0 of a1 a6; after a8 = 1 of 1
    assert sides(MetricName.HIRES_WITHOUT_DEGREE) == (0.0, 1.0, 1.0)
    # offers: before a1 a5 a6 = 3 / 7; after a8 = 1 / 5
    before, after, difference = sides(MetricName.OFFER_RATE)
    assert (before, after) == (pytest.approx(3 / 7), pytest.approx(0.2))
    assert difference == pytest.approx(0.2 - 3 / 7)
    # 90 days: before h1 yes h2 no = 0.5; after h3 yes = 1.0
    assert sides(MetricName.RETENTION_90_DAYS) == (0.5, 1.0, 0.5)
    # 12 months: before h1 = 1 / 1; after nobody checked yet: unknown, so no difference
    assert sides(MetricName.RETENTION_12_MONTHS) == (1.0, None, None)
    assert rows[MetricName.RETENTION_12_MONTHS].after.reason
    # cost a hire: before 800 / 1 (h1); after (200 + 100) / 1 (h3)
    assert sides(MetricName.COST_PER_HIRE) == (800.0, 300.0, -500.0)


def test_a_family_that_never_switched_says_so() -> None:
    comparison = compare_family(DATA, "drivers")
    assert comparison.switched_on is None and not comparison.rows and comparison.reason
    # a date given by hand splits it anyway; no jobs after it is said plainly
    by_hand = compare_family(DATA, "drivers", switched_on=D(2025, 12, 1))
    assert (by_hand.jobs_before, by_hand.jobs_after) == (1, 0) and by_hand.reason
