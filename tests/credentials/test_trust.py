"""The issuer-trust hook: a pure registry of issuers and the skills each may attest, and the
report's issuer_trust check (membership warns; it never fails a credential)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.proofs import data_integrity
from onramp.credentials.verify.trust import TrustRegistry, claimed_skills
from onramp.credentials.verify.verifier import Status, Verifier
from onramp.errors import InvalidInputError

from support import shared

SEED = bytes(range(32))
SKILL = "https://caseregistry.imsglobal.org/uri/74f5bb7d-d7cc-11e8-824f-0242ac160002"
OTHER = "http://data.europa.eu/esco/skill/other"


def _signer() -> tuple[str, str]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    did = did_key_from_public(public.public_bytes(Encoding.Raw, PublicFormat.Raw))
    return did, f"{did}#{did.removeprefix('did:key:')}"


@pytest.fixture(scope="module")
def aligned() -> str:
    """The OB 3.0 alignment example, issued by a test did:key."""
    path = shared("vc", "1edtech-ob3", "examples", "achievementAlignmentCase-1.json")
    document: dict[str, Any] = json.loads(path.read_text())
    did, method = _signer()
    document["issuer"]["id"] = did
    signed = data_integrity.sign(document, SEED, method, created=datetime(2024, 1, 1, tzinfo=UTC))
    return json.dumps(signed)


def test_registry_assessment() -> None:
    registry = TrustRegistry.of({"did:example:a": [SKILL], "did:example:any": None})
    assert registry.assess("did:example:a", [SKILL]).trusted
    partly = registry.assess("did:example:a", [SKILL, OTHER])
    assert partly.member and not partly.trusted and partly.not_allowed == (OTHER,)
    assert registry.assess("did:example:any", [OTHER]).trusted
    stranger = registry.assess("did:example:b", [])
    assert not stranger.member and not stranger.trusted
    registry.remove("did:example:a")
    assert not registry.assess("did:example:a", [SKILL]).member
    loaded = TrustRegistry.from_json({"did:example:c": "*", "did:example:d": [SKILL]})
    assert loaded.assess("did:example:c", [OTHER]).trusted
    with pytest.raises(InvalidInputError):
        TrustRegistry.from_json({"did:example:e": 3})


def test_claimed_skills_come_from_achievement_and_result_alignments() -> None:
    credential = {
        "credentialSubject": {
            "achievement": {"alignment": [{"targetUrl": SKILL}]},
            "result": [{"alignment": [{"targetUrl": OTHER}, {"targetUrl": SKILL}]}],
        }
    }
    assert claimed_skills(credential) == [SKILL, OTHER]


def _trust(report: Any) -> Any:
    found = report.get("issuer_trust")
    assert found is not None
    return found


def test_issuer_trust_check_in_the_report(aligned: str) -> None:
    did, _ = _signer()
    none = Verifier().verify(aligned)
    assert none.verified, none.to_json()
    assert _trust(none).status is Status.WARN
    assert "no trust registry configured" in _trust(none).message
    # a worker's wallet and the public check have no organization: don't speak of one
    assert "organization" not in _trust(none).plain

    trusted = Verifier(trust=TrustRegistry.of({did: [SKILL]})).verify(aligned)
    assert trusted.verified and _trust(trusted).status is Status.PASS

    narrow = Verifier(trust=TrustRegistry.of({did: [OTHER]})).verify(aligned)
    assert narrow.verified and _trust(narrow).status is Status.WARN
    assert SKILL in _trust(narrow).message

    stranger = Verifier(trust=TrustRegistry.of({"did:example:x": None})).verify(aligned)
    assert stranger.verified and _trust(stranger).status is Status.WARN
    assert "not in the trust registry" in _trust(stranger).message
