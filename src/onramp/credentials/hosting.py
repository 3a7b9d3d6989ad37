"""What Onramp hosts for its issuers: did:web DID documents and Bitstring Status Lists.

Each organization's DID is `did:web:<public host>:orgs:<slug>`, so its DID document lives at
`<public url>/orgs/<slug>/did.json` (did:web, https://w3c-ccg.github.io/did-method-web/). The
document lists every key the organization ever had, retired ones too, so a rotation never breaks
old credentials. Status lists (Bitstring Status List v1.0) live at `<public url>/status/<id>`,
hold 131,072 entries, and hand out indexes at random; the list credential is signed on request
with the organization's active Ed25519 key and is valid for one day, so verifiers re-fetch it.

`StoreResolver` lets Onramp verify its own credentials from the store, with no network call.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from sqlalchemy import Connection, Engine, func, insert, select, update

from onramp.credentials.proofs import data_integrity
from onramp.credentials.proofs.keys import IssuerKey, KeyVault
from onramp.credentials.rdf.contexts import VC_V2
from onramp.credentials.status.status_list import MIN_ENTRIES, Bitstring, StatusListError
from onramp.credentials.verify.verifier import Resolver
from onramp.errors import InvalidInputError, NotFoundError
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t
from onramp.store import write_transaction

PURPOSES = ("revocation", "suspension")
# a list is closed once three quarters are used, so random allocation stays quick
FILL_LIMIT = MIN_ENTRIES * 3 // 4
LIST_LIFETIME = timedelta(days=1)
Slot = tuple[str, int]  # (status list id, index in it)


@dataclass(frozen=True, slots=True)
class Site:
    """Onramp's public address, and the names it gives to what it hosts."""

    public_url: str

    @property
    def did_host(self) -> str:
        return urlsplit(self.public_url).netloc.replace(":", "%3A")

    def org_did(self, slug: str) -> str:
        return f"did:web:{self.did_host}:orgs:{slug}"

    def slug_of(self, did: str) -> str | None:
        prefix = f"did:web:{self.did_host}:orgs:"
        rest = did.split("#")[0][len(prefix) :] if did.startswith(prefix) else ""
        return rest if rest and ":" not in rest else None

    def did_document_url(self, slug: str) -> str:
        return f"{self.public_url}/orgs/{slug}/did.json"

    def status_url(self, list_id: str) -> str:
        return f"{self.public_url}/status/{list_id}"

    def list_id_of(self, url: str) -> str | None:
        prefix = f"{self.public_url}/status/"
        return url[len(prefix) :] if url.startswith(prefix) else None

    def achievement_url(self, slug: str, achievement_id: str) -> str:
        return f"{self.public_url}/orgs/{slug}/achievements/{achievement_id}"


def ed25519_seed(private: Any) -> bytes:
    return bytes(
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    )


class Hosting:
    """DID documents and status lists of every organization, from the store."""

    def __init__(self, engine: Engine, vault: KeyVault, site: Site) -> None:
        self.engine = engine
        self.vault = vault
        self.site = site
        self._signed: dict[tuple[str, int], tuple[Any, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    # -- DID documents ---------------------------------------------------------------------------
    def org_by_slug(self, slug: str) -> tuple[str, str]:
        """(org id, name) of the organization with this slug."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organizations.c.id, t.organizations.c.name).where(
                    t.organizations.c.slug == slug
                )
            ).first()
        if row is None:
            raise NotFoundError("no such organization")
        return row.id, row.name

    def did_document(self, slug: str) -> dict[str, Any]:
        org_id, _name = self.org_by_slug(slug)
        if not self.vault.keys(org_id):
            raise NotFoundError("this organization has no keys yet, so it has no DID document")
        return self.vault.did_document(org_id, self.site.org_did(slug))

    def signing_key(self, org_id: str) -> IssuerKey:
        """The organization's active Ed25519 key, made on first use."""
        try:
            return self.vault.active(org_id, "Ed25519")
        except NotFoundError:
            return self.vault.create_for_service(org_id, "Ed25519")

    # -- status lists ----------------------------------------------------------------------------
    # Handing out indexes is done in two steps so that signing, the slow part, happens with no
    # lock held: `propose` draws indexes that are free now, the caller signs credentials that
    # carry them, and `reserve` confirms them inside the write transaction that stores those
    # credentials, drawing again only for the few a concurrent batch took in between
    # (docs/decisions/0011-concurrent-writes.md).
    @staticmethod
    def allocation_lock(org_id: str) -> str:
        """The name of the write lock over an organization's status lists (see
        `onramp.store.write_transaction`)."""
        return f"status-lists:{org_id}"

    def propose(self, org_id: str, purpose: str, count: int) -> list[Slot]:
        """`count` random indexes free right now in the organization's open list for
        `purpose` (opening a new list when it has no room). Only a proposal: `reserve` makes
        it final."""
        with self.engine.connect() as conn:
            list_id = self._open_list(conn, org_id, purpose, count)
            if list_id is not None:
                return [(list_id, i) for i in self._draw(conn, list_id, purpose, count)]
        with write_transaction(self.engine, self.allocation_lock(org_id)) as conn:
            list_id = self._open_list(conn, org_id, purpose, count) or self._new_list(
                conn, org_id, purpose
            )
            return [(list_id, i) for i in self._draw(conn, list_id, purpose, count)]

    def reserve(
        self, conn: Connection, org_id: str, purpose: str, proposed: list[Slot]
    ) -> list[Slot]:
        """Make proposed slots final, inside `write_transaction(engine,
        allocation_lock(org_id))`: each one still free is kept, each one taken since is drawn
        again, and a list that filled up meanwhile gives way to the open one. The caller must
        re-sign the credentials whose slot changed."""
        final = list(proposed)
        given: dict[str, set[int]] = defaultdict(set)  # indexes this call has handed out
        for list_id in dict.fromkeys(slot[0] for slot in proposed):
            positions = [n for n, slot in enumerate(proposed) if slot[0] == list_id]
            mine = {proposed[n][1] for n in positions}
            used: int = conn.execute(
                select(c.status_lists.c.used).where(c.status_lists.c.id == list_id)
            ).scalar_one()
            if used + len(positions) > FILL_LIMIT:
                target = self._open_list(conn, org_id, purpose, len(positions))
                target = target or self._new_list(conn, org_id, purpose)
                again = set(positions)
            else:
                target = list_id
                taken = self._taken(conn, list_id, purpose, sorted(mine)) | given[target]
                again, kept = set(), set()
                for n in positions:  # taken since, or proposed twice
                    index = proposed[n][1]
                    if index in taken or index in kept:
                        again.add(n)
                    kept.add(index)
            fresh = iter(self._draw(conn, target, purpose, len(again), mine | given[target]))
            for n in positions:
                index = next(fresh) if n in again else proposed[n][1]
                final[n] = (target, index)
                given[target].add(index)
        for list_id, count in Counter(slot[0] for slot in final).items():
            conn.execute(
                update(c.status_lists)
                .where(c.status_lists.c.id == list_id)
                .values(used=c.status_lists.c.used + count, updated_at=now())
            )
        return final

    def recount(self, conn: Connection, list_ids: set[str]) -> None:
        """Set each list's count of handed-out indexes from the credentials that hold them
        (after a failed batch's credentials are removed)."""
        for purpose in PURPOSES:
            owner = _index_columns(purpose)[0]
            held = (
                select(func.count())
                .select_from(c.issued_credentials)
                .where(owner == c.status_lists.c.id)
                .scalar_subquery()
            )
            conn.execute(
                update(c.status_lists)
                .where(c.status_lists.c.id.in_(list_ids), c.status_lists.c.purpose == purpose)
                .values(used=held, updated_at=now())
            )

    def _open_list(self, conn: Connection, org_id: str, purpose: str, room: int) -> str | None:
        """The organization's newest list for `purpose`, if it has room for `room` more."""
        lists = c.status_lists
        row = conn.execute(
            select(lists.c.id, lists.c.used)
            .where(lists.c.org_id == org_id, lists.c.purpose == purpose)
            .order_by(lists.c.created_at.desc(), lists.c.id)
            .limit(1)
        ).first()
        return row.id if row is not None and row.used + room <= FILL_LIMIT else None

    def _new_list(self, conn: Connection, org_id: str, purpose: str) -> str:
        list_id = str(uuid.uuid4())
        moment = now()
        conn.execute(
            insert(c.status_lists).values(
                id=list_id,
                org_id=org_id,
                purpose=purpose,
                bits=bytes(Bitstring.empty().bits),
                used=0,
                version=0,
                created_at=moment,
                updated_at=moment,
            )
        )
        return list_id

    def _draw(
        self,
        conn: Connection,
        list_id: str,
        purpose: str,
        count: int,
        avoid: set[int] | None = None,
    ) -> list[int]:
        """`count` random indexes of a list that no credential holds, none of them in
        `avoid`, in the order drawn (never sorted: the order must say nothing)."""
        seen = set(avoid or ())
        picked: list[int] = []
        while len(picked) < count:
            candidates: list[int] = []
            while len(candidates) < count - len(picked):
                index = secrets.randbelow(MIN_ENTRIES)
                if index not in seen:
                    seen.add(index)
                    candidates.append(index)
            taken = self._taken(conn, list_id, purpose, candidates)
            picked.extend(i for i in candidates if i not in taken)
        return picked

    @staticmethod
    def _taken(conn: Connection, list_id: str, purpose: str, indexes: list[int]) -> set[int]:
        """Which of `indexes` credentials already hold in the list (through the unique index
        on list and index, so it costs the same however full the list is)."""
        owner, column = _index_columns(purpose)
        found: set[int] = set()
        for start in range(0, len(indexes), 1000):
            found.update(
                conn.execute(
                    select(column).where(
                        owner == list_id, column.in_(indexes[start : start + 1000])
                    )
                ).scalars()
            )
        return found

    def set_bit(self, conn: Connection, list_id: str, index: int, value: int) -> None:
        """Flip one entry, inside a `write_transaction` (on PostgreSQL the row lock below keeps
        two changes to one list from overwriting each other)."""
        row = conn.execute(
            select(c.status_lists.c.bits).where(c.status_lists.c.id == list_id).with_for_update()
        ).first()
        if row is None:
            raise StatusListError("the status list is missing")
        bitstring = Bitstring(bytearray(row.bits))
        bitstring.set(index, value)
        conn.execute(
            update(c.status_lists)
            .where(c.status_lists.c.id == list_id)
            .values(
                bits=bytes(bitstring.bits),
                version=c.status_lists.c.version + 1,
                updated_at=now(),
            )
        )

    def list_credential(self, list_id: str) -> dict[str, Any]:
        """The signed BitstringStatusListCredential, re-signed when the list changes or its
        day of validity is over."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(c.status_lists, t.organizations.c.slug)
                .join(t.organizations, t.organizations.c.id == c.status_lists.c.org_id)
                .where(c.status_lists.c.id == list_id)
            ).first()
        if row is None:
            raise NotFoundError("no such status list")
        moment = now()
        with self._lock:
            cached = self._signed.get((list_id, row.version))
            if cached and cached[0] > moment + timedelta(hours=1):
                return cached[1]
        did = self.site.org_did(row.slug)
        url = self.site.status_url(list_id)
        start = moment.replace(microsecond=0)
        unsigned = {
            "@context": [VC_V2],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": did,
            "validFrom": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "validUntil": (start + LIST_LIFETIME).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": row.purpose,
                "encodedList": Bitstring(bytearray(row.bits)).encode(),
            },
        }
        key = self.signing_key(row.org_id)
        seed = ed25519_seed(self.vault.service_private_key(key.id))
        signed = data_integrity.sign(unsigned, seed, f"{did}#{key.id}", created=start)
        with self._lock:
            self._signed = {k: v for k, v in self._signed.items() if k[0] != list_id}
            self._signed[(list_id, row.version)] = (start + LIST_LIFETIME, signed)
        return signed


def _index_columns(purpose: str) -> tuple[Any, Any]:
    """The issued-credential columns holding a credential's list and index for `purpose`."""
    issued = c.issued_credentials.c
    if purpose == "revocation":
        return issued.revocation_list_id, issued.revocation_index
    return issued.suspension_list_id, issued.suspension_index


class StoreResolver(Resolver):
    """Onramp's own DID documents and status lists straight from the store; anything else
    as the plain resolver does (offline map, or a fetch only when allowed)."""

    def __init__(self, hosting: Hosting, base: Resolver | None = None) -> None:
        super().__init__(base.offline if base else None, base.fetcher if base else None)
        self.hosting = hosting

    def document(self, url: str) -> dict[str, Any]:
        site = self.hosting.site
        slug, list_id = site.slug_of(url), site.list_id_of(url)
        try:
            if slug is not None:
                return self.hosting.did_document(slug)
            if list_id is not None:
                return self.hosting.list_credential(list_id)
        except NotFoundError as error:
            raise InvalidInputError(f"cannot retrieve {url}: {error}") from None
        return super().document(url)
