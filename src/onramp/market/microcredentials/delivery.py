"""Delivering a published microcredential (issue 16, item 5): enrollment, assessment results,
the OB 3.0 credential on completion, placements and the provider's outcome figures.

Who may do what (decisions/0032):
- a **worker** enrolls themselves in a published design from its page, after reading what the
  provider will see (name, email, results): that sentence is stored as their consent. They
  read their own progress and may leave;
- **provider staff** (provider admins and org admins of the design's organization) enroll an
  existing Onramp worker by email (the worker is told by mail and may leave), record results
  and placements, record tuition support, and read the learners and the outcome figures;
- an **employer partner** of a design reads its outcome figures (aggregates and medians: no
  learner's name or wage), since they include the partner's commitments; partners do not
  record placements, because they never see who the learners are;
- anyone else, and staff of other organizations, get "not found".

Completion issues the credential through the credentials capability (`CredentialService.issue`)
exactly once: a conditional update moves the enrollment from enrolled to completed, and only
the caller that made that move issues.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select, update

from onramp.credentials.issuing import IssuedCredential, Recipient
from onramp.credentials.service import CredentialService
from onramp.credentials.wallet import wallet_item_of
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.market.microcredentials import delivery_store as store
from onramp.market.microcredentials.achievement import result_ids
from onramp.market.microcredentials.delivery_model import (
    CONSENT,
    Enrollment,
    EnrollmentState,
    OutcomeStatus,
    Placement,
    PlacementDraft,
    Result,
    all_met,
    check_placement,
    check_result,
    check_wage,
    clean_note,
    outcome_statuses,
)
from onramp.market.microcredentials.model import CommitmentKind, Design, DesignState
from onramp.market.microcredentials.outcomes import DesignRows, OutcomeFigures, outcome_figures
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.mail import MailKind
from onramp.platform.model import AccountKind, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import microcredential_tables as m
from onramp.store import platform_tables as t

STAFF_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.ORG_ADMIN})
NO_DESIGN = "There is no such microcredential."
NO_ENROLLMENT = "There is no such learner in this microcredential."


@dataclass(frozen=True, slots=True)
class LearnerView:
    """One enrollment with its progress: what staff and the learner read."""

    enrollment: Enrollment
    outcomes: list[OutcomeStatus]
    results: list[Result]
    placements: list[Placement]
    wallet_item_id: str | None = None  # the learner's own view only


@dataclass(frozen=True, slots=True)
class LearnerRecord:
    design: Design
    learner: LearnerView
    partners: dict[str, str]  # the design's employer partners: org id -> name


@dataclass(frozen=True, slots=True)
class DeliveryView:
    design: Design
    provider_name: str
    learners: list[LearnerView]


@dataclass(frozen=True, slots=True)
class ResultRecorded:
    result: Result
    outcomes: list[OutcomeStatus]
    completed: bool  # this result completed the enrollment
    credential: IssuedCredential | None = None


@dataclass(frozen=True, slots=True)
class OutcomesView:
    title: str
    org_id: str
    figures: OutcomeFigures
    designs: list[Design] = field(default_factory=list)
    employer_names: dict[str, str] = field(default_factory=dict)


class Delivery:
    def __init__(self, engine: Engine, credentials: CredentialService) -> None:
        self.engine = engine
        self.credentials = credentials

    # -- policy ---------------------------------------------------------------------------
    @staticmethod
    def _is_staff(principal: Principal, org_id: str) -> bool:
        return not principal.user.is_platform_admin and bool(
            principal.roles_in(org_id) & STAFF_ROLES
        )

    def _staff_design(self, principal: Principal, design_id: str) -> Design:
        """The design, for staff of its provider; others (other organizations, workers) get
        "not found", and members without a staff role are refused."""
        design = self._design(design_id)
        if design.org_id not in principal.org_ids() or principal.user.is_platform_admin:
            raise NotFoundError(NO_DESIGN)
        if not self._is_staff(principal, design.org_id):
            raise PermissionDeniedError(
                "Only provider admins of this organization can run its microcredentials."
            )
        return design

    def _design(self, design_id: str) -> Design:
        with self.engine.connect() as conn:
            design = store.design_of(conn, design_id)
        if design is None:
            raise NotFoundError(NO_DESIGN)
        return design

    def _staff_enrollment(
        self, principal: Principal, enrollment_id: str
    ) -> tuple[Design, Enrollment]:
        with self.engine.connect() as conn:
            enrollment = store.enrollment_of(conn, enrollment_id)
        if enrollment is None or enrollment.org_id not in principal.org_ids():
            raise NotFoundError(NO_ENROLLMENT)
        return self._staff_design(principal, enrollment.design_id), enrollment

    # -- enrolling ------------------------------------------------------------------------
    def public_design(self, design_id: str) -> tuple[Design, str, str]:
        """A published design for its public page: (design, provider name, consent sentence).
        Drafts are not found; a retired design shows, so its page can say it is closed."""
        design = self._design(design_id)
        if design.state is DesignState.DRAFT:
            raise NotFoundError(NO_DESIGN)
        with self.engine.connect() as conn:
            provider = store.org_name(conn, design.org_id)
        return design, provider, CONSENT.format(provider=provider)

    def enroll_self(
        self, principal: Principal, design_id: str, *, agreed: bool, wage_before: float | None
    ) -> Enrollment:
        """The worker enrolls themselves, agreeing to what the provider sees."""
        policy.require_scope(principal, Scope.CONSENT)
        policy.require_worker(principal)
        design, _provider, consent = self.public_design(design_id)
        if not agreed:
            raise InvalidInputError("To enroll, say that you agree to what the provider will see.")
        return self._enroll(principal, design, principal.user.id, consent, wage_before)

    def enroll_by_email(
        self, principal: Principal, design_id: str, email: str, wage_before: float | None = None
    ) -> Enrollment:
        """Provider staff enroll an existing Onramp worker; the worker is told by mail."""
        policy.require_scope(principal, Scope.WRITE)
        design = self._staff_design(principal, design_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.users.c.id, t.users.c.kind).where(t.users.c.email == email.strip().lower())
            ).first()
        if row is None or row.kind != AccountKind.WORKER.value:
            raise InvalidInputError(
                "No worker on Onramp has that email address. Ask them to sign up first."
            )
        enrollment = self._enroll(principal, design, str(row.id), "", wage_before)
        link = f"{self.credentials.issuing.links.public_url}/me/microcredentials"
        self.credentials.issuing.mailer.send(
            enrollment.learner_email,
            f"You are enrolled: {design.parts.name}",
            f"{self._provider(design)} enrolled you in {design.parts.name!r} on Onramp.\n\n"
            f"{CONSENT.format(provider=self._provider(design))}\n\n"
            f"See your progress, or leave, here:\n{link}",
            MailKind.NOTICE,
        )
        return enrollment

    def _provider(self, design: Design) -> str:
        with self.engine.connect() as conn:
            return store.org_name(conn, design.org_id)

    def _enroll(
        self,
        principal: Principal,
        design: Design,
        learner_id: str,
        consent: str,
        wage_before: float | None,
    ) -> Enrollment:
        if design.state is not DesignState.PUBLISHED:
            raise InvalidInputError("This microcredential no longer takes new learners.")
        wage = check_wage(wage_before, "Your pay before")
        e = m.microcredential_enrollments
        with self.engine.begin() as conn:
            found = store.enrollment_by(conn, design.id, learner_id)
            if found is not None and found.state is not EnrollmentState.WITHDRAWN:
                raise ConflictError("This learner is already enrolled in this microcredential.")
            values = {
                "state": EnrollmentState.ENROLLED.value,
                "wage_before": wage,
                "consent": consent,
                "enrolled_at": now(),
                "withdrawn_at": None,
                "enrolled_by": principal.user.id,
            }
            if found is None:
                enrollment_id = str(uuid.uuid4())
                conn.execute(
                    insert(e).values(
                        id=enrollment_id,
                        design_id=design.id,
                        org_id=design.org_id,
                        learner_id=learner_id,
                        **values,
                    )
                )
            else:  # coming back after leaving: the same record, enrolled again
                enrollment_id = found.id
                conn.execute(update(e).where(e.c.id == found.id).values(**values))
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_ENROLL,
                actor_id=principal.user.id,
                org_id=design.org_id,
                subject_id=learner_id,
                target_type="microcredential_enrollment",
                target_id=enrollment_id,
            )
            enrolled = store.enrollment_of(conn, enrollment_id)
        assert enrolled is not None
        return enrolled

    def withdraw(self, principal: Principal, enrollment_id: str) -> Enrollment:
        """The learner leaves, or staff take them out. A completed enrollment stays completed."""
        policy.require_scope(principal, Scope.WRITE)
        with self.engine.connect() as conn:
            enrollment = store.enrollment_of(conn, enrollment_id)
        if enrollment is None:
            raise NotFoundError(NO_ENROLLMENT)
        if enrollment.learner_id != principal.user.id:
            self._staff_enrollment(principal, enrollment_id)
        if enrollment.state is not EnrollmentState.ENROLLED:
            raise InvalidInputError("Only a learner who is still learning can leave.")
        e = m.microcredential_enrollments
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(e)
                .where(e.c.id == enrollment_id, e.c.state == EnrollmentState.ENROLLED.value)
                .values(state=EnrollmentState.WITHDRAWN.value, withdrawn_at=now())
            )
            if changed.rowcount != 1:
                raise ConflictError("This enrollment changed just now. Look again.")
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_WITHDRAW,
                actor_id=principal.user.id,
                org_id=enrollment.org_id,
                subject_id=enrollment.learner_id,
                target_type="microcredential_enrollment",
                target_id=enrollment_id,
            )
            left = store.enrollment_of(conn, enrollment_id)
        assert left is not None
        return left

    # -- results and completion -----------------------------------------------------------
    def record_result(
        self,
        principal: Principal,
        enrollment_id: str,
        *,
        assessment_id: str,
        outcome_id: str,
        level: int,
        note: str = "",
    ) -> ResultRecorded:
        """Staff record the rubric level a learner reached on one assessment of one outcome.
        When that meets every outcome, the enrollment completes and the credential is issued."""
        policy.require_scope(principal, Scope.WRITE)
        design, enrollment = self._staff_enrollment(principal, enrollment_id)
        if enrollment.state is not EnrollmentState.ENROLLED:
            raise InvalidInputError(
                "This learner has left or already completed; no more results can be added."
            )
        check_result(design.parts, assessment_id, outcome_id, level)
        result_id, note = str(uuid.uuid4()), clean_note(note)
        with self.engine.begin() as conn:
            conn.execute(
                insert(m.microcredential_results).values(
                    id=result_id,
                    enrollment_id=enrollment_id,
                    assessment_id=assessment_id,
                    outcome_id=outcome_id,
                    level=level,
                    note=note,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_RESULT,
                actor_id=principal.user.id,
                org_id=enrollment.org_id,
                subject_id=enrollment.learner_id,
                target_type="microcredential_result",
                target_id=result_id,
                details={"assessment": assessment_id, "outcome": outcome_id, "level": level},
            )
            results = store.results_of(conn, [enrollment_id])
        statuses = outcome_statuses(design.parts, results)
        recorded = next(r for r in results if r.id == result_id)
        if not all_met(statuses):
            return ResultRecorded(recorded, statuses, completed=False)
        credential = self._complete(principal, design, enrollment, statuses)
        return ResultRecorded(recorded, statuses, credential is not None, credential)

    def complete(self, principal: Principal, enrollment_id: str) -> IssuedCredential | None:
        """Issue the credential of an enrollment whose outcomes are all met, if not issued yet
        (for a completion whose issuing failed, say while the signing key was unavailable)."""
        policy.require_scope(principal, Scope.WRITE)
        design, enrollment = self._staff_enrollment(principal, enrollment_id)
        with self.engine.connect() as conn:
            statuses = outcome_statuses(design.parts, store.results_of(conn, [enrollment_id]))
        if not all_met(statuses):
            raise InvalidInputError("Not every outcome is met yet.")
        return self._complete(principal, design, enrollment, statuses)

    def _complete(
        self,
        principal: Principal,
        design: Design,
        enrollment: Enrollment,
        statuses: list[OutcomeStatus],
    ) -> IssuedCredential | None:
        """Move the enrollment to completed and issue, once: only the caller whose conditional
        update moved it issues; if issuing fails, the move is undone so it can be tried again."""
        if design.achievement_id is None:
            raise InvalidInputError("This microcredential has no published achievement to issue.")
        e = m.microcredential_enrollments
        with self.engine.begin() as conn:
            won = conn.execute(
                update(e)
                .where(e.c.id == enrollment.id, e.c.state == EnrollmentState.ENROLLED.value)
                .values(state=EnrollmentState.COMPLETED.value, completed_at=now())
            )
        if won.rowcount != 1:
            return None  # someone else completed it, or it left meanwhile
        results = [
            result_ids(design.achievement_id, s.outcome_id, s.reached or s.needed) for s in statuses
        ]
        recipient = Recipient(
            email=self.credentials.wallet_address(enrollment.learner_id, enrollment.learner_email),
            results=results,
        )
        try:
            issued = self.credentials.issue(
                principal, design.org_id, design.achievement_id, [recipient]
            )[0]
        except BaseException:
            with self.engine.begin() as conn:
                conn.execute(
                    update(e)
                    .where(e.c.id == enrollment.id)
                    .values(state=EnrollmentState.ENROLLED.value, completed_at=None)
                )
            raise
        with self.engine.begin() as conn:
            conn.execute(update(e).where(e.c.id == enrollment.id).values(credential_id=issued.id))
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_COMPLETE,
                actor_id=principal.user.id,
                org_id=design.org_id,
                subject_id=enrollment.learner_id,
                target_type="microcredential_enrollment",
                target_id=enrollment.id,
                details={"credential": issued.id},
            )
        return issued

    # -- placements and tuition -----------------------------------------------------------
    def record_placement(
        self, principal: Principal, enrollment_id: str, draft: PlacementDraft
    ) -> Placement:
        """Staff record an interview or a hire (or that the learner was not hired)."""
        policy.require_scope(principal, Scope.WRITE)
        design, enrollment = self._staff_enrollment(principal, enrollment_id)
        clean = check_placement(design.parts, draft)
        name = clean.employer_name
        if clean.employer_org_id:
            with self.engine.connect() as conn:
                name = store.org_name(conn, clean.employer_org_id)
            if not name:
                raise InvalidInputError("There is no such employer on Onramp.")
        placement_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(m.microcredential_placements).values(
                    id=placement_id,
                    enrollment_id=enrollment_id,
                    hired=clean.hired,
                    interviewed=clean.interviewed,
                    employer_org_id=clean.employer_org_id,
                    employer_name=name,
                    occupation=clean.occupation,
                    wage=clean.wage,
                    placed_on=clean.placed_on,
                    commitment_id=clean.commitment_id,
                    note=clean.note,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_PLACEMENT,
                actor_id=principal.user.id,
                org_id=enrollment.org_id,
                subject_id=enrollment.learner_id,
                target_type="microcredential_placement",
                target_id=placement_id,
                details={"hired": clean.hired, "commitment": clean.commitment_id or ""},
            )
            placed = next(
                p for p in store.placements_of(conn, [enrollment_id]) if p.id == placement_id
            )
        return placed

    def record_tuition(
        self, principal: Principal, enrollment_id: str, commitment_id: str, amount: float
    ) -> Enrollment:
        """Staff record that an employer's tuition support paid `amount` dollars for a learner."""
        policy.require_scope(principal, Scope.WRITE)
        design, enrollment = self._staff_enrollment(principal, enrollment_id)
        commitment = next((c for c in design.parts.commitments if c.id == commitment_id), None)
        if commitment is None or commitment.kind is not CommitmentKind.TUITION_SUPPORT:
            raise InvalidInputError("That is not a tuition support commitment of this design.")
        if not 0 < amount <= 1_000_000:
            raise InvalidInputError("The amount is in dollars, above 0.")
        e = m.microcredential_enrollments
        with self.engine.begin() as conn:
            conn.execute(
                update(e)
                .where(e.c.id == enrollment_id)
                .values(tuition_commitment_id=commitment_id, tuition_amount=round(amount, 2))
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_TUITION,
                actor_id=principal.user.id,
                org_id=enrollment.org_id,
                subject_id=enrollment.learner_id,
                target_type="microcredential_enrollment",
                target_id=enrollment_id,
                details={"commitment": commitment_id, "amount": round(amount, 2)},
            )
            changed = store.enrollment_of(conn, enrollment_id)
        assert changed is not None
        return changed

    # -- reading --------------------------------------------------------------------------
    def delivery(self, principal: Principal, design_id: str) -> DeliveryView:
        """A design's learners with their progress, for its provider's staff."""
        policy.require_scope(principal, Scope.READ)
        design = self._staff_design(principal, design_id)
        with self.engine.connect() as conn:
            enrollments = store.enrollments_of(conn, [design.id])
            ids = [e.id for e in enrollments]
            results = store.results_of(conn, ids)
            placements = store.placements_of(conn, ids)
            provider = store.org_name(conn, design.org_id)
        learners = [
            LearnerView(
                e,
                outcome_statuses(design.parts, [r for r in results if r.enrollment_id == e.id]),
                [r for r in results if r.enrollment_id == e.id],
                [p for p in placements if p.enrollment_id == e.id],
            )
            for e in enrollments
        ]
        return DeliveryView(design, provider, learners)

    def learner(self, principal: Principal, enrollment_id: str) -> LearnerRecord:
        """One learner's record (progress, results, placements), for the provider's staff."""
        policy.require_scope(principal, Scope.READ)
        design, enrollment = self._staff_enrollment(principal, enrollment_id)
        with self.engine.connect() as conn:
            results = store.results_of(conn, [enrollment_id])
            placements = store.placements_of(conn, [enrollment_id])
            partners = {o: store.org_name(conn, o) for o in design.parts.partner_org_ids}
        statuses = outcome_statuses(design.parts, results)
        return LearnerRecord(
            design, LearnerView(enrollment, statuses, results, placements), partners
        )

    def mine(self, principal: Principal) -> list[tuple[Design, LearnerView]]:
        """The worker's own microcredentials, newest first, with progress and the credential."""
        policy.require_scope(principal, Scope.READ)
        policy.require_worker(principal)
        found = []
        with self.engine.connect() as conn:
            for enrollment in store.enrollments_of_learner(conn, principal.user.id):
                design = store.design_of(conn, enrollment.design_id)
                if design is None:
                    continue
                results = store.results_of(conn, [enrollment.id])
                item = (
                    wallet_item_of(conn, principal.user.id, enrollment.credential_id)
                    if enrollment.credential_id
                    else None
                )
                found.append(
                    (
                        design,
                        LearnerView(
                            enrollment,
                            outcome_statuses(design.parts, results),
                            results,
                            [],
                            item,
                        ),
                    )
                )
        return found

    def design_outcomes(self, principal: Principal, design_id: str) -> OutcomesView:
        """One design's figures, for its provider's staff and its employer partners."""
        policy.require_scope(principal, Scope.READ)
        design = self._design(design_id)
        partners = set(design.parts.partner_org_ids) & principal.org_ids()
        if principal.user.is_platform_admin or not (
            self._is_staff(principal, design.org_id) or partners
        ):
            if design.org_id in principal.org_ids() and not principal.user.is_platform_admin:
                raise PermissionDeniedError("Only provider admins can read these figures.")
            raise NotFoundError(NO_DESIGN)
        return self._outcomes(design.parts.name, design.org_id, [design])

    def provider_outcomes(self, principal: Principal, org_id: str) -> OutcomesView:
        """Every published design of a provider, for its staff."""
        policy.require_scope(principal, Scope.READ)
        if org_id not in principal.org_ids() or principal.user.is_platform_admin:
            raise NotFoundError("There is no such organization.")
        if not self._is_staff(principal, org_id):
            raise PermissionDeniedError("Only provider admins can read these figures.")
        with self.engine.connect() as conn:
            designs = store.designs_of_org(conn, org_id)
            name = store.org_name(conn, org_id)
        return self._outcomes(name, org_id, designs)

    def _outcomes(self, title: str, org_id: str, designs: list[Design]) -> OutcomesView:
        with self.engine.connect() as conn:
            enrollments = store.enrollments_of(conn, [d.id for d in designs])
            placements = store.placements_of(conn, [e.id for e in enrollments])
            employers = {c.org_id for d in designs for c in d.parts.commitments}
            names = {oid: store.org_name(conn, oid) for oid in employers}
        design_of = {e.id: e.design_id for e in enrollments}
        rows = [
            DesignRows(
                d.id,
                d.parts.name,
                d.parts,
                [e for e in enrollments if e.design_id == d.id],
                [p for p in placements if design_of[p.enrollment_id] == d.id],
            )
            for d in designs
        ]
        return OutcomesView(title, org_id, outcome_figures(rows, now().date()), designs, names)
