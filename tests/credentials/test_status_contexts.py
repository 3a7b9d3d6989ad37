"""VC 1.1 status contexts and the Data Integrity v1 context: written into Onramp from their
specifications, pinned by hash, equal to the published documents, and enough on their own (no
extra contexts) to verify a credential that names them."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onramp.credentials.did.resolver import Resolver
from onramp.credentials.proofs import data_integrity
from onramp.credentials.proofs.multikey import multibase_encode
from onramp.credentials.rdf import contexts
from onramp.credentials.rdf.contexts import (
    DATA_INTEGRITY_V1,
    DATA_INTEGRITY_V2,
    PINNED,
    STATUS_LIST_2021_V1,
    STATUS_V1,
    VC_V1,
    load_context,
)
from onramp.credentials.status.status_list import Bitstring
from onramp.credentials.verify.report import Status
from onramp.credentials.verify.verifier import Verifier

from support import shared

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SEED = bytes(range(32))
WRITTEN = (STATUS_V1, STATUS_LIST_2021_V1, DATA_INTEGRITY_V1)
# the SHA-256 W3C Bitstring Status List v1.0 (Recommendation) section 5.2 gives for its context
BSL_REC_DIGEST = "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7"


def _did_key() -> tuple[str, str]:
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes_raw()
    fingerprint = multibase_encode(b"\xed\x01" + public)
    did = f"did:key:{fingerprint}"
    return did, f"{did}#{fingerprint}"


@pytest.mark.parametrize("url", WRITTEN)
def test_written_contexts_equal_the_published_documents(url: str) -> None:
    folder = shared("vc", "contexts")
    index = json.loads((folder / "index.json").read_text())
    published = (folder / index[url]).read_bytes()
    assert load_context(url) == json.loads(published)
    pinned = next(p for p in PINNED if p.url == url)
    assert pinned.package == "onramp.credentials"
    assert pinned.resource.startswith("onramp_contexts/")
    if url != DATA_INTEGRITY_V1:  # the status contexts are byte for byte what is published
        assert pinned.sha256 == hashlib.sha256(published).hexdigest()


def test_the_bitstring_context_has_the_digest_its_recommendation_gives() -> None:
    assert contexts.built_in_sha256(STATUS_V1) == BSL_REC_DIGEST


def _status_list(url: str, kind: str, did: str, method: str, revoked: set[int]) -> dict[str, Any]:
    bits = Bitstring.empty()
    for index in revoked:
        bits.set(index, 1)
    entry_context, list_type, subject_type = {
        "bitstring": (STATUS_V1, "BitstringStatusListCredential", "BitstringStatusList"),
        "2021": (STATUS_LIST_2021_V1, "StatusList2021Credential", "StatusList2021"),
    }[kind]
    encoded = bits.encode()
    document = {
        "@context": [VC_V1, entry_context, DATA_INTEGRITY_V2],
        "id": url,
        "type": ["VerifiableCredential", list_type],
        "issuer": did,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": subject_type,
            "statusPurpose": "revocation",
            "encodedList": encoded if kind == "bitstring" else encoded[1:],
        },
    }
    return data_integrity.sign(document, SEED, method, created=NOW)


def _credential(kind: str, list_url: str, index: int, did: str, method: str) -> dict[str, Any]:
    entry_context, entry_type = {
        "bitstring": (STATUS_V1, "BitstringStatusListEntry"),
        "2021": (STATUS_LIST_2021_V1, "StatusList2021Entry"),
    }[kind]
    document = {
        "@context": [VC_V1, entry_context, DATA_INTEGRITY_V2],
        "id": "urn:uuid:7b0f6e1e-8d1c-4a4e-9a55-0b6f3b0f6c01",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": entry_type,
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
    }
    return data_integrity.sign(document, SEED, method, created=NOW)


@pytest.mark.parametrize("kind", ["bitstring", "2021"])
def test_vc_1_1_credentials_with_status_contexts_verify_without_extra_contexts(
    kind: str, tmp_path: Path
) -> None:
    did, method = _did_key()
    list_url = f"https://issuer.example/status/{kind}"
    listed = _status_list(list_url, kind, did, method, revoked={7})
    (tmp_path / "list.json").write_text(json.dumps(listed))
    resolver = Resolver({list_url: tmp_path / "list.json"})
    verifier = Verifier(resolver, now=lambda: NOW)  # no extra contexts: only what Onramp ships
    good = verifier.verify(json.dumps(_credential(kind, list_url, 3, did, method)))
    context_check = good.get("contexts")
    assert context_check is not None and context_check.status is not Status.FAIL, good.to_json()
    assert good.get("proof") is not None and good.get("proof").status is Status.PASS  # type: ignore[union-attr]
    status = good.get("status")
    assert status is not None and status.status is Status.PASS, good.to_json()
    revoked = verifier.verify(json.dumps(_credential(kind, list_url, 7, did, method)))
    assert not revoked.verified
    assert any(c.id == "status" and c.status is Status.FAIL for c in revoked.checks)


def test_legacy_eddsa_2022_verifies_with_the_shipped_data_integrity_v1_context() -> None:
    did, method = _did_key()
    document = {
        "@context": [VC_V1, DATA_INTEGRITY_V1],
        "id": "urn:uuid:5a2b0e4c-64a4-4d5f-8f0e-2f5d9f1c2b7a",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    proof = data_integrity.proof_options("eddsa-2022", method, created=NOW)
    signature = Ed25519PrivateKey.from_private_bytes(SEED).sign(
        data_integrity.hash_data(document, proof)
    )
    signed = {**document, "proof": {**proof, "proofValue": multibase_encode(signature)}}
    report = Verifier(now=lambda: NOW).verify(json.dumps(signed))
    assert report.verified, report.to_json()
    legacy = report.get("proof_legacy")
    assert legacy is not None and legacy.status is Status.WARN
    tampered = {**signed, "issuanceDate": "2025-01-02T00:00:00Z"}
    assert not Verifier(now=lambda: NOW).verify(json.dumps(tampered)).verified
