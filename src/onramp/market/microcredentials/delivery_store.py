"""Reading the rows of microcredential delivery (issue 16, item 5): designs as delivery needs
them, enrollments with the learner's name and email, results and placements. No policy here:
`delivery.Delivery` decides who may read what before it calls these."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, select

from onramp.market.microcredentials.delivery_model import (
    Enrollment,
    EnrollmentState,
    Placement,
    Result,
)
from onramp.market.microcredentials.model import Design, DesignParts, DesignState
from onramp.store import microcredential_tables as m
from onramp.store import platform_tables as t


def design_of(conn: Connection, design_id: str) -> Design | None:
    row = conn.execute(
        select(m.microcredential_designs).where(m.microcredential_designs.c.id == design_id)
    ).first()
    return None if row is None else _design(row)


def designs_of_org(conn: Connection, org_id: str, *, published_only: bool = True) -> list[Design]:
    d = m.microcredential_designs
    query = select(d).where(d.c.org_id == org_id).order_by(d.c.name, d.c.id)
    if published_only:
        query = query.where(d.c.state != DesignState.DRAFT.value)
    return [_design(row) for row in conn.execute(query)]


def _design(row: Any) -> Design:
    return Design(
        id=row.id,
        org_id=row.org_id,
        ctid=row.ce_ctid,
        state=DesignState(row.state),
        parts=DesignParts.model_validate(row.parts),
        achievement_id=row.achievement_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
    )


def _enrollment_query() -> Any:
    e, u, d = m.microcredential_enrollments, t.users, m.microcredential_designs
    return (
        select(
            e,
            u.c.name.label("learner_name"),
            u.c.email.label("learner_email"),
            d.c.name.label("design_name"),
        )
        .join(u, u.c.id == e.c.learner_id)
        .join(d, d.c.id == e.c.design_id)
    )


def _enrollment(row: Any) -> Enrollment:
    return Enrollment(
        id=row.id,
        design_id=row.design_id,
        org_id=row.org_id,
        learner_id=row.learner_id,
        state=EnrollmentState(row.state),
        wage_before=row.wage_before,
        consent=row.consent,
        enrolled_at=row.enrolled_at,
        completed_at=row.completed_at,
        withdrawn_at=row.withdrawn_at,
        credential_id=row.credential_id,
        tuition_commitment_id=row.tuition_commitment_id,
        tuition_amount=row.tuition_amount,
        learner_name=row.learner_name,
        learner_email=row.learner_email,
        design_name=row.design_name,
    )


def enrollment_of(conn: Connection, enrollment_id: str) -> Enrollment | None:
    e = m.microcredential_enrollments
    row = conn.execute(_enrollment_query().where(e.c.id == enrollment_id)).first()
    return None if row is None else _enrollment(row)


def enrollment_by(conn: Connection, design_id: str, learner_id: str) -> Enrollment | None:
    e = m.microcredential_enrollments
    row = conn.execute(
        _enrollment_query().where(e.c.design_id == design_id, e.c.learner_id == learner_id)
    ).first()
    return None if row is None else _enrollment(row)


def enrollments_of(conn: Connection, design_ids: Collection[str]) -> list[Enrollment]:
    if not design_ids:
        return []
    e, u = m.microcredential_enrollments, t.users
    rows = conn.execute(
        _enrollment_query().where(e.c.design_id.in_(list(design_ids))).order_by(u.c.name, e.c.id)
    )
    return [_enrollment(row) for row in rows]


def enrollments_of_learner(conn: Connection, learner_id: str) -> list[Enrollment]:
    e = m.microcredential_enrollments
    rows = conn.execute(
        _enrollment_query().where(e.c.learner_id == learner_id).order_by(e.c.enrolled_at.desc())
    )
    return [_enrollment(row) for row in rows]


def results_of(conn: Connection, enrollment_ids: Collection[str]) -> list[Result]:
    if not enrollment_ids:
        return []
    r = m.microcredential_results
    rows = conn.execute(
        select(r)
        .where(r.c.enrollment_id.in_(list(enrollment_ids)))
        .order_by(r.c.recorded_at, r.c.id)
    )
    return [
        Result(
            row.id,
            row.enrollment_id,
            row.assessment_id,
            row.outcome_id,
            row.level,
            row.note,
            row.recorded_at,
            row.recorded_by,
        )
        for row in rows
    ]


def placements_of(conn: Connection, enrollment_ids: Collection[str]) -> list[Placement]:
    if not enrollment_ids:
        return []
    p = m.microcredential_placements
    rows = conn.execute(
        select(p)
        .where(p.c.enrollment_id.in_(list(enrollment_ids)))
        .order_by(p.c.recorded_at, p.c.id)
    )
    return [
        Placement(
            row.id,
            row.enrollment_id,
            bool(row.hired),
            bool(row.interviewed),
            row.employer_org_id,
            row.employer_name,
            row.occupation,
            row.wage,
            row.placed_on,
            row.commitment_id,
            row.note,
            row.recorded_at,
        )
        for row in rows
    ]


def org_name(conn: Connection, org_id: str) -> str:
    found = conn.execute(
        select(t.organizations.c.name).where(t.organizations.c.id == org_id)
    ).scalar()
    return str(found or "")
