"""Onboarding plans proposed from a match's gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.jobs.model import Requirement
from onramp.matching.onboarding import (
    MAX_WEEKS,
    MIN_WEEKS,
    Activity,
    OnboardingPlan,
    propose_plan,
    reschedule,
)
from onramp.matching.scoring import Gap as ScoringGap
from onramp.matching.scoring import RequirementStatus

START = date(2026, 12, 7)


def Gap(  # noqa: N802 - reads like the record it builds
    skill: str, label: str, level: int, have: float | None, learnable_weeks: int | None
) -> ScoringGap:
    requirement = Requirement(
        skill=skill, label=label, level=level, learnable_weeks=learnable_weeks
    )
    status = RequirementStatus.NOT_MET if have is None else RequirementStatus.PARTLY_MET
    return ScoringGap(requirement, status, have)


def test_learnable_gaps_go_on_the_job_for_the_employers_weeks() -> None:
    plan = propose_plan(
        [
            Gap("esco:forklift", "drive a forklift", 3, 1.0, learnable_weeks=6),
            Gap("esco:inventory", "manage inventory", 3, None, learnable_weeks=None),
        ],
        START,
    )
    forklift, inventory = plan.items
    assert forklift.activity is Activity.ON_THE_JOB and forklift.weeks == 6
    assert forklift.check_in == START + timedelta(weeks=6)
    assert inventory.activity is Activity.MENTOR and inventory.weeks == 12  # 3 levels x 4
    assert plan.ends == inventory.check_in
    assert any("does not know any training programs" in n for n in plan.notes)


def test_no_gaps_says_so() -> None:
    plan = propose_plan([], START)
    assert plan.items == () and "no gaps" in plan.notes[0]


def test_a_skill_twice_is_refused() -> None:
    gap = Gap("esco:a", "a", 2, 1.0, None)
    with pytest.raises(ValueError):
        OnboardingPlan(START, propose_plan([gap], START).items * 2)


def test_reschedule_moves_the_check_in_and_checks_bounds() -> None:
    item = propose_plan([Gap("esco:a", "a", 2, 1.0, 3)], START).items[0]
    assert reschedule(item, START, 10).check_in == START + timedelta(weeks=10)
    with pytest.raises(ValueError):
        reschedule(item, START, MAX_WEEKS + 1)


@given(st.integers(1, 5), st.none() | st.floats(0, 5), st.none() | st.integers(0, 104))
def test_weeks_stay_in_bounds(required: int, current: float | None, weeks: int | None) -> None:
    plan = propose_plan([Gap("esco:x", "x", required, current, weeks)], START)
    assert MIN_WEEKS <= plan.items[0].weeks <= MAX_WEEKS
