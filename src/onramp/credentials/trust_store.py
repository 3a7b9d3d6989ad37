"""Each organization's issuer trust registry: the issuers it trusts, and for each, the skills it
may attest (none listed means any). The verifier reads it for the last check of its report;
being outside the registry is a warning, never a failure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select

from onramp.credentials.verify.trust import TrustRegistry
from onramp.errors import ConflictError, InvalidInputError, NotFoundError
from onramp.platform import Principal, audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store.rows import from_row


@dataclass(slots=True)
class TrustedIssuer:
    id: str
    org_id: str
    issuer_id: str
    name: str
    skills: list[str]
    added_at: datetime


class TrustedIssuers:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def entries(self, org_id: str) -> list[TrustedIssuer]:
        """For the verifier (no principal: the caller already acts for the organization)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.trusted_issuers)
                .where(c.trusted_issuers.c.org_id == org_id)
                .order_by(c.trusted_issuers.c.name, c.trusted_issuers.c.issuer_id)
            ).all()
        return [from_row(TrustedIssuer, r) for r in rows]

    def registry(self, org_id: str) -> TrustRegistry:
        """The organization's registry, for its verifier."""
        return TrustRegistry.of({e.issuer_id: e.skills or None for e in self.entries(org_id)})

    def of_org(self, principal: Principal, org_id: str) -> list[TrustedIssuer]:
        policy.require_member(principal, org_id)
        return self.entries(org_id)

    def add(
        self,
        principal: Principal,
        org_id: str,
        issuer_id: str,
        name: str = "",
        skills: list[str] | None = None,
    ) -> TrustedIssuer:
        policy.require_org_admin(principal, org_id)
        issuer_id = issuer_id.strip()
        if (
            not issuer_id.startswith(("did:", "https://", "http://", "urn:"))
            or len(issuer_id) > 500
        ):
            raise InvalidInputError("An issuer is named by its DID or web address.")
        if any(e.issuer_id == issuer_id for e in self.entries(org_id)):
            raise ConflictError("That issuer is already in your trust registry.")
        entry_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(c.trusted_issuers).values(
                    id=entry_id,
                    org_id=org_id,
                    issuer_id=issuer_id,
                    name=" ".join(name.split())[:200],
                    skills=sorted({s.strip() for s in skills or [] if s.strip()}),
                    added_by=principal.user.id,
                    added_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.TRUST_ADD,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="trusted_issuer",
                target_id=entry_id,
                details={"issuer": issuer_id},
            )
        return next(e for e in self.entries(org_id) if e.id == entry_id)

    def remove(self, principal: Principal, org_id: str, entry_id: str) -> None:
        policy.require_org_admin(principal, org_id)
        if not any(e.id == entry_id for e in self.entries(org_id)):
            raise NotFoundError("no such trusted issuer")
        with self.engine.begin() as conn:
            conn.execute(delete(c.trusted_issuers).where(c.trusted_issuers.c.id == entry_id))
            audit.record(
                conn,
                AuditAction.TRUST_REMOVE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="trusted_issuer",
                target_id=entry_id,
            )
