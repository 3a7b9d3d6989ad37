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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, delete, insert, or_, select, update

from onramp.platform.secrets import aware, load_kek, now, seal, unseal
from onramp.store import platform_tables as t
from onramp.vocabulary import LabeledEnum

log = logging.getLogger("onramp.mail")

# A message a transport could not hand over is tried again later, each wait twice the last
# (1, 2, 4 ... minutes, at most an hour), and given up after MAX_ATTEMPTS tries (about a day).
MAX_ATTEMPTS = 10
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
# One sender holds a message this long while it hands it over, so two processes (the server's
# relay and `onramp mail deliver`, or two servers) never send the same message twice.
LEASE = timedelta(minutes=5)


def wait_after(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed try."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


class MailRefused(Exception):  # noqa: N818 - a transport's answer, not a bug
    """The receiving server refused the message for good (an SMTP 5xx): trying again won't help."""


class MailKind(LabeledEnum):
    """What a message is for; the ones with a live link say so."""

    PASSWORD_RESET = "password_reset", "A link to choose a new password"
    INVITATION = "invitation", "A link to join an organization"
    CREDENTIAL_CLAIM = "credential_claim", "A link to keep a credential in a wallet"
    EMAIL_CONFIRMATION = "email_confirmation", "A link to show an email address is yours"
    NOTICE = "notice", "A message without a link"
    FOLLOW_UP_REMINDER = "follow_up_reminder", "A list of check-ins with workers that are due"
    FAIRNESS_ALERT = "fairness_alert", "A warning that a group was picked less often for jobs"

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

    def deliver_pending(
        self, transport: Transport, message_id: int | None = None, *, everything: bool = False
    ) -> int:
        """Hand waiting messages that are due to `transport`; each one delivered is wiped down to
        its details. A message the transport could not take stays sealed and is tried again after
        a wait that doubles each time (`wait_after`); a refused one, or one tried MAX_ATTEMPTS
        times, is given up. `everything` tries every waiting message now, given up or not."""
        due = {m.id for m in self.pending(message_id=message_id)} if everything else self._due()
        delivered = 0
        for message in self.pending(message_id=message_id):
            if message.id not in due or not self._lease(message.id):
                continue
            try:
                transport.deliver(message)
            except Exception as error:  # noqa: BLE001 - any transport failure leaves it queued
                self._failed(message.id, error)
                continue
            with self.engine.begin() as conn:
                conn.execute(
                    update(t.outbox)
                    .where(t.outbox.c.id == message.id, t.outbox.c.sent_at.is_(None))
                    .values(sent_at=now(), sealed_body=None, next_try_at=None, leased_until=None)
                )
            delivered += 1
        return delivered

    def _lease(self, message_id: int) -> bool:
        """Take the message for this sender, unless another one holds it."""
        o = t.outbox
        moment = now()
        with self.engine.begin() as conn:
            won = conn.execute(
                update(o)
                .where(
                    o.c.id == message_id,
                    o.c.sent_at.is_(None),
                    or_(o.c.leased_until.is_(None), o.c.leased_until < moment),
                )
                .values(leased_until=moment + LEASE)
            )
        return bool(won.rowcount == 1)

    def _due(self) -> set[int]:
        o = t.outbox
        moment = now()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(o.c.id, o.c.next_try_at).where(
                    o.c.sent_at.is_(None), o.c.attempts < MAX_ATTEMPTS
                )
            ).all()
        return {r.id for r in rows if r.next_try_at is None or aware(r.next_try_at) <= moment}

    def _failed(self, message_id: int, error: Exception) -> None:
        o = t.outbox
        reason = f"{type(error).__name__}: {error}"[:200]
        with self.engine.begin() as conn:
            attempts: int = conn.execute(
                select(o.c.attempts).where(o.c.id == message_id)
            ).scalar_one()
            attempts = MAX_ATTEMPTS if isinstance(error, MailRefused) else attempts + 1
            conn.execute(
                update(o)
                .where(o.c.id == message_id)
                .values(
                    attempts=attempts,
                    last_error=reason,
                    leased_until=None,
                    next_try_at=now() + wait_after(attempts) if attempts < MAX_ATTEMPTS else None,
                )
            )
        log.warning(
            "mail #%s not delivered (try %s of %s): %s",
            message_id,
            attempts,
            MAX_ATTEMPTS,
            type(error).__name__,
        )

    def messages(
        self, to: str | None = None, *, newest_first: bool = False, limit: int = 500
    ) -> list[dict[str, Any]]:
        """What went out or waits to, without bodies: recipient, subject, kind, times, tries
        and the last error, and a plain `state`."""
        o = t.outbox
        query = select(
            o.c.id,
            o.c.to_email,
            o.c.subject,
            o.c.kind,
            o.c.created_at,
            o.c.sent_at,
            o.c.attempts,
            o.c.next_try_at,
            o.c.last_error,
        )
        if to:
            query = query.where(o.c.to_email == to.lower())
        with self.engine.connect() as conn:
            order = o.c.id.desc() if newest_first else o.c.id
            rows = [dict(r._mapping) for r in conn.execute(query.order_by(order).limit(limit))]
        for row in rows:
            row["state"] = (
                "sent"
                if row["sent_at"] is not None
                else "given up"
                if row["attempts"] >= MAX_ATTEMPTS
                else "waiting"
            )
        return rows


def forget_recipient(conn: Any, email: str) -> None:
    """Drop every message to an address (its owner deleted their account)."""
    conn.execute(delete(t.outbox).where(t.outbox.c.to_email == email.lower()))
