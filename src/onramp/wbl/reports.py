"""Reports as a use case (issue 17, items 5-6): the facts the exports read, gathered from the
store under the same rules as every other read.

- the **roster** (with the registration facts) and the **funder report** are the sponsor's:
  only its admins download them, and each download is audited;
- the **outcomes view** is aggregates only, small counts hidden (`onramp.small_cells` through
  `outcomes.outcomes_view`): a sponsor's admins see their programs; a school sees the programs
  it teaches; a workforce board sees the programs that name it. Apprentices who have not said
  yes yet are never counted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from onramp.errors import NotFoundError, PermissionDeniedError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Scope
from onramp.small_cells import DEFAULT_THRESHOLD
from onramp.store import wbl_tables as w
from onramp.wbl import rows
from onramp.wbl.funder import FunderReport, funder_report
from onramp.wbl.outcomes import GroupBy, OutcomesView, outcomes_view
from onramp.wbl.programs import SPONSOR_ADMINS, Programs
from onramp.wbl.records import EnrollmentState, HoursState
from onramp.wbl.reporting import ApprenticeFacts
from onramp.wbl.rows import Program, ProgramState


def gather(
    engine: Engine, programs: list[Program], *, registrations: bool
) -> list[ApprenticeFacts]:
    """The facts of every apprentice who joined one of `programs`."""
    by_id = {p.id: p for p in programs}
    if not by_id:
        return []
    e = w.wbl_enrollments
    with engine.connect() as conn:
        enrollments = [
            x
            for x in rows.enrollments_where(conn, e.c.program_id.in_(list(by_id)))
            if x.state is not EnrollmentState.INVITED
        ]
        ids = [x.id for x in enrollments]
        hours = rows.hours_of(conn, ids)
        classes = rows.instruction_of(conn, ids)
        follow = rows.follow_ups_of(conn, ids)
        found = rows.registrations_of(conn, ids) if registrations else {}
    facts = []
    for enrollment in enrollments:
        program = by_id[enrollment.program_id]
        standards = program.standards
        ojl = sum(
            h.hours
            for h in hours
            if h.enrollment_id == enrollment.id and h.state is HoursState.APPROVED
        )
        facts.append(
            ApprenticeFacts(
                enrollment=enrollment,
                program_id=program.id,
                program_name=standards.name,
                program_kind=standards.kind,
                occupation=standards.occupation,
                occupation_title=standards.occupation_title,
                sponsor_name=program.sponsor_name,
                journeyworker_wage=standards.journeyworker_wage,
                ojl_hours=round(ojl, 2),
                rti_hours=round(
                    sum(c.hours for c in classes if c.enrollment_id == enrollment.id), 2
                ),
                registration=found.get(enrollment.id),
                follow_ups=tuple(f for f in follow if f.enrollment_id == enrollment.id),
            )
        )
    return facts


class Reports:
    def __init__(self, engine: Engine, programs: Programs) -> None:
        self.engine = engine
        self.programs = programs

    def _sponsor_programs(
        self, principal: Principal, org_id: str, program_id: str | None
    ) -> list[Program]:
        """The open programs `org_id` sponsors (or the one asked for), for its admins."""
        policy.require_scope(principal, Scope.READ)
        if org_id not in principal.org_ids() or principal.user.is_platform_admin:
            raise NotFoundError("There is no such organization.")
        if not principal.roles_in(org_id) & SPONSOR_ADMINS:
            raise PermissionDeniedError("Only the sponsor's admins download these reports.")
        found = [
            p
            for p in self.programs.of_org(principal, org_id)
            if p.org_id == org_id and p.state is not ProgramState.DRAFT
        ]
        if program_id is not None:
            found = [p for p in found if p.id == program_id]
            if not found:
                raise NotFoundError("There is no such training program.")
        return found

    def _audit(self, principal: Principal, org_id: str, what: str) -> None:
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.WBL_REPORT,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="wbl_report",
                target_id=what,
            )

    def roster(
        self, principal: Principal, org_id: str, program_id: str | None = None
    ) -> list[ApprenticeFacts]:
        """The roster facts, registration included, for the sponsor's admins (audited)."""
        found = self._sponsor_programs(principal, org_id, program_id)
        facts = gather(self.engine, found, registrations=True)
        self._audit(principal, org_id, "roster")
        return facts

    def funder(
        self,
        principal: Principal,
        org_id: str,
        program_id: str | None = None,
        *,
        since: date | None = None,
    ) -> FunderReport:
        found = self._sponsor_programs(principal, org_id, program_id)
        report = funder_report(
            gather(self.engine, found, registrations=False), date.today(), since=since
        )
        self._audit(principal, org_id, "funder")
        return report

    def outcomes(
        self,
        principal: Principal,
        org_id: str,
        *,
        by: GroupBy = GroupBy.PROGRAM,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> OutcomesView:
        """Aggregates of the open programs `org_id` sponsors, teaches or oversees."""
        found = [
            p for p in self.programs.of_org(principal, org_id) if p.state is not ProgramState.DRAFT
        ]
        if threshold < DEFAULT_THRESHOLD:
            raise PermissionDeniedError(
                f"Counts under {DEFAULT_THRESHOLD} are always hidden; ask for a higher threshold."
            )
        return outcomes_view(
            gather(self.engine, found, registrations=False),
            date.today(),
            by=by,
            threshold=threshold,
        )
