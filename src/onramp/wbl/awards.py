"""Issuing the credentials an apprentice earns (issue 17, item 4).

Each interim credential, and the completion certificate, is an OB 3.0 AchievementCredential
issued by the sponsor through the credentials capability into the apprentice's wallet, with a
Result per competency (status Completed, aligned to the competency's skills) and the hours.

Who signs: the sponsor admin who acts, when an admin acts; otherwise (a mentor's sign-off or
approval earned it) the admin who opened the program, whose standing authority is checked
again now: if they are no longer an admin of the sponsor, nothing is issued, the award waits,
and the sponsor's admins see it due (fail closed, decisions/0033).

Each award is claimed first (a row keyed by apprentice and credential), so two sign-offs at
once cannot issue the same credential twice; if issuing fails the claim is dropped, so it can
be tried again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError

from onramp.credentials.formats.ob3 import ResultValue
from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.errors import OnrampError
from onramp.platform import audit
from onramp.platform.accounts import Accounts
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal
from onramp.platform.secrets import now
from onramp.store import wbl_tables as w
from onramp.wbl import rows
from onramp.wbl.model import InterimCredential
from onramp.wbl.programs import (
    COMPLETION,
    SPONSOR_ADMINS,
    competency_result_id,
    hours_result_id,
)
from onramp.wbl.progress import Progress
from onramp.wbl.records import Enrollment, EnrollmentState
from onramp.wbl.rows import Program

WAITING = (
    "A credential is due, but no admin of the sponsor can sign it now. "
    "An admin of the sponsor can issue it from this apprentice's page."
)


@dataclass(slots=True)
class AwardOutcome:
    issued: list[str] = field(default_factory=list)  # names of the credentials issued now
    waiting: str = ""  # why a due credential was not issued, in plain words
    completed: bool = False


def due(program: Program, state: Progress, awarded: set[str]) -> list[InterimCredential | None]:
    """Credentials earned and not yet awarded: interim ones, then completion (None)."""
    found: list[InterimCredential | None] = [c for c in state.earned if c.id not in awarded]
    if state.complete and COMPLETION not in awarded:
        found.append(None)
    return found


class Awards:
    def __init__(self, engine: Engine, credentials: CredentialService, accounts: Accounts) -> None:
        self.engine = engine
        self.credentials = credentials
        self.accounts = accounts

    def signer(self, program: Program, acting: Principal) -> Principal | None:
        """Who signs: the acting admin, else the admin who opened the program, if still one."""
        if acting.roles_in(program.org_id) & SPONSOR_ADMINS:
            return acting
        if program.activated_by is None:
            return None
        try:
            opener = self.accounts.principal(self.accounts.user(program.activated_by))
        except OnrampError:
            return None
        return opener if opener.roles_in(program.org_id) & SPONSOR_ADMINS else None

    def award_due(
        self, program: Program, enrollment: Enrollment, state: Progress, acting: Principal
    ) -> AwardOutcome:
        outcome = AwardOutcome()
        if enrollment.state is not EnrollmentState.ACTIVE:
            return outcome
        with self.engine.connect() as conn:
            awarded = {a.interim_id for a in rows.awards_of(conn, [enrollment.id])}
            achievements = rows.achievements_of(conn, program.id)
        pending = due(program, state, awarded)
        if not pending:
            return outcome
        signer = self.signer(program, acting)
        if signer is None:
            outcome.waiting = WAITING
            return outcome
        for interim in pending:
            interim_id = interim.id if interim else COMPLETION
            achievement_id = achievements.get(interim_id)
            if achievement_id is None:
                continue
            issued_id = self._issue_one(
                program, enrollment, state, signer, interim, interim_id, achievement_id
            )
            if issued_id is None:
                continue
            outcome.issued.append(interim.name if interim else program.standards.name)
            if interim is None:
                outcome.completed = True
        return outcome

    def _issue_one(
        self,
        program: Program,
        enrollment: Enrollment,
        state: Progress,
        signer: Principal,
        interim: InterimCredential | None,
        interim_id: str,
        achievement_id: str,
    ) -> str | None:
        a = w.wbl_awards
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(a).values(
                        enrollment_id=enrollment.id,
                        interim_id=interim_id,
                        credential_id="",
                        issued_at=now(),
                    )
                )
        except IntegrityError:
            return None  # someone else is issuing it
        competencies = (
            list(interim.competency_ids)
            if interim
            else [c.id for c in program.standards.work_processes]
        )
        ojl = sum(state.hours_by_competency.get(c, 0.0) for c in competencies)
        values = [
            ResultValue(competency_result_id(achievement_id, c), status="Completed")
            for c in competencies
            if c in state.signed_off or interim is None
        ]
        values.append(ResultValue(hours_result_id(achievement_id, "ojl"), value=f"{ojl:g}"))
        values.append(
            ResultValue(hours_result_id(achievement_id, "rti"), value=f"{state.rti_hours:g}")
        )
        recipient = Recipient(
            email=self.credentials.wallet_address(
                enrollment.apprentice_id, enrollment.apprentice_email
            ),
            values=values,
        )
        try:
            issued = self.credentials.issue(signer, program.org_id, achievement_id, [recipient])[0]
        except BaseException:
            with self.engine.begin() as conn:
                conn.execute(
                    delete(a).where(
                        a.c.enrollment_id == enrollment.id, a.c.interim_id == interim_id
                    )
                )
            raise
        with self.engine.begin() as conn:
            conn.execute(
                update(a)
                .where(a.c.enrollment_id == enrollment.id, a.c.interim_id == interim_id)
                .values(credential_id=issued.id)
            )
            if interim is None:
                conn.execute(
                    update(w.wbl_enrollments)
                    .where(w.wbl_enrollments.c.id == enrollment.id)
                    .values(
                        state=EnrollmentState.COMPLETED.value,
                        ended_on=date.today(),
                        completion_credential_id=issued.id,
                    )
                )
            audit.record(
                conn,
                AuditAction.WBL_AWARD,
                actor_id=signer.user.id,
                org_id=program.org_id,
                subject_id=enrollment.apprentice_id,
                target_type="wbl_enrollment",
                target_id=enrollment.id,
                details={"credential": issued.id, "interim": interim_id or "completion"},
            )
        return issued.id
