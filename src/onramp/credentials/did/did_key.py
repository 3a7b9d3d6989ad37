"""did:key for Ed25519 (Multikey), and finding a verification method in a DID document.

did:key method v0.7: https://w3c-ccg.github.io/did-method-key/ . The DID document is derived from
the DID itself; it is still built and searched like any other, so a proof's key is taken only
from a verification method that the document lists for the proof's purpose and whose controller
is the DID. Never from the `#z6Mk…` fragment alone: that shortcut would let anyone claim to be
any issuer.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from onramp.credentials.proofs.multikey import (
    ed25519_public_from_multikey,
    multikey_from_ed25519_public,
)
from onramp.credentials.rdf.contexts import DID_V1, MULTIKEY_V1
from onramp.errors import InvalidInputError

PREFIX = "did:key:"
ED25519_TYPES = ("Multikey", "Ed25519VerificationKey2020")
PURPOSES = ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation")


class KeyBindingError(InvalidInputError):
    code = "key_binding"


@dataclass(frozen=True, slots=True)
class BoundKey:
    verification_method: str
    controller: str
    public_key: bytes


def did_key_from_public(public_key: bytes) -> str:
    return PREFIX + multikey_from_ed25519_public(public_key)


def resolve_did_key(did: str) -> dict[str, Any]:
    """The DID document of an Ed25519 did:key, with a Multikey verification method."""
    if not did.startswith(PREFIX) or "#" in did or "?" in did:
        raise InvalidInputError(f"'{did}' is not a did:key DID")
    fingerprint = did[len(PREFIX) :]
    ed25519_public_from_multikey(fingerprint)  # checks the multicodec and the length
    method_id = f"{did}#{fingerprint}"
    document: dict[str, Any] = {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": fingerprint,
            }
        ],
    }
    for purpose in PURPOSES:
        document[purpose] = [method_id]
    return document


def bound_key(document: dict[str, Any], method_id: str, purpose: str) -> BoundKey:
    """The Ed25519 key of `method_id`, if the document lists it for `purpose`. A bare DID (no
    fragment) stands for the document's only method for that purpose, and fails if it has
    several."""
    did = document.get("id", "")
    if method_id == did:
        candidates = [m if isinstance(m, str) else m.get("id") for m in document.get(purpose, [])]
        if len(candidates) != 1:
            raise KeyBindingError(f"{did} names no single key for {purpose}; name the key")
        method_id = candidates[0] if not candidates[0].startswith("#") else did + candidates[0]
    listed = [m if isinstance(m, str) else m.get("id") for m in document.get(purpose, [])]
    absolute = [f"{did}{m}" if isinstance(m, str) and m.startswith("#") else m for m in listed]
    if method_id not in absolute:
        raise KeyBindingError(f"{method_id} is not listed under {purpose} in {did}'s DID document")
    methods = list(document.get("verificationMethod", [])) + [
        m for m in document.get(purpose, []) if isinstance(m, dict)
    ]
    for method in methods:
        found_id = method.get("id", "")
        if found_id.startswith("#"):
            found_id = did + found_id
        if found_id != method_id:
            continue
        controller = method.get("controller", "")
        if controller != did:
            raise KeyBindingError(f"{method_id} is controlled by {controller}, not by {did}")
        jwk = method.get("publicKeyJwk")
        if method.get("type") in ED25519_TYPES and "publicKeyMultibase" in method:
            key = ed25519_public_from_multikey(method["publicKeyMultibase"])
        elif isinstance(jwk, dict) and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            x = str(jwk.get("x", ""))
            key = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
        else:
            raise KeyBindingError(f"{method_id} is not an Ed25519 key Onramp can use")
        return BoundKey(method_id, controller, key)
    raise KeyBindingError(f"{method_id} is not described in {did}'s DID document")
