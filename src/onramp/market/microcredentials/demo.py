"""Demo microcredentials (demo data only): the demo college designs two with the demo employer
as its partner. One is published: the employer's HR admin and hiring manager signed off its
outcomes, so it has a CTDL description and an OB 3.0 Achievement. The other is a draft with
gaps to show the completeness list. Runs once per store, after the platform demo; skills come
from the Essential Skills Framework, and nothing is added when it is not installed.

`demo_design_id(engine)` names the published one, for the delivery demo to enroll learners in.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from onramp.credentials.demo import COLLEGE, EMPLOYER
from onramp.errors import NotFoundError
from onramp.market.microcredentials.designs import MicrocredentialDesigns
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
    Target,
    TargetKind,
)
from onramp.platform import Platform
from onramp.platform.demo import demo_email
from onramp.store import microcredential_tables as m
from onramp.store import platform_tables as t
from onramp.taxonomy import Catalog

PUBLISHED_NAME = "Patient Front Desk Basics"
DRAFT_NAME = "Safe Lifting at Work"
SERVING, SAFETY, LISTENING = (
    "urn:onramp:esf:ESF-02",
    "urn:onramp:esf:ESF-19",
    "urn:onramp:esf:ESF-05",
)


def _rubric(*rows: str) -> tuple[RubricLevel, ...]:
    return tuple(RubricLevel(level=n, description=text) for n, text in enumerate(rows, start=1))


def _published_parts(employer_id: str) -> DesignParts:
    serving = Outcome(
        id="demo-serving",
        skill=SERVING,
        label="Serving customers",
        level=3,
        method=AssessmentMethod.PERFORMANCE_TASK,
        evidence="A check-in role-play with a patient, watched by a front desk lead.",
        partner_org_id=employer_id,
    )
    listening = Outcome(
        id="demo-listening",
        skill=LISTENING,
        label="Listening",
        level=2,
        method=AssessmentMethod.OBSERVATION,
        evidence="A supervisor's notes from two shifts at the front desk.",
        partner_org_id=employer_id,
    )
    return DesignParts(
        name=PUBLISHED_NAME,
        description="Greet patients, check them in and answer questions kindly and clearly.",
        subject_webpage="https://college.example.org/front-desk",
        partner_org_ids=(employer_id,),
        targets=(
            Target(
                kind=TargetKind.OCCUPATION,
                ref="43-4171.00",
                label="Receptionists and Information Clerks",
            ),
        ),
        outcomes=(serving, listening),
        assessments=(
            Assessment(
                id="demo-role-play",
                name="Check-in role-play",
                outcome_ids=(serving.id,),
                method=AssessmentMethod.PERFORMANCE_TASK,
                rubric=_rubric(
                    "Needs help with each step.",
                    "Checks a patient in with some help.",
                    "Checks a patient in alone, kindly and right.",
                    "Handles upset patients and hard cases.",
                    "Trains others at the desk.",
                ),
            ),
            Assessment(
                id="demo-shift-notes",
                name="Shift notes",
                outcome_ids=(listening.id,),
                method=AssessmentMethod.OBSERVATION,
                rubric=_rubric(
                    "Misses what people ask.",
                    "Repeats back what people ask.",
                    "Asks questions to be sure.",
                ),
            ),
        ),
        modules=(
            Module(
                id="demo-online",
                name="Serving patients",
                hours=12,
                format=ModuleFormat.ONLINE,
                outcome_ids=(serving.id,),
            ),
            Module(
                id="demo-desk",
                name="Two shifts at the desk",
                hours=16,
                format=ModuleFormat.WORK_BASED,
                outcome_ids=(listening.id,),
            ),
        ),
        commitments=(
            Commitment(
                id="demo-interviews",
                org_id=employer_id,
                kind=CommitmentKind.GUARANTEED_INTERVIEW,
                starts=date(2026, 1, 1),
                ends=date(2027, 12, 31),
            ),
            Commitment(
                id="demo-hires",
                org_id=employer_id,
                kind=CommitmentKind.HIRING_TARGET,
                count=6,
                starts=date(2026, 1, 1),
                ends=date(2027, 12, 31),
            ),
        ),
    )


def _draft_parts(employer_id: str) -> DesignParts:
    return DesignParts(
        name=DRAFT_NAME,
        partner_org_ids=(employer_id,),
        outcomes=(
            Outcome(
                id="demo-safety",
                skill=SAFETY,
                label="Working safely",
                level=3,
                method=AssessmentMethod.PERFORMANCE_TASK,
                partner_org_id=employer_id,
            ),
        ),
    )


def _org_ids(engine: Engine) -> dict[str, str]:
    table = t.organizations
    with engine.connect() as conn:
        rows = conn.execute(
            select(table.c.name, table.c.id).where(
                table.c.is_demo.is_(True), table.c.name.in_([COLLEGE, EMPLOYER])
            )
        ).all()
    return {r.name: r.id for r in rows}


def demo_design_id(engine: Engine) -> str | None:
    """The id of the published demo microcredential, or None before it is seeded."""
    college = _org_ids(engine).get(COLLEGE)
    table = m.microcredential_designs
    with engine.connect() as conn:
        row = conn.execute(
            select(table.c.id).where(
                table.c.org_id == college,
                table.c.name == PUBLISHED_NAME,
                table.c.state == str(DesignState.PUBLISHED),
            )
        ).first()
    return None if row is None else str(row.id)


def seed_demo_microcredentials(designs: MicrocredentialDesigns, platform: Platform) -> str | None:
    """Add the two demo designs once; the published one's id (None when the demo or the
    Essential Skills Framework is absent, or they exist already)."""
    engine = platform.engine
    orgs = _org_ids(engine)
    accounts = platform.accounts
    people = {
        key: accounts.user_by_email(demo_email(key))
        for key in ("provider.admin", "hr.admin", "hiring.manager")
    }
    if len(orgs) < 2 or any(user is None for user in people.values()):
        return None
    with engine.connect() as conn:
        if conn.execute(
            select(m.microcredential_designs.c.id).where(
                m.microcredential_designs.c.org_id == orgs[COLLEGE]
            )
        ).first():
            return None
    try:
        for skill in (SERVING, SAFETY, LISTENING):
            Catalog(engine).skill(skill)
    except NotFoundError:
        return None
    admin, hr, manager = (accounts.principal(u) for u in people.values() if u is not None)
    employer = orgs[EMPLOYER]
    published = designs.create(admin, orgs[COLLEGE], PUBLISHED_NAME).design.id
    designs.edit(admin, published, _published_parts(employer))
    designs.sign_off(hr, published, "demo-serving")
    designs.sign_off(manager, published, "demo-listening")
    designs.publish(admin, published)
    draft = designs.create(admin, orgs[COLLEGE], DRAFT_NAME).design.id
    designs.edit(admin, draft, _draft_parts(employer))
    return published
