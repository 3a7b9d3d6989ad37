"""Evidence from the credentials in a worker's wallet, each checked again first.

A credential's standing can change at any moment (an issuer revokes or suspends it, a date
passes), so every read verifies each credential now, with the verifier of whoever is looking
(an organization's has its trust registry), and binds it to the worker again: a credential
that is not about the worker gives nothing. The wallet's stored verdict is not trusted here.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select

from onramp.credentials.verify.binding import add_holder_check
from onramp.credentials.verify.verifier import Verifier
from onramp.credentials.wallet import Wallet
from onramp.credentials.wallet_items import WalletItem
from onramp.matching.scoring.evidence import Evidence, EvidenceStatus
from onramp.matching.sources.credentials import (
    LeftOut,
    Standing,
    entries_of,
    is_clr,
    read_achievement_credential,
    standing_of,
    worse,
)
from onramp.store import credential_tables as c
from onramp.store.rows import from_row

NOT_ABOUT_YOU = "It is not about you, so it does not count as your evidence."
NO_OWN_SEAL = "It came inside another issuer's record without its own seal, so we cannot check it."


@dataclass(slots=True)
class WalletEvidence:
    evidence: list[Evidence] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)  # one per item left out, and why


def wallet_items(wallet: Wallet, worker_id: str, ids: Collection[str] | None) -> list[WalletItem]:
    """The worker's wallet entries (only `ids` when given), oldest first."""
    query = select(c.wallet_items).where(c.wallet_items.c.worker_id == worker_id)
    if ids is not None:
        if not ids:
            return []
        query = query.where(c.wallet_items.c.id.in_(list(ids)))
    with wallet.engine.connect() as conn:
        rows = conn.execute(query.order_by(c.wallet_items.c.added_at, c.wallet_items.c.id)).all()
    return [from_row(WalletItem, r) for r in rows]


def wallet_evidence(
    wallet: Wallet,
    worker_id: str,
    *,
    org_id: str | None = None,
    item_ids: Collection[str] | None = None,
) -> WalletEvidence:
    """Evidence from the worker's wallet (only `item_ids` when given: what they shared), each
    credential verified now with the verifier `org_id` uses (the worker's own without it)."""
    out = WalletEvidence()
    verifier = wallet.verifier(org_id)
    identity = wallet.identity(worker_id)
    for item in wallet_items(wallet, worker_id, item_ids):
        report = verifier.verify(item.document, "wallet")
        if report.credential is None:
            out.left_out.append(LeftOut(item.name, report.verdict.label))
            continue
        add_holder_check(report, identity, for_holder=org_id is None)
        standing = standing_of(report.to_json())
        if not standing.about_worker:
            out.left_out.append(LeftOut(item.name, NOT_ABOUT_YOU))
            continue
        credential = report.credential
        added = item.added_at.date()
        if not is_clr(credential):
            read = read_achievement_credential(
                credential, standing, source=f"wallet:{item.id}", added=added
            )
            out.evidence.extend(read.evidence)
            out.left_out.extend(read.left_out)
            continue
        for number, entry in enumerate(entries_of(credential), 1):
            own = _entry_standing(verifier, credential, entry, standing)
            read = read_achievement_credential(
                entry, own, source=f"wallet:{item.id}#{number}", added=added
            )
            out.evidence.extend(read.evidence)
            out.left_out.extend(read.left_out)
    return out


def _entry_standing(
    verifier: Verifier, clr: dict[str, object], entry: dict[str, object], outer: Standing
) -> Standing:
    """A CLR entry stands no better than its CLR. With its own seal it is checked on its own;
    without one it is trusted only when the CLR's issuer issued it too."""
    if entry.get("proof"):
        nested = standing_of(verifier.verify(json.dumps(entry), "clr entry").to_json())
        nested = Standing(nested.status, nested.verified, True, nested.why)
        return worse(outer, nested)
    if _issuer_id(entry) and _issuer_id(entry) == _issuer_id(clr):
        return outer
    return worse(outer, Standing(EvidenceStatus.ACTIVE, False, True, NO_OWN_SEAL))


def _issuer_id(credential: dict[str, object]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")
