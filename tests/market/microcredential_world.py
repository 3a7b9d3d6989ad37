"""A complete microcredential design to build on in tests: two outcomes signed off by one
employer partner, one assessment each with a full rubric, two modules and two commitments."""

from __future__ import annotations

from datetime import UTC, date, datetime

from onramp.market.microcredentials.model import (
    Assessment,
    AssessmentMethod,
    Commitment,
    CommitmentKind,
    DesignParts,
    Module,
    ModuleFormat,
    Outcome,
    RubricLevel,
    SignOff,
    Target,
    TargetKind,
)

SQL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
EXCEL = "http://data.europa.eu/esco/skill/e4aa3c3b-0c1c-4f23-8d0e-1b16b08e2f2b"


def rubric(*levels: int) -> tuple[RubricLevel, ...]:
    return tuple(
        RubricLevel(level=n, description=f"Work at step {n} of the scale.") for n in levels
    )


def complete_parts(partner_org_id: str, *, signed: bool = True) -> DesignParts:
    sign_off = (
        SignOff(
            user_id="u-partner",
            user_name="Pat Partner",
            org_id=partner_org_id,
            org_name="Partner Co",
            at=datetime(2026, 11, 2, tzinfo=UTC),
        )
        if signed
        else None
    )
    sql = Outcome(
        id="o-sql",
        skill=SQL,
        label="SQL",
        level=3,
        method=AssessmentMethod.PERFORMANCE_TASK,
        evidence="A query set run on real data.",
        partner_org_id=partner_org_id,
        sign_off=sign_off,
    )
    excel = Outcome(
        id="o-excel",
        skill=EXCEL,
        label="Spreadsheets",
        level=2,
        method=AssessmentMethod.WORK_SAMPLE,
        evidence="A budget sheet.",
        partner_org_id=partner_org_id,
        sign_off=sign_off,
    )
    return DesignParts(
        name="Data Clerk Basics",
        description="Query and tidy business data, as local employers asked.",
        subject_webpage="https://college.example/data-clerk",
        partner_org_ids=(partner_org_id,),
        targets=(Target(kind=TargetKind.OCCUPATION, ref="43-9021.00", label="Data Entry Keyers"),),
        outcomes=(sql, excel),
        assessments=(
            Assessment(
                id="a-sql",
                name="Query task",
                outcome_ids=("o-sql",),
                method=AssessmentMethod.PERFORMANCE_TASK,
                rubric=rubric(1, 2, 3, 4),
            ),
            Assessment(
                id="a-excel",
                name="Budget sheet",
                outcome_ids=("o-excel",),
                method=AssessmentMethod.WORK_SAMPLE,
                rubric=rubric(1, 2, 3),
            ),
        ),
        modules=(
            Module(
                id="m-1",
                name="Databases",
                hours=20,
                format=ModuleFormat.ONLINE,
                outcome_ids=("o-sql",),
            ),
            Module(
                id="m-2",
                name="Spreadsheets at work",
                hours=12.5,
                format=ModuleFormat.WORK_BASED,
                outcome_ids=("o-excel",),
            ),
        ),
        commitments=(
            Commitment(
                id="c-interview",
                org_id=partner_org_id,
                kind=CommitmentKind.GUARANTEED_INTERVIEW,
                starts=date(2027, 1, 1),
                ends=date(2027, 12, 31),
            ),
            Commitment(
                id="c-hire",
                org_id=partner_org_id,
                kind=CommitmentKind.HIRING_TARGET,
                count=5,
                starts=date(2027, 1, 1),
                ends=date(2027, 12, 31),
            ),
        ),
    )
