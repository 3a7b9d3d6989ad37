"""did:key against the W3C-CCG vectors, and key binding rules."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.did.did_key import (
    KeyBindingError,
    bound_key,
    did_key_from_public,
    resolve_did_key,
)
from onramp.credentials.proofs.multikey import b58decode, b58encode
from onramp.errors import InvalidInputError

from support import shared


def test_ccg_vectors() -> None:
    vectors = json.loads(shared("vc", "did-key", "w3c-ccg-ed25519-x25519.json").read_text())
    for did, vector in vectors.items():
        secret = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(vector["seed"]))
        public = secret.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        assert did_key_from_public(public) == did
        assert b58encode(public) == vector["verificationKeyPair"]["publicKeyBase58"]
        document = resolve_did_key(did)
        expected_id = vector["didDocument"]["verificationMethod"][0]["id"]
        assert document["verificationMethod"][0]["id"] == expected_id
        key = bound_key(document, expected_id, "assertionMethod")
        assert key.public_key == public and key.controller == did


def test_key_binding_refuses_unlisted_or_foreign_methods() -> None:
    did = did_key_from_public(bytes(range(32)))
    document = resolve_did_key(did)
    method = document["verificationMethod"][0]["id"]
    document["assertionMethod"] = []
    with pytest.raises(KeyBindingError, match="not listed under assertionMethod"):
        bound_key(document, method, "assertionMethod")
    other = resolve_did_key(did)
    other["verificationMethod"][0]["controller"] = "did:example:mallory"
    with pytest.raises(KeyBindingError, match="controlled by did:example:mallory"):
        bound_key(other, method, "assertionMethod")
    with pytest.raises(InvalidInputError):
        resolve_did_key("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")  # secp256k1


@given(st.binary(min_size=0, max_size=64))
def test_base58_round_trip(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data
