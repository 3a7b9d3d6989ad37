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
    "plan": "career plan",
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


# What the people who hire for a job do to a candidate before anyone reveals them: on the
# organization's log these name the candidate only after a reveal for that job, or the log
# would join a blind alias to a name by time (decisions/0023).
CANDIDATE_ACTIONS = frozenset(
    {
        AuditAction.EVIDENCE_VIEW,
        AuditAction.ONBOARDING_PLAN_CREATE,
        AuditAction.ONBOARDING_PLAN_UPDATE,
    }
)
CANDIDATE = "a candidate"


def _job_of(entry: AuditEntry) -> str | None:
    """The job an entry about a candidate was for, or None when it was not about a job."""
    if entry.action not in CANDIDATE_ACTIONS or not entry.subject_id:
        return None
    if entry.target_type == "job":
        return entry.target_id
    job = entry.details.get("job")
    return str(job) if job else None


def _revealed(engine: Engine, org_id: str) -> set[tuple[str, str]]:
    """(job, worker) for each candidate someone in the organization has revealed."""
    log = t.audit_log
    with engine.connect() as conn:
        rows = conn.execute(
            select(log.c.target_id, log.c.subject_id)
            .where(
                log.c.action == str(AuditAction.CANDIDATE_REVEAL),
                log.c.org_id == org_id,
                log.c.target_type == "job",
            )
            .distinct()
        ).all()
    return {(str(r.target_id), str(r.subject_id)) for r in rows}


def org_activity(engine: Engine, principal: Principal, org_id: str) -> list[ActivityLine]:
    """An organization's log, for its admins (the policy check is in `audit.org_log`). What
    was done to a job's candidate names them only once someone revealed them for that job."""
    entries = audit.org_log(engine, principal, org_id)
    users, orgs = _names(engine, entries)
    shown = _revealed(engine, org_id) if any(_job_of(e) for e in entries) else set()
    lines = []
    for e in entries:
        job = _job_of(e)
        if job is not None and (job, e.subject_id) not in shown:
            text = sentence(e, principal.user.id, {**users, str(e.subject_id): CANDIDATE}, orgs)
        else:
            text = sentence(e, principal.user.id, users, orgs)
        lines.append(ActivityLine(e.at, e.action, text))
    return lines
