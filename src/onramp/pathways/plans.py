"""Career advancement plans over the store (issue 15, item 4).

The worker owns their plan: they start it, fill it and change it. An organization sees it only
while the worker's active consent grant to it shares the "plan" part, and only its navigators
and org admins; every look is in the audit log, which the worker can read. A revoked or
expired grant takes effect on the next request, since every check reads the grants again.
A navigator may add notes, goals and milestones (marked as theirs); only the worker changes or
removes what is there (decisions/0026).

Every change is one write transaction that reads the plan, applies the edits in memory and
writes it back with its audit entry, so a bad edit (any of several) saves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.pathways.guide import Guide, Stage, adapt, default_guide
from onramp.pathways.plan_glance import PlanGlance, PlanGlances
from onramp.pathways.plan_guides import PlanGuides
from onramp.pathways.plan_model import (
    MAX_STEPS,
    Author,
    CareerPlan,
    Edit,
    EditKind,
    PathStep,
    PlanStatus,
    Writer,
    apply_edit,
    glance_of,
    new_plan,
    parts_of,
    steps_of,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.model import ConsentGrant, Principal, Role, Scope
from onramp.platform.secrets import aware, now
from onramp.store import pathway_tables as pt
from onramp.store.engine import write_transaction
from onramp.taxonomy.catalog import Catalog

PART = "plan"  # the consent part that shares the plan (platform.consent.PARTS)
READER_ROLES = frozenset({Role.NAVIGATOR, Role.ORG_ADMIN})
ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
MAX_EDITS = 50  # in one request


@dataclass(frozen=True, slots=True)
class SharedPlan:
    """What a navigator sees: the plan (None when the worker has not started one yet), the
    guide the worker reads, and the grant that allows it."""

    worker_id: str
    worker_name: str
    org_id: str
    org_name: str
    plan: CareerPlan | None
    guide: Guide
    grant: ConsentGrant


def _plan(row: Any) -> CareerPlan:
    target = PathStep(row.target_code, row.target_title or "") if row.target_code else None
    return CareerPlan(
        row.id,
        row.worker_id,
        PlanStatus(row.status),
        Stage(row.stage),
        target,
        steps_of(list(row.steps)),
        row.guide_org_id,
        parts_of(dict(row.body)),
        aware(row.created_at),
        aware(row.updated_at),
    )


def _row_values(plan: CareerPlan) -> dict[str, Any]:
    return {
        "status": plan.status.value,
        "stage": plan.stage.value,
        "target_code": plan.target.code if plan.target else None,
        "target_title": plan.target.title if plan.target else None,
        "steps": [{"code": s.code, "title": s.title} for s in plan.steps],
        "guide_org_id": plan.guide_org_id,
        "body": plan.body(),
    }


def require_reader(principal: Principal, org_id: str) -> None:
    """A navigator or org admin of the organization (never a platform admin)."""
    policy.require_member(principal, org_id, admin_may=False)
    if not principal.roles_in(org_id) & READER_ROLES:
        raise PermissionDeniedError(
            "Only a navigator or an admin of this organization can see shared plans."
        )


class CareerPlans:
    def __init__(
        self,
        engine: Engine,
        consents: Consents,
        occupation_title: Callable[[str], str] | None = None,
    ) -> None:
        self.engine = engine
        self.consents = consents
        self.guides = PlanGuides(engine)
        self._title = occupation_title or self._catalog_title

    # -- reading ----------------------------------------------------------------------------
    def _read(self, conn: Connection, worker_id: str) -> CareerPlan | None:
        row = conn.execute(
            select(pt.career_plans).where(pt.career_plans.c.worker_id == worker_id)
        ).first()
        return None if row is None else _plan(row)

    def mine(self, worker: Principal) -> CareerPlan | None:
        policy.require_worker(worker)
        with self.engine.connect() as conn:
            return self._read(conn, worker.user.id)

    def export(self, principal: Principal) -> dict[str, Any] | None:
        """The caller's plan for their account export (None for staff, or with no plan)."""
        if principal.user.kind.value != "worker":
            return None
        with self.engine.connect() as conn:
            plan = self._read(conn, principal.user.id)
        return None if plan is None else plan.contract()

    def _plan_grants(self, worker_id: str) -> list[ConsentGrant]:
        moment = now()
        return [
            g
            for g in self.consents.of_worker_unchecked(worker_id)
            if g.active_at(moment) and PART in g.scope.get("parts", [])
        ]

    def guide_for(self, plan: CareerPlan | None) -> Guide:
        """The guide the plan's worker reads: the organization's version they picked, while
        they share the plan with it; Onramp's otherwise."""
        if plan is None or plan.guide_org_id is None:
            return default_guide()
        grant = next(
            (g for g in self._plan_grants(plan.worker_id) if g.org_id == plan.guide_org_id), None
        )
        changes = self.guides.changes(plan.guide_org_id) if grant else []
        if grant is None or not changes:
            return default_guide()
        return adapt(default_guide(), grant.org_id, grant.org_name, changes)

    def guide_choices(self, worker: Principal) -> list[tuple[str, str]]:
        """(org id, name) of each organization whose guide the worker may pick: it has adapted
        the guide, and the worker shares their plan with it now."""
        policy.require_worker(worker)
        seen: dict[str, str] = {}
        for grant in self._plan_grants(worker.user.id):
            if grant.org_id not in seen and self.guides.changes(grant.org_id):
                seen[grant.org_id] = grant.org_name
        return sorted(seen.items(), key=lambda item: item[1].lower())

    def sharing_with(self, worker: Principal) -> list[ConsentGrant]:
        """The worker's active grants that share the plan (the plan page lists them)."""
        policy.require_worker(worker)
        return self._plan_grants(worker.user.id)

    # -- the worker's changes ---------------------------------------------------------------
    def _catalog_title(self, code: str) -> str:
        try:
            return Catalog(self.engine).find_occupation(code)[1].title
        except NotFoundError:
            raise InvalidInputError(f"Onramp does not know the job code {code}.") from None

    def _step(self, code: str) -> PathStep:
        code = code.strip()
        if not ONET_SOC.match(code):
            raise InvalidInputError(f"A job code looks like 29-1141.00; {code[:40]!r} does not.")
        return PathStep(code, self._title(code))

    def start(self, worker: Principal) -> CareerPlan:
        """The worker's plan, started now if they have none."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        with write_transaction(self.engine, f"plan:{worker.user.id}") as conn:
            return self._get_or_create(conn, worker)

    def _get_or_create(self, conn: Connection, worker: Principal) -> CareerPlan:
        found = self._read(conn, worker.user.id)
        if found is not None:
            return found
        plan = new_plan(worker.user.id, now())
        conn.execute(
            insert(pt.career_plans).values(
                id=plan.id,
                worker_id=plan.worker_id,
                created_at=plan.created_at,
                updated_at=plan.updated_at,
                **_row_values(plan),
            )
        )
        audit.record(
            conn,
            AuditAction.PLAN_CREATE,
            actor_id=worker.user.id,
            subject_id=worker.user.id,
            target_type="career_plan",
            target_id=plan.id,
        )
        return plan

    def set_pathway(self, worker: Principal, target: str, steps: list[str]) -> CareerPlan:
        """Aim the plan at a target job by a pathway of up to three steps (the pathway page's
        "Save this pathway to my plan"). Every code is checked before anything is saved."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        codes = [c.strip() for c in steps if c.strip()]
        if len(codes) > MAX_STEPS:
            raise InvalidInputError(f"A pathway has at most {MAX_STEPS} steps.")
        if not target.strip():
            raise InvalidInputError("Choose the job the plan aims at.")
        goal = self._step(target)
        path = tuple(self._step(c) for c in codes)
        with write_transaction(self.engine, f"plan:{worker.user.id}") as conn:
            plan = self._get_or_create(conn, worker)
            changed = replace(plan, target=goal, steps=path, updated_at=now())
            self._write(conn, changed)
            audit.record(
                conn,
                AuditAction.PLAN_UPDATE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="career_plan",
                target_id=plan.id,
                details={"target": goal.code, "steps": [s.code for s in path]},
            )
        return changed

    def edit(self, worker: Principal, edits: list[Edit]) -> CareerPlan:
        """Apply the worker's edits in order, all or none."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        if not 1 <= len(edits) <= MAX_EDITS:
            raise InvalidInputError(f"Send from 1 to {MAX_EDITS} changes at a time.")
        for e in edits:
            chosen = e.guide_org_id if e.kind is EditKind.SET_GUIDE else None
            if chosen and chosen not in dict(self.guide_choices(worker)):
                raise InvalidInputError(
                    "You can pick the questions of a group only while you share your plan "
                    "with it, and only if it wrote its own."
                )
        writer = Writer(Author.WORKER, worker.user.name, now())
        with write_transaction(self.engine, f"plan:{worker.user.id}") as conn:
            plan = self._read(conn, worker.user.id)
            if plan is None:
                raise NotFoundError("Start a plan first.")
            changed = plan
            for e in edits:
                changed = apply_edit(changed, e, writer)
            changed = replace(changed, updated_at=writer.at)
            self._write(conn, changed)
            audit.record(
                conn,
                AuditAction.PLAN_UPDATE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="career_plan",
                target_id=plan.id,
                details={"edits": [e.kind.value for e in edits]},
            )
        return changed

    def _write(self, conn: Connection, plan: CareerPlan) -> None:
        conn.execute(
            update(pt.career_plans)
            .where(pt.career_plans.c.id == plan.id)
            .values(updated_at=plan.updated_at, **_row_values(plan))
        )

    # -- an organization's side -------------------------------------------------------------
    def _grant(self, org_id: str, worker_id: str) -> ConsentGrant:
        grants = [g for g in self.consents.to_org_unchecked(org_id) if g.worker_id == worker_id]
        return policy.grant_allows(grants, org_id, PART, now())

    def shared(self, principal: Principal, org_id: str, worker_id: str) -> SharedPlan:
        """A worker's plan as a navigator of the organization sees it; audited."""
        require_reader(principal, org_id)
        grant = self._grant(org_id, worker_id)
        name = self.consents.name_if_shared(org_id, worker_id)
        with self.engine.begin() as conn:
            plan = self._read(conn, worker_id)
            audit.record(
                conn,
                AuditAction.PLAN_VIEW,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="consent",
                target_id=grant.id,
            )
        return SharedPlan(
            worker_id, name, org_id, grant.org_name, plan, self.guide_for(plan), grant
        )

    def add_as_navigator(
        self, principal: Principal, org_id: str, worker_id: str, edit: Edit
    ) -> CareerPlan:
        """A note, goal or milestone a navigator adds to a shared plan, marked as theirs."""
        policy.require_scope(principal, Scope.WRITE)
        require_reader(principal, org_id)
        grant = self._grant(org_id, worker_id)
        writer = Writer(Author.NAVIGATOR, f"{principal.user.name}, {grant.org_name}", now())
        with write_transaction(self.engine, f"plan:{worker_id}") as conn:
            plan = self._read(conn, worker_id)
            if plan is None:
                raise NotFoundError("This worker has not started a plan yet.")
            changed = replace(apply_edit(plan, edit, writer), updated_at=writer.at)
            self._write(conn, changed)
            audit.record(
                conn,
                AuditAction.PLAN_NAVIGATOR_ADD,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="career_plan",
                target_id=plan.id,
                details={"edit": edit.kind.value},
            )
        return changed

    def glances(
        self, principal: Principal, org_id: str, worker_ids: list[str]
    ) -> dict[str, PlanGlance]:
        """`PlanGlances` for the caseload: one glance per asked worker whose active grant to
        the organization shares their plan and who has started one; others are absent. Each
        glance given is in the audit log."""
        require_reader(principal, org_id)
        moment = now()
        asked = set(worker_ids)
        sharing: dict[str, ConsentGrant] = {}
        for grant in self.consents.to_org_unchecked(org_id):
            if (
                grant.worker_id in asked
                and grant.active_at(moment)
                and PART in grant.scope.get("parts", [])
            ):
                sharing.setdefault(grant.worker_id, grant)
        if not sharing:
            return {}
        found: dict[str, PlanGlance] = {}
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(pt.career_plans).where(pt.career_plans.c.worker_id.in_(sorted(sharing)))
            ).all()
            for row in rows:
                plan = _plan(row)
                found[plan.worker_id] = glance_of(plan, plan.target.title if plan.target else "")
            audit.record_each(
                conn,
                AuditAction.PLAN_GLANCE,
                actor_id=principal.user.id,
                org_id=org_id,
                about=[(w, "consent", sharing[w].id) for w in sorted(found)],
            )
        return found


def plan_glances(plans: CareerPlans) -> PlanGlances:
    """The caseload's way to ask for plans (`plan_glance.PlanGlances`); typed, so mypy checks
    that `CareerPlans.glances` keeps the contract."""
    return plans.glances
