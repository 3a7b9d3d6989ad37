"""Email through a pluggable sender. Development writes to the outbox table and the console."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy import Engine, insert, select

from onramp.platform.secrets import now
from onramp.store import platform_tables as t

log = logging.getLogger("onramp.mail")


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class OutboxMailer:
    """Keeps every message in the `outbox` table and logs it, so nothing leaves the machine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def send(self, to: str, subject: str, body: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.outbox).values(to_email=to, subject=subject, body=body, created_at=now())
            )
        log.info("mail to %s: %s\n%s", to, subject, body)

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        query = select(t.outbox).order_by(t.outbox.c.id)
        if to:
            query = query.where(t.outbox.c.to_email == to.lower())
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
