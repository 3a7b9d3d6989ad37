"""What an employer records after an application (issue 18, item 1; ADR 0036): an offer and a
hire, a retention check at 90 days or 12 months, pay changes and level moves after the hire,
hiring costs per job, and the date a job family switched to skills-based requirements.

Onramp sees jobs open and fill and people apply; it cannot see an offer, a first day, a raise
or an ad bill, so the employer writes those down here and the metrics count them
(`employer_dashboard`).

Who may write (checked here, not at the edges):
- offers and hires: the people who hire for the organization's jobs (org admins, HR admins,
  hiring managers and recruiters, `onramp.jobs.policy.JOB_ROLES`);
- retention checks, pay changes, hiring costs and family switches: org admins, HR admins and
  hiring managers (`RECORDERS`): they know who stayed and what was spent;
- nobody else, and never a platform admin (tenant data). Another organization's ids read as
  "not found". Every write is in the audit log; a record about a person names them as its
  subject, so the person sees it in their own activity.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.jobs.policy import JOB_ROLES
from onramp.jobs.service import Jobs
from onramp.metrics.employer import DAYS_12_MONTHS, DAYS_90, CostKind
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import job_tables as j
from onramp.store import metrics_employer_tables as m

RECORDERS = frozenset({Role.ORG_ADMIN, Role.HR_ADMIN, Role.HIRING_MANAGER})
CHECK_DAYS = (DAYS_90, DAYS_12_MONTHS)
MAX_HOURLY = 1000.0
MAX_COST = 10_000_000.0
EARLIEST = date(2000, 1, 1)
NO_APPLICATION = "There is no such application to a job of this organization."
NO_HIRE = "There is no such hire at this organization."
NO_JOB = "There is no such job at this organization."


@dataclass(frozen=True, slots=True)
class Outcome:
    """One decision on an application, as stored."""

    id: str
    org_id: str
    job_id: str
    application_id: str
    worker_id: str
    offered: bool
    offered_on: date | None
    hired: bool
    hired_on: date | None
    starting_hourly: float | None
    internal: bool


def require_recorder(principal: Principal, org_id: str, roles: frozenset[Role]) -> None:
    """A member of the organization with one of `roles`, on a token that may write."""
    policy.require_scope(principal, Scope.WRITE)
    if principal.user.is_platform_admin:
        raise PermissionDeniedError("A platform admin cannot write an organization's records.")
    if org_id not in principal.org_ids():
        raise NotFoundError("There is no such organization.")
    if not principal.roles_in(org_id) & roles:
        who = "hire" if roles == JOB_ROLES else "run hiring"
        raise PermissionDeniedError(f"Only the people who {who} here can write this down.")


def require_reader(principal: Principal, org_id: str) -> None:
    """The employer's own hiring staff read its metrics; others get "not found"."""
    policy.require_scope(principal, Scope.READ)
    if principal.user.is_platform_admin or org_id not in principal.org_ids():
        raise NotFoundError("There is no such organization.")
    if not principal.roles_in(org_id) & JOB_ROLES:
        raise PermissionDeniedError("Only the people who hire here can see these figures.")


def may_record(principal: Principal, org_id: str) -> bool:
    """Whether the pages offer the forms for checks, pay and costs (the use case still checks)."""
    return not principal.user.is_platform_admin and bool(principal.roles_in(org_id) & RECORDERS)


def check_date(value: date, what: str) -> date:
    if not EARLIEST <= value <= date.today():
        raise InvalidInputError(f"Give a {what} from {EARLIEST.year} up to today.")
    return value


def check_hourly(value: float | None, what: str = "hourly pay") -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or not 0 < value <= MAX_HOURLY:
        raise InvalidInputError(f"Give the {what} in dollars, more than 0 and at most 1,000.")
    return float(value)


def outcome_of(row: Any) -> Outcome:
    return Outcome(
        row.id,
        row.org_id,
        row.job_id,
        row.application_id,
        row.worker_id,
        bool(row.offered),
        row.offered_on,
        bool(row.hired),
        row.hired_on,
        row.starting_hourly,
        bool(row.internal),
    )


class HiringOutcomes:
    def __init__(self, engine: Engine, jobs: Jobs) -> None:
        self.engine = engine
        self.jobs = jobs

    # -- reading, for the forms -------------------------------------------------------------
    def outcomes(self, principal: Principal, org_id: str) -> list[Outcome]:
        require_reader(principal, org_id)
        o = m.employer_hiring_outcomes
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(o).where(o.c.org_id == org_id).order_by(o.c.recorded_at, o.c.id)
            ).all()
        return [outcome_of(r) for r in rows]

    def _outcome(self, conn: Connection, org_id: str, outcome_id: str) -> Outcome:
        o = m.employer_hiring_outcomes
        row = conn.execute(
            select(o).where(and_(o.c.id == outcome_id, o.c.org_id == org_id))
        ).first()
        if row is None or not row.hired:
            raise NotFoundError(NO_HIRE)
        return outcome_of(row)

    # -- offers and hires -------------------------------------------------------------------
    def record_outcome(
        self,
        principal: Principal,
        org_id: str,
        application_id: str,
        *,
        offered: bool,
        hired: bool = False,
        offered_on: date | None = None,
        hired_on: date | None = None,
        starting_hourly: float | None = None,
        internal: bool = False,
    ) -> Outcome:
        """Write down (or correct) the decision on one application. A hire is an offer that
        was taken, so a hire counts as an offer too; it needs the first day of work."""
        require_recorder(principal, org_id, JOB_ROLES)
        offered = offered or hired
        if hired and hired_on is None:
            raise InvalidInputError("Give the first day of work for a hire.")
        if offered_on is not None:
            check_date(offered_on, "date of the offer")
        if hired_on is not None:
            check_date(hired_on, "first day of work")
            if offered_on is not None and hired_on < offered_on:
                raise InvalidInputError("The first day of work cannot come before the offer.")
        pay = check_hourly(starting_hourly, "starting pay")
        if not hired and (hired_on is not None or pay is not None):
            raise InvalidInputError("A first day and starting pay go with a hire only.")
        a, jt, o = j.job_applications, j.jobs, m.employer_hiring_outcomes
        values = {
            "offered": offered,
            "offered_on": offered_on if offered else None,
            "hired": hired,
            "hired_on": hired_on if hired else None,
            "starting_hourly": pay,
            "internal": internal and hired,
            "recorded_by": principal.user.id,
            "recorded_at": now(),
        }
        with self.engine.begin() as conn:
            found = conn.execute(
                select(a.c.id, a.c.job_id, a.c.worker_id)
                .join(jt, jt.c.id == a.c.job_id)
                .where(and_(a.c.id == application_id, jt.c.org_id == org_id))
            ).first()
            if found is None:
                raise NotFoundError(NO_APPLICATION)
            current = conn.execute(
                select(o.c.id).where(o.c.application_id == application_id)
            ).scalar()
            if current is None:
                current = str(uuid.uuid4())
                conn.execute(
                    insert(o).values(
                        id=current,
                        org_id=org_id,
                        job_id=found.job_id,
                        application_id=application_id,
                        worker_id=found.worker_id,
                        **values,
                    )
                )
            else:
                conn.execute(update(o).where(o.c.id == current).values(**values))
            audit.record(
                conn,
                AuditAction.EMPLOYER_HIRING_OUTCOME,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=found.worker_id,
                target_type="job",
                target_id=found.job_id,
                details={"offered": offered, "hired": hired},
            )
            row = conn.execute(select(o).where(o.c.id == current)).one()
        return outcome_of(row)

    # -- after the hire ---------------------------------------------------------------------
    def record_check(
        self,
        principal: Principal,
        org_id: str,
        outcome_id: str,
        *,
        days: int,
        still_employed: bool,
        checked_on: date,
    ) -> None:
        """The answer at day 90 or 365: does this person still work here? A later answer for
        the same day replaces the first (a correction), and is audited again."""
        require_recorder(principal, org_id, RECORDERS)
        if days not in CHECK_DAYS:
            raise InvalidInputError("A retention check is at 90 days or at 12 months (365 days).")
        check_date(checked_on, "date of the check")
        r = m.employer_retention_checks
        with self.engine.begin() as conn:
            hire = self._outcome(conn, org_id, outcome_id)
            assert hire.hired_on is not None
            if checked_on < hire.hired_on:
                raise InvalidInputError("A check cannot come before the first day of work.")
            if still_employed and checked_on < hire.hired_on + timedelta(days=days):
                raise InvalidInputError(
                    f"You can say someone stayed {days} days only once {days} days have passed"
                    f" since they started ({hire.hired_on.isoformat()})."
                )
            values = {
                "still_employed": still_employed,
                "checked_on": checked_on,
                "recorded_by": principal.user.id,
                "recorded_at": now(),
            }
            where = and_(r.c.outcome_id == outcome_id, r.c.days == days)
            if conn.execute(select(r.c.id).where(where)).first() is None:
                conn.execute(
                    insert(r).values(
                        id=str(uuid.uuid4()),
                        org_id=org_id,
                        outcome_id=outcome_id,
                        days=days,
                        **values,
                    )
                )
            else:
                conn.execute(update(r).where(where).values(**values))
            audit.record(
                conn,
                AuditAction.EMPLOYER_RETENTION_CHECK,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=hire.worker_id,
                target_type="hire",
                target_id=outcome_id,
                details={"days": days, "still_employed": still_employed},
            )

    def record_pay(
        self,
        principal: Principal,
        org_id: str,
        outcome_id: str,
        *,
        on: date,
        hourly: float,
        from_level: int | None = None,
        to_level: int | None = None,
    ) -> None:
        """New pay from a date on, with the levels when it came with a step on the roadmap."""
        require_recorder(principal, org_id, RECORDERS)
        check_date(on, "date of the change")
        pay = check_hourly(hourly, "new pay")
        if (from_level is None) != (to_level is None):
            raise InvalidInputError("Give both levels of a move, or neither.")
        for level in (from_level, to_level):
            if level is not None and not 0 <= level <= 50:
                raise InvalidInputError("A level is a whole number from 0 to 50.")
        with self.engine.begin() as conn:
            hire = self._outcome(conn, org_id, outcome_id)
            assert hire.hired_on is not None
            if on < hire.hired_on:
                raise InvalidInputError("A pay change cannot come before the first day of work.")
            conn.execute(
                insert(m.employer_pay_changes).values(
                    id=str(uuid.uuid4()),
                    org_id=org_id,
                    outcome_id=outcome_id,
                    on=on,
                    hourly=pay,
                    from_level=from_level,
                    to_level=to_level,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.EMPLOYER_PAY_CHANGE,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=hire.worker_id,
                target_type="hire",
                target_id=outcome_id,
            )

    # -- about jobs -------------------------------------------------------------------------
    def record_cost(
        self,
        principal: Principal,
        org_id: str,
        job_id: str,
        *,
        kind: CostKind,
        amount: float,
        spent_on: date,
    ) -> None:
        require_recorder(principal, org_id, RECORDERS)
        if not math.isfinite(amount) or not 0 < amount <= MAX_COST:
            raise InvalidInputError("Give the cost in dollars, more than 0.")
        check_date(spent_on, "date of the cost")
        jt = j.jobs
        with self.engine.begin() as conn:
            found = conn.execute(
                select(jt.c.id).where(and_(jt.c.id == job_id, jt.c.org_id == org_id))
            ).first()
            if found is None:
                raise NotFoundError(NO_JOB)
            conn.execute(
                insert(m.employer_hiring_costs).values(
                    id=str(uuid.uuid4()),
                    org_id=org_id,
                    job_id=job_id,
                    kind=CostKind(kind).value,
                    amount=float(amount),
                    spent_on=spent_on,
                    recorded_by=principal.user.id,
                    recorded_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.EMPLOYER_HIRING_COST,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="job",
                target_id=job_id,
                details={"kind": CostKind(kind).value, "amount": float(amount)},
            )

    def record_switch(
        self, principal: Principal, org_id: str, family: str, switched_on: date
    ) -> None:
        """The day a job family (an occupation code) stopped asking for a degree and asked
        for skills: the before/after comparison splits its jobs there."""
        require_recorder(principal, org_id, RECORDERS)
        family = family.strip()
        if not family or len(family) > 200:
            raise InvalidInputError("Name the kind of job (its occupation code).")
        check_date(switched_on, "date of the switch")
        s = m.employer_family_switches
        values = {
            "switched_on": switched_on,
            "recorded_by": principal.user.id,
            "recorded_at": now(),
        }
        with self.engine.begin() as conn:
            where = and_(s.c.org_id == org_id, s.c.family == family)
            if conn.execute(select(s.c.family).where(where)).first() is None:
                conn.execute(insert(s).values(org_id=org_id, family=family, **values))
            else:
                conn.execute(update(s).where(where).values(**values))
            audit.record(
                conn,
                AuditAction.EMPLOYER_FAMILY_SWITCH,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="job_family",
                target_id=family,
                details={"switched_on": switched_on.isoformat()},
            )
