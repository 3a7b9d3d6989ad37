"""Privacy rights: a worker exports all their data, and can delete their account.

Capabilities above the platform add their own part of the export (`Privacy.include`; matching
adds the worker's evidence, hidden details, demographic answers, onboarding plans and who
revealed them). Their rows go with the account: each is keyed to the user with ON DELETE
CASCADE (`store.columns.user_fk`).

Deletion erases personal data (account, profile, sessions, tokens, consent grants, mail to the
account's address) in one transaction. The audit log keeps its non-personal skeleton (when,
what, which organization): the store sets the deleted account's IDs to null and personal
details are scrubbed. Records that
must stay valid after deletion (status lists of credentials already issued) belong to the
issuer and are kept by the credentials capability.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, delete, select

from onramp.errors import AuthenticationError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.mail import forget_recipient
from onramp.platform.model import Principal
from onramp.platform.secrets import now, verify_password
from onramp.platform.workers import Workers
from onramp.serialize import to_plain
from onramp.store import platform_tables as t

# One part of a worker's export that a capability above the platform keeps (matching: their
# evidence, personal details, demographic answers, onboarding plans, who revealed them): the
# caller's data as plain JSON. The platform cannot import those capabilities, so each adds its
# part when the services are put together (`Privacy.include`).
ExportPart = Callable[[Principal], dict[str, Any]]


class Privacy:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.parts: dict[str, ExportPart] = {}

    def include(self, name: str, part: ExportPart) -> None:
        """Put `part`'s data in every export from now on, under `name`."""
        self.parts[name] = part

    def export(self, principal: Principal) -> dict[str, Any]:
        """Everything Onramp holds about the caller, as plain JSON."""
        from onramp.platform.accounts import api_tokens
        from onramp.platform.consent import Consents
        from onramp.platform.emails import addresses_of

        user = principal.user
        is_worker = user.kind.value == "worker"
        data: dict[str, Any] = {
            "exported_at": now().isoformat(),
            "account": to_plain(user),
            "memberships": to_plain(principal.memberships),
            "profile": Workers(self.engine).profile(principal) if is_worker else {},
            "api_tokens": to_plain(api_tokens(self.engine, user.id)),
            "email_addresses": addresses_of(self.engine, user.id),
            "audit": to_plain(audit.about_worker(self.engine, user.id, limit=10_000)),
        }
        if is_worker:
            data["consent_grants"] = to_plain(Consents(self.engine).of_worker(principal))
            data |= self._wallet(user.id)
        for name, part in self.parts.items():
            data[name] = to_plain(part(principal))
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.ACCOUNT_EXPORT,
                actor_id=user.id,
                subject_id=user.id,
                target_type="user",
                target_id=user.id,
            )
        return data

    def _wallet(self, user_id: str) -> dict[str, Any]:
        """The worker's wallet, holder DID key (public part) and what they shared."""
        from onramp.store import credential_tables as c

        with self.engine.connect() as conn:
            items = conn.execute(
                select(c.wallet_items).where(c.wallet_items.c.worker_id == user_id)
            ).all()
            shared = conn.execute(
                select(c.presentations).where(c.presentations.c.worker_id == user_id)
            ).all()
            holder = conn.execute(
                select(c.holder_keys.c.public_multibase, c.holder_keys.c.created_at).where(
                    c.holder_keys.c.user_id == user_id
                )
            ).first()
        return {
            "wallet": [to_plain(dict(r._mapping)) for r in items],
            "presentations": [to_plain(dict(r._mapping)) for r in shared],
            "holder_key": to_plain(dict(holder._mapping)) if holder else None,
        }

    def delete_account(self, principal: Principal, password: str) -> None:
        policy.require_session(principal)
        policy.require_self(principal, principal.user.id)
        user_id = principal.user.id
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(t.users.c.password_hash).where(t.users.c.id == user_id)
            ).scalar()
        if not verify_password(stored, password):
            raise AuthenticationError("That password is not right, so nothing was deleted.")
        with self.engine.begin() as conn:
            audit.record(conn, AuditAction.ACCOUNT_DELETE, actor_id=None, target_type="user")
            audit.scrub_subject(conn, user_id)
            for table in (
                t.sessions,
                t.api_tokens,
                t.password_resets,
                t.worker_profiles,
                t.memberships,
            ):
                conn.execute(delete(table).where(table.c.user_id == user_id))
            conn.execute(delete(t.consent_grants).where(t.consent_grants.c.worker_id == user_id))
            forget_recipient(conn, principal.user.email)
            conn.execute(delete(t.users).where(t.users.c.id == user_id))
