"""Endorsements, checked recursively as credentials of their own: embedded objects and JWTs, on
the credential, its achievement and its issuer; a failing one fails the check, by name."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.proofs import data_integrity, jose
from onramp.credentials.verify.endorsement import MAX_COUNT, endorsements_of
from onramp.credentials.verify.verifier import Resolver, Status, Verifier

from support import shared

SEED = bytes(range(1, 33))
STATE = "https://state.gov/issuers/565049"
STATE_KEY = "z6MkoMGF38Ck9xkdqrbZt4h9eHb1qc3GhAAkoSWa4Vy3SHRN"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _ob30(name: str) -> dict[str, Any]:
    return json.loads(shared("vc", "1edtech-validator", "ob30", name).read_text())


def _signer() -> tuple[str, str]:
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    did = did_key_from_public(public.public_bytes(Encoding.Raw, PublicFormat.Raw))
    return did, f"{did}#{did.removeprefix('did:key:')}"


@pytest.fixture
def verifier(tmp_path: Path) -> Verifier:
    """The endorser's controller document, pinned offline with the key 1EdTech published."""
    method = f"{STATE}#{STATE_KEY}"
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": STATE,
        "verificationMethod": [
            {"id": method, "type": "Multikey", "controller": STATE, "publicKeyMultibase": STATE_KEY}
        ],
        "assertionMethod": [method],
    }
    (tmp_path / "state.json").write_text(json.dumps(document))
    (tmp_path / "map.json").write_text(json.dumps({STATE: "state.json"}))
    return Verifier(Resolver.from_map_file(tmp_path / "map.json"), now=lambda: NOW)


def _badge(**extra: Any) -> dict[str, Any]:
    """An OB 3.0 badge issued by a test did:key, carrying the given endorsements."""
    did, method = _signer()
    document = _ob30("simple-did-key-method.json")
    document.pop("proof")
    document["issuer"] = {"id": did, "type": ["Profile"], "name": "Test issuer"}
    for where, value in extra.items():
        if where == "issuer":
            document["issuer"].update(value)
        elif where == "achievement":
            document["credentialSubject"]["achievement"].update(value)
        else:
            document[where] = value
    return data_integrity.sign(document, SEED, method, created=datetime(2024, 1, 1, tzinfo=UTC))


def _check(verifier: Verifier, credential: dict[str, Any]) -> Any:
    report = verifier.verify(json.dumps(credential))
    found = report.get("endorsements")
    assert found is not None
    return report, found


def test_valid_endorsement_on_the_credential_passes(verifier: Verifier) -> None:
    report, found = _check(verifier, _badge(endorsement=[_ob30("endorsement-valid.json")]))
    assert report.verified, report.to_json()
    assert found.status is Status.PASS and "1 endorsement" in found.message


def test_invalid_endorsement_is_a_warning_by_name_and_not_the_credentials_verdict(
    verifier: Verifier,
) -> None:
    bad = _ob30("endorsement-valid.json")
    bad["name"] = "Edited after signing"
    report, found = _check(verifier, _badge(achievement={"endorsement": [bad]}))
    assert report.verified and found.status is Status.WARN, report.to_json()
    assert report.verdict == "verified" and found.aspect == "advice"
    assert "credentialSubject.achievement.endorsement" in found.message
    assert "http://1edtech.edu/endorsementcredential/3732" in found.message
    assert "proof" in found.message


def test_endorsement_jwt_on_the_issuer_is_verified(verifier: Verifier) -> None:
    did, method = _signer()
    endorsement = _ob30("endorsement-valid.json")
    endorsement.pop("proof")
    endorsement["issuer"] = {"id": did, "type": ["Profile"], "name": "Test endorser"}
    token = jose.sign_jwt(
        endorsement, Ed25519PrivateKey.from_private_bytes(SEED), "EdDSA", kid=method
    )
    report, found = _check(verifier, _badge(issuer={"endorsementJwt": [token]}))
    assert report.verified and found.status is Status.PASS, report.to_json()
    broken = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    report, found = _check(verifier, _badge(issuer={"endorsementJwt": [broken]}))
    assert found.status is Status.WARN and "issuer.endorsementJwt" in found.message
    assert report.verified


def test_an_embedded_credential_that_is_not_an_endorsement_fails(verifier: Verifier) -> None:
    not_endorsement = _badge()
    report, found = _check(verifier, _badge(endorsement=[not_endorsement]))
    assert found.status is Status.WARN and "not an EndorsementCredential" in found.message


def test_nested_endorsements_stop_at_the_depth_limit(verifier: Verifier) -> None:
    did, method = _signer()
    inner: dict[str, Any] = _ob30("endorsement-valid.json")
    for _level in range(4):
        wrapper = copy.deepcopy(_ob30("endorsement-valid.json"))
        wrapper.pop("proof")
        wrapper["issuer"] = {"id": did, "type": ["Profile"], "name": "Test endorser"}
        wrapper["endorsement"] = [inner]
        inner = data_integrity.sign(wrapper, SEED, method, created=datetime(2024, 1, 1, tzinfo=UTC))
    sub = verifier.verify_document(inner, "deep", depth=0)
    assert sub.verified, sub.to_json()
    deepest = verifier.verify_document(inner, "deep", depth=3).get("endorsements")
    assert deepest is not None and deepest.status is Status.WARN


def test_too_many_endorsements_are_refused_and_all_places_are_found() -> None:
    many = {"endorsement": [{"id": f"urn:e:{i}"} for i in range(MAX_COUNT + 1)]}
    report = Verifier().verify(json.dumps({**_ob30("simple-did-key-method.json"), **many}))
    found = report.get("endorsements")
    assert found is not None and found.status is Status.WARN and "more than" in found.message
    places = {
        "endorsement": [{}],
        "issuer": {"endorsementJwt": "a.b.c"},
        "credentialSubject": {"achievement": {"endorsement": {}, "creator": {"endorsement": [{}]}}},
    }
    assert [f.where for f in endorsements_of(places)] == [
        "credential.endorsement",
        "issuer.endorsementJwt",
        "credentialSubject.achievement.endorsement",
        "credentialSubject.achievement.creator.endorsement",
    ]


def test_an_expired_endorsement_in_the_issuer_profile_is_a_warning_on_itself(
    verifier: Verifier,
) -> None:
    did, method = _signer()
    endorsement = _ob30("endorsement-valid.json")
    endorsement.pop("proof")
    endorsement["issuer"] = {"id": did, "type": ["Profile"], "name": "Test endorser"}
    endorsement["validUntil"] = "2020-01-01T00:00:00Z"
    endorsement["validFrom"] = "2019-01-01T00:00:00Z"
    signed = data_integrity.sign(
        endorsement, SEED, method, created=datetime(2019, 6, 1, tzinfo=UTC)
    )
    report, found = _check(verifier, _badge(issuer={"endorsement": [signed]}))
    assert report.verified and report.verdict == "verified", report.to_json()
    assert found.status is Status.WARN
    assert "issuer.endorsement" in found.message and "expired" in found.message
