"""Storing a batch of issued credentials so that it is all or nothing, yet never holds the
store's write lock for long (docs/decisions/0011-concurrent-writes.md).

A batch of 40,000 used to be one transaction: SQLite's single write lock was held for the whole
signing, about 45 s, and every other write of the server waited or failed. Now each chunk is
signed with no lock held and then stored in one short write transaction that also makes its
status indexes final. Stored chunks stay hidden (state `pending`) until the last one is in;
then one update shows the whole batch. If any chunk fails, what was stored is deleted again and
its status indexes are given back, so nothing was issued and no status bit was ever set.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, delete, insert, update

from onramp.credentials.hosting import Hosting, Slot
from onramp.platform import audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.secrets import new_token, now, token_hash
from onramp.store import credential_tables as c
from onramp.store import write_transaction

# Credentials stored per write transaction. A chunk holds the write lock for a few
# milliseconds, and signing the next one (about half a second) leaves the lock free for the
# server's own writes in between.
CHUNK = 500
# A credential whose batch is still being stored (or failed and is being removed): no listing,
# claim or state change sees it.
PENDING = "pending"

log = logging.getLogger(__name__)


class Addressee(Protocol):
    email: str
    did: str


A = TypeVar("A", bound=Addressee)
# signs one credential for an addressee: (addressee, credential id, revocation, suspension)
Signer = Callable[[A, str, Slot, Slot], str]


@dataclass(slots=True)
class Batch:
    """One batch issue: what it has stored so far, to publish or remove as a whole."""

    actor_id: str
    org_id: str
    achievement_id: str
    name: str
    proof_format: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    # (email, claim token, issued credential id)
    claims: list[tuple[str, str, str]] = field(default_factory=list)


class BatchStore:
    def __init__(self, engine: Engine, hosting: Hosting) -> None:
        self.engine = engine
        self.hosting = hosting

    def store_chunk(
        self,
        batch: Batch,
        part: Sequence[A],
        signed: Signer[A],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Sign a chunk with no lock held, then store it, hidden, in one short write
        transaction that makes its status indexes final."""
        org_id = batch.org_id
        revocations = self.hosting.propose(org_id, "revocation", len(part))
        suspensions = self.hosting.propose(org_id, "suspension", len(part))
        ids = [str(uuid.uuid4()) for _ in part]
        documents = []
        for n, addressee in enumerate(part):
            documents.append(signed(addressee, ids[n], revocations[n], suspensions[n]))
            if progress:
                progress(1)
        tokens = [new_token("clm_") if addressee.email else "" for addressee in part]
        with write_transaction(self.engine, self.hosting.allocation_lock(org_id)) as conn:
            final_revocations = self.hosting.reserve(conn, org_id, "revocation", revocations)
            final_suspensions = self.hosting.reserve(conn, org_id, "suspension", suspensions)
            rows = []
            for n, addressee in enumerate(part):
                revocation, suspension = final_revocations[n], final_suspensions[n]
                if (revocation, suspension) != (revocations[n], suspensions[n]):
                    # a concurrent batch took the index in between: rare, and cheap to redo
                    documents[n] = signed(addressee, ids[n], revocation, suspension)
                rows.append(
                    {
                        "id": ids[n],
                        "org_id": org_id,
                        "achievement_id": batch.achievement_id,
                        "kind": "ob3",
                        "proof_format": batch.proof_format,
                        "recipient_email": addressee.email.lower(),
                        "recipient_did": addressee.did,
                        "recipient_user_id": None,
                        "name": batch.name,
                        "document": documents[n],
                        "revocation_list_id": revocation[0],
                        "revocation_index": revocation[1],
                        "suspension_list_id": suspension[0],
                        "suspension_index": suspension[1],
                        "state": PENDING,
                        "claim_token_hash": token_hash(tokens[n]) if tokens[n] else None,
                        "claimed_at": None,
                        "issued_by": batch.actor_id,
                        "issued_at": now(),
                        "changed_at": None,
                    }
                )
            # known to the batch before the insert: a stop (SIGTERM, Ctrl+C) that lands while
            # this commits, or just after, must still find these rows to discard them
            batch.rows.extend(rows)
            batch.claims.extend(
                (a.email, tokens[n], ids[n]) for n, a in enumerate(part) if tokens[n]
            )
            conn.execute(insert(c.issued_credentials), rows)

    def publish(self, batch: Batch) -> None:
        """Show the whole batch at once, and record it in the audit log."""
        issued = c.issued_credentials
        ids = [row["id"] for row in batch.rows]
        with self.engine.begin() as conn:
            for start in range(0, len(ids), CHUNK):
                conn.execute(
                    update(issued)
                    .where(issued.c.id.in_(ids[start : start + CHUNK]), issued.c.state == PENDING)
                    .values(state="active")
                )
            audit.record(
                conn,
                AuditAction.CREDENTIAL_ISSUE,
                actor_id=batch.actor_id,
                org_id=batch.org_id,
                target_type="achievement",
                target_id=batch.achievement_id,
                details={"count": len(ids), "format": batch.proof_format},
            )
        for row in batch.rows:
            row["state"] = "active"

    def discard(self, batch: Batch) -> None:
        """Remove what a failed batch stored, and give its status indexes back. If even that
        fails (the store is gone), the rows stay hidden and the batch's own error is raised."""
        issued = c.issued_credentials
        ids = [row["id"] for row in batch.rows]
        if not ids:
            return
        lists = {row["revocation_list_id"] for row in batch.rows}
        lists |= {row["suspension_list_id"] for row in batch.rows}
        try:
            with write_transaction(self.engine, self.hosting.allocation_lock(batch.org_id)) as conn:
                for start in range(0, len(ids), CHUNK):
                    piece = ids[start : start + CHUNK]
                    conn.execute(
                        delete(issued).where(issued.c.id.in_(piece), issued.c.state == PENDING)
                    )
                self.hosting.recount(conn, lists)
        except Exception as error:  # noqa: BLE001 - the batch's own error is the one to raise
            log.warning(
                "a failed batch left %d hidden credentials in the store (%s)",
                len(ids),
                type(error).__name__,
            )
