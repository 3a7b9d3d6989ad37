"""did:jwk: resolution, private material refused, and JWT and Data Integrity verification."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

from onramp.credentials.did.did_jwk import did_jwk_from, jwk_of, resolve_did_jwk
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.proofs.jose import sign_jwt
from onramp.credentials.verify.verifier import Verifier
from onramp.errors import InvalidInputError


def _credential(issuer: str) -> dict:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:wanda"},
    }


def test_jwt_signed_with_a_did_jwk_verifies_with_the_key_bound() -> None:
    secret = ec.generate_private_key(ec.SECP256R1())
    did = did_jwk_from(ECAlgorithm.to_jwk(secret.public_key(), as_dict=True))
    token = sign_jwt(_credential(did), secret, "ES256", kid=f"{did}#0")
    report = Verifier().verify(token)
    assert report.verified, report.to_json()
    assert next(c for c in report.checks if c.id == "key_binding").status == "pass"


def test_data_integrity_with_a_did_jwk() -> None:
    secret = ed25519.Ed25519PrivateKey.generate()
    did = did_jwk_from(OKPAlgorithm.to_jwk(secret.public_key(), as_dict=True))
    seed = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    signed = sign(_credential(did), seed, f"{did}#0")
    report = Verifier().verify(__import__("json").dumps(signed))
    assert report.verified, report.to_json()


def test_private_material_and_junk_are_refused() -> None:
    secret = ec.generate_private_key(ec.SECP256R1())
    private_jwk = ECAlgorithm.to_jwk(secret, as_dict=True)
    import base64
    import json

    raw = base64.urlsafe_b64encode(json.dumps(private_jwk).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidInputError, match="private key material"):
        jwk_of("did:jwk:" + raw)
    with pytest.raises(InvalidInputError):
        resolve_did_jwk("did:jwk:!!!")
    assert did_jwk_from(private_jwk).startswith("did:jwk:")  # private members are dropped
    assert "d" not in jwk_of(did_jwk_from(private_jwk))


def test_jwt_key_of_someone_else_fails_key_binding() -> None:
    secret = ec.generate_private_key(ec.SECP256R1())
    did = did_jwk_from(ECAlgorithm.to_jwk(secret.public_key(), as_dict=True))
    token = sign_jwt(_credential("did:example:real-college"), secret, "ES256", kid=f"{did}#0")
    report = Verifier().verify(token)
    assert not report.verified
    assert next(c for c in report.checks if c.id == "key_binding").status == "fail"
