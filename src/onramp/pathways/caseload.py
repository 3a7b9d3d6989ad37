"""The navigator caseload over the store (issue 15, item 5): for each worker a career center
supports, their plan at a glance, follow-ups and referrals with outcomes; filters; the worker's
own view of the referrals made for them.

Who is in a caseload: exactly the workers with an active consent grant to the organization,
read again on every request, so a revocation takes effect on the next one. A worker who stops
sharing disappears from the caseload, and nobody at the organization can read or add to their
record; the rows already written stay, hidden, as the organization's record, and come back if
the worker shares again (decisions/0025). Only navigators and org admins of a community
organization have a caseload. Every read and write is in the audit log, which the worker reads.

The plan glances come from the advancement plan use case through one injected callable
(`PlanGlances`, `onramp.pathways.plan_glance`): the caseload never reads the plan's tables.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.pathways.caseload_json import referral_json
from onramp.pathways.caseload_model import (
    MAX_ABOUT,
    MAX_NOTE,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    CaseloadFilter,
    CaseloadRow,
    Choices,
    DueItem,
    FollowUp,
    Outcome,
    Referral,
    ReferralKind,
    Service,
    clean_text,
    due_now,
    order_rows,
)
from onramp.pathways.caseload_rows import follow_ups_of, referrals_of
from onramp.pathways.plan_glance import PlanGlances
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.model import OrgKind, Page, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import caseload_tables as c
from onramp.store import credential_tables as cr
from onramp.store import job_tables as j
from onramp.store import platform_tables as t
from onramp.store.engine import write_transaction

NAVIGATOR_ROLES = frozenset({Role.NAVIGATOR, Role.ORG_ADMIN})
FURTHEST = timedelta(days=730)  # a follow-up is planned at most two years ahead
NOT_SHARING = (
    "This worker does not share with your organization now, so their caseload record is "
    "closed to you."
)
MAX_CHOICES = 500


def require_navigator(principal: Principal, org_id: str) -> None:
    """A navigator or org admin of the community organization; never a platform admin."""
    policy.require_member(principal, org_id, admin_may=False)
    kinds = {m.org_kind for m in principal.memberships if m.org_id == org_id}
    if OrgKind.COMMUNITY_ORG not in kinds or not principal.roles_in(org_id) & NAVIGATOR_ROLES:
        raise PermissionDeniedError(
            "Only the navigators of a community organization have a caseload."
        )


@dataclass(frozen=True, slots=True)
class CaseloadView:
    page: Page[CaseloadRow]
    due_now: list[DueItem]  # across the whole caseload, not only this page
    navigators: list[tuple[str, str]]  # (user id, name) of the organization's navigators
    today: date


@dataclass(frozen=True, slots=True)
class CaseloadRecord:
    row: CaseloadRow
    navigators: list[tuple[str, str]]
    names: dict[str, str] = field(default_factory=dict)  # user id -> name, for "made by"
    today: date = date.min


class Caseload:
    def __init__(
        self, engine: Engine, consents: Consents, plan_glances: PlanGlances | None = None
    ) -> None:
        self.engine = engine
        self.consents = consents
        self.plan_glances = plan_glances  # None until the plans are wired (caseload_services)

    # -- who is in the caseload -----------------------------------------------------------
    def _supported(self, principal: Principal, org_id: str) -> dict[str, str]:
        """Worker id -> shared name ("" when not shared) of every worker sharing now."""
        people: dict[str, str] = {}
        for grant in self.consents.to_org(principal, org_id):
            people[grant.worker_id] = people.get(grant.worker_id) or grant.worker_name
        return people

    def _require_shares(self, principal: Principal, org_id: str, worker_id: str) -> str:
        people = self._supported(principal, org_id)
        if worker_id not in people:
            raise PermissionDeniedError(NOT_SHARING)
        return people[worker_id]

    def _glances(self, principal: Principal, org_id: str, ids: list[str]) -> dict[str, Any]:
        if self.plan_glances is None or not ids:
            return {}
        return self.plan_glances(principal, org_id, ids)

    def navigators(self, org_id: str) -> list[tuple[str, str]]:
        """The organization's navigators and admins, who may be assigned a follow-up."""
        m, u = t.memberships, t.users
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(u.c.id, u.c.name)
                .join(m, m.c.user_id == u.c.id)
                .where(m.c.org_id == org_id, m.c.role.in_([str(r) for r in NAVIGATOR_ROLES]))
                .distinct()
                .order_by(u.c.name)
            ).all()
        return [(str(r.id), str(r.name)) for r in rows]

    # -- reading ------------------------------------------------------------------------
    def view(
        self,
        principal: Principal,
        org_id: str,
        filters: CaseloadFilter | None = None,
        *,
        page: int = 1,
        size: int = PAGE_SIZE,
        today: date | None = None,
    ) -> CaseloadView:
        """The caseload, filtered, past-due first, a page at a time; with the follow-ups due
        now across all of it."""
        require_navigator(principal, org_id)
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidInputError(f"Ask for page 1 or later, with 1 to {MAX_PAGE_SIZE} rows.")
        filters = filters or CaseloadFilter()
        today = today or now().date()
        people = self._supported(principal, org_id)
        ids = sorted(people)
        glances = self._glances(principal, org_id, ids)
        with self.engine.begin() as conn:
            referrals = referrals_of(conn, org_id=org_id, worker_ids=ids)
            follow_ups = follow_ups_of(conn, org_id=org_id, worker_ids=ids)
            every = _rows(people, glances, referrals, follow_ups)
            kept = order_rows([r for r in every if filters.keeps(r, today)], today)
            audit.record(
                conn,
                AuditAction.CASELOAD_LIST,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="caseload",
                target_id=org_id,
                details={"workers": len(kept)},
            )
        start = (page - 1) * size
        return CaseloadView(
            Page(kept[start : start + size], len(kept), page, size),
            due_now(every, today),
            self.navigators(org_id),
            today,
        )

    def worker(
        self, principal: Principal, org_id: str, worker_id: str, *, today: date | None = None
    ) -> CaseloadRecord:
        """One worker's caseload record: plan glance, every follow-up and every referral with
        its outcome history."""
        require_navigator(principal, org_id)
        name = self._require_shares(principal, org_id, worker_id)
        glances = self._glances(principal, org_id, [worker_id])
        with self.engine.begin() as conn:
            referrals = referrals_of(conn, org_id=org_id, worker_ids=[worker_id])
            follow_ups = follow_ups_of(conn, org_id=org_id, worker_ids=[worker_id])
            audit.record(
                conn,
                AuditAction.CASELOAD_VIEW,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="caseload",
                target_id=worker_id,
            )
            row = _rows({worker_id: name}, glances, referrals, follow_ups)[0]
            people = {r.made_by for r in referrals} | {
                h.recorded_by for r in referrals for h in r.history
            }
            names = _names(conn, {p for p in people if p})
        return CaseloadRecord(row, self.navigators(org_id), names, today or now().date())

    def choices(self, principal: Principal, org_id: str) -> Choices:
        """The training providers' programs, employers and open jobs a referral may name."""
        require_navigator(principal, org_id)
        o, a = t.organizations, cr.achievements
        found = Choices()
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(a.c.id, a.c.name, o.c.id.label("org_id"), o.c.name.label("org_name"))
                .join(o, o.c.id == a.c.org_id)
                .where(o.c.kind == str(OrgKind.TRAINING_PROVIDER))
                .order_by(o.c.name, a.c.name)
                .limit(MAX_CHOICES)
            ):
                found.programs.append((row.org_id, row.id, f"{row.name} ({row.org_name})"))
            for row in conn.execute(
                select(o.c.id, o.c.name)
                .where(o.c.kind == str(OrgKind.EMPLOYER))
                .order_by(o.c.name)
                .limit(MAX_CHOICES)
            ):
                found.employers.append((row.id, row.name))
            for row in conn.execute(
                select(j.jobs.c.id, j.jobs.c.title, o.c.id.label("org_id"), o.c.name)
                .join(o, o.c.id == j.jobs.c.org_id)
                .where(j.jobs.c.state == "open")
                .order_by(o.c.name, j.jobs.c.title)
                .limit(MAX_CHOICES)
            ):
                found.jobs.append((row.org_id, row.id, f"{row.title} ({row.name})"))
        return found

    # -- referrals ----------------------------------------------------------------------
    def refer(
        self,
        principal: Principal,
        org_id: str,
        worker_id: str,
        kind: ReferralKind,
        *,
        service: Service | None = None,
        target_org_id: str = "",
        target_ref: str = "",
        target_text: str = "",
        note: str = "",
        today: date | None = None,
    ) -> Referral:
        """Refer the worker to a program, a service or an employer; its outcome starts as
        pending, today."""
        policy.require_scope(principal, Scope.WRITE)
        require_navigator(principal, org_id)
        self._require_shares(principal, org_id, worker_id)
        target_text = clean_text(target_text, MAX_ABOUT, "what you refer them to", required=False)
        note = clean_text(note, MAX_NOTE, "the note", required=False)
        today = today or now().date()
        referral_id, moment = str(uuid.uuid4()), now()
        with write_transaction(self.engine) as conn:
            target_org, target_text = _target(
                conn, kind, service, target_org_id, target_ref, target_text
            )
            conn.execute(
                insert(c.caseload_referrals).values(
                    id=referral_id,
                    org_id=org_id,
                    worker_id=worker_id,
                    kind=str(kind),
                    service=str(service) if kind is ReferralKind.SERVICE and service else "",
                    target_org_id=target_org,
                    target_ref=target_ref if target_org else "",
                    target_text=target_text,
                    note=note,
                    made_by=principal.user.id,
                    made_at=moment,
                )
            )
            _add_outcome(conn, referral_id, Outcome.PENDING, today, "", principal.user.id)
            audit.record(
                conn,
                AuditAction.REFERRAL_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="referral",
                target_id=referral_id,
                details={"kind": str(kind)},
            )
            return referrals_of(conn, org_id=org_id, worker_ids=(), ids=[referral_id])[0]

    def set_outcome(
        self,
        principal: Principal,
        org_id: str,
        referral_id: str,
        outcome: Outcome,
        *,
        on: date | None = None,
        note: str = "",
        today: date | None = None,
    ) -> Referral:
        """Log how a referral went: a new row in its history, never a change to an old one."""
        policy.require_scope(principal, Scope.WRITE)
        require_navigator(principal, org_id)
        note = clean_text(note, MAX_NOTE, "the note", required=False)
        today = today or now().date()
        on = on or today
        if on > today:
            raise InvalidInputError("An outcome cannot be dated in the future.")
        with self.engine.connect() as conn:
            found = referrals_of(conn, org_id=org_id, worker_ids=(), ids=[referral_id])
        if not found:
            raise NotFoundError("There is no such referral in this caseload.")
        referral = found[0]
        self._require_shares(principal, org_id, referral.worker_id)
        if on < referral.history[0].on:
            raise InvalidInputError("An outcome cannot be dated before the referral.")
        with write_transaction(self.engine) as conn:
            _add_outcome(conn, referral_id, outcome, on, note, principal.user.id)
            audit.record(
                conn,
                AuditAction.REFERRAL_OUTCOME,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=referral.worker_id,
                target_type="referral",
                target_id=referral_id,
                details={"outcome": str(outcome)},
            )
            return referrals_of(conn, org_id=org_id, worker_ids=(), ids=[referral_id])[0]

    # -- follow-ups ---------------------------------------------------------------------
    def schedule(
        self,
        principal: Principal,
        org_id: str,
        worker_id: str,
        due: date,
        about: str,
        *,
        assigned_to: str = "",
        today: date | None = None,
    ) -> FollowUp:
        """Plan a follow-up with the worker, assigned to a navigator (the caller by default)."""
        policy.require_scope(principal, Scope.WRITE)
        require_navigator(principal, org_id)
        self._require_shares(principal, org_id, worker_id)
        about = clean_text(about, MAX_ABOUT, "what the follow-up is about")
        assigned_to = self._assignee(org_id, assigned_to or principal.user.id)
        _check_due(due, today or now().date())
        follow_up_id = str(uuid.uuid4())
        with write_transaction(self.engine) as conn:
            conn.execute(
                insert(c.caseload_follow_ups).values(
                    id=follow_up_id,
                    org_id=org_id,
                    worker_id=worker_id,
                    due=due,
                    about=about,
                    assigned_to=assigned_to,
                    created_by=principal.user.id,
                    created_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.FOLLOW_UP_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="follow_up",
                target_id=follow_up_id,
            )
            return follow_ups_of(conn, org_id=org_id, worker_ids=(), ids=[follow_up_id])[0]

    def change_follow_up(
        self,
        principal: Principal,
        org_id: str,
        follow_up_id: str,
        *,
        done: bool | None = None,
        due: date | None = None,
        assigned_to: str | None = None,
        today: date | None = None,
    ) -> FollowUp:
        """Mark a follow-up done (or open again), move it, or give it to another navigator."""
        policy.require_scope(principal, Scope.WRITE)
        require_navigator(principal, org_id)
        if assigned_to is not None:
            assigned_to = self._assignee(org_id, assigned_to)
        if due is not None:
            _check_due(due, today or now().date())
        with self.engine.connect() as conn:
            found = follow_ups_of(conn, org_id=org_id, worker_ids=(), ids=[follow_up_id])
        if not found:
            raise NotFoundError("There is no such follow-up in this caseload.")
        self._require_shares(principal, org_id, found[0].worker_id)
        values: dict[str, Any] = {}
        if done is not None:
            values |= (
                {"done_at": now(), "done_by": principal.user.id}
                if done
                else {"done_at": None, "done_by": None}
            )
        if due is not None:
            values["due"] = due
        if assigned_to is not None:
            values["assigned_to"] = assigned_to
        if not values:
            raise InvalidInputError("Say what to change: done, the date or who follows up.")
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(c.caseload_follow_ups)
                .where(c.caseload_follow_ups.c.id == follow_up_id)
                .values(**values)
            )
            audit.record(
                conn,
                AuditAction.FOLLOW_UP_UPDATE,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=found[0].worker_id,
                target_type="follow_up",
                target_id=follow_up_id,
                details={"changed": sorted(k for k in values if k != "done_by")},
            )
            return follow_ups_of(conn, org_id=org_id, worker_ids=(), ids=[follow_up_id])[0]

    def _assignee(self, org_id: str, user_id: str) -> str:
        if user_id not in {n for n, _ in self.navigators(org_id)}:
            raise InvalidInputError("Assign the follow-up to a navigator of your organization.")
        return user_id

    # -- the worker's own view ----------------------------------------------------------
    def for_worker(self, worker: Principal) -> list[tuple[str, Referral]]:
        """Every referral any organization made for the worker, with its name; the worker sees
        them whether or not they still share."""
        policy.require_worker(worker)
        with self.engine.connect() as conn:
            found = referrals_of(conn, org_id=None, worker_ids=[worker.user.id])
            orgs = _org_names(conn, {r.org_id for r in found} | _targets(found))
        return [(orgs.get(r.org_id, ""), r) for r in found]

    def export(self, worker: Principal) -> dict[str, Any]:
        """The worker's part of their account export: referrals and follow-ups about them."""
        if worker.user.kind.value != "worker":
            return {}
        with self.engine.connect() as conn:
            referrals = referrals_of(conn, org_id=None, worker_ids=[worker.user.id])
            follow_ups = follow_ups_of(conn, org_id=None, worker_ids=[worker.user.id])
            orgs = _org_names(conn, {r.org_id for r in referrals} | {f.org_id for f in follow_ups})
        return {
            "referrals": [referral_json(r, orgs.get(r.org_id, "")) for r in referrals],
            "follow_ups": [
                {
                    "organization": orgs.get(f.org_id, ""),
                    "due": f.due.isoformat(),
                    "about": f.about,
                    "done": f.done_at is not None,
                }
                for f in follow_ups
            ],
        }


# -- helpers ------------------------------------------------------------------------------
def _rows(
    people: dict[str, str],
    glances: dict[str, Any],
    referrals: list[Referral],
    follow_ups: list[FollowUp],
) -> list[CaseloadRow]:
    return [
        CaseloadRow(
            worker_id,
            name,
            glances.get(worker_id),
            tuple(f for f in follow_ups if f.worker_id == worker_id),
            tuple(r for r in referrals if r.worker_id == worker_id),
        )
        for worker_id, name in people.items()
    ]


def _check_due(due: date, today: date) -> None:
    if due < today:
        raise InvalidInputError("Pick today or a later day for the follow-up.")
    if due > today + FURTHEST:
        raise InvalidInputError("Pick a day within the next two years.")


def _add_outcome(
    conn: Any, referral_id: str, outcome: Outcome, on: date, note: str, by: str
) -> None:
    conn.execute(
        insert(c.caseload_referral_outcomes).values(
            id=str(uuid.uuid4()),
            referral_id=referral_id,
            outcome=str(outcome),
            on=on,
            note=note,
            recorded_by=by,
            recorded_at=now(),
        )
    )


def _target(
    conn: Any,
    kind: ReferralKind,
    service: Service | None,
    org_id: str,
    ref: str,
    text: str,
) -> tuple[str | None, str]:
    """The Onramp organization a referral points at (or None) and its words, checked: a
    program belongs to a training provider, a job is open at an employer."""
    o = t.organizations
    if kind is ReferralKind.SERVICE:
        if service is None:
            raise InvalidInputError("Choose the kind of help: " + _service_words() + ".")
        return None, text
    if kind is ReferralKind.TRAINING and ref:
        row = conn.execute(
            select(cr.achievements.c.name, o.c.id, o.c.name.label("org_name"), o.c.kind)
            .join(o, o.c.id == cr.achievements.c.org_id)
            .where(cr.achievements.c.id == ref)
        ).first()
        if row is None or row.kind != str(OrgKind.TRAINING_PROVIDER):
            raise InvalidInputError("That program is not one a training provider offers here.")
        return str(row.id), text or f"{row.name} ({row.org_name})"
    if kind is ReferralKind.EMPLOYER and ref:
        row = conn.execute(
            select(j.jobs.c.title, j.jobs.c.state, o.c.id, o.c.name)
            .join(o, o.c.id == j.jobs.c.org_id)
            .where(j.jobs.c.id == ref)
        ).first()
        if row is None or row.state != "open":
            raise InvalidInputError("That job is not open on Onramp.")
        return str(row.id), text or f"{row.title} ({row.name})"
    if org_id:
        wanted = OrgKind.TRAINING_PROVIDER if kind is ReferralKind.TRAINING else OrgKind.EMPLOYER
        row = conn.execute(select(o.c.name, o.c.kind).where(o.c.id == org_id)).first()
        if row is None or row.kind != str(wanted):
            raise InvalidInputError(
                "That organization is not a training provider."
                if wanted is OrgKind.TRAINING_PROVIDER
                else "That organization is not an employer."
            )
        return org_id, text or str(row.name)
    if not text:
        raise InvalidInputError(
            "Name the program, or pick one from Onramp."
            if kind is ReferralKind.TRAINING
            else "Name the employer, or pick one from Onramp."
        )
    return None, text


def _service_words() -> str:
    return ", ".join(s.label.lower() for s in Service)


def _targets(referrals: list[Referral]) -> set[str]:
    return {r.target_org_id for r in referrals if r.target_org_id}


def _org_names(conn: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    o = t.organizations
    rows = conn.execute(select(o.c.id, o.c.name).where(o.c.id.in_(list(ids)))).all()
    return {str(r.id): str(r.name) for r in rows}


def _names(conn: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    u = t.users
    rows = conn.execute(select(u.c.id, u.c.name).where(u.c.id.in_(list(ids)))).all()
    return {str(r.id): str(r.name) for r in rows}
