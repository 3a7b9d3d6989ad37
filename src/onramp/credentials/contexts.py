"""JSON-LD contexts from local copies pinned by SHA-256; nothing is ever fetched.

The context documents ship in registry packages: `pyld` (W3C VC v1 and v2, DID v1, security v1,
v2, Ed25519Signature2020, JWS 2020) and `openbadgeslib` (1EdTech OB 3.0.x and CLR 2.0.1, Data
Integrity v2, Multikey v1); Onramp's own LER-RS context ships in this package. Each is read from
the installed package and checked against the hash pinned here before use, so an upgraded or
altered package cannot silently change what a signature covers. A context not listed here is
refused.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from onramp.errors import InvalidInputError, StoreError


class UnknownContextError(InvalidInputError):
    code = "unknown_context"


@dataclass(frozen=True, slots=True)
class PinnedContext:
    url: str
    package: str
    resource: str
    sha256: str


_PYLD = "pyld.documentloader.frozen"
_OBL = "openbadgeslib.ob3.contexts"

PINNED: tuple[PinnedContext, ...] = (
    PinnedContext(
        "https://www.w3.org/ns/credentials/v2",
        _PYLD,
        "bundled/credentials-v2.jsonld",
        "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
    ),
    PinnedContext(
        "https://www.w3.org/2018/credentials/v1",
        _PYLD,
        "bundled/credentials-v1.jsonld",
        "00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8",
    ),
    PinnedContext(
        "https://www.w3.org/ns/did/v1",
        _PYLD,
        "bundled/did-v1.jsonld",
        "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
    ),
    PinnedContext(
        "https://w3id.org/security/v1",
        _PYLD,
        "bundled/security-v1.jsonld",
        "e2d146cd556f6fa5f14996c6f1749667d5a14073fa30f0643990068e2c0b1bac",
    ),
    PinnedContext(
        "https://w3id.org/security/v2",
        _PYLD,
        "bundled/security-v2.jsonld",
        "4cb186bc29c08af6e40c58178c22dd84d542f2871a063afed6e648b47abc3cf6",
    ),
    PinnedContext(
        "https://w3id.org/security/suites/ed25519-2020/v1",
        _PYLD,
        "bundled/security-ed25519-2020-v1.jsonld",
        "b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588",
    ),
    PinnedContext(
        "https://w3id.org/security/suites/jws-2020/v1",
        _PYLD,
        "bundled/security-jws-2020-v1.jsonld",
        "00ee65bb7307f9a01c3170b823083b0d4de68223520834b2c5eb7a09bae5dea6",
    ),
    PinnedContext(
        "https://w3id.org/security/data-integrity/v2",
        _OBL,
        "security-data-integrity-v2.json",
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    ),
    PinnedContext(
        "https://w3id.org/security/multikey/v1",
        _OBL,
        "security-multikey-v1.json",
        "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    ),
    PinnedContext(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        _OBL,
        "ob-v3p0-context-3.0.1.json",
        "5f3d9dd6288ef437ff8286cf95ffbff609c748a66f24a1e9450c45ca64be1571",
    ),
    PinnedContext(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        _OBL,
        "ob-v3p0-context-3.0.2.json",
        "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
    ),
    # 1EdTech edits the published 3.0.3 context in place (it later gained jti and
    # endorsementJwt); this copy has both, which leaves documents without them unchanged.
    PinnedContext(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        _OBL,
        "ob-v3p0-context-3.0.3.json",
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
    ),
    PinnedContext(
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        _OBL,
        "ob-v3p0-context-3.0.3.json",
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
    ),
    PinnedContext(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        _OBL,
        "ob-v3p0-extensions.json",
        "87c06c81bc2317663bf288d740d94fddd2818c4342b186270ff6371dfaa63f93",
    ),
    PinnedContext(
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        _OBL,
        "clr_context_2.0.1.json",
        "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
    ),
    # Written by Onramp for HR Open LER-RS resumes as VCs (ADR 0006; served at the same path).
    PinnedContext(
        "https://onramp-project.github.io/contexts/ler-rs/v1.jsonld",
        "onramp.credentials",
        "onramp_contexts/ler-rs-v1.jsonld",
        "cc6455fd6c46aac84adf3a788df4ea3234d298eb2ed32b715d26398754755832",
    ),
)

_BY_URL = {pinned.url: pinned for pinned in PINNED}
_cache: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def known_urls() -> list[str]:
    return sorted(_BY_URL)


def load_context(url: str) -> dict[str, Any]:
    """The parsed context document for `url`, read locally and checked against its hash."""
    with _lock:
        cached = _cache.get(url)
        if cached is not None:
            return cached
        pinned = _BY_URL.get(url)
        if pinned is None:
            raise UnknownContextError(
                f"the JSON-LD context {url} is not one Onramp knows; it is never fetched"
            )
        data = resources.files(pinned.package).joinpath(pinned.resource).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != pinned.sha256:
            raise StoreError(
                f"the local copy of {url} in {pinned.package} does not match its pinned hash "
                f"({digest}); reinstall the package or update the pin after review"
            )
        document: dict[str, Any] = json.loads(data)
        _cache[url] = document
        return document


def loaded_contexts() -> dict[str, dict[str, Any]]:
    """The pinned context documents read so far, by URL (each is read once and kept)."""
    with _lock:
        return dict(_cache)


def document_loader(url: str, _options: Any = None) -> dict[str, Any]:
    """A pyld document loader that only serves pinned contexts. They never change, so pyld may
    keep the processed context for good ("static"), which saves most of the work per call."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url), "tag": "static"}


def loader_with(extra: Mapping[str, dict[str, Any]]) -> Callable[[str, Any], dict[str, Any]]:
    """The pinned contexts plus documents the caller vouches for (tests, an offline map)."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url in extra:
            return {"contextUrl": None, "documentUrl": url, "document": extra[url]}
        return document_loader(url, options)

    return load
