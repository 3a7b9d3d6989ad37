"""Recording an apprentice's progress (issue 17, item 3): on-the-job hours (typed in, or a
CSV file) approved by the mentor, class hours and grades from the school, sign-offs of
skills by the mentor (never changed; reversed with a reason), and pay raises. Each record is
audited. When a record completes an interim credential or the program, the credential is
issued (awards.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine, func, insert, select, update

from onramp.errors import (
    ImportFileError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import now
from onramp.store import wbl_tables as w
from onramp.wbl import rows
from onramp.wbl.access import Standing
from onramp.wbl.apprentices import Apprentices, check_wage
from onramp.wbl.awards import AwardOutcome
from onramp.wbl.hours_file import FILE, BadRow, HoursFileError, read_hours_file
from onramp.wbl.model import Competency
from onramp.wbl.records import (
    Enrollment,
    EnrollmentState,
    HoursEntry,
    HoursState,
    InstructionRecord,
    clean_note,
)
from onramp.wbl.rows import Program

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
MAX_GRADE = 16


@dataclass(frozen=True, slots=True)
class Evidence:
    """A file a mentor attaches to a sign-off: a photo of the work, or a document."""

    name: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class ImportResult:
    added: int = 0
    already_there: int = 0
    apprentices: int = 0


@dataclass(slots=True)
class Recorded:
    """What a progress record led to."""

    award: AwardOutcome = field(default_factory=AwardOutcome)


def check_evidence(evidence: Evidence) -> Evidence:
    if evidence.content_type not in EVIDENCE_TYPES:
        raise InvalidInputError("Attach a photo (JPEG, PNG or WebP) or a PDF.")
    if len(evidence.data) > MAX_EVIDENCE_BYTES:
        raise InvalidInputError("The file is larger than 5 MB. Attach a smaller one.")
    if not evidence.data:
        raise InvalidInputError("The file is empty.")
    magic = {
        "image/jpeg": (b"\xff\xd8\xff",),
        "image/png": (b"\x89PNG\r\n\x1a\n",),
        "image/webp": (b"RIFF",),
        "application/pdf": (b"%PDF-",),
    }[evidence.content_type]
    if not evidence.data.startswith(magic):
        raise InvalidInputError("The file is not the kind it says it is.")
    name = " ".join(evidence.name.replace("/", " ").replace("\\", " ").split())[:200]
    return Evidence(
        name or "evidence" + EVIDENCE_TYPES[evidence.content_type],
        evidence.content_type,
        evidence.data,
    )


def find_competency(program: Program, given: str) -> Competency | None:
    """A work process by id, or by name (case and spaces ignored)."""
    wanted = " ".join(given.split()).lower()
    for competency in program.standards.work_processes:
        if competency.id == given or " ".join(competency.name.split()).lower() == wanted:
            return competency
    return None


class ProgressRecords:
    def __init__(self, engine: Engine, apprentices: Apprentices) -> None:
        self.engine = engine
        self.apprentices = apprentices

    def _active(
        self, principal: Principal, enrollment_id: str
    ) -> tuple[Program, Enrollment, Standing]:
        policy.require_scope(principal, Scope.WRITE)  # first: a token says what it lacks
        program, enrollment, who = self.apprentices.reader(principal, enrollment_id)
        if enrollment.state is not EnrollmentState.ACTIVE:
            raise InvalidInputError("This apprentice is not in the program now.")
        return program, enrollment, who

    def _award(self, principal: Principal, program: Program, enrollment_id: str) -> AwardOutcome:
        program, enrollment = self.apprentices.enrollment(enrollment_id)
        state = self.apprentices.progress_of(program, enrollment_id)
        return self.apprentices.awards.award_due(program, enrollment, state, principal)

    # -- hours ----------------------------------------------------------------------------
    def log_hours(
        self,
        principal: Principal,
        enrollment_id: str,
        *,
        day: date,
        hours: float,
        competency_id: str,
        note: str = "",
    ) -> HoursEntry:
        """The apprentice writes down a shift; it waits for the mentor."""
        program, enrollment, _who = self._active(principal, enrollment_id)
        if enrollment.apprentice_id != principal.user.id:
            raise PermissionDeniedError("Apprentices write down their own hours.")
        if day > date.today() or day < enrollment.start_date:
            raise InvalidInputError("The day is between your start date and today.")
        hours = round(hours, 2)  # a hundredth of an hour at the finest
        if not 0 < hours <= 24:
            raise InvalidInputError("Hours are from 0.01 to 24.")
        competency = find_competency(program, competency_id)
        if competency is None:
            raise InvalidInputError("Choose a skill of this program.")
        entry_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            too_long = self._within_a_day(conn, {(enrollment_id, day): hours})
            if too_long:
                raise InvalidInputError(f"That makes {too_long[0]}. Check the hours.")
            conn.execute(
                insert(w.wbl_hours).values(
                    id=entry_id,
                    enrollment_id=enrollment_id,
                    entry_key=entry_id,
                    day=day,
                    hours=round(hours, 2),
                    competency_id=competency.id,
                    note=clean_note(note),
                    state=HoursState.PENDING.value,
                    logged_by=principal.user.id,
                    logged_at=now(),
                    reason="",
                )
            )
            audit.record(
                conn,
                AuditAction.WBL_HOURS_LOG,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_hours",
                target_id=entry_id,
                details={"hours": round(hours, 2)},
            )
            found = rows.hours_of(conn, [enrollment_id])
        return next(h for h in found if h.id == entry_id)

    @staticmethod
    def _within_a_day(conn: Connection, adding: dict[tuple[str, date], float]) -> list[str]:
        """Problems where stored plus new hours pass 24 on one day for one apprentice."""
        h = w.wbl_hours
        problems = []
        for (enrollment_id, day), more in adding.items():
            stored: float = conn.execute(
                select(func.coalesce(func.sum(h.c.hours), 0.0)).where(
                    h.c.enrollment_id == enrollment_id,
                    h.c.day == day,
                    h.c.state != HoursState.REJECTED.value,
                )
            ).scalar_one()
            if float(stored) + more > 24 + 1e-9:
                problems.append(f"more than 24 hours on {day}")
        return problems

    def import_hours(self, principal: Principal, program_id: str, text: str) -> ImportResult:
        """Hours from a CSV file (hours_file.py), all or nothing. Sponsor admins import for any
        apprentice of the program; an apprentice, only their own rows. Rows already imported
        (same content) are left as they are, so importing a file twice adds nothing."""
        policy.require_scope(principal, Scope.WRITE)
        program = self.apprentices.programs.readable(principal, program_id)
        admin = self.apprentices.programs.is_sponsor_admin(principal, program)
        parsed = read_hours_file(text, today=date.today())
        with self.engine.connect() as conn:
            enrollments = rows.enrollments_where(conn, w.wbl_enrollments.c.program_id == program_id)
        by_key = {}
        for e in enrollments:
            by_key[e.id] = e
            by_key[e.apprentice_email.lower()] = e
        bad: list[BadRow] = []
        planned = []
        per_day: dict[tuple[str, date], float] = defaultdict(float)
        for row in parsed:
            enrollment = by_key.get(row.apprentice) or by_key.get(row.apprentice.lower())
            competency = find_competency(program, row.competency)
            if enrollment is None:
                bad.append(BadRow(row.line, f"'{row.apprentice}' is not an apprentice here."))
            elif not admin and enrollment.apprentice_id != principal.user.id:
                bad.append(BadRow(row.line, "you can only load your own hours."))
            elif enrollment.state is not EnrollmentState.ACTIVE:
                bad.append(
                    BadRow(row.line, f"{enrollment.apprentice_name} is not in the program now.")
                )
            elif competency is None:
                bad.append(BadRow(row.line, f"'{row.competency}' is not a skill of this program."))
            elif row.day < enrollment.start_date:
                bad.append(
                    BadRow(row.line, f"{row.day} is before {enrollment.apprentice_name} started.")
                )
            else:
                planned.append((row, enrollment, competency))
        if not admin and not planned and not bad:
            raise PermissionDeniedError("Only the sponsor's admins and apprentices load hours.")
        if bad:
            raise HoursFileError(bad)
        result = ImportResult()
        h = w.wbl_hours
        with self.engine.begin() as conn:
            keys = {
                (r.enrollment_id, r.entry_key)
                for r in conn.execute(
                    select(h.c.enrollment_id, h.c.entry_key).where(
                        h.c.enrollment_id.in_({e.id for _, e, _ in planned})
                    )
                )
            }
            fresh = [(r, e, c) for r, e, c in planned if (e.id, r.key) not in keys]
            result.already_there = len(planned) - len(fresh)
            for row, enrollment, _c in fresh:
                per_day[(enrollment.id, row.day)] += row.hours
            too_long = self._within_a_day(conn, dict(per_day))
            if too_long:
                raise ImportFileError(FILE, "; ".join(sorted(set(too_long))[:20]))
            moment = now()
            if fresh:
                conn.execute(
                    insert(h),
                    [
                        {
                            "id": str(uuid.uuid4()),
                            "enrollment_id": enrollment.id,
                            "entry_key": row.key,
                            "day": row.day,
                            "hours": row.hours,
                            "competency_id": competency.id,
                            "note": row.note,
                            "state": HoursState.PENDING.value,
                            "logged_by": principal.user.id,
                            "logged_at": moment,
                            "reason": "",
                        }
                        for row, enrollment, competency in fresh
                    ],
                )
            result.added = len(fresh)
            result.apprentices = len({e.id for _, e, _ in fresh})
            audit.record(
                conn,
                AuditAction.WBL_HOURS_IMPORT,
                actor_id=principal.user.id,
                org_id=program.org_id,
                target_type="wbl_program",
                target_id=program_id,
                details={"added": result.added, "already_there": result.already_there},
            )
        return result

    def decide_hours(
        self,
        principal: Principal,
        enrollment_id: str,
        entry_ids: list[str],
        *,
        approve: bool,
        reason: str = "",
    ) -> Recorded:
        """The mentor approves (or turns down, with a reason) pending hours."""
        program, enrollment, who = self._active(principal, enrollment_id)
        if not who.mentor:
            raise PermissionDeniedError("Only this apprentice's mentor can approve their hours.")
        reason = clean_note(reason, "The reason")
        if not approve and not reason:
            raise InvalidInputError("Say why these hours are not approved.")
        if not entry_ids:
            raise InvalidInputError("Choose the hours to approve.")
        h = w.wbl_hours
        state = HoursState.APPROVED if approve else HoursState.REJECTED
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(h)
                .where(
                    h.c.enrollment_id == enrollment_id,
                    h.c.id.in_(entry_ids),
                    h.c.state == HoursState.PENDING.value,
                )
                .values(
                    state=state.value, decided_by=principal.user.id, decided_at=now(), reason=reason
                )
            )
            if changed.rowcount != len(set(entry_ids)):
                raise InvalidInputError("Some of these hours were already decided. Look again.")
            audit.record(
                conn,
                AuditAction.WBL_HOURS_DECIDE,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"entries": len(entry_ids), "state": state.value},
            )
        return Recorded(self._award(principal, program, enrollment_id))

    # -- classes --------------------------------------------------------------------------
    def record_instruction(
        self,
        principal: Principal,
        enrollment_id: str,
        course_id: str,
        *,
        hours: float,
        grade: str = "",
    ) -> InstructionRecord:
        """The school records class hours and a grade for one of its courses (the sponsor's
        admins do, for a course taught by a school that is not on Onramp)."""
        program, enrollment, who = self._active(principal, enrollment_id)
        course = next((c for c in program.standards.courses if c.id == course_id), None)
        if course is None:
            raise InvalidInputError("Choose a course of this program.")
        teaches = (
            course.provider_org_id is not None
            and who.instructor
            and bool(principal.roles_in(course.provider_org_id))
        )
        if not (teaches or (course.provider_org_id is None and who.sponsor_admin)):
            raise PermissionDeniedError("Only the school that teaches this course records it.")
        if not 0 < hours <= course.hours:
            raise InvalidInputError(f"Class hours are more than 0 and at most {course.hours:g}.")
        grade = " ".join(grade.split())
        if len(grade) > MAX_GRADE:
            raise InvalidInputError(f"A grade is at most {MAX_GRADE} characters, like B+ or Pass.")
        record_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(w.wbl_instruction).values(
                    id=record_id,
                    enrollment_id=enrollment_id,
                    course_id=course_id,
                    hours=round(hours, 2),
                    grade=grade,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.WBL_INSTRUCTION,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_instruction",
                target_id=record_id,
                details={"course": course_id, "hours": round(hours, 2)},
            )
            found = rows.instruction_of(conn, [enrollment_id])
        self._award(principal, program, enrollment_id)
        return next(r for r in found if r.id == record_id)

    # -- sign-offs ------------------------------------------------------------------------
    def sign_off(
        self,
        principal: Principal,
        enrollment_id: str,
        competency_id: str,
        *,
        note: str,
        evidence: Evidence | None = None,
    ) -> Recorded:
        """The mentor signs off a skill the apprentice showed, with a note (and a file)."""
        return self._sign(principal, enrollment_id, competency_id, note, evidence, reverse=False)

    def reverse_sign_off(
        self, principal: Principal, enrollment_id: str, competency_id: str, *, reason: str
    ) -> Recorded:
        """Take back a sign-off, with a reason; the sign-off itself stays on record."""
        return self._sign(principal, enrollment_id, competency_id, reason, None, reverse=True)

    def _sign(
        self,
        principal: Principal,
        enrollment_id: str,
        competency_id: str,
        note: str,
        evidence: Evidence | None,
        *,
        reverse: bool,
    ) -> Recorded:
        program, enrollment, who = self._active(principal, enrollment_id)
        if not (who.mentor or (reverse and who.sponsor_admin)):
            raise PermissionDeniedError("Only this apprentice's mentor can sign off their skills.")
        competency = find_competency(program, competency_id)
        if competency is None:
            raise InvalidInputError("Choose a skill of this program.")
        note = clean_note(note)
        if not note:
            raise InvalidInputError(
                "Say why you take this sign-off back." if reverse else "Say what you saw."
            )
        shown = check_evidence(evidence) if evidence else None
        sign_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            done = self.apprentices.progress_of(program, enrollment_id).signed_off
            if reverse and competency.id not in done:
                raise InvalidInputError(
                    "This skill is not signed off, so there is nothing to take back."
                )
            if not reverse and competency.id in done:
                raise InvalidInputError("This skill is already signed off.")
            conn.execute(
                insert(w.wbl_sign_offs).values(
                    id=sign_id,
                    enrollment_id=enrollment_id,
                    competency_id=competency.id,
                    reversed=reverse,
                    note=note,
                    evidence_name=shown.name if shown else "",
                    evidence_type=shown.content_type if shown else "",
                    evidence=shown.data if shown else None,
                    signed_by=principal.user.id,
                    signed_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction(
                    AuditAction.WBL_SIGN_OFF_REVERSE if reverse else AuditAction.WBL_SIGN_OFF
                ),
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_sign_off",
                target_id=sign_id,
                details={"competency": competency.id},
            )
        if reverse:
            return Recorded()
        return Recorded(self._award(principal, program, enrollment_id))

    def evidence(self, principal: Principal, sign_off_id: str) -> Evidence:
        """The file attached to a sign-off, for those who read the apprentice."""
        policy.require_scope(principal, Scope.READ)
        s = w.wbl_sign_offs
        with self.engine.connect() as conn:
            row = conn.execute(select(s).where(s.c.id == sign_off_id)).first()
        if row is None:
            raise NotFoundError("There is no such sign-off.")
        self.apprentices.reader(principal, row.enrollment_id)  # "not found" to anyone else
        if row.evidence is None:
            raise NotFoundError("This sign-off has no file.")
        return Evidence(row.evidence_name, row.evidence_type, bytes(row.evidence))

    # -- pay ------------------------------------------------------------------------------
    def record_wage_change(
        self,
        principal: Principal,
        enrollment_id: str,
        *,
        share: float,
        wage: float | None,
        effective_on: date,
    ) -> Enrollment:
        """A sponsor admin records a raise: the share of full pay, and the hourly wage."""
        program, enrollment = self.apprentices.sponsor_admin(principal, enrollment_id)
        if not 0 < share <= 1:
            raise InvalidInputError("The share of full pay is between 0 and 1, like 0.6.")
        wage = check_wage(wage, "The new pay")
        if effective_on < enrollment.start_date:
            raise InvalidInputError("The raise starts on or after the start date.")
        change_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(w.wbl_wage_changes).values(
                    id=change_id,
                    enrollment_id=enrollment_id,
                    share=share,
                    wage=wage,
                    effective_on=effective_on,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            e = w.wbl_enrollments
            values: dict[str, object] = {"paid_share": share}
            if wage is not None:
                values["wage_now"] = wage
            conn.execute(update(e).where(e.c.id == enrollment_id).values(**values))
            audit.record(
                conn,
                AuditAction.WBL_WAGE_CHANGE,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"share": share},
            )
        return self.apprentices.enrollment(enrollment_id)[1]

    def issue_due(self, principal: Principal, enrollment_id: str) -> list[str]:
        """A sponsor admin issues credentials that are due and waiting; names of those issued."""
        program, enrollment = self.apprentices.sponsor_admin(principal, enrollment_id)
        return self._award(principal, program, enrollment_id).issued
