"""The audit log as sentences for the person reading it.

A worker reads what happened to their own data ("Maria Lopez looked at what you shared with
Demo Northside Career Center."); an organization's admin reads what happened in it ("You added
Jordan Lee to Demo Northside Career Center."). Each sentence comes from the action's
`AuditAction` label; this module only decides who "you" is and fills in the names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from onramp.platform import audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import AuditEntry, Principal
from onramp.store import platform_tables as t

# Shared parts, named the same way for the worker and for the organization.
PART_NAMES = {
    "profile": "profile",
    "contact": "email address",
    "work_history": "work history",
    "records": "credentials",
    "skills": "skills",
}
NOBODY = "Onramp"  # an entry with no person behind it (demo data, a system step)
GONE = "Someone"  # an account that has since been deleted


@dataclass(frozen=True, slots=True)
class ActivityLine:
    at: datetime
    action: str
    text: str


def _names(engine: Engine, entries: list[AuditEntry]) -> tuple[dict[str, str], dict[str, str]]:
    people = {e.actor_id for e in entries if e.actor_id} | {
        e.subject_id for e in entries if e.subject_id
    }
    people |= {e.target_id for e in entries if e.target_type == "user" and e.target_id}
    orgs = {e.org_id for e in entries if e.org_id}
    users: dict[str, str] = {}
    org_names: dict[str, str] = {}
    with engine.connect() as conn:
        if people:
            rows = conn.execute(
                select(t.users.c.id, t.users.c.name).where(t.users.c.id.in_(people))
            ).all()
            users = {row.id: row.name for row in rows}
        if orgs:
            rows = conn.execute(
                select(t.organizations.c.id, t.organizations.c.name).where(
                    t.organizations.c.id.in_(orgs)
                )
            ).all()
            org_names = {row.id: row.name for row in rows}
    return users, org_names


def sentence(entry: AuditEntry, reader_id: str, users: dict[str, str], orgs: dict[str, str]) -> str:
    """One entry in plain words, from the reader's point of view."""
    try:
        action = AuditAction(entry.action)
    except ValueError:  # an action from a newer version: say so rather than show a code
        return "Something changed that this version of Onramp cannot describe."
    if entry.actor_id is None:
        actor = GONE if entry.action == AuditAction.ACCOUNT_DELETE else NOBODY
    elif entry.actor_id == reader_id:
        actor = "You"
    else:
        actor = users.get(entry.actor_id, GONE)
    if entry.subject_id == reader_id:
        subject, subjects = "you", "your"
    elif entry.subject_id and entry.subject_id in users:
        subject = users[entry.subject_id]
        subjects = f"{subject}'s"
    else:
        subject, subjects = "someone", "someone's"
    if entry.target_type == "user" and entry.target_id == reader_id:
        target = "you"
    elif entry.target_type == "user" and entry.target_id in users:
        target = users[entry.target_id]
    else:
        target = "a member"
    text = action.label.format(
        actor=actor,
        subjects=subjects,
        subject=subject,
        target=target,
        org=orgs.get(entry.org_id or "", "an organization"),
    )
    parts = entry.details.get("parts")
    if parts:
        named = [PART_NAMES.get(str(p), str(p)) for p in parts]
        text = f"{text[:-1]}: {', '.join(named)}."
    return text


def describe(engine: Engine, entries: list[AuditEntry], reader_id: str) -> list[ActivityLine]:
    users, orgs = _names(engine, entries)
    return [ActivityLine(e.at, e.action, sentence(e, reader_id, users, orgs)) for e in entries]


def my_activity(engine: Engine, principal: Principal, limit: int = 200) -> list[ActivityLine]:
    """What happened to the caller's own data, and what they did themselves."""
    entries = audit.about_worker(engine, principal.user.id, limit)
    return describe(engine, entries, principal.user.id)


def org_activity(engine: Engine, principal: Principal, org_id: str) -> list[ActivityLine]:
    """An organization's log, for its admins (the policy check is in `audit.org_log`)."""
    entries = audit.org_log(engine, principal, org_id)
    return describe(engine, entries, principal.user.id)
