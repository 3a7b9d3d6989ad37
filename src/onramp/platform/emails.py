"""Email addresses a person has shown they control.

Signing up with an address proves nothing about who owns it. A credential that names an email
(an OB 3.0 IdentityObject) is bound to a worker only through an address the worker has
confirmed: by opening a link mailed to it, by claiming a credential mailed to it, by accepting an
invitation sent to it, or by resetting a password through it. Each way is a `Proof`.

Only the SHA-256 of a pending link's token is kept; a link works once, for one day.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Connection, Engine, delete, select, update

from onramp.errors import InvalidInputError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.email_address import normalize_email
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import aware, new_token, now, token_hash
from onramp.store import platform_tables as t
from onramp.vocabulary import LabeledEnum

LINK_VALID = timedelta(days=1)
MAX_PENDING = 5  # unconfirmed addresses one person may have waiting at once


class Proof(LabeledEnum):
    """How a person showed they control an address."""

    LINK = "link", "You opened a link we sent to this address."
    CLAIM = "claim", "You claimed a credential sent to this address."
    INVITATION = "invitation", "You joined through an invite sent to this address."
    RESET = "reset", "You reset your password through this address."
    DEMO = "demo", "This is a made-up demo account."


def normalize(email: str) -> str:
    return email.strip().lower()


def record_confirmed(conn: Connection, user_id: str, email: str, proof: Proof) -> None:
    """Note, inside the caller's transaction, that `user_id` controls `email`. The newest proof
    wins: an address confirmed by someone else before stops counting for them."""
    address = normalize(email)
    if "@" not in address:
        return
    moment = now()
    e = t.user_emails
    conn.execute(
        update(e)
        .where(e.c.email == address, e.c.user_id != user_id)
        .values(confirmed_at=None, token_hash=None, token_expires_at=None)
    )
    found = conn.execute(
        select(e.c.id).where(e.c.user_id == user_id, e.c.email == address)
    ).scalar()
    values = {"confirmed_at": moment, "how": str(proof), "token_hash": None}
    if found is None:
        conn.execute(
            e.insert().values(
                id=str(uuid.uuid4()),
                user_id=user_id,
                email=address,
                created_at=moment,
                token_expires_at=None,
                **values,
            )
        )
    else:
        conn.execute(update(e).where(e.c.id == found).values(token_expires_at=None, **values))
    audit.record(
        conn,
        AuditAction.ACCOUNT_EMAIL_CONFIRMED,
        actor_id=user_id,
        subject_id=user_id,
        target_type="user",
        target_id=user_id,
        details={"how": str(proof)},
    )


def addresses_of(engine: Engine, user_id: str) -> list[dict[str, object]]:
    """A person's addresses, confirmed or waiting (never a token), e.g. for their data export."""
    e = t.user_emails
    with engine.connect() as conn:
        rows = conn.execute(
            select(e.c.email, e.c.confirmed_at, e.c.how)
            .where(e.c.user_id == user_id)
            .order_by(e.c.email)
        ).all()
    return [
        {
            "email": r.email,
            "confirmed": r.confirmed_at is not None,
            "how": Proof(r.how).label if r.confirmed_at is not None and r.how else "",
        }
        for r in rows
    ]


class Emails:
    def __init__(self, engine: Engine, mailer: Mailer, links: Links) -> None:
        self.engine = engine
        self.mailer = mailer
        self.links = links

    def confirmed(self, user_id: str) -> frozenset[str]:
        """The addresses this person has confirmed (lower-cased)."""
        e = t.user_emails
        with self.engine.connect() as conn:
            rows: list[str] = list(
                conn.execute(
                    select(e.c.email).where(e.c.user_id == user_id, e.c.confirmed_at.is_not(None))
                ).scalars()
            )
        return frozenset(rows)

    def worker_with(self, email: str) -> str | None:
        """The worker account that has confirmed `email`, if any: only a confirmed address
        may receive a credential issued to that address straight into a wallet (ADR 12)."""
        e, u = t.user_emails, t.users
        with self.engine.connect() as conn:
            found: str | None = conn.execute(
                select(e.c.user_id)
                .join(u, u.c.id == e.c.user_id)
                .where(
                    e.c.email == normalize(email),
                    e.c.confirmed_at.is_not(None),
                    u.c.kind == "worker",
                )
            ).scalar()
        return found

    def listed(self, principal: Principal) -> list[dict[str, object]]:
        """The caller's addresses, confirmed or waiting, for their account page."""
        return addresses_of(self.engine, principal.user.id)

    def request(self, principal: Principal, email: str) -> None:
        """Mail a single-use link to `email`; opening it (signed in as the same person) confirms
        the address. The address may be the account's own or another one."""
        policy.require_scope(principal, Scope.WRITE)
        address = normalize_email(email)
        token = new_token()
        moment = now()
        e = t.user_emails
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(e.c.id, e.c.email, e.c.confirmed_at, e.c.token_expires_at).where(
                    e.c.user_id == principal.user.id
                )
            ).all()
            mine = next((r for r in rows if r.email == address), None)
            if mine is not None and mine.confirmed_at is not None:
                raise InvalidInputError("You have already confirmed that address.")
            waiting = [
                r
                for r in rows
                if r.confirmed_at is None
                and r.token_expires_at is not None
                and aware(r.token_expires_at) > moment
                and r.email != address
            ]
            if len(waiting) >= MAX_PENDING:
                raise InvalidInputError(
                    "You have too many addresses waiting. Open the links we sent first."
                )
            values = {
                "token_hash": token_hash(token),
                "token_expires_at": moment + LINK_VALID,
            }
            if mine is None:
                conn.execute(
                    e.insert().values(
                        id=str(uuid.uuid4()),
                        user_id=principal.user.id,
                        email=address,
                        created_at=moment,
                        confirmed_at=None,
                        how="",
                        **values,
                    )
                )
            else:
                conn.execute(update(e).where(e.c.id == mine.id).values(**values))
        self.mailer.send(
            address,
            "Confirm your email address for Onramp",
            f"Hello {principal.user.name},\n\nOpen this link to confirm this address is yours. "
            f"It works once, for one day, while you are logged in:\n"
            f"{self.links.email_confirmation(token)}\n\n"
            "If you did not ask for this, you can ignore this email.",
            MailKind.EMAIL_CONFIRMATION,
        )

    def confirm(self, principal: Principal, token: str) -> str:
        """Confirm the address a link was mailed to. The link works only for the person who
        asked for it, so a forwarded link confirms nothing for anyone else."""
        policy.require_scope(principal, Scope.WRITE)
        e = t.user_emails
        moment = now()
        with self.engine.begin() as conn:
            row = conn.execute(
                select(e.c.id, e.c.user_id, e.c.email, e.c.token_expires_at).where(
                    e.c.token_hash == token_hash(token.strip())
                )
            ).first()
            if (
                row is None
                or row.user_id != principal.user.id
                or row.token_expires_at is None
                or aware(row.token_expires_at) <= moment
            ):
                raise InvalidInputError("This link is not valid any more. Ask for a new one.")
            taken = conn.execute(
                update(e)
                .where(e.c.id == row.id, e.c.token_hash == token_hash(token.strip()))
                .values(token_hash=None, token_expires_at=None)
            ).rowcount
            if taken != 1:
                raise InvalidInputError("This link is not valid any more. Ask for a new one.")
            record_confirmed(conn, principal.user.id, row.email, Proof.LINK)
        return str(row.email)

    def forget(self, principal: Principal, email: str) -> None:
        policy.require_scope(principal, Scope.WRITE)
        e = t.user_emails
        with self.engine.begin() as conn:
            conn.execute(
                delete(e).where(e.c.user_id == principal.user.id, e.c.email == normalize(email))
            )
