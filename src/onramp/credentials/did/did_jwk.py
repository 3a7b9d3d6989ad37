"""did:jwk: a DID that is its own public key, as a base64url-encoded JWK.

Spec: https://github.com/quartzjer/did-jwk/blob/main/spec.md (did:jwk method specification).
The document has one verification method, `#0`, of type JsonWebKey. A JWK with private members
("d", "p", "q", ...) is refused: a DID must never carry a secret.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from onramp.credentials.rdf.contexts import DID_V1, JWK_V1
from onramp.errors import InvalidInputError

PREFIX = "did:jwk:"
_PRIVATE = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


def jwk_of(did: str) -> dict[str, Any]:
    if not did.startswith(PREFIX):
        raise InvalidInputError(f"'{did}' is not a did:jwk DID")
    encoded = did[len(PREFIX) :].split("#")[0]
    try:
        jwk = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInputError("the did:jwk does not hold base64url JSON") from None
    if not isinstance(jwk, dict) or "kty" not in jwk:
        raise InvalidInputError("the did:jwk does not hold a JWK")
    if _PRIVATE & set(jwk):
        raise InvalidInputError("the did:jwk holds private key material; refusing it")
    return jwk


def did_jwk_from(jwk: dict[str, Any]) -> str:
    public = {k: v for k, v in jwk.items() if k not in _PRIVATE}
    raw = json.dumps(public, separators=(",", ":"), sort_keys=True).encode()
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def resolve_did_jwk(did: str) -> dict[str, Any]:
    jwk = jwk_of(did)
    method = f"{did}#0"
    document: dict[str, Any] = {
        "@context": [DID_V1, JWK_V1],
        "id": did,
        "verificationMethod": [
            {"id": method, "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk}
        ],
    }
    use = jwk.get("use")
    for purpose in (
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
    ):
        if use != "enc":
            document[purpose] = [method]
    if use != "sig":
        document["keyAgreement"] = [method]
    return document
