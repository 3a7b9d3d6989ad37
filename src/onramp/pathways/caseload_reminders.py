"""Reminder emails for the caseload (issue 15, item 5): one digest a day to each navigator who
has check-ins due (past due, or due in the next 7 days), through the platform's outbox.

Run by `onramp caseload remind` (from cron, say). It is idempotent per day: the digest is
claimed in `caseload_reminders` (one row per organization, navigator and day) in the same
transaction as its audit entry, and only a new claim queues mail, so running it twice the same
day sends nothing new. The claim comes before the mail is queued: if queueing fails, that day's
digest is lost rather than sent twice (a reminder is not worth a duplicate). Only workers who
share with the organization now are counted; a navigator who left the organization gets none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, insert, select

from onramp.pathways.caseload_model import Due, DueItem
from onramp.pathways.caseload_rows import follow_ups_of
from onramp.platform import audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.secrets import now
from onramp.store import caseload_tables as c
from onramp.store import platform_tables as t
from onramp.store.engine import write_transaction

NAVIGATOR_ROLES = ("navigator", "org_admin")


@dataclass(frozen=True, slots=True)
class Reminder:
    org_id: str
    navigator_id: str
    follow_ups: int
    sent: bool  # False: already sent today

    def as_json(self) -> dict[str, Any]:
        return {
            "org_id": self.org_id,
            "navigator_id": self.navigator_id,
            "follow_ups": self.follow_ups,
            "sent": self.sent,
        }


class Reminders:
    def __init__(self, engine: Engine, mailer: Mailer, links: Links) -> None:
        self.engine = engine
        self.mailer = mailer
        self.links = links
        self.consents = Consents(engine)

    def send_due(self, today: date | None = None) -> list[Reminder]:
        """Queue today's digest for every navigator with check-ins due who has not had one."""
        today = today or now().date()
        found: list[Reminder] = []
        for (org_id, navigator_id), items in sorted(self._due(today).items()):
            sent = self._claim(org_id, navigator_id, today, len(items))
            if sent:
                self._mail(org_id, navigator_id, items)
            found.append(Reminder(org_id, navigator_id, len(items), sent))
        return found

    def _due(self, today: date) -> dict[tuple[str, str], list[DueItem]]:
        """(organization, navigator) -> their check-ins due, for workers sharing now."""
        f, m = c.caseload_follow_ups, t.memberships
        moment = now()
        with self.engine.connect() as conn:
            orgs = [
                str(r[0])
                for r in conn.execute(
                    select(f.c.org_id).where(f.c.done_at.is_(None)).distinct()
                ).all()
            ]
            grouped: dict[tuple[str, str], list[DueItem]] = defaultdict(list)
            for org_id in orgs:
                grants = self.consents.to_org_unchecked(org_id)  # a system job: no member
                sharing = {x.worker_id for x in grants if x.active_at(moment)}
                named = {
                    x.worker_id
                    for x in grants
                    if x.active_at(moment) and "profile" in x.scope.get("parts", [])
                }
                navigators = {
                    str(r[0])
                    for r in conn.execute(
                        select(m.c.user_id).where(
                            m.c.org_id == org_id, m.c.role.in_(NAVIGATOR_ROLES)
                        )
                    ).all()
                }
                names = _names(conn, named)
                for item in follow_ups_of(
                    conn, org_id=org_id, worker_ids=sorted(sharing), open_only=True
                ):
                    state = item.due_state(today)
                    if state not in (Due.OVERDUE, Due.THIS_WEEK):
                        continue
                    if item.assigned_to not in navigators:
                        continue
                    name = names.get(item.worker_id, "")
                    grouped[(org_id, str(item.assigned_to))].append(DueItem(item, name, state))
        return grouped

    def _claim(self, org_id: str, navigator_id: str, today: date, count: int) -> bool:
        r = c.caseload_reminders
        with write_transaction(self.engine, f"caseload-remind:{org_id}:{navigator_id}") as conn:
            done = conn.execute(
                select(r.c.day).where(
                    r.c.org_id == org_id, r.c.navigator_id == navigator_id, r.c.day == today
                )
            ).first()
            if done is not None:
                return False
            conn.execute(
                insert(r).values(
                    org_id=org_id,
                    navigator_id=navigator_id,
                    day=today,
                    follow_ups=count,
                    sent_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.CASELOAD_REMIND,
                actor_id=None,
                org_id=org_id,
                target_type="user",
                target_id=navigator_id,
                details={"follow_ups": count},
            )
        return True

    def _mail(self, org_id: str, navigator_id: str, items: list[DueItem]) -> None:
        with self.engine.connect() as conn:
            user = conn.execute(
                select(t.users.c.email, t.users.c.name).where(t.users.c.id == navigator_id)
            ).first()
            org = conn.execute(
                select(t.organizations.c.name).where(t.organizations.c.id == org_id)
            ).scalar()
        if user is None:
            return
        subject, body = digest(str(user.name), str(org), items, self.caseload_url(org_id))
        self.mailer.send(str(user.email), subject, body, MailKind.FOLLOW_UP_REMINDER)

    def caseload_url(self, org_id: str) -> str:
        return f"{self.links.public_url}/orgs/{org_id}/caseload"


def digest(name: str, org: str, items: list[DueItem], url: str) -> tuple[str, str]:
    """The reminder email: a subject and a plain-text body, soonest first."""
    items = sorted(items, key=lambda i: (i.follow_up.due, i.worker_name))
    late = sum(1 for i in items if i.state is Due.OVERDUE)
    count = f"{len(items)} check-in{'s' if len(items) != 1 else ''}"
    subject = f"{count} due at {org}" + (f" ({late} past due)" if late else "")
    lines = [f"Hello {name},", "", f"You have {count} with workers due at {org}:", ""]
    for item in items:
        when = item.follow_up.due.strftime("%b %d, %Y")
        who = item.worker_name or "a worker who did not share their name"
        said = "Past due since" if item.state is Due.OVERDUE else "Due"
        lines.append(f"- {said} {when}: {item.follow_up.about} (with {who})")
    lines += ["", f"See your caseload: {url}", "", "Onramp sends this once a day when check-ins"]
    lines.append("are due. Mark a check-in done on the caseload page to stop it.")
    return subject, "\n".join(lines)


def _names(conn: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    u = t.users
    rows = conn.execute(select(u.c.id, u.c.name).where(u.c.id.in_(list(ids)))).all()
    return {str(r.id): str(r.name) for r in rows}
