"""The audit log: an append-only record of who viewed or changed what.

Entries are only ever inserted. When an account is deleted the store sets its IDs in old entries
to null (ON DELETE SET NULL), and `scrub_subject` removes personal details, so what stays is the
non-personal skeleton: when, which action, which organization.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from onramp.platform import policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import AuditEntry, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import platform_tables as t


def record(
    conn: Connection,
    action: AuditAction,
    *,
    actor_id: str | None,
    org_id: str | None = None,
    subject_id: str | None = None,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Write one entry inside the caller's transaction, so the entry and the change it
    describes are stored together or not at all. Only actions of the vocabulary are stored
    (an unknown one raises), so every entry has a sentence to show."""
    action = AuditAction(action)
    conn.execute(
        insert(t.audit_log).values(
            at=now(),
            action=str(action),
            actor_id=actor_id,
            org_id=org_id,
            subject_id=subject_id,
            target_type=target_type,
            target_id=target_id,
            details=details or {},
        )
    )


def record_each(
    conn: Connection,
    action: AuditAction,
    *,
    actor_id: str | None,
    org_id: str | None,
    about: list[tuple[str, str, str]],
) -> None:
    """One entry per (subject id, target type, target id), written in one statement: a list
    view that shows many workers at once still leaves each worker an entry they can read."""
    if not about:
        return
    action = AuditAction(action)
    moment = now()
    conn.execute(
        insert(t.audit_log),
        [
            {
                "at": moment,
                "action": str(action),
                "actor_id": actor_id,
                "org_id": org_id,
                "subject_id": subject_id,
                "target_type": target_type,
                "target_id": target_id,
                "details": {},
            }
            for subject_id, target_type, target_id in about
        ],
    )


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        row.id,
        row.at,
        row.action,
        row.actor_id,
        row.org_id,
        row.subject_id,
        row.target_type,
        row.target_id,
        dict(row.details or {}),
    )


def about_worker(
    engine: Engine, worker_id: str, limit: int = 200, *, action: AuditAction | None = None
) -> list[AuditEntry]:
    """What happened to a worker's data, and what they did themselves (only `action`, when
    given)."""
    log = t.audit_log
    query = select(log).where(or_(log.c.subject_id == worker_id, log.c.actor_id == worker_id))
    if action is not None:
        query = query.where(log.c.action == action.value)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(log.c.id.desc()).limit(limit)).all()
    return [_entry(r) for r in rows]


def for_org(engine: Engine, org_id: str, limit: int = 200) -> list[AuditEntry]:
    log = t.audit_log
    with engine.connect() as conn:
        rows = conn.execute(
            select(log).where(log.c.org_id == org_id).order_by(log.c.id.desc()).limit(limit)
        ).all()
    return [_entry(r) for r in rows]


def org_log(engine: Engine, principal: Principal, org_id: str) -> list[AuditEntry]:
    """An organization's log, for its admins (and platform admins) with the admin scope."""
    policy.require_org_admin(principal, org_id)
    return for_org(engine, org_id)


def visible_to(engine: Engine, principal: Principal) -> list[AuditEntry]:
    """Entries about the caller, and, with the admin scope, those of every organization they
    administer; newest first. A read-only token sees only the first kind."""
    entries = about_worker(engine, principal.user.id)
    if Scope.ADMIN in principal.scopes:
        for membership in principal.memberships:
            if membership.role is Role.ORG_ADMIN:
                entries.extend(for_org(engine, membership.org_id))
    unique = {e.id: e for e in entries}
    return sorted(unique.values(), key=lambda e: -e.id)


def scrub_subject(conn: Connection, user_id: str) -> None:
    """Drop personal details from entries about or by a user who is deleting their account."""
    log = t.audit_log
    conn.execute(
        update(log)
        .where(or_(log.c.subject_id == user_id, log.c.actor_id == user_id))
        .values(details={}, target_id="")
    )
