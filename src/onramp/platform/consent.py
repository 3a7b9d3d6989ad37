"""Consent: a worker lets one organization see chosen parts of their records, for a purpose,
until a date. The worker sees and can revoke every grant; every check reads the store, so a
revocation takes effect on the very next request.

Scope: {"parts": [...], "records": [ids], "skills": [uris]}. Parts are "profile" (name,
headline, summary, location), "contact" (email), "work_history", "records" (credentials
shared from the wallet) and "plan" (the career advancement plan, read by
`onramp.pathways.plans`, issue 15). "skills" is not offered yet: a worker has no skill profile
to share until the matching capability builds one (with the page where the worker sees and
edits it); the part comes back with it. Grants stored with it still read.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import ConsentGrant, Page, Principal, PurposeKind, Scope, SharingWorker
from onramp.platform.secrets import aware, now
from onramp.store import platform_tables as t
from onramp.store.rows import tuples_of

PARTS = ("profile", "contact", "work_history", "records", "plan")
MAX_DAYS = 366
# Parts that show the organization the worker's name: the profile holds it, and the credentials
# a worker shares name them (the opened presentation shows its holder).
NAMED_BY = frozenset({"profile", "records"})
PAGE_SIZE = 25  # workers listed on one page
MAX_PAGE_SIZE = 200


def _grant(row: Any) -> ConsentGrant:
    return ConsentGrant(
        row.id,
        row.worker_id,
        row.org_id,
        row.org_name,
        dict(row.scope),
        PurposeKind(row.purpose_kind),
        row.purpose_ref,
        row.purpose_text,
        aware(row.created_at),
        aware(row.expires_at),
        aware(row.revoked_at) if row.revoked_at else None,
    )


class Consents:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def grant(
        self,
        worker: Principal,
        org_id: str,
        parts: list[str],
        purpose_kind: PurposeKind,
        purpose_text: str,
        days: int = 90,
        purpose_ref: str = "",
        records: list[str] | None = None,
        skills: list[str] | None = None,
    ) -> ConsentGrant:
        with self.engine.begin() as conn:
            grant_id = self.grant_in(
                conn,
                worker,
                org_id,
                parts,
                purpose_kind,
                purpose_text,
                days,
                purpose_ref,
                records,
                skills,
            )
        return self.get(worker, grant_id)

    @staticmethod
    def grant_in(
        conn: Connection,
        worker: Principal,
        org_id: str,
        parts: list[str],
        purpose_kind: PurposeKind,
        purpose_text: str,
        days: int = 90,
        purpose_ref: str = "",
        records: list[str] | None = None,
        skills: list[str] | None = None,
    ) -> str:
        """`grant` inside the caller's transaction, so a use case that grants to several
        organizations at once (joining a training program) grants to all or none. Returns the
        grant's id."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.CONSENT)
        unknown = [p for p in parts if p not in PARTS]
        if not parts or unknown:
            raise InvalidInputError(f"Choose what to share from: {', '.join(PARTS)}.")
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInputError(f"Sharing can last from 1 to {MAX_DAYS} days.")
        purpose_text = " ".join(purpose_text.split())
        if not 3 <= len(purpose_text) <= 500:
            raise InvalidInputError("Say in a few words why you share this.")
        grant_id = str(uuid.uuid4())
        scope = {"parts": sorted(set(parts)), "records": records or [], "skills": skills or []}
        if not conn.execute(
            select(t.organizations.c.id).where(t.organizations.c.id == org_id)
        ).first():
            raise NotFoundError("no such organization")
        conn.execute(
            insert(t.consent_grants).values(
                id=grant_id,
                worker_id=worker.user.id,
                org_id=org_id,
                scope=scope,
                purpose_kind=str(purpose_kind),
                purpose_ref=purpose_ref,
                purpose_text=purpose_text,
                created_at=now(),
                expires_at=now() + timedelta(days=days),
            )
        )
        audit.record(
            conn,
            AuditAction.CONSENT_GRANT,
            actor_id=worker.user.id,
            org_id=org_id,
            subject_id=worker.user.id,
            target_type="consent",
            target_id=grant_id,
            details={"parts": scope["parts"], "purpose": str(purpose_kind)},
        )
        return grant_id

    def _rows(self, **where: str) -> list[ConsentGrant]:
        g, o = t.consent_grants, t.organizations
        query = select(g, o.c.name.label("org_name")).join(o, o.c.id == g.c.org_id)
        for column, value in where.items():
            query = query.where(g.c[column] == value)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(g.c.created_at.desc())).all()
        return [_grant(r) for r in rows]

    def to_org_unchecked(self, org_id: str) -> list[ConsentGrant]:
        """Every grant to an organization, for callers that checked membership themselves."""
        return self._rows(org_id=org_id)

    def of_worker_unchecked(self, worker_id: str) -> list[ConsentGrant]:
        """Every grant a worker gave, for callers that checked who may ask themselves."""
        return self._rows(worker_id=worker_id)

    def name_if_shared(self, org_id: str, worker_id: str) -> str:
        """The worker's name when an active grant to the organization shows it (NAMED_BY),
        else "" (for callers that checked membership themselves)."""
        moment = now()
        parts = {
            p
            for g in self._rows(worker_id=worker_id, org_id=org_id)
            if g.active_at(moment)
            for p in g.scope.get("parts", [])
        }
        if not NAMED_BY & parts:
            return ""
        with self.engine.connect() as conn:
            name = conn.execute(select(t.users.c.name).where(t.users.c.id == worker_id)).scalar()
        return str(name or "")

    def get(self, worker: Principal, grant_id: str) -> ConsentGrant:
        found = self._rows(id=grant_id, worker_id=worker.user.id)
        if not found:
            raise NotFoundError("no such consent grant")
        return found[0]

    def of_worker(self, worker: Principal) -> list[ConsentGrant]:
        """Every grant the worker ever gave, active or not: they can see all of them."""
        policy.require_worker(worker)
        return self._rows(worker_id=worker.user.id)

    def to_org(self, principal: Principal, org_id: str) -> list[ConsentGrant]:
        """The grants an organization holds now (active only), with the worker's name when the
        grant shares their profile."""
        policy.require_member(principal, org_id, admin_may=False)
        moment = now()
        grants = [g for g in self._rows(org_id=org_id) if g.active_at(moment)]
        named = [g.worker_id for g in grants if "profile" in g.scope.get("parts", [])]
        if named:
            with self.engine.connect() as conn:
                names: dict[str, str] = dict(
                    tuples_of(
                        conn.execute(
                            select(t.users.c.id, t.users.c.name).where(t.users.c.id.in_(named))
                        ).all()
                    )
                )
            for grant in grants:
                if grant.worker_id in named:
                    grant.worker_name = names.get(grant.worker_id, "")
        return grants

    def revoke(self, worker: Principal, grant_id: str) -> ConsentGrant:
        policy.require_scope(worker, Scope.CONSENT)
        grant = self.get(worker, grant_id)
        if grant.revoked_at is None:
            with self.engine.begin() as conn:
                conn.execute(
                    update(t.consent_grants)
                    .where(t.consent_grants.c.id == grant_id)
                    .values(revoked_at=now())
                )
                audit.record(
                    conn,
                    AuditAction.CONSENT_REVOKE,
                    actor_id=worker.user.id,
                    org_id=grant.org_id,
                    subject_id=worker.user.id,
                    target_type="consent",
                    target_id=grant_id,
                )
        return self.get(worker, grant_id)

    def workers_sharing(
        self, principal: Principal, org_id: str, *, page: int = 1, size: int = PAGE_SIZE
    ) -> Page[SharingWorker]:
        """The workers who share something with the organization now: one entry per person,
        however many grants they gave, named when a grant shows their name; a page at a time,
        by name."""
        policy.require_member(principal, org_id, admin_may=False)
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidInputError(f"Ask for page 1 or later, with 1 to {MAX_PAGE_SIZE} rows.")
        moment = now()
        people: dict[str, SharingWorker] = {}
        for grant in self._rows(org_id=org_id):
            if not grant.active_at(moment):
                continue
            person = people.setdefault(
                grant.worker_id, SharingWorker(grant.worker_id, "", [], [], grant.expires_at)
            )
            person.parts = sorted(set(person.parts) | set(grant.scope.get("parts", [])))
            if grant.purpose_text not in person.purposes:
                person.purposes.append(grant.purpose_text)
            person.until = max(person.until, grant.expires_at)
        named = [w.worker_id for w in people.values() if NAMED_BY & set(w.parts)]
        if named:
            with self.engine.connect() as conn:
                names = dict(
                    tuples_of(
                        conn.execute(
                            select(t.users.c.id, t.users.c.name).where(t.users.c.id.in_(named))
                        ).all()
                    )
                )
            for worker_id in named:
                people[worker_id].name = str(names.get(worker_id, ""))
        ordered = sorted(people.values(), key=lambda w: (not w.name, w.name.lower(), w.worker_id))
        start = (page - 1) * size
        return Page(ordered[start : start + size], len(ordered), page, size)

    def worker_view(self, principal: Principal, org_id: str, worker_id: str) -> dict[str, Any]:
        """What an organization may see of a worker, now, under its active grants (any part:
        a worker who shared only credentials still has a page); the view is recorded in the
        audit log, which the worker can read."""
        policy.require_member(principal, org_id, admin_may=False)
        moment = now()
        grants = [g for g in self._rows(worker_id=worker_id, org_id=org_id) if g.active_at(moment)]
        if not grants:
            raise PermissionDeniedError(
                "This worker has not shared this with your organization, or the sharing has ended."
            )
        allowed = {p for g in grants for p in g.scope.get("parts", [])}
        with self.engine.begin() as conn:
            user = conn.execute(select(t.users).where(t.users.c.id == worker_id)).first()
            profile = conn.execute(
                select(t.worker_profiles).where(t.worker_profiles.c.user_id == worker_id)
            ).first()
            if user is None or profile is None:
                raise NotFoundError("no such worker")
            audit.record(
                conn,
                AuditAction.WORKER_VIEW,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="consent",
                target_id=grants[0].id,
                details={"parts": sorted(allowed)},
            )
        view: dict[str, Any] = {
            "worker_id": worker_id,
            "name": user.name if NAMED_BY & allowed else "",
            "shared": sorted(allowed),
            "grant_id": grants[0].id,
            "purposes": list(dict.fromkeys(g.purpose_text for g in grants)),
            "until": max(g.expires_at for g in grants),
        }
        if "profile" in allowed:
            view |= {
                "headline": profile.headline,
                "summary": profile.summary,
                "location": profile.location,
            }
        if "contact" in allowed:
            view["email"] = user.email
        if "work_history" in allowed:
            view["work_history"] = list(profile.work_history)
        return view
