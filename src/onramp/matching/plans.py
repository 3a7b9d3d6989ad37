"""Onboarding plans over the store (issue 14, item 5): made by the people who hire for a job,
for a candidate of that job, from the gaps of their match; read by the worker it is about.

A plan is proposed by `onboarding.propose_plan` and then edited item by item; each change is in
the organization's audit log, which the worker can read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from onramp.errors import ConflictError, InvalidInputError, NotFoundError
from onramp.jobs import policy as job_policy
from onramp.matching.access import job_org
from onramp.matching.candidates import Matching
from onramp.matching.onboarding import (
    Activity,
    ItemState,
    OnboardingPlan,
    PlanItem,
    propose_plan,
    reschedule,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import aware, now
from onramp.store import matching_tables as m
from onramp.store.engine import write_transaction


@dataclass(frozen=True, slots=True)
class StoredPlan:
    id: str
    org_id: str
    job_id: str
    worker_id: str
    plan: OnboardingPlan
    created_at: datetime
    updated_at: datetime

    def as_json(self, handle: str | None = None) -> dict[str, Any]:
        """The plan as JSON. For the employer, give the candidate's `handle`: the worker's
        account id is then left out, as in every blind view (decisions/0023)."""
        return {
            "id": self.id,
            "job_id": self.job_id,
            "worker_id": None if handle else self.worker_id,
            "handle": handle,
            "updated_at": self.updated_at.isoformat(),
            **self.plan.contract(),
        }


def _plan_of(start: date, data: dict[str, Any]) -> OnboardingPlan:
    items = tuple(
        PlanItem(
            skill=i["skill"],
            label=i["label"],
            target_level=int(i["target_level"]),
            activity=Activity(i["activity"]),
            weeks=int(i["weeks"]),
            check_in=date.fromisoformat(i["check_in"]),
            note=i.get("note", ""),
            state=ItemState(i.get("state", ItemState.PLANNED.value)),
        )
        for i in data.get("items", [])
    )
    return OnboardingPlan(start, items, tuple(data.get("notes", [])))


class OnboardingPlans:
    def __init__(self, engine: Engine, matching: Matching) -> None:
        self.engine = engine
        self.matching = matching

    def create(
        self, principal: Principal, job_id: str, worker_id: str, start: date | None = None
    ) -> StoredPlan:
        """A first plan from the candidate's gaps for the job; one per job and worker."""
        policy.require_scope(principal, Scope.WRITE)
        detail = self.matching.explain(principal, job_id, worker_id)  # checks who may
        start = start or now().date()
        plan = propose_plan(detail.match.gaps, start)
        moment = now()
        plan_id = str(uuid.uuid4())
        with write_transaction(self.engine) as conn:
            if self._row(conn, job_id, worker_id) is not None:
                raise ConflictError("There is already a plan for this person and job.")
            conn.execute(
                insert(m.onboarding_plans).values(
                    id=plan_id,
                    org_id=detail.job.org_id,
                    job_id=job_id,
                    worker_id=worker_id,
                    start=start,
                    plan=plan.contract(),
                    created_by=principal.user.id,
                    created_at=moment,
                    updated_at=moment,
                )
            )
            audit.record(
                conn,
                AuditAction.ONBOARDING_PLAN_CREATE,
                actor_id=principal.user.id,
                org_id=detail.job.org_id,
                subject_id=worker_id,
                target_type="job",
                target_id=job_id,
                details={"items": len(plan.items)},
            )
        return StoredPlan(plan_id, detail.job.org_id, job_id, worker_id, plan, moment, moment)

    def get(self, principal: Principal, job_id: str, worker_id: str) -> StoredPlan | None:
        """The plan, for the people who hire for the job or for the worker it is about."""
        if principal.user.id != worker_id:  # checked before anything is read
            job_policy.require_applicant_reader(principal, job_org(self.engine, job_id))
        with self.engine.connect() as conn:
            row = self._row(conn, job_id, worker_id)
        return None if row is None else _stored(row)

    def planned(self, principal: Principal, job_id: str) -> set[str]:
        """The handles of the candidates who have a plan for the job, for the people who hire
        for it (the candidate list links each one's plan)."""
        job_policy.require_applicant_reader(principal, job_org(self.engine, job_id))
        plans = m.onboarding_plans
        with self.engine.connect() as conn:
            rows = conn.execute(select(plans.c.worker_id).where(plans.c.job_id == job_id)).all()
        return {self.matching.handles.make(job_id, str(r.worker_id)) for r in rows}

    def mine(self, worker: Principal) -> list[StoredPlan]:
        policy.require_worker(worker)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(m.onboarding_plans)
                .where(m.onboarding_plans.c.worker_id == worker.user.id)
                .order_by(m.onboarding_plans.c.created_at.desc())
            ).all()
        return [_stored(r) for r in rows]

    def change_item(
        self,
        principal: Principal,
        job_id: str,
        worker_id: str,
        skill: str,
        *,
        activity: Activity | None = None,
        weeks: int | None = None,
        state: ItemState | None = None,
        note: str | None = None,
    ) -> StoredPlan:
        """Change one item: its activity, length (its check-in moves with it), state or note."""
        policy.require_scope(principal, Scope.WRITE)
        job_policy.require_applicant_reader(principal, job_org(self.engine, job_id))
        with write_transaction(self.engine) as conn:
            row = self._row(conn, job_id, worker_id)
            if row is None:
                raise NotFoundError("There is no plan for this person and job yet.")
            stored = _stored(row)
            items = list(stored.plan.items)
            at = next((n for n, i in enumerate(items) if i.skill == skill), None)
            if at is None:
                raise NotFoundError("That skill is not in the plan.")
            item = items[at]
            try:
                if weeks is not None:
                    item = reschedule(item, stored.plan.start, weeks)
                if activity is not None:
                    item = replace(item, activity=activity)
                if state is not None:
                    item = replace(item, state=state)
                if note is not None:
                    item = replace(item, note=note.strip())
            except ValueError as error:
                raise InvalidInputError(str(error)) from error
            items[at] = item
            plan = replace(stored.plan, items=tuple(items))
            moment = now()
            conn.execute(
                update(m.onboarding_plans)
                .where(m.onboarding_plans.c.id == stored.id)
                .values(plan=plan.contract(), updated_at=moment)
            )
            audit.record(
                conn,
                AuditAction.ONBOARDING_PLAN_UPDATE,
                actor_id=principal.user.id,
                org_id=stored.org_id,
                subject_id=worker_id,
                target_type="job",
                target_id=job_id,
                details={"skill": skill},
            )
        return replace(stored, plan=plan, updated_at=moment)

    @staticmethod
    def _row(conn: Any, job_id: str, worker_id: str) -> Any:
        return conn.execute(
            select(m.onboarding_plans).where(
                m.onboarding_plans.c.job_id == job_id,
                m.onboarding_plans.c.worker_id == worker_id,
            )
        ).first()


def _stored(row: Any) -> StoredPlan:
    return StoredPlan(
        str(row.id),
        str(row.org_id),
        str(row.job_id),
        str(row.worker_id),
        _plan_of(row.start, dict(row.plan)),
        aware(row.created_at),
        aware(row.updated_at),
    )
