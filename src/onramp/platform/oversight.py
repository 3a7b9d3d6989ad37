"""What a platform admin oversees: every organization, its people and pending invitations,
and the outbox. Platform admins stay outside organizations (ADR 8): nothing here reads what
workers shared, and nothing here acts inside a tenant (inviting, issuing, signing)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from onramp.errors import NotFoundError
from onramp.platform import policy
from onramp.platform.mail import Mailer, Message, OutboxMailer, Transport
from onramp.platform.model import Principal, Scope
from onramp.platform.orgs import Orgs, org_of
from onramp.store import platform_tables as t


class Oversight:
    def __init__(self, engine: Engine, mailer: Mailer, orgs: Orgs) -> None:
        self.engine = engine
        self.mailer = mailer
        self.orgs = orgs

    def organizations(self, principal: Principal) -> list[dict[str, Any]]:
        """Every organization with how many people belong to it and invitations waiting."""
        policy.require_platform_admin(principal)
        o, m = t.organizations, t.memberships
        people = (
            select(m.c.org_id, func.count(func.distinct(m.c.user_id)).label("people"))
            .group_by(m.c.org_id)
            .subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(o, people.c.people)
                .outerjoin(people, people.c.org_id == o.c.id)
                .order_by(o.c.name)
            ).all()
        waiting: dict[str, int] = {}
        for invitation in self.orgs.pending_rows(None):
            if not invitation["expired"]:
                waiting[invitation["org_id"]] = waiting.get(invitation["org_id"], 0) + 1
        return [
            {"org": org_of(r), "people": r.people or 0, "invitations": waiting.get(r.id, 0)}
            for r in rows
        ]

    def people(self, principal: Principal, org_id: str) -> list[dict[str, Any]]:
        """An organization's members, one row per person with all their roles."""
        policy.require_platform_admin(principal)
        return self.orgs.people(principal, org_id)

    def invitations(self, principal: Principal, org_id: str | None = None) -> list[dict[str, Any]]:
        policy.require_platform_admin(principal)
        return self.orgs.pending_rows(org_id)

    def outbox(self, principal: Principal) -> list[dict[str, Any]]:
        """The newest mail, without bodies: recipient, subject, state, tries, last error."""
        policy.require_platform_admin(principal)
        if not isinstance(self.mailer, OutboxMailer):
            return []
        return self.mailer.messages(newest_first=True, limit=200)

    def deliver_now(self, principal: Principal, transport: Transport | None) -> int:
        """Try every waiting message now (after fixing SMTP, say)."""
        policy.require_scope(principal, Scope.ADMIN)
        policy.require_platform_admin(principal)
        if transport is None or not isinstance(self.mailer, OutboxMailer):
            raise NotFoundError("No mail transport is set up, so mail waits in the outbox.")
        return self.mailer.deliver_pending(transport, everything=True)

    def dev_messages(self, principal: Principal, mailbox: Any) -> list[Message]:
        """Messages the development mailbox delivered in this process, bodies included:
        development only (no such mailbox runs with SMTP)."""
        from onramp.platform.mail_transports import DevMailbox

        policy.require_platform_admin(principal)
        if not isinstance(mailbox, DevMailbox):
            return []
        return mailbox.listed()

    def dev_message(self, principal: Principal, mailbox: Any, message_id: int) -> Message:
        for message in self.dev_messages(principal, mailbox):
            if message.id == message_id:
                return message
        raise NotFoundError("That message is not in the development mailbox.")
