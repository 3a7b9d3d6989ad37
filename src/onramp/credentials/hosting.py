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
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from sqlalchemy import Connection, Engine, insert, select, update

from onramp.credentials import data_integrity
from onramp.credentials.keys import IssuerKey, KeyVault
from onramp.credentials.ob3 import VC_V2
from onramp.credentials.status_list import MIN_ENTRIES, Bitstring, StatusListError
from onramp.credentials.verify import Resolver
from onramp.errors import InvalidInputError, NotFoundError
from onramp.platform.secrets import now
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t

PURPOSES = ("revocation", "suspension")
# a list is closed once three quarters are used, so random allocation stays quick
FILL_LIMIT = MIN_ENTRIES * 3 // 4
LIST_LIFETIME = timedelta(days=1)


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
    def allocate(
        self, conn: Connection, org_id: str, purpose: str, count: int
    ) -> list[tuple[str, int]]:
        """`count` unused random indexes of the organization's open list for `purpose`
        (opening new lists as they fill), within the caller's transaction."""
        found: list[tuple[str, int]] = []
        while len(found) < count:
            list_id, used = self._open_list(conn, org_id, purpose)
            room = min(count - len(found), FILL_LIMIT - len(used))
            picked: set[int] = set()
            while len(picked) < room:
                index = secrets.randbelow(MIN_ENTRIES)
                if index not in used:
                    picked.add(index)
                    used.add(index)
            conn.execute(
                update(c.status_lists)
                .where(c.status_lists.c.id == list_id)
                .values(used=c.status_lists.c.used + len(picked), updated_at=now())
            )
            found.extend((list_id, index) for index in picked)
        return found

    def _open_list(self, conn: Connection, org_id: str, purpose: str) -> tuple[str, set[int]]:
        lists = c.status_lists
        row = conn.execute(
            select(lists.c.id, lists.c.used)
            .where(lists.c.org_id == org_id, lists.c.purpose == purpose)
            .order_by(lists.c.created_at.desc(), lists.c.id)
            .limit(1)
            .with_for_update()
        ).first()
        if row is None or row.used >= FILL_LIMIT:
            list_id = str(uuid.uuid4())
            moment = now()
            conn.execute(
                insert(lists).values(
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
            return list_id, set()
        column = (
            c.issued_credentials.c.revocation_index
            if purpose == "revocation"
            else c.issued_credentials.c.suspension_index
        )
        owner = (
            c.issued_credentials.c.revocation_list_id
            if purpose == "revocation"
            else c.issued_credentials.c.suspension_list_id
        )
        used: set[int] = set(conn.execute(select(column).where(owner == row.id)).scalars())
        return row.id, used

    def set_bit(self, conn: Connection, list_id: str, index: int, value: int) -> None:
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
