"""Acceptance round trip: Onramp issues an OB 3.0 credential (LD proof and RS256 JWT) and a CLR,
verifies them, and a tampered copy fails."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.formats.clr import clr_credential
from onramp.credentials.formats.ob3 import (
    Achievement,
    Alignment,
    RubricLevel,
    achievement_credential,
)
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.proofs.jose import decode_jwt, sign_jwt
from onramp.credentials.verify.verifier import Verifier
from onramp.errors import InvalidInputError


@pytest.fixture
def issuer() -> tuple[dict, bytes, str]:
    secret = ed25519.Ed25519PrivateKey.generate()
    public = secret.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    seed = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    did = did_key_from_public(public)
    return {"id": did, "name": "Valley Community College"}, seed, f"{did}#{did[8:]}"


ACHIEVEMENT = Achievement(
    id="https://onramp.example/achievements/forklift-safety",
    name="Forklift Safety",
    description="Operates a forklift safely in a warehouse.",
    criteria="Passed a practical test observed by a certified trainer.",
    alignments=[
        Alignment(
            "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da",
            "operate forklift",
        ),
        Alignment("urn:onramp:esf:ESF-05", "Working safely"),
    ],
    levels=[RubricLevel("urn:level:1", "Starting"), RubricLevel("urn:level:2", "Skilled")],
)


def test_ob3_with_ld_proof_and_a_clr(issuer: tuple[dict, bytes, str]) -> None:
    profile, seed, method = issuer
    badge = achievement_credential(
        ACHIEVEMENT, profile, recipient_did="did:example:wanda", level_id="urn:level:2"
    )
    signed = sign(badge, seed, method)
    verifier = Verifier()
    report = verifier.verify(json.dumps(signed))
    assert report.verified and report.format == "ob3", report.to_json()
    assert next(c for c in report.checks if c.id == "key_binding").status == "pass"
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Crane Operation"
    assert not verifier.verify(json.dumps(tampered)).verified
    clr = sign(clr_credential([signed], profile, "did:example:wanda"), seed, method)
    clr_report = verifier.verify(json.dumps(clr))
    assert clr_report.verified and clr_report.format == "clr", clr_report.to_json()
    changed = copy.deepcopy(clr)
    changed["credentialSubject"]["verifiableCredential"][0]["validFrom"] = "2001-01-01T00:00:00Z"
    assert not verifier.verify(json.dumps(changed)).verified


def test_ob3_as_rs256_jwt(issuer: tuple[dict, bytes, str]) -> None:
    profile, _seed, _method = issuer
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    badge = achievement_credential(ACHIEVEMENT, profile, recipient_email="Wanda@Example.org")
    token = sign_jwt(badge, key, "RS256", legacy=True)
    decoded = decode_jwt(token, key.public_key())
    assert decoded.credential == badge and decoded.header["alg"] == "RS256"
    identity = badge["credentialSubject"]["identifier"][0]
    assert identity["hashed"] and "wanda" not in json.dumps(identity).lower()
    head, body, signature = token.split(".")
    with pytest.raises(InvalidInputError):
        decode_jwt(f"{head}.{body[:-4]}AAAA.{signature}", key.public_key())


def test_bad_inputs_are_refused(issuer: tuple[dict, bytes, str]) -> None:
    profile, _seed, _method = issuer
    with pytest.raises(InvalidInputError, match="recipient"):
        achievement_credential(ACHIEVEMENT, profile)
    with pytest.raises(InvalidInputError, match="no level"):
        achievement_credential(
            ACHIEVEMENT, profile, recipient_did="did:example:x", level_id="urn:level:9"
        )
    with pytest.raises(InvalidInputError, match="signed"):
        clr_credential(
            [achievement_credential(ACHIEVEMENT, profile, recipient_did="did:x:y")],
            profile,
            "did:x:y",
        )
