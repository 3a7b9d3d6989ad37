"""Mail: use cases hand a message to the outbox, and a transport delivers it.

A message with a live link in it (a password reset, an invitation, a credential claim) works like
a password until the link is used. So the outbox never keeps such a body readable: the body is
sealed with AES-256-GCM under the key-encryption key (KEK) in the secrets folder, bound to its
row, and it is wiped as soon as a transport has delivered it. What stays is what an operator
needs to see that mail went out: the recipient, the subject, the kind and the times.

The seam is `Mailer.send` (what use cases call) → `OutboxMailer` (the store) → `Transport.deliver`
(SMTP, a development mail viewer or the console; none is configured by default, so mail waits,
sealed, in the outbox until one is).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, delete, insert, select, update

from onramp.platform.secrets import load_kek, now, seal, unseal
from onramp.store import platform_tables as t
from onramp.vocabulary import LabeledEnum

log = logging.getLogger("onramp.mail")


class MailKind(LabeledEnum):
    """What a message is for; the ones with a live link say so."""

    PASSWORD_RESET = "password_reset", "A link to choose a new password"
    INVITATION = "invitation", "A link to join an organization"
    CREDENTIAL_CLAIM = "credential_claim", "A link to keep a credential in a wallet"
    EMAIL_CONFIRMATION = "email_confirmation", "A link to show an email address is yours"
    NOTICE = "notice", "A message without a link"

    @property
    def plain(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class Message:
    to: str
    subject: str
    body: str
    kind: MailKind = MailKind.NOTICE
    id: int = 0
    created_at: datetime | None = None


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str, kind: MailKind = MailKind.NOTICE) -> None: ...


class Transport(Protocol):
    """Hands a message to the world (or to a person at a development machine)."""

    def deliver(self, message: Message) -> None: ...


@dataclass
class MemoryTransport:
    """Keeps delivered messages in this process only: for tests and development viewers."""

    delivered: list[Message] = field(default_factory=list)

    def deliver(self, message: Message) -> None:
        self.delivered.append(message)


def _label(message_id: int) -> str:
    return f"outbox:{message_id}"


class OutboxMailer:
    """Queues each message in the `outbox` table, body sealed, and delivers it when a transport
    is set; a delivered message keeps only its non-secret details."""

    def __init__(
        self, engine: Engine, secrets_dir: Path, transport: Transport | None = None
    ) -> None:
        self.engine = engine
        self.secrets_dir = Path(secrets_dir)
        self.transport = transport

    def send(self, to: str, subject: str, body: str, kind: MailKind = MailKind.NOTICE) -> None:
        kek = load_kek(self.secrets_dir)
        with self.engine.begin() as conn:
            message_id: int = conn.execute(
                insert(t.outbox)
                .values(to_email=to, subject=subject, kind=str(kind), created_at=now())
                .returning(t.outbox.c.id)
            ).scalar_one()
            conn.execute(
                update(t.outbox)
                .where(t.outbox.c.id == message_id)
                .values(sealed_body=seal(kek, body.encode(), _label(message_id)))
            )
        log.info("mail #%s queued (%s)", message_id, kind.value)  # no address, no link
        if self.transport is not None:
            self.deliver_pending(self.transport, message_id)

    def pending(self, to: str | None = None, message_id: int | None = None) -> list[Message]:
        """Messages not yet delivered, opened: what a transport needs to send them."""
        query = select(t.outbox).where(t.outbox.c.sent_at.is_(None)).order_by(t.outbox.c.id)
        if to:
            query = query.where(t.outbox.c.to_email == to.lower())
        if message_id is not None:
            query = query.where(t.outbox.c.id == message_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return []
        kek = load_kek(self.secrets_dir)
        return [
            Message(
                r.to_email,
                r.subject,
                unseal(kek, r.sealed_body, _label(r.id)).decode(),
                MailKind(r.kind),
                r.id,
                r.created_at,
            )
            for r in rows
            if r.sealed_body is not None
        ]

    def deliver_pending(self, transport: Transport, message_id: int | None = None) -> int:
        """Hand waiting messages to `transport`; each one delivered is wiped down to its details.
        A message the transport refuses stays sealed, waiting for the next try."""
        delivered = 0
        for message in self.pending(message_id=message_id):
            try:
                transport.deliver(message)
            except Exception as error:  # noqa: BLE001 - any transport failure leaves it queued
                log.warning("mail #%s not delivered yet: %s", message.id, type(error).__name__)
                continue
            with self.engine.begin() as conn:
                conn.execute(
                    update(t.outbox)
                    .where(t.outbox.c.id == message.id, t.outbox.c.sent_at.is_(None))
                    .values(sent_at=now(), sealed_body=None)
                )
            delivered += 1
        return delivered

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        """What went out or waits to, without bodies: recipient, subject, kind and times."""
        o = t.outbox
        query = select(o.c.id, o.c.to_email, o.c.subject, o.c.kind, o.c.created_at, o.c.sent_at)
        if to:
            query = query.where(o.c.to_email == to.lower())
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(o.c.id))]


def forget_recipient(conn: Any, email: str) -> None:
    """Drop every message to an address (its owner deleted their account)."""
    conn.execute(delete(t.outbox).where(t.outbox.c.to_email == email.lower()))
