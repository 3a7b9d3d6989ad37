"""Program standards as a use case (issue 17, item 1): a sponsor writes a program, checks it,
and opens it to apprentices; instructors and the workforce board read the programs they serve.

Who may do what (decisions/0033):
- **sponsor admins** (org admins, HR admins and provider admins of the sponsoring organization:
  an employer, or an intermediary such as a college or a board) write, check, open and close;
- everyone else in the sponsoring organization (mentors among them) reads its programs;
- staff of an organization that teaches a course of the program, and of the workforce board
  the program names, read it;
- an apprentice reads the programs they were asked to join;
- anyone else gets "not found".

Opening a program defines its OB 3.0 Achievements (one per interim credential and one for
completion) under the opener's authority, and records who opened it: that admin's standing
authority is what later issues each apprentice's credentials when a mentor's sign-off earns
them (apprentices.py); if the admin loses it, issuing waits for another admin.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select, update

from onramp.credentials.formats.ob3 import Alignment, ResultDescription
from onramp.credentials.issuing import Issuing
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import OrgKind, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import platform_tables as t
from onramp.store import wbl_tables as w
from onramp.store.engine import write_transaction
from onramp.wbl import rows
from onramp.wbl.model import (
    Approach,
    Competency,
    Finding,
    InterimCredential,
    ProgramKind,
    ProgramStandards,
    Severity,
    check_standards,
)
from onramp.wbl.rows import Program, ProgramState

SPONSOR_ADMINS = policy.ISSUER_ROLES  # they also sign the program's credentials
NO_PROGRAM = "There is no such training program."
COMPLETION = ""  # the interim id under which the completion certificate's achievement is kept
URN = "urn:onramp:wbl"


class StandardsIncompleteError(InvalidInputError):
    """The program cannot open: what is missing, one finding each (`details` for the API)."""

    code = "standards_incomplete"

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.details = [
            {
                "kind": str(f.kind),
                "severity": str(f.severity),
                "part": f.part,
                "name": f.name,
                "sentence": f.sentence,
            }
            for f in findings
        ]
        missing = [f.sentence for f in findings if f.severity is Severity.MISSING]
        super().__init__("This program is not ready: " + " ".join(missing))


@dataclass(frozen=True, slots=True)
class ProgramView:
    program: Program
    may_edit: bool  # a sponsor admin
    findings: list[Finding]


def competency_result_id(achievement_id: str, competency_id: str) -> str:
    return f"{URN}:{achievement_id}:competency:{competency_id}"


def hours_result_id(achievement_id: str, kind: str) -> str:
    """kind: "ojl" (on-the-job hours) or "rti" (class hours)."""
    return f"{URN}:{achievement_id}:{kind}-hours"


def _results(achievement_id: str, competencies: list[Competency]) -> list[ResultDescription]:
    """One Status result per competency (aligned to its skills), and the hours."""
    described = [
        ResultDescription(
            competency_result_id(achievement_id, c.id),
            c.name,
            [],
            alignments=[Alignment(uri, c.name) for uri in c.skills],
            result_type="Status",
            required_value="Completed",
        )
        for c in competencies
    ]
    described.append(
        ResultDescription(
            hours_result_id(achievement_id, "ojl"),
            "Hours of learning on the job",
            [],
            result_type="Result",
        )
    )
    described.append(
        ResultDescription(
            hours_result_id(achievement_id, "rti"),
            "Hours of related classes",
            [],
            result_type="Result",
        )
    )
    return described


def _criteria(standards: ProgramStandards, competencies: list[Competency]) -> str:
    lines = [f"Show each of these skills at work, signed off by a mentor ({standards.name}):"]
    for c in competencies:
        hours = f" (at least {c.hours:g} hours)" if c.hours else ""
        lines.append(f"- {c.name}{hours}. {c.criteria}".rstrip())
    return "\n".join(lines)


class Programs:
    def __init__(self, engine: Engine, issuing: Issuing) -> None:
        self.engine = engine
        self.issuing = issuing

    # -- policy ---------------------------------------------------------------------------
    @staticmethod
    def is_sponsor_admin(principal: Principal, program: Program) -> bool:
        return not principal.user.is_platform_admin and bool(
            principal.roles_in(program.org_id) & SPONSOR_ADMINS
        )

    def _may_read(self, principal: Principal, program: Program) -> bool:
        if principal.user.is_platform_admin:
            return False
        orgs = principal.org_ids()
        if program.org_id in orgs:
            return True
        if program.state is ProgramState.DRAFT:  # the sponsor's own business until it opens
            return False
        if program.provider_org_ids & orgs:
            return True
        if program.board_org_id and program.board_org_id in orgs:
            return True
        w_e = w.wbl_enrollments
        with self.engine.connect() as conn:
            found = conn.execute(
                select(w_e.c.id).where(
                    w_e.c.program_id == program.id, w_e.c.apprentice_id == principal.user.id
                )
            ).first()
        return found is not None

    def program(self, program_id: str) -> Program:
        with self.engine.connect() as conn:
            found = rows.program_of(conn, program_id)
        if found is None:
            raise NotFoundError(NO_PROGRAM)
        return found

    def readable(self, principal: Principal, program_id: str) -> Program:
        policy.require_scope(principal, Scope.READ)
        program = self.program(program_id)
        if not self._may_read(principal, program):
            raise NotFoundError(NO_PROGRAM)
        return program

    def _editable(self, principal: Principal, program_id: str) -> Program:
        policy.require_scope(principal, Scope.WRITE)
        program = self.readable(principal, program_id)
        if not self.is_sponsor_admin(principal, program):
            raise PermissionDeniedError("Only the sponsor's admins can change this program.")
        return program

    # -- writing --------------------------------------------------------------------------
    def draft(
        self,
        principal: Principal,
        org_id: str,
        occupation: str,
        *,
        kind: ProgramKind,
        approach: Approach,
        name: str | None = None,
        area: str = "",
        journeyworker_wage: float | None = None,
        board_org_id: str | None = None,
    ) -> ProgramView:
        """A new draft program written from the occupation's tasks (builder.py), so a sponsor
        starts from standards to edit rather than a blank page. Who may is checked first."""
        self._may_write_for(principal, org_id)
        from onramp.wbl.builder import draft_program

        standards = draft_program(
            self.engine,
            occupation,
            kind=kind,
            approach=approach,
            name=name,
            area=area,
            journeyworker_wage=journeyworker_wage,
        )
        return self.create(principal, org_id, standards, board_org_id=board_org_id)

    @staticmethod
    def _may_write_for(principal: Principal, org_id: str) -> None:
        policy.require_scope(principal, Scope.WRITE)
        if org_id not in principal.org_ids() or principal.user.is_platform_admin:
            raise NotFoundError("There is no such organization.")
        if not principal.roles_in(org_id) & SPONSOR_ADMINS:
            raise PermissionDeniedError("Only an organization's admins can write its programs.")

    def create(
        self,
        principal: Principal,
        org_id: str,
        standards: ProgramStandards,
        *,
        board_org_id: str | None = None,
    ) -> ProgramView:
        """A new draft program, sponsored by `org_id`."""
        self._may_write_for(principal, org_id)
        program_id, moment = str(uuid.uuid4()), now()
        with self.engine.begin() as conn:
            self._check_orgs(conn, standards, board_org_id)
            conn.execute(
                insert(w.wbl_programs).values(
                    id=program_id,
                    org_id=org_id,
                    board_org_id=board_org_id or None,
                    name=standards.name,
                    kind=standards.kind.value,
                    occupation=standards.occupation,
                    state=ProgramState.DRAFT.value,
                    standards=standards.model_dump(mode="json"),
                    created_by=principal.user.id,
                    created_at=moment,
                    updated_at=moment,
                )
            )
            self._write_providers(conn, program_id, standards)
            audit.record(
                conn,
                AuditAction.WBL_PROGRAM_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="wbl_program",
                target_id=program_id,
            )
        return self.view(principal, program_id)

    def edit(
        self,
        principal: Principal,
        program_id: str,
        standards: ProgramStandards,
        *,
        board_org_id: str | None = None,
    ) -> ProgramView:
        """Replace a draft's standards whole. An open program is not edited: apprentices are
        learning to it (write a new program, and close this one when they finish)."""
        program = self._editable(principal, program_id)
        if program.state is not ProgramState.DRAFT:
            raise InvalidInputError(
                "This program is open, so it cannot change. Write a new version instead."
            )
        with write_transaction(self.engine, f"wbl-program:{program_id}") as conn:
            self._check_orgs(conn, standards, board_org_id)
            changed = conn.execute(
                update(w.wbl_programs)
                .where(
                    w.wbl_programs.c.id == program_id,
                    w.wbl_programs.c.state == ProgramState.DRAFT.value,
                )
                .values(
                    name=standards.name,
                    kind=standards.kind.value,
                    occupation=standards.occupation,
                    board_org_id=board_org_id or None,
                    standards=standards.model_dump(mode="json"),
                    updated_at=now(),
                )
            )
            if changed.rowcount != 1:
                raise ConflictError("This program was opened just now. Look again.")
            self._write_providers(conn, program_id, standards)
            audit.record(
                conn,
                AuditAction.WBL_PROGRAM_EDIT,
                actor_id=principal.user.id,
                org_id=program.org_id,
                target_type="wbl_program",
                target_id=program_id,
            )
        return self.view(principal, program_id)

    @staticmethod
    def _check_orgs(
        conn: Connection, standards: ProgramStandards, board_org_id: str | None
    ) -> None:
        """Course providers named on Onramp are training providers; the board is a board."""
        o = t.organizations
        wanted = {c.provider_org_id for c in standards.courses if c.provider_org_id}
        kinds = {
            r.id: r.kind
            for r in conn.execute(
                select(o.c.id, o.c.kind).where(o.c.id.in_(wanted | {board_org_id or ""}))
            )
        }
        for course in standards.courses:
            if course.provider_org_id and kinds.get(course.provider_org_id) not in (
                OrgKind.TRAINING_PROVIDER.value,
                OrgKind.WORKFORCE_BOARD.value,
            ):
                raise InvalidInputError(
                    f"'{course.name}': the school named is not a training provider on Onramp."
                )
        if board_org_id and kinds.get(board_org_id) != OrgKind.WORKFORCE_BOARD.value:
            raise InvalidInputError("The board named is not a workforce board on Onramp.")

    @staticmethod
    def _write_providers(conn: Connection, program_id: str, standards: ProgramStandards) -> None:
        p = w.wbl_program_providers
        conn.execute(delete(p).where(p.c.program_id == program_id))
        for org_id in sorted({c.provider_org_id for c in standards.courses if c.provider_org_id}):
            conn.execute(insert(p).values(program_id=program_id, org_id=org_id))

    def findings(self, program: Program) -> list[Finding]:
        median = None
        if program.standards.area:
            from onramp.wbl.builder import area_hourly_median

            median = area_hourly_median(
                self.engine, program.standards.occupation, program.standards.area
            )
        return check_standards(program.standards, area_hourly_median=median)

    def activate(self, principal: Principal, program_id: str) -> ProgramView:
        """Open a complete draft to apprentices, defining its credentials."""
        program = self._editable(principal, program_id)
        if program.state is not ProgramState.DRAFT:
            raise InvalidInputError("This program is already open or closed.")
        findings = self.findings(program)
        if any(f.severity is Severity.MISSING for f in findings):
            raise StandardsIncompleteError(findings)
        standards = program.standards
        by_id = {c.id: c for c in standards.work_processes}
        wanted: list[tuple[str, InterimCredential | None]] = [
            (i.id, i) for i in standards.interim_credentials
        ] + [(COMPLETION, None)]
        records = []
        for interim_id, interim in wanted:
            competencies = (
                [by_id[c] for c in interim.competency_ids] if interim else list(by_id.values())
            )
            achievement_id = str(uuid.uuid4())
            completion = interim is None
            kind = (
                "ApprenticeshipCertificate"
                if completion and standards.kind is ProgramKind.REGISTERED_APPRENTICESHIP
                else "Certificate"
            )
            skills = list(dict.fromkeys(uri for c in competencies for uri in c.skills))
            records.append(
                (
                    interim_id,
                    self.issuing.prepare(
                        principal,
                        program.org_id,
                        achievement_id=achievement_id,
                        name=standards.name if completion else interim.name,  # type: ignore[union-attr]
                        criteria=_criteria(standards, competencies),
                        description=(
                            f"{standards.kind.label} Occupation: "
                            f"{standards.occupation_title or standards.occupation}."
                        ),
                        achievement_type=kind,
                        skills=skills,
                        results=_results(achievement_id, competencies),
                    ),
                )
            )
        with write_transaction(self.engine, f"wbl-program:{program_id}") as conn:
            changed = conn.execute(
                update(w.wbl_programs)
                .where(
                    w.wbl_programs.c.id == program_id,
                    w.wbl_programs.c.state == ProgramState.DRAFT.value,
                    w.wbl_programs.c.updated_at == program.updated_at,
                )
                .values(
                    state=ProgramState.ACTIVE.value,
                    activated_at=now(),
                    activated_by=principal.user.id,
                )
            )
            if changed.rowcount != 1:
                raise ConflictError("Someone changed this program just now. Check it again.")
            for interim_id, record in records:
                self.issuing.store(conn, principal, record)
                conn.execute(
                    insert(w.wbl_program_achievements).values(
                        program_id=program_id, interim_id=interim_id, achievement_id=record.id
                    )
                )
            audit.record(
                conn,
                AuditAction.WBL_PROGRAM_ACTIVATE,
                actor_id=principal.user.id,
                org_id=program.org_id,
                target_type="wbl_program",
                target_id=program_id,
            )
        return self.view(principal, program_id)

    def close(self, principal: Principal, program_id: str) -> ProgramView:
        """No new apprentices; those learning go on to the end."""
        program = self._editable(principal, program_id)
        if program.state is not ProgramState.ACTIVE:
            raise InvalidInputError("Only an open program can be closed.")
        with self.engine.begin() as conn:
            conn.execute(
                update(w.wbl_programs)
                .where(w.wbl_programs.c.id == program_id)
                .values(state=ProgramState.CLOSED.value, updated_at=now())
            )
            audit.record(
                conn,
                AuditAction.WBL_PROGRAM_EDIT,
                actor_id=principal.user.id,
                org_id=program.org_id,
                target_type="wbl_program",
                target_id=program_id,
                details={"state": ProgramState.CLOSED.value},
            )
        return self.view(principal, program_id)

    # -- reading --------------------------------------------------------------------------
    def view(self, principal: Principal, program_id: str) -> ProgramView:
        program = self.readable(principal, program_id)
        admin = self.is_sponsor_admin(principal, program)
        return ProgramView(program, admin, self.findings(program) if admin else [])

    def of_org(self, principal: Principal, org_id: str) -> list[Program]:
        """The programs an organization sponsors, teaches or oversees, for its members."""
        policy.require_scope(principal, Scope.READ)
        if org_id not in principal.org_ids() or principal.user.is_platform_admin:
            raise NotFoundError("There is no such organization.")
        p = w.wbl_programs
        roles = principal.roles_in(org_id)
        with self.engine.connect() as conn:
            sponsored = rows.programs_where(conn, p.c.org_id == org_id)
            if not roles & SPONSOR_ADMINS:
                sponsored = [x for x in sponsored if x.state is not ProgramState.DRAFT]
            taught = rows.programs_taught_by(conn, org_id)
            overseen = rows.programs_where(conn, p.c.board_org_id == org_id)
        seen: dict[str, Program] = {}
        for program in [*sponsored, *taught, *overseen]:
            if program.org_id == org_id or program.state is not ProgramState.DRAFT:
                seen.setdefault(program.id, program)
        return sorted(seen.values(), key=lambda x: (x.standards.name, x.id))

    def schools(self) -> dict[str, str]:
        """Id -> name of every organization on Onramp that can teach a course (training
        providers and boards), for the sponsor to pick from; names are a public directory."""
        o = t.organizations
        kinds = (OrgKind.TRAINING_PROVIDER.value, OrgKind.WORKFORCE_BOARD.value)
        with self.engine.connect() as conn:
            found = conn.execute(
                select(o.c.id, o.c.name).where(o.c.kind.in_(kinds)).order_by(o.c.name)
            )
            return {str(r.id): str(r.name) for r in found}

    def achievements(self, program_id: str) -> dict[str, str]:
        with self.engine.connect() as conn:
            return rows.achievements_of(conn, program_id)


def mentor_roles() -> frozenset[Role]:
    """Who can mentor apprentices: a mentor, or an admin who trains people themselves."""
    return frozenset({Role.MENTOR, Role.HR_ADMIN, Role.ORG_ADMIN})
