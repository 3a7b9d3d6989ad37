"""Input checks before JSON-LD processing: invalid Unicode, size and depth give plain errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from onramp.credentials.proofs.data_integrity import verify
from onramp.credentials.rdf.jsonld import MAX_DEPTH, canonical_nquads
from onramp.errors import InvalidInputError

DOCUMENT: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:example:issuer",
    "name": "A credential",
    "credentialSubject": {"id": "did:example:subject"},
}


def test_a_lone_surrogate_is_refused_plainly() -> None:
    text = json.dumps(DOCUMENT).replace("A credential", "A \\ud800 credential")
    document = json.loads(text)  # valid JSON, but not valid Unicode
    with pytest.raises(InvalidInputError, match="not valid Unicode"):
        canonical_nquads(document)
    inline = {**DOCUMENT, "@context": [*DOCUMENT["@context"], {"x": "https://e.example/\ud800"}]}
    with pytest.raises(InvalidInputError, match="not valid Unicode"):
        canonical_nquads(inline)
    signed = {
        **document,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "proofValue": "z3FXQ",
        },
    }
    with pytest.raises(InvalidInputError):
        verify(signed, bytes(32))


def test_oversized_and_deep_documents_are_refused() -> None:
    nested: dict[str, Any] = {"id": "did:example:subject"}
    for _ in range(MAX_DEPTH + 2):
        nested = {"id": "did:example:subject", "credentialSubject": nested}
    with pytest.raises(InvalidInputError, match="too large or too deeply nested"):
        canonical_nquads({**DOCUMENT, "credentialSubject": nested})
    huge = {**DOCUMENT, "name": "x" * 2_100_000}
    with pytest.raises(InvalidInputError, match="too large"):
        canonical_nquads(huge)
