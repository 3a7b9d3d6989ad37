"""JSON-LD contexts from local copies pinned by SHA-256; nothing is ever fetched.

The context documents ship in registry packages: `pyld` (W3C VC v1 and v2, DID v1, security v1,
v2, Ed25519Signature2020, JWS 2020) and `openbadgeslib` (1EdTech OB 3.0.x and CLR 2.0.1, Data
Integrity v2, Multikey v1). No installable registry package ships the W3C status contexts or Data
Integrity v1, so Onramp writes those from their published specifications into
`onramp_contexts/` (sources and license in NOTICE), beside its own LER-RS context. Each is read
from the installed package and checked against the hash pinned here before use, so an upgraded
or altered package cannot silently change what a signature covers.

A context not listed here is refused, unless the caller vouches for it (`ContextLoader`): an
operator's pinned contexts (`context_registry`), an offline map, or a test. A built-in URL always
means its pinned document: nothing the caller passes can redefine it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
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
_OWN = "onramp.credentials"

# One constant per context URL Onramp knows.
VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
JWK_V1 = "https://w3id.org/security/jwk/v1"
SECURITY_V1 = "https://w3id.org/security/v1"
SECURITY_V2 = "https://w3id.org/security/v2"
ED25519_2020_V1 = "https://w3id.org/security/suites/ed25519-2020/v1"
JWS_2020_V1 = "https://w3id.org/security/suites/jws-2020/v1"
DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
STATUS_V1 = "https://www.w3.org/ns/credentials/status/v1"
STATUS_LIST_2021_V1 = "https://w3id.org/vc/status-list/2021/v1"
OB_V3P0_301 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
OB_V3P0_302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
OB_V3P0_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
OB_V3P0_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_V2P0_201 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_V2P0 = "https://purl.imsglobal.org/spec/clr/v2p0/context.json"
OB_V2 = "https://w3id.org/openbadges/v2"  # OB 2.0 is read as plain JSON, never expanded
LER_RS_V1 = "https://onramp-project.github.io/contexts/ler-rs/v1.jsonld"
# Credential Engine's CTDL context: named in the CTDL documents Onramp exports (issue 16), never
# fetched or expanded here, so it is not pinned below.
CTDL_JSON = "https://credreg.net/ctdl/schema/context/json"
# Unversioned URLs whose publisher has changed the document behind them: a credential sealed
# over an older copy fails to match the copy pinned today, and that is not tampering.
MUTABLE_CONTEXTS = frozenset({OB_V3P0, OB_V3P0_EXTENSIONS, CLR_V2P0})

# 1EdTech edits the published OB 3.0.3 context in place (it later gained jti and endorsementJwt);
# this copy has both, which leaves documents without them unchanged.
_OB_303 = (
    "ob-v3p0-context-3.0.3.json",
    "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
)

PINNED: tuple[PinnedContext, ...] = (
    PinnedContext(
        VC_V2,
        _PYLD,
        "bundled/credentials-v2.jsonld",
        "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
    ),
    PinnedContext(
        VC_V1,
        _PYLD,
        "bundled/credentials-v1.jsonld",
        "00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8",
    ),
    PinnedContext(
        DID_V1,
        _PYLD,
        "bundled/did-v1.jsonld",
        "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
    ),
    PinnedContext(
        SECURITY_V1,
        _PYLD,
        "bundled/security-v1.jsonld",
        "e2d146cd556f6fa5f14996c6f1749667d5a14073fa30f0643990068e2c0b1bac",
    ),
    PinnedContext(
        SECURITY_V2,
        _PYLD,
        "bundled/security-v2.jsonld",
        "4cb186bc29c08af6e40c58178c22dd84d542f2871a063afed6e648b47abc3cf6",
    ),
    PinnedContext(
        ED25519_2020_V1,
        _PYLD,
        "bundled/security-ed25519-2020-v1.jsonld",
        "b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588",
    ),
    PinnedContext(
        JWS_2020_V1,
        _PYLD,
        "bundled/security-jws-2020-v1.jsonld",
        "00ee65bb7307f9a01c3170b823083b0d4de68223520834b2c5eb7a09bae5dea6",
    ),
    PinnedContext(
        DATA_INTEGRITY_V2,
        _OBL,
        "security-data-integrity-v2.json",
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    ),
    PinnedContext(
        MULTIKEY_V1,
        _OBL,
        "security-multikey-v1.json",
        "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    ),
    PinnedContext(
        OB_V3P0_301,
        _OBL,
        "ob-v3p0-context-3.0.1.json",
        "5f3d9dd6288ef437ff8286cf95ffbff609c748a66f24a1e9450c45ca64be1571",
    ),
    PinnedContext(
        OB_V3P0_302,
        _OBL,
        "ob-v3p0-context-3.0.2.json",
        "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
    ),
    PinnedContext(OB_V3P0_303, _OBL, *_OB_303),
    PinnedContext(OB_V3P0, _OBL, *_OB_303),
    PinnedContext(
        OB_V3P0_EXTENSIONS,
        _OBL,
        "ob-v3p0-extensions.json",
        "87c06c81bc2317663bf288d740d94fddd2818c4342b186270ff6371dfaa63f93",
    ),
    PinnedContext(
        CLR_V2P0_201,
        _OBL,
        "clr_context_2.0.1.json",
        "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
    ),
    # Written by Onramp for HR Open LER-RS resumes as VCs (ADR 0006; served at the same path).
    PinnedContext(
        LER_RS_V1,
        _OWN,
        "onramp_contexts/ler-rs-v1.jsonld",
        "cc6455fd6c46aac84adf3a788df4ea3234d298eb2ed32b715d26398754755832",
    ),
    # Written from W3C Bitstring Status List v1.0 (Recommendation, 2025), section 5.2, which
    # gives this SHA-256 for the document at the URL. VC 1.1 credentials name it for
    # BitstringStatusListEntry; VC 2.0 has the same terms in its own context.
    PinnedContext(
        STATUS_V1,
        _OWN,
        "onramp_contexts/credentials-status-v1.jsonld",
        "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7",
    ),
    # Written from W3C CCG Status List 2021 (the document w3id.org serves, byte for byte), for
    # StatusList2021Entry in VC 1.1 credentials.
    PinnedContext(
        STATUS_LIST_2021_V1,
        _OWN,
        "onramp_contexts/vc-status-list-2021-v1.jsonld",
        "6dd06a52bedb771e059c1083ba8ba7848dce22f6b4a8cfa0b98ba3fc188870e4",
    ),
    # Written from W3C VC Data Integrity (the v1 context of its 2023 drafts: DataIntegrityProof
    # and proof; no digestMultibase). Legacy `eddsa-2022` proofs name it.
    PinnedContext(
        DATA_INTEGRITY_V1,
        _OWN,
        "onramp_contexts/security-data-integrity-v1.jsonld",
        "b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554",
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


def is_built_in(url: str) -> bool:
    return url in _BY_URL


def built_in_sha256(url: str) -> str | None:
    """The pinned SHA-256 of a built-in context's bytes, or None when it is not built in."""
    pinned = _BY_URL.get(url)
    return pinned.sha256 if pinned else None


def content_digest(document: Any) -> str:
    """SHA-256 of a JSON value's canonical text (sorted keys, ASCII): equal content, equal key."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class ContextLoader:
    """A pyld document loader: the built-in contexts first, then documents the caller vouches
    for (operator-pinned ones, an offline map, tests). Only built-in documents are tagged
    "static", so pyld keeps only those across calls under their URL; the processed-context cache
    (`context_cache`) keys every other document by the SHA-256 of its content, never by URL, so
    a URL re-pinned to another document can never be served from an old entry."""

    __slots__ = ("extra", "_digests")

    def __init__(self, extra: Mapping[str, dict[str, Any]] | None = None) -> None:
        self.extra = {u: d for u, d in (extra or {}).items() if u not in _BY_URL}
        self._digests: dict[str, str] = {}

    def __call__(self, url: str, _options: Any = None) -> dict[str, Any]:
        if url in _BY_URL:
            return document_loader(url)
        found = self.extra.get(url)
        if found is None:
            return document_loader(url)  # refused: not one Onramp knows
        return {"contextUrl": None, "documentUrl": url, "document": found}

    def key(self, url: str) -> tuple[str, str] | None:
        """The cache key of the document at `url`: the URL of a built-in context (it always
        means the same hash-checked bytes), the content digest of any other; None if unknown."""
        if url in _BY_URL:
            return ("url", url)
        if url not in self.extra:
            return None
        digest = self._digests.get(url)
        if digest is None:
            digest = self._digests[url] = content_digest(self.extra[url])
        return ("doc", digest)


BUILT_IN = ContextLoader()


def loader_with(extra: Mapping[str, dict[str, Any]] | None) -> ContextLoader:
    """The built-in contexts plus documents the caller vouches for."""
    return ContextLoader(extra) if extra else BUILT_IN
