"""JSON-LD contexts an operator pins without a code change (`onramp credentials contexts add`).

Onramp never fetches a context. When real credentials name one it does not ship, a platform
admin gives the document and the URL it stands for; Onramp stores the exact bytes with their
SHA-256, and every verifier it builds reads them as contexts it vouches for. Each read checks the
bytes against the stored hash again (a changed row fails closed), and the processed-context cache
keys them by content, not URL (`contexts.ContextLoader`).

Rules, each refused with a plain reason: an absolute http(s) URL without a fragment; a UTF-8 JSON
object with an `@context`, at most 256 KB and 64 levels deep, that JSON-LD can process with the
contexts Onramp already has; a built-in URL only with the very bytes Onramp pins (and then there
is nothing to add); a URL pinned already only with the same bytes (remove it first to change
it). Adding and removing are audited with the actor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from onramp.credentials.rdf import contexts, nesting
from onramp.credentials.rdf.deadline import VERIFY_SECONDS, VerificationTimeoutError, within
from onramp.credentials.rdf.jsonld import to_quads
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, StoreError
from onramp.platform import Principal, audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.secrets import now
from onramp.store import credential_tables as c

MAX_CONTEXT_BYTES = 256 * 1024  # the largest built-in context (OB 3.0.3) is about 40 KB
MAX_URL_LENGTH = 500


@dataclass(frozen=True, slots=True)
class StoredContext:
    url: str
    sha256: str
    size: int
    added_by: str | None
    added_at: datetime


def _checked_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if (
        parts.scheme not in ("https", "http")
        or not parts.netloc
        or parts.fragment
        or len(url) > MAX_URL_LENGTH
        or any(ch.isspace() for ch in url)
    ):
        raise InvalidInputError(
            "A context is named by a full web address (https://...) with no #part, "
            f"at most {MAX_URL_LENGTH} characters."
        )
    return url


def _parsed(data: bytes) -> tuple[str, dict[str, Any]]:
    if len(data) > MAX_CONTEXT_BYTES:
        raise InvalidInputError(
            f"That context is {len(data):,} bytes; Onramp keeps contexts up to "
            f"{MAX_CONTEXT_BYTES:,} bytes."
        )
    try:
        text = data.decode("utf-8")
        document = nesting.loads(text)
    except UnicodeDecodeError:
        raise InvalidInputError("That file is not UTF-8 text.") from None
    except ValueError as error:
        raise InvalidInputError(f"That file is not JSON ({error}).") from None
    if not isinstance(document, dict) or "@context" not in document:
        raise InvalidInputError('A context file is a JSON object with an "@context" in it.')
    return text, document


class ContextRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- for verifiers ---------------------------------------------------------------------------
    def documents(self) -> dict[str, dict[str, Any]]:
        """Every pinned context by URL, each checked against its stored SHA-256."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(c.pinned_contexts)).all()
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            if hashlib.sha256(row.document.encode("utf-8")).hexdigest() != row.sha256:
                raise StoreError(
                    f"the stored JSON-LD context {row.url} no longer matches its SHA-256; "
                    "remove it and add it again after review"
                )
            found[row.url] = json.loads(row.document)
        return found

    # -- for operators (platform admins) ---------------------------------------------------------
    def entries(self, principal: Principal) -> list[StoredContext]:
        policy.require_platform_admin(principal)
        with self.engine.connect() as conn:
            rows = conn.execute(select(c.pinned_contexts).order_by(c.pinned_contexts.c.url)).all()
        return [
            StoredContext(r.url, r.sha256, len(r.document.encode()), r.added_by, r.added_at)
            for r in rows
        ]

    def add(self, principal: Principal, url: str, data: bytes) -> StoredContext:
        policy.require_platform_admin(principal)
        url = _checked_url(url)
        text, document = _parsed(data)
        digest = hashlib.sha256(data).hexdigest()
        built_in = contexts.built_in_sha256(url)
        if built_in is not None:
            if built_in == digest:
                raise ConflictError(f"Onramp already ships {url} with these exact bytes.")
            raise InvalidInputError(
                f"Onramp ships its own copy of {url} (SHA-256 {built_in}); "
                "a different document cannot replace it."
            )
        current = {e.url: e for e in self.entries(principal)}
        if url in current:
            if current[url].sha256 == digest:
                return current[url]
            raise ConflictError(
                f"{url} is pinned already to other bytes (SHA-256 {current[url].sha256}); "
                "remove it first if you mean to change it."
            )
        others = self.documents()
        try:  # JSON-LD must be able to use it, with what Onramp already has, in good time
            with within(VERIFY_SECONDS):
                to_quads({"@context": [url]}, safe=False, extra_contexts={**others, url: document})
        except InvalidInputError as error:
            raise InvalidInputError(f"JSON-LD cannot use that context: {error}") from None
        except VerificationTimeoutError:
            raise InvalidInputError("JSON-LD cannot use that context: it takes too long") from None
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(c.pinned_contexts).values(
                        url=url,
                        document=text,
                        sha256=digest,
                        added_by=principal.user.id,
                        added_at=now(),
                    )
                )
                audit.record(
                    conn,
                    AuditAction.CONTEXTS_PIN,
                    actor_id=principal.user.id,
                    target_type="json_ld_context",
                    target_id=url,
                    details={"sha256": digest, "bytes": len(data)},
                )
        except IntegrityError:  # pinned at the same moment by someone else
            raise ConflictError(f"{url} was pinned just now; list the contexts again.") from None
        return next(e for e in self.entries(principal) if e.url == url)

    def remove(self, principal: Principal, url: str) -> None:
        policy.require_platform_admin(principal)
        url = url.strip()
        found = next((e for e in self.entries(principal) if e.url == url), None)
        if found is None:
            raise NotFoundError(f"{url} is not a pinned context")
        with self.engine.begin() as conn:
            conn.execute(delete(c.pinned_contexts).where(c.pinned_contexts.c.url == url))
            audit.record(
                conn,
                AuditAction.CONTEXTS_UNPIN,
                actor_id=principal.user.id,
                target_type="json_ld_context",
                target_id=url,
                details={"sha256": found.sha256},
            )
