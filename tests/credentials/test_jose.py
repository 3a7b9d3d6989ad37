"""VC-JOSE and VC-JWT: round trips with the three algorithms, and every way a JWT is refused."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from onramp.credentials.proofs.jose import JwtError, decode_jwt, sign_jwt

from support import shared

CREDENTIAL: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "urn:uuid:1c5e4b1e-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": "did:example:college",
    "validFrom": "2024-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:wanda", "achievement": "Forklift safety"},
}
KEYS = {
    "EdDSA": ed25519.Ed25519PrivateKey.generate,
    "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
}


@pytest.mark.parametrize("algorithm", sorted(KEYS))
@pytest.mark.parametrize("legacy", [False, True])
def test_round_trip_and_tamper(algorithm: str, legacy: bool) -> None:
    secret = KEYS[algorithm]()
    token = sign_jwt(CREDENTIAL, secret, algorithm, kid="did:example:college#key-1", legacy=legacy)
    decoded = decode_jwt(token, secret.public_key())
    assert decoded.credential == CREDENTIAL and decoded.legacy is legacy
    assert decoded.header["typ"] == ("JWT" if legacy else "vc+jwt")
    head, body, signature = token.split(".")
    changed = json.loads(base64.urlsafe_b64decode(body + "==="))
    (changed["vc"] if legacy else changed)["issuer"] = "did:example:mallory"
    forged_body = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
    with pytest.raises(JwtError, match="signature does not match|does not match"):
        decode_jwt(f"{head}.{forged_body}.{signature}", secret.public_key())
    other = KEYS[algorithm]()
    with pytest.raises(JwtError, match="signature does not match"):
        decode_jwt(token, other.public_key())


def test_none_and_hmac_are_refused() -> None:
    unsigned = jwt.encode(CREDENTIAL, None, algorithm="none")
    with pytest.raises(JwtError, match="not accepted"):
        decode_jwt(unsigned, b"")
    secret = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = secret.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    confused = jwt.encode(CREDENTIAL, pem.decode()[:40], algorithm="HS256")
    with pytest.raises(JwtError, match="not accepted"):
        decode_jwt(confused, secret.public_key())


def test_time_claims_are_checked() -> None:
    secret = ed25519.Ed25519PrivateKey.generate()
    expired = {**CREDENTIAL, "validUntil": "2020-01-01T00:00:00Z"}
    token = sign_jwt(expired, secret, "EdDSA", legacy=True)
    with pytest.raises(JwtError, match="expired"):
        decode_jwt(token, secret.public_key())
    later = jwt.encode({**CREDENTIAL, "nbf": int(time.time()) + 3600}, secret, algorithm="EdDSA")
    with pytest.raises(JwtError, match="not valid yet"):
        decode_jwt(later, secret.public_key())


def test_legacy_claims_must_agree_with_the_credential() -> None:
    secret = ed25519.Ed25519PrivateKey.generate()
    token = jwt.encode(
        {"vc": CREDENTIAL, "iss": "did:example:someone-else"}, secret, algorithm="EdDSA"
    )
    with pytest.raises(JwtError, match="iss does not match"):
        decode_jwt(token, secret.public_key())


def test_1edtech_clr_jwt_with_header_jwk() -> None:
    token = shared("vc", "1edtech-validator", "clr20", "simple.jwt").read_text()
    decoded = decode_jwt(token)
    assert decoded.key_source == "header-jwk" and decoded.legacy
    assert "ClrCredential" in decoded.credential["type"]
    assert decoded.credential["issuer"]


def test_1edtech_ob_jwt_without_key_is_explained() -> None:
    token = shared("vc", "1edtech-validator", "ob30", "simple.jwt").read_text()
    with pytest.raises(JwtError, match="no key to check this JWT"):
        decode_jwt(token)
