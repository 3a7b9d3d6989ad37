"""Program standards and their check (issue 17, item 1; 29 CFR 29.4-29.5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from onramp.wbl.model import (
    Approach,
    Competency,
    Course,
    FindingKind,
    InterimCredential,
    ProgramKind,
    ProgramStandards,
    Severity,
    WageStep,
    check_standards,
)


def electrician(**changes: object) -> ProgramStandards:
    """A time-based registered apprenticeship for electricians (47-2111.00)."""
    program = ProgramStandards(
        name="Inside Wireman",
        kind=ProgramKind.REGISTERED_APPRENTICESHIP,
        approach=Approach.TIME_BASED,
        occupation="47-2111.00",
        occupation_title="Electricians",
        term_months=48,
        journeyworker_wage=38.0,
        mentor_ratio=1,
        work_processes=(
            Competency(id="w1", name="Install conduit and boxes", hours=3000),
            Competency(id="w2", name="Wire circuits to code", hours=3000),
            Competency(id="w3", name="Test and fix faults", hours=2000),
        ),
        courses=(Course(name="Electrical theory", hours=600, provider_name="Metro College"),),
        wage_schedule=(
            WageStep(after_hours=0, share=0.5),
            WageStep(after_hours=2000, share=0.6),
            WageStep(after_hours=4000, share=0.7),
            WageStep(after_hours=6000, share=0.85),
        ),
        interim_credentials=(InterimCredential(name="Wiring basics", competency_ids=("w1",)),),
    )
    return program.model_copy(update=changes)


def medical_assistant(**changes: object) -> ProgramStandards:
    """A competency-based registered apprenticeship for medical assistants (31-9092.00)."""
    program = ProgramStandards(
        name="Medical Assistant",
        kind=ProgramKind.REGISTERED_APPRENTICESHIP,
        approach=Approach.COMPETENCY_BASED,
        occupation="31-9092.00",
        term_months=12,
        journeyworker_wage=20.0,
        mentor_ratio=2,
        work_processes=(
            Competency(id="m1", name="Take vital signs", criteria="Five correct readings."),
            Competency(id="m2", name="Room patients", criteria="Observed on three shifts."),
        ),
        courses=(Course(name="Clinical basics", hours=160, provider_org_id="org-college"),),
        wage_schedule=(
            WageStep(after_competencies=0, share=0.7),
            WageStep(after_competencies=1, share=0.8),
        ),
    )
    return program.model_copy(update=changes)


def kinds(program: ProgramStandards, **kw: float) -> list[FindingKind]:
    return [f.kind for f in check_standards(program, **kw)]


def test_both_example_programs_are_complete() -> None:
    assert check_standards(electrician()) == []
    assert check_standards(medical_assistant()) == []


def test_a_time_based_apprenticeship_needs_2000_hours() -> None:
    short = electrician(work_processes=(Competency(id="w1", name="Install conduit", hours=1500),))
    short = short.model_copy(update={"interim_credentials": ()})
    [finding] = check_standards(short)
    assert finding.kind is FindingKind.TOO_FEW_HOURS and finding.severity is Severity.MISSING
    assert "1500" in finding.sentence


def test_each_approach_asks_for_its_own_parts() -> None:
    no_hours = electrician(approach=Approach.HYBRID)
    assert kinds(no_hours).count(FindingKind.NO_CRITERIA) == 3
    no_criteria = medical_assistant(approach=Approach.HYBRID)
    found = kinds(no_criteria)
    assert found.count(FindingKind.NO_HOURS) == 2 and FindingKind.NO_CRITERIA not in found


def test_wages_must_rise_and_stay_above_the_minimum() -> None:
    falling = electrician(
        wage_schedule=(WageStep(after_hours=0, share=0.6), WageStep(after_hours=2000, share=0.5))
    )
    assert kinds(falling) == [FindingKind.WAGES_FALL]
    poor = medical_assistant(journeyworker_wage=9.0)
    assert kinds(poor) == [FindingKind.BELOW_MINIMUM_WAGE]


def test_the_area_wage_and_instruction_hours_only_warn() -> None:
    program = electrician(courses=(Course(name="Theory", hours=200, provider_name="Metro"),))
    findings = check_standards(program, area_hourly_median=50.0)
    assert [(f.kind, f.severity) for f in findings] == [
        (FindingKind.BELOW_AREA_WAGE, Severity.WARNING),
        (FindingKind.LITTLE_INSTRUCTION, Severity.WARNING),
    ]
    assert check_standards(electrician(), area_hourly_median=45.0) == []


def test_programs_with_fewer_parts() -> None:
    internship = ProgramStandards(
        name="Summer clinic intern",
        kind=ProgramKind.INTERNSHIP,
        occupation="31-9092.00",
        term_months=3,
        work_processes=(Competency(name="Front desk", hours=120),),
    )
    assert check_standards(internship) == []
    bare = internship.model_copy(update={"kind": ProgramKind.OJT_CONTRACT})
    assert kinds(bare) == [FindingKind.NO_WAGE_SCHEDULE, FindingKind.NO_JOURNEYWORKER_WAGE]


def test_bad_input_is_refused_in_plain_words() -> None:
    with pytest.raises(ValidationError, match="O\\*NET-SOC code"):
        electrician().model_validate({**electrician().model_dump(), "occupation": "electrician"})
    with pytest.raises(ValidationError, match="not in the program"):
        electrician().model_validate(
            {
                **electrician().model_dump(),
                "interim_credentials": [{"name": "Extra", "competency_ids": ["zz"]}],
            }
        )
    with pytest.raises(ValidationError, match="not both"):
        WageStep(after_hours=0, after_competencies=0, share=0.5)


@given(st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=1, max_size=8))
def test_a_schedule_is_flagged_exactly_when_some_step_falls(shares: list[float]) -> None:
    steps = tuple(WageStep(after_hours=i * 1000, share=s) for i, s in enumerate(shares))
    program = electrician(wage_schedule=steps, journeyworker_wage=100.0)
    falls = any(b < a for a, b in zip(shares, shares[1:], strict=False))
    assert (FindingKind.WAGES_FALL in kinds(program)) == falls
