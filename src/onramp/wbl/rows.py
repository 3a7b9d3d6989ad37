"""Reading work-based learning rows into the domain's records (issue 17). Use cases call these
inside their own connection or transaction; no policy is checked here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from onramp.platform.secrets import aware
from onramp.store import platform_tables as t
from onramp.store import wbl_tables as w
from onramp.vocabulary import LabeledEnum
from onramp.wbl.model import ProgramStandards
from onramp.wbl.records import (
    AwardedCredential,
    Enrollment,
    EnrollmentState,
    ExitReason,
    FollowUp,
    HoursEntry,
    HoursState,
    InstructionRecord,
    Registration,
    SignOff,
    WageChange,
)


class ProgramState(LabeledEnum):
    DRAFT = "draft", "Still being written. No one can join yet."
    ACTIVE = "active", "Open, so people can join."
    CLOSED = "closed", "Closed to new apprentices."


@dataclass(frozen=True, slots=True)
class Program:
    id: str
    org_id: str  # the sponsor
    board_org_id: str | None
    state: ProgramState
    standards: ProgramStandards
    created_at: datetime
    updated_at: datetime
    activated_at: datetime | None
    activated_by: str | None
    sponsor_name: str = ""
    board_name: str = ""

    @property
    def provider_org_ids(self) -> frozenset[str]:
        return frozenset(c.provider_org_id for c in self.standards.courses if c.provider_org_id)


def _program_query() -> Any:
    p, o = w.wbl_programs, t.organizations
    board = o.alias("board")
    return (
        select(p, o.c.name.label("sponsor_name"), board.c.name.label("board_name"))
        .join(o, o.c.id == p.c.org_id)
        .outerjoin(board, board.c.id == p.c.board_org_id)
    )


def _program(row: Any) -> Program:
    return Program(
        id=row.id,
        org_id=row.org_id,
        board_org_id=row.board_org_id,
        state=ProgramState(row.state),
        standards=ProgramStandards.model_validate(row.standards),
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
        activated_at=aware(row.activated_at) if row.activated_at else None,
        activated_by=row.activated_by,
        sponsor_name=row.sponsor_name or "",
        board_name=row.board_name or "",
    )


def program_of(conn: Connection, program_id: str) -> Program | None:
    row = conn.execute(_program_query().where(w.wbl_programs.c.id == program_id)).first()
    return None if row is None else _program(row)


def programs_where(conn: Connection, *clauses: Any) -> list[Program]:
    p = w.wbl_programs
    query = _program_query().where(*clauses).order_by(p.c.name, p.c.id)
    return [_program(row) for row in conn.execute(query)]


def programs_taught_by(conn: Connection, org_id: str) -> list[Program]:
    taught = select(w.wbl_program_providers.c.program_id).where(
        w.wbl_program_providers.c.org_id == org_id
    )
    return programs_where(conn, w.wbl_programs.c.id.in_(taught))


def achievements_of(conn: Connection, program_id: str) -> dict[str, str]:
    """interim id ("" for completion) -> achievement id."""
    a = w.wbl_program_achievements
    rows = conn.execute(select(a).where(a.c.program_id == program_id))
    return {r.interim_id: r.achievement_id for r in rows}


def _enrollment_query() -> Any:
    e, u = w.wbl_enrollments, t.users
    mentor = u.alias("mentor")
    return (
        select(
            e,
            u.c.name.label("apprentice_name"),
            u.c.email.label("apprentice_email"),
            mentor.c.name.label("mentor_name"),
        )
        .join(u, u.c.id == e.c.apprentice_id)
        .outerjoin(mentor, mentor.c.id == e.c.mentor_id)
    )


def _enrollment(row: Any) -> Enrollment:
    return Enrollment(
        id=row.id,
        program_id=row.program_id,
        sponsor_org_id=row.org_id,
        apprentice_id=row.apprentice_id,
        apprentice_name=row.apprentice_name,
        apprentice_email=row.apprentice_email,
        mentor_id=row.mentor_id,
        mentor_name=row.mentor_name or "",
        state=EnrollmentState(row.state),
        start_date=row.start_date,
        wage_at_entry=row.wage_at_entry,
        wage_now=row.wage_now,
        paid_share=row.paid_share,
        share_board=bool(row.share_board),
        consent=row.consent,
        invited_at=aware(row.invited_at),
        enrolled_at=aware(row.enrolled_at) if row.enrolled_at else None,
        ended_on=row.ended_on,
        exit_reason=ExitReason(row.exit_reason) if row.exit_reason else None,
        exit_note=row.exit_note or "",
        completion_credential_id=row.completion_credential_id,
    )


def enrollment_of(conn: Connection, enrollment_id: str) -> Enrollment | None:
    row = conn.execute(_enrollment_query().where(w.wbl_enrollments.c.id == enrollment_id)).first()
    return None if row is None else _enrollment(row)


def enrollments_where(conn: Connection, *clauses: Any) -> list[Enrollment]:
    e, u = w.wbl_enrollments, t.users
    query = _enrollment_query().where(*clauses).order_by(u.c.name, e.c.id)
    return [_enrollment(row) for row in conn.execute(query)]


def registration_of(conn: Connection, enrollment_id: str) -> Registration | None:
    e = w.wbl_enrollments
    found = conn.execute(select(e.c.registration).where(e.c.id == enrollment_id)).scalar()
    return None if found is None else Registration.model_validate(found)


def registrations_of(conn: Connection, ids: Collection[str]) -> dict[str, Registration]:
    e = w.wbl_enrollments
    rows = conn.execute(select(e.c.id, e.c.registration).where(e.c.id.in_(list(ids))))
    return {r.id: Registration.model_validate(r.registration) for r in rows if r.registration}


def hours_of(conn: Connection, ids: Collection[str]) -> list[HoursEntry]:
    h = w.wbl_hours
    rows = conn.execute(
        select(h).where(h.c.enrollment_id.in_(list(ids))).order_by(h.c.day, h.c.logged_at, h.c.id)
    )
    return [
        HoursEntry(
            id=r.id,
            enrollment_id=r.enrollment_id,
            day=r.day,
            hours=r.hours,
            competency_id=r.competency_id,
            note=r.note,
            state=HoursState(r.state),
            logged_by=r.logged_by,
            logged_at=aware(r.logged_at),
            decided_by=r.decided_by,
            decided_at=aware(r.decided_at) if r.decided_at else None,
            reason=r.reason or "",
        )
        for r in rows
    ]


def instruction_of(conn: Connection, ids: Collection[str]) -> list[InstructionRecord]:
    i = w.wbl_instruction
    rows = conn.execute(
        select(i).where(i.c.enrollment_id.in_(list(ids))).order_by(i.c.recorded_at, i.c.id)
    )
    return [
        InstructionRecord(
            r.id,
            r.enrollment_id,
            r.course_id,
            r.hours,
            r.grade,
            r.recorded_by,
            aware(r.recorded_at),
        )
        for r in rows
    ]


def sign_offs_of(conn: Connection, ids: Collection[str]) -> list[SignOff]:
    """Sign-offs and reversals, oldest first, without the evidence files themselves."""
    s, u = w.wbl_sign_offs, t.users
    rows = conn.execute(
        select(
            s.c.id,
            s.c.enrollment_id,
            s.c.competency_id,
            s.c.reversed,
            s.c.note,
            s.c.evidence_name,
            s.c.signed_by,
            s.c.signed_at,
            u.c.name.label("by_name"),
        )
        .outerjoin(u, u.c.id == s.c.signed_by)
        .where(s.c.enrollment_id.in_(list(ids)))
        .order_by(s.c.signed_at, s.c.id)
    )
    return [
        SignOff(
            r.id,
            r.enrollment_id,
            r.competency_id,
            bool(r.reversed),
            r.note,
            r.evidence_name or "",
            r.signed_by,
            r.by_name or "",
            aware(r.signed_at),
        )
        for r in rows
    ]


def wage_changes_of(conn: Connection, ids: Collection[str]) -> list[WageChange]:
    c = w.wbl_wage_changes
    rows = conn.execute(
        select(c).where(c.c.enrollment_id.in_(list(ids))).order_by(c.c.effective_on, c.c.id)
    )
    return [
        WageChange(r.id, r.enrollment_id, r.share, r.wage, r.effective_on, r.recorded_by)
        for r in rows
    ]


def follow_ups_of(conn: Connection, ids: Collection[str]) -> list[FollowUp]:
    f = w.wbl_follow_ups
    rows = conn.execute(select(f).where(f.c.enrollment_id.in_(list(ids))))
    return [
        FollowUp(r.enrollment_id, r.months, bool(r.employed), r.wage, r.recorded_on) for r in rows
    ]


def awards_of(conn: Connection, ids: Collection[str]) -> list[AwardedCredential]:
    a = w.wbl_awards
    rows = conn.execute(select(a).where(a.c.enrollment_id.in_(list(ids))))
    return [
        AwardedCredential(r.enrollment_id, r.interim_id, r.credential_id, aware(r.issued_at))
        for r in rows
    ]
