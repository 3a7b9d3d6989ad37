"""Apprentices in a program (issue 17, items 2-4): joining under consent, mentors, the end of
an apprenticeship, follow-ups, and what each person reads. Progress records (hours, classes,
sign-offs, pay steps) are in `progress_records.py`; who may read what is in `access.py`.

Joining: a sponsor admin asks a worker on Onramp to join (by email); the worker reads who will
see what, answers the registration questions once, says whether the workforce board may see
their record, and says yes. Saying yes writes, in one transaction, the enrollment and a consent
grant (profile and wallet records, purpose "program") to the sponsor, to each school that
teaches a course, and to the board if the worker agreed: the worker sees and can revoke each
on their sharing page. The program's own records (hours, sign-offs) stay with the sponsor
after a revocation, as an employer's training records do; the profile and wallet do not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, insert, select, update

from onramp.credentials.service import CredentialService
from onramp.credentials.wallet import wallet_item_of
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import audit, policy
from onramp.platform.accounts import Accounts
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.directory import organization_names
from onramp.platform.mail import MailKind
from onramp.platform.model import AccountKind, Principal, PurposeKind, Scope
from onramp.platform.secrets import now
from onramp.store import platform_tables as t
from onramp.store import wbl_tables as w
from onramp.wbl import rows
from onramp.wbl.access import NO_APPRENTICE, Standing, require_reader, standing
from onramp.wbl.awards import Awards
from onramp.wbl.programs import Programs, mentor_roles
from onramp.wbl.progress import Progress, SignOffEvent, progress
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
    check_registration,
    clean_note,
)
from onramp.wbl.rows import Program, ProgramState

SHARED_PARTS = ["profile", "records"]
GRANT_DAYS = 366  # the longest a grant lasts; the worker renews it from their sharing page
MAX_WAGE = 1_000.0  # USD an hour


@dataclass(frozen=True, slots=True)
class ApprenticeView:
    program: Program
    enrollment: Enrollment
    standing: Standing
    progress: Progress
    hours: list[HoursEntry]
    instruction: list[InstructionRecord]
    sign_offs: list[SignOff]
    wage_changes: list[WageChange]
    awards: list[AwardedCredential]
    follow_ups: list[FollowUp]
    wallet_items: dict[str, str]  # credential id -> wallet item id (the apprentice's own view)

    @property
    def pending_hours(self) -> list[HoursEntry]:
        return [h for h in self.hours if h.state is HoursState.PENDING]


def consent_sentence(program: Program, provider_names: list[str]) -> str:
    """What the worker agrees to, in plain words; stored with the enrollment."""
    sponsor = program.sponsor_name
    parts = [
        f"{sponsor} will see your Onramp profile, the records in your wallet, and your "
        "hours, classes and skills in this program."
    ]
    if provider_names:
        parts.append(f"{', '.join(provider_names)} will see the same, to teach your classes.")
    parts.append(
        f"Your answers about you (birth date, sex, race, schooling) go only to {sponsor}'s "
        "admins, to register you with the state."
    )
    return " ".join(parts)


def check_wage(wage: float | None, what: str) -> float | None:
    if wage is None:
        return None
    if not 0 < wage <= MAX_WAGE:
        raise InvalidInputError(f"{what} is in dollars an hour, above 0.")
    return round(wage, 2)


class Apprentices:
    def __init__(
        self,
        engine: Engine,
        programs: Programs,
        credentials: CredentialService,
        accounts: Accounts,
        consents: Consents,
    ) -> None:
        self.engine = engine
        self.programs = programs
        self.credentials = credentials
        self.accounts = accounts
        self.consents = consents
        self.awards = Awards(engine, credentials, accounts)

    # -- lookups --------------------------------------------------------------------------
    def enrollment(self, enrollment_id: str) -> tuple[Program, Enrollment]:
        with self.engine.connect() as conn:
            found = rows.enrollment_of(conn, enrollment_id)
            program = rows.program_of(conn, found.program_id) if found else None
        if found is None or program is None:
            raise NotFoundError(NO_APPRENTICE)
        return program, found

    def reader(
        self, principal: Principal, enrollment_id: str
    ) -> tuple[Program, Enrollment, Standing]:
        policy.require_scope(principal, Scope.READ)
        program, enrollment = self.enrollment(enrollment_id)
        return program, enrollment, require_reader(principal, program, enrollment)

    def sponsor_admin(self, principal: Principal, enrollment_id: str) -> tuple[Program, Enrollment]:
        policy.require_scope(principal, Scope.WRITE)
        program, enrollment, who = self.reader(principal, enrollment_id)
        if not who.sponsor_admin:
            raise PermissionDeniedError("Only the sponsor's admins can do this.")
        return program, enrollment

    def provider_names(self, program: Program) -> list[str]:
        return [o.name for o in organization_names(self.engine, program.provider_org_ids)]

    # -- joining --------------------------------------------------------------------------
    def invite(
        self,
        principal: Principal,
        program_id: str,
        email: str,
        *,
        start_date: date,
        wage_at_entry: float | None = None,
        paid_share: float | None = None,
    ) -> Enrollment:
        """A sponsor admin asks a worker on Onramp to join; the worker is told by mail."""
        policy.require_scope(principal, Scope.WRITE)
        program = self.programs.readable(principal, program_id)
        if not self.programs.is_sponsor_admin(principal, program):
            raise PermissionDeniedError("Only the sponsor's admins can add apprentices.")
        if program.state is not ProgramState.ACTIVE:
            raise InvalidInputError("Open the program before you add apprentices.")
        wage = check_wage(wage_at_entry, "The starting pay")
        if paid_share is not None and not 0 < paid_share <= 1:
            raise InvalidInputError("The share of full pay is between 0 and 1.")
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.users.c.id, t.users.c.kind).where(t.users.c.email == email.strip().lower())
            ).first()
        if row is None or row.kind != AccountKind.WORKER.value:
            raise InvalidInputError(
                "No worker on Onramp has that email address. Ask them to sign up first."
            )
        enrollment_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            taken = conn.execute(
                select(w.wbl_enrollments.c.id).where(
                    w.wbl_enrollments.c.program_id == program_id,
                    w.wbl_enrollments.c.apprentice_id == row.id,
                )
            ).first()
            if taken is not None:
                raise ConflictError("This worker is already in this program.")
            conn.execute(
                insert(w.wbl_enrollments).values(
                    id=enrollment_id,
                    program_id=program_id,
                    org_id=program.org_id,
                    apprentice_id=row.id,
                    state=EnrollmentState.INVITED.value,
                    start_date=start_date,
                    wage_at_entry=wage,
                    wage_now=wage,
                    paid_share=paid_share,
                    share_board=False,
                    consent="",
                    exit_note="",
                    enrolled_by=principal.user.id,
                    invited_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.WBL_INVITE,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=row.id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
            )
        program_, enrollment = self.enrollment(enrollment_id)
        link = f"{self.credentials.issuing.links.public_url}/me/apprenticeship/{enrollment_id}"
        self.credentials.issuing.mailer.send(
            enrollment.apprentice_email,
            f"Join {program.standards.name}",
            f"{program.sponsor_name} asks you to join {program.standards.name!r} on Onramp.\n\n"
            f"Read who will see what, and say yes or no, here:\n{link}",
            MailKind.NOTICE,
        )
        return enrollment

    def invitation(
        self, principal: Principal, enrollment_id: str
    ) -> tuple[Program, Enrollment, str]:
        """The worker's own invitation, with the sentence they agree to."""
        policy.require_scope(principal, Scope.READ)
        program, enrollment = self.enrollment(enrollment_id)
        if enrollment.apprentice_id != principal.user.id or principal.user.is_platform_admin:
            raise NotFoundError(NO_APPRENTICE)
        return program, enrollment, consent_sentence(program, self.provider_names(program))

    def join(
        self,
        principal: Principal,
        enrollment_id: str,
        registration: Registration,
        *,
        agreed: bool,
        share_board: bool = False,
    ) -> Enrollment:
        """The worker says yes: registration facts once, consent grants, all or nothing."""
        policy.require_scope(principal, Scope.CONSENT)
        policy.require_worker(principal)
        program, enrollment, sentence = self.invitation(principal, enrollment_id)
        if enrollment.state is not EnrollmentState.INVITED:
            raise InvalidInputError("You already said yes to this program.")
        if not agreed:
            raise InvalidInputError("To join, say that you agree to who will see what.")
        problems = check_registration(registration, enrollment.start_date)
        if problems:
            raise InvalidInputError(" ".join(problems))
        board = share_board and program.board_org_id is not None
        if board:
            sentence += f" {program.board_name} will see your record too, as you agreed."
        purpose = f"Apprentice in {program.standards.name}"[:500]
        targets = [program.org_id, *sorted(program.provider_org_ids)]
        if board and program.board_org_id:
            targets.append(program.board_org_id)
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(w.wbl_enrollments)
                .where(
                    w.wbl_enrollments.c.id == enrollment_id,
                    w.wbl_enrollments.c.state == EnrollmentState.INVITED.value,
                )
                .values(
                    state=EnrollmentState.ACTIVE.value,
                    registration=registration.model_dump(mode="json"),
                    share_board=board,
                    consent=sentence,
                    enrolled_at=now(),
                )
            )
            if changed.rowcount != 1:
                raise ConflictError("This invitation changed just now. Look again.")
            for org_id in dict.fromkeys(targets):
                self.consents.grant_in(
                    conn,
                    principal,
                    org_id,
                    SHARED_PARTS,
                    PurposeKind.PROGRAM,
                    purpose,
                    GRANT_DAYS,
                    purpose_ref=enrollment_id,
                )
            audit.record(
                conn,
                AuditAction.WBL_JOIN,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=principal.user.id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"board": board},
            )
        return self.enrollment(enrollment_id)[1]

    def decline(self, principal: Principal, enrollment_id: str) -> None:
        """The worker says no: the invitation goes, and nothing about them stays with the
        program (the audit log keeps that they said no)."""
        policy.require_scope(principal, Scope.CONSENT)
        program, enrollment, _sentence = self.invitation(principal, enrollment_id)
        e = w.wbl_enrollments
        with self.engine.begin() as conn:
            gone = conn.execute(
                e.delete().where(
                    e.c.id == enrollment_id, e.c.state == EnrollmentState.INVITED.value
                )
            )
            if gone.rowcount != 1:
                raise InvalidInputError("You already joined. Ask the sponsor to end it.")
            audit.record(
                conn,
                AuditAction.WBL_DECLINE,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=principal.user.id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
            )

    # -- mentors, the end, follow-ups -----------------------------------------------------
    def assign_mentor(
        self, principal: Principal, enrollment_id: str, mentor_email: str
    ) -> Enrollment:
        """A sponsor admin names the apprentice's mentor: a member of the sponsor who mentors,
        within the program's ratio of apprentices to a mentor (29 CFR 29.5(b)(7))."""
        program, enrollment = self.sponsor_admin(principal, enrollment_id)
        mentor = self.accounts.user_by_email(mentor_email)
        roles = (
            {m.role for m in self.accounts.memberships(mentor.id) if m.org_id == program.org_id}
            if mentor
            else set()
        )
        if mentor is None or not roles & mentor_roles():
            raise InvalidInputError(
                f"That person is not a mentor at {program.sponsor_name}. "
                "Add them to the organization as a mentor first."
            )
        if mentor.id == enrollment.apprentice_id:
            raise InvalidInputError("An apprentice cannot be their own mentor.")
        ratio = program.standards.mentor_ratio
        e = w.wbl_enrollments
        with self.engine.begin() as conn:
            if ratio is not None:
                others = conn.execute(
                    select(e.c.id).where(
                        e.c.program_id == program.id,
                        e.c.mentor_id == mentor.id,
                        e.c.state == EnrollmentState.ACTIVE.value,
                        e.c.id != enrollment_id,
                    )
                ).all()
                if len(others) >= ratio:
                    raise InvalidInputError(
                        f"{mentor.name} already mentors {len(others)} apprentices in this "
                        f"program, and the program allows {ratio} for each mentor."
                    )
            conn.execute(update(e).where(e.c.id == enrollment_id).values(mentor_id=mentor.id))
            audit.record(
                conn,
                AuditAction.WBL_MENTOR,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"mentor": mentor.id},
            )
        return self.enrollment(enrollment_id)[1]

    def end(
        self,
        principal: Principal,
        enrollment_id: str,
        reason: ExitReason,
        *,
        ended_on: date,
        note: str = "",
    ) -> Enrollment:
        """A sponsor admin records that an apprenticeship ended early, and why."""
        program, enrollment = self.sponsor_admin(principal, enrollment_id)
        if enrollment.state is EnrollmentState.COMPLETED:
            raise InvalidInputError("This apprentice finished the program; it cannot be cancelled.")
        if ended_on < enrollment.start_date or ended_on > date.today():
            raise InvalidInputError("The end date is between the start date and today.")
        note = clean_note(note)
        e = w.wbl_enrollments
        with self.engine.begin() as conn:
            conn.execute(
                update(e)
                .where(e.c.id == enrollment_id)
                .values(
                    state=EnrollmentState.CANCELLED.value,
                    ended_on=ended_on,
                    exit_reason=reason.value,
                    exit_note=note,
                )
            )
            audit.record(
                conn,
                AuditAction.WBL_END,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"reason": reason.value},
            )
        return self.enrollment(enrollment_id)[1]

    def record_follow_up(
        self,
        principal: Principal,
        enrollment_id: str,
        months: int,
        *,
        employed: bool,
        wage: float | None = None,
    ) -> FollowUp:
        """Whether a former apprentice still works for the sponsor 6 or 12 months after."""
        program, enrollment = self.sponsor_admin(principal, enrollment_id)
        if months not in (6, 12):
            raise InvalidInputError("Follow-ups are at 6 or 12 months after the end.")
        if enrollment.ended_on is None:
            raise InvalidInputError("This apprentice has not finished or left yet.")
        wage = check_wage(wage, "The pay")
        f = w.wbl_follow_ups
        with self.engine.begin() as conn:
            conn.execute(f.delete().where(f.c.enrollment_id == enrollment_id, f.c.months == months))
            conn.execute(
                insert(f).values(
                    enrollment_id=enrollment_id,
                    months=months,
                    employed=employed,
                    wage=wage,
                    recorded_on=date.today(),
                    recorded_by=principal.user.id,
                )
            )
            audit.record(
                conn,
                AuditAction.WBL_FOLLOW_UP,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
                details={"months": months, "employed": employed},
            )
        return FollowUp(enrollment_id, months, employed, wage, date.today())

    # -- reading --------------------------------------------------------------------------
    def progress_of(self, program: Program, enrollment_id: str) -> Progress:
        with self.engine.connect() as conn:
            hours = rows.hours_of(conn, [enrollment_id])
            classes = rows.instruction_of(conn, [enrollment_id])
            signs = rows.sign_offs_of(conn, [enrollment_id])
        return _progress(program, enrollment_id, hours, classes, signs, None)

    def view(self, principal: Principal, enrollment_id: str) -> ApprenticeView:
        program, enrollment, who = self.reader(principal, enrollment_id)
        return self._views(program, [enrollment], who)[0]

    def _views(
        self, program: Program, enrollments: list[Enrollment], who: Standing
    ) -> list[ApprenticeView]:
        ids = [e.id for e in enrollments]
        with self.engine.connect() as conn:
            hours = rows.hours_of(conn, ids)
            classes = rows.instruction_of(conn, ids)
            signs = rows.sign_offs_of(conn, ids)
            wages = rows.wage_changes_of(conn, ids)
            awards = rows.awards_of(conn, ids)
            follow = rows.follow_ups_of(conn, ids)
            items: dict[str, str] = {}
            if who.apprentice:
                for award in awards:
                    found = wallet_item_of(conn, enrollments[0].apprentice_id, award.credential_id)
                    if found:
                        items[award.credential_id] = found
        views = []
        for e in enrollments:
            mine = [h for h in hours if h.enrollment_id == e.id]
            views.append(
                ApprenticeView(
                    program=program,
                    enrollment=e,
                    standing=who,
                    progress=_progress(program, e.id, mine, classes, signs, e.paid_share),
                    hours=mine,
                    instruction=[c for c in classes if c.enrollment_id == e.id],
                    sign_offs=[s for s in signs if s.enrollment_id == e.id],
                    wage_changes=[x for x in wages if x.enrollment_id == e.id],
                    awards=[a for a in awards if a.enrollment_id == e.id and a.credential_id],
                    follow_ups=[f for f in follow if f.enrollment_id == e.id],
                    wallet_items=items,
                )
            )
        return views

    def roster(self, principal: Principal, program_id: str) -> list[ApprenticeView]:
        """The apprentices of a program the asker may read: all of them for sponsor admins and
        instructors; a mentor's own; the board's, only those who agreed."""
        program = self.programs.readable(principal, program_id)
        with self.engine.connect() as conn:
            enrollments = rows.enrollments_where(conn, w.wbl_enrollments.c.program_id == program_id)
        views = []
        for enrollment in enrollments:
            who = standing(principal, program, enrollment)
            if who.staff:
                views.extend(self._views(program, [enrollment], who))
        return views

    def mine(self, principal: Principal) -> list[ApprenticeView]:
        """The worker's own programs, newest first, invitations included."""
        policy.require_scope(principal, Scope.READ)
        policy.require_worker(principal)
        with self.engine.connect() as conn:
            enrollments = rows.enrollments_where(
                conn, w.wbl_enrollments.c.apprentice_id == principal.user.id
            )
        found = []
        for enrollment in sorted(enrollments, key=lambda e: e.invited_at, reverse=True):
            program = self.programs.program(enrollment.program_id)
            found.extend(
                self._views(program, [enrollment], standing(principal, program, enrollment))
            )
        return found

    def mentees(self, principal: Principal) -> list[ApprenticeView]:
        """The apprentices the asker mentors, in every program."""
        policy.require_scope(principal, Scope.READ)
        with self.engine.connect() as conn:
            enrollments = rows.enrollments_where(
                conn,
                w.wbl_enrollments.c.mentor_id == principal.user.id,
                w.wbl_enrollments.c.state == EnrollmentState.ACTIVE.value,
            )
        found = []
        for enrollment in enrollments:
            program = self.programs.program(enrollment.program_id)
            who = standing(principal, program, enrollment)
            if who.mentor:
                found.extend(self._views(program, [enrollment], who))
        return found

    def registration(self, principal: Principal, enrollment_id: str) -> Registration | None:
        """The registration facts, for the sponsor's admins only; every look is audited. A
        read: a token that may read is enough (the admin check is the guard)."""
        program, enrollment, who = self.reader(principal, enrollment_id)
        if not who.sponsor_admin:
            raise PermissionDeniedError("Only the sponsor's admins can do this.")
        with self.engine.begin() as conn:
            found = rows.registration_of(conn, enrollment_id)
            audit.record(
                conn,
                AuditAction.WBL_REGISTRATION_VIEW,
                actor_id=principal.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment_id,
            )
        return found


def _progress(
    program: Program,
    enrollment_id: str,
    hours: list[HoursEntry],
    classes: list[InstructionRecord],
    signs: list[SignOff],
    paid_share: float | None,
) -> Progress:
    approved = [
        (h.competency_id, h.hours)
        for h in hours
        if h.enrollment_id == enrollment_id and h.state is HoursState.APPROVED
    ]
    rti = sum(c.hours for c in classes if c.enrollment_id == enrollment_id)
    events = [
        SignOffEvent(s.competency_id, s.at, s.reversed)
        for s in signs
        if s.enrollment_id == enrollment_id
    ]
    return progress(program.standards, approved, rti, events, paid_share=paid_share)
