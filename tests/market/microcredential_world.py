"""A complete microcredential design to build on in tests: two outcomes signed off by one
employer partner, one assessment each with a full rubric, two modules and two commitments."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert, update

from onramp.credentials.issuing import Issuing
from onramp.market.microcredentials.achievement import result_ids
from onramp.market.microcredentials.model import (
    Assessment,
    AssessmentMethod,
    Commitment,
    CommitmentKind,
    DesignParts,
    DesignState,
    Module,
    ModuleFormat,
    Outcome,
    RubricLevel,
    SignOff,
    Target,
    TargetKind,
    new_ctid,
)
from onramp.platform import Principal
from onramp.store import microcredential_tables as m

SQL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
EXCEL = "http://data.europa.eu/esco/skill/e4aa3c3b-0c1c-4f23-8d0e-1b16b08e2f2b"
# skills of the Essential Skills Framework, which every test store can import (`import_esf`)
ESF_SKILLS = ("urn:onramp:esf:ESF-G6", "urn:onramp:esf:ESF-G5")


def rubric(*levels: int) -> tuple[RubricLevel, ...]:
    return tuple(
        RubricLevel(level=n, description=f"Work at step {n} of the scale.") for n in levels
    )


def complete_parts(
    partner_org_id: str, *, signed: bool = True, skills: tuple[str, str] = (SQL, EXCEL)
) -> DesignParts:
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
        skill=skills[0],
        label="SQL",
        level=3,
        method=AssessmentMethod.PERFORMANCE_TASK,
        evidence="A query set run on real data.",
        partner_org_id=partner_org_id,
        sign_off=sign_off,
    )
    excel = Outcome(
        id="o-excel",
        skill=skills[1],
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


# -- delivery (issue 16, item 5) ---------------------------------------------------------------
def publish_directly(
    engine: Engine,
    issuing: Issuing | None,
    admin: Principal,
    org_id: str,
    parts: DesignParts,
    *,
    achievement_id: str | None = None,
) -> str:
    """A published design, made without the designer: the achievement is defined through the
    issuing service (or given), and the design row is written as publishing leaves it.
    Returns its id."""
    if achievement_id is None:
        assert issuing is not None
        achievement_id = issuing.define(
            admin,
            org_id,
            name=parts.name,
            criteria="Meet every outcome.",
            description=parts.description,
        ).id
    design_id = str(uuid.uuid4())
    moment = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(m.microcredential_designs).values(
                id=design_id,
                org_id=org_id,
                ce_ctid=new_ctid(),
                name=parts.name,
                state=DesignState.PUBLISHED.value,
                parts=parts.model_dump(mode="json"),
                achievement_id=achievement_id,
                created_by=admin.user.id,
                created_at=moment,
                updated_at=moment,
                published_at=moment,
            )
        )
        for partner in parts.partner_org_ids:
            conn.execute(
                insert(m.microcredential_partners).values(design_id=design_id, org_id=partner)
            )
    return design_id


def set_state(engine: Engine, design_id: str, state: DesignState) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(m.microcredential_designs)
            .where(m.microcredential_designs.c.id == design_id)
            .values(state=state.value)
        )


def expected_results(achievement_id: str, levels: dict[str, int]) -> list[dict[str, object]]:
    """The OB 3.0 Results the credential must carry: one per outcome, with the ids the
    achievement contract (`result_ids`) gives for the level reached."""
    found = []
    for outcome_id, level in levels.items():
        description, achieved = result_ids(achievement_id, outcome_id, level)
        found.append(
            {"type": ["Result"], "resultDescription": description, "achievedLevel": achieved}
        )
    return found
