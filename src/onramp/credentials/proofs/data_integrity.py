"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite.

Spec: W3C Data Integrity EdDSA Cryptosuites v1.0 (https://www.w3.org/TR/vc-di-eddsa/), section
3.3 (eddsa-rdfc-2022), and Ed25519Signature2020 (https://w3c-ccg.github.io/lds-ed25519-2020/),
verified only: the document without its proof and the proof configuration (the proof
without proofValue, with the document's @context) are each canonicalized with RDFC-1.0 and
hashed with SHA-256; the signature is Ed25519 over proofHash || documentHash, written base58btc.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from onramp.credentials.proofs.multikey import multibase_decode, multibase_encode
from onramp.credentials.rdf.jsonld import canonical_nquads
from onramp.credentials.rdf.rdfc import Budget
from onramp.errors import InvalidInputError

CRYPTOSUITE = "eddsa-rdfc-2022"
# Proofs Onramp verifies: the current suite, and Ed25519Signature2020 (still in the wild; the
# same RDFC canonicalization, hashes and Ed25519 signature, without a cryptosuite property).
ACCEPTED = {("DataIntegrityProof", CRYPTOSUITE), ("Ed25519Signature2020", None)}
Contexts = Mapping[str, dict[str, Any]] | None


def hash_data(
    document: dict[str, Any],
    proof: dict[str, Any],
    contexts: Contexts = None,
    budget: Budget | None = None,
) -> bytes:
    """What is signed: SHA-256(canonical proof config) + SHA-256(canonical document)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    canonical_doc = canonical_nquads(unsecured, budget=budget, extra_contexts=contexts).nquads
    canonical_config = canonical_nquads(config, budget=budget, extra_contexts=contexts).nquads
    return (
        hashlib.sha256(canonical_config.encode()).digest()
        + hashlib.sha256(canonical_doc.encode()).digest()
    )


def proof_options(
    cryptosuite: str,
    verification_method: str,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The proof before its value: what every Data Integrity suite here signs over."""
    moment = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
        **extra,
    }


def sign(
    document: dict[str, Any],
    secret_key: bytes,
    verification_method: str,
    *,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
    contexts: Contexts = None,
) -> dict[str, Any]:
    """A copy of the document with an eddsa-rdfc-2022 proof added."""
    proof = proof_options(CRYPTOSUITE, verification_method, proof_purpose, created)
    data = hash_data(document, proof, contexts)
    signature = Ed25519PrivateKey.from_private_bytes(secret_key).sign(data)
    proof["proofValue"] = multibase_encode(signature)
    return {**{k: v for k, v in document.items() if k != "proof"}, "proof": proof}


def single_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The document's one proof (a one-item list counts); proof sets are refused, plainly."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if isinstance(proof, list):
        raise InvalidInputError("several proofs: proof sets are not supported yet")
    if not isinstance(proof, dict):
        raise InvalidInputError("no proof")
    return proof


def verify(
    document: dict[str, Any],
    public_key: bytes,
    contexts: Contexts = None,
    budget: Budget | None = None,
) -> bool:
    """True when the proof is a valid eddsa-rdfc-2022 signature by `public_key`."""
    proof = single_proof(document)
    if (proof.get("type"), proof.get("cryptosuite")) not in ACCEPTED:
        raise InvalidInputError("the proof is neither eddsa-rdfc-2022 nor Ed25519Signature2020")
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise InvalidInputError("the proof has no proofValue")
    signature = multibase_decode(value)
    data = hash_data(document, proof, contexts, budget)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
