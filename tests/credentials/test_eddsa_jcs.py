"""eddsa-jcs-2022 and RFC 8785 JCS: the W3C vector's intermediates, re-signing byte for byte,
verification in the report, and tampering."""

from __future__ import annotations

import copy
import hashlib
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.proofs.eddsa_jcs import (
    canonicalize,
    hash_data,
    proof_config,
    sign,
    verify_proof,
)
from onramp.credentials.proofs.multikey import (
    ed25519_public_from_multikey,
    ed25519_secret_from_multikey,
)
from onramp.credentials.verify.verifier import Status, Verifier
from onramp.errors import InvalidInputError

from support import shared


def _vector(name: str) -> Path:
    return shared("vc", "w3c-vc-di-eddsa", "TestVectors", *name.split("/"))


def _keys() -> tuple[bytes, bytes]:
    pair = json.loads(_vector("keyPair.json").read_text())
    return (
        ed25519_secret_from_multikey(pair["privateKeyMultibase"]),
        ed25519_public_from_multikey(pair["publicKeyMultibase"]),
    )


def test_vector_intermediates_and_resigning() -> None:
    signed = json.loads(_vector("eddsa-jcs-2022/signedJCS.json").read_text())
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    canon = canonicalize(unsecured)
    assert canon == _vector("eddsa-jcs-2022/canonDocJCS.txt").read_text().strip()
    assert hashlib.sha256(canon.encode()).hexdigest() == (
        _vector("eddsa-jcs-2022/docHashJCS.txt").read_text().strip()
    )
    config = proof_config(unsecured, signed["proof"])
    assert canonicalize(config) == _vector("eddsa-jcs-2022/proofCanonJCS.txt").read_text().strip()
    assert hash_data(signed, signed["proof"]).hex() == (
        _vector("eddsa-jcs-2022/combinedHashJCS.txt").read_text().strip()
    )
    secret, public = _keys()
    created = datetime.fromisoformat(signed["proof"]["created"].replace("Z", "+00:00"))
    again = sign(unsecured, secret, signed["proof"]["verificationMethod"], created=created)
    assert again["proof"]["proofValue"] == signed["proof"]["proofValue"]
    assert (
        again["proof"]["proofValue"]
        == _vector("eddsa-jcs-2022/sigBTC58JCS.txt").read_text().strip()
    )
    assert verify_proof(signed, signed["proof"], public)


def test_tampering_fails_and_the_report_says_proof() -> None:
    signed = json.loads(_vector("eddsa-jcs-2022/signedJCS.json").read_text())
    _secret, public = _keys()
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    assert not verify_proof(tampered, tampered["proof"], public)
    other_context = copy.deepcopy(signed)
    other_context["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    assert not verify_proof(other_context, other_context["proof"], public)
    report = Verifier().verify(json.dumps(tampered))
    proof = report.get("proof")
    assert proof is not None and proof.status is Status.FAIL
    assert "does not match" in proof.message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # RFC 8785 appendix B style samples of ECMAScript number output
        (0.0, "0"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (333333333.3333333, "333333333.3333333"),
        (-1.5, "-1.5"),
        (9007199254740992, "9007199254740992"),
    ],
)
def test_numbers_are_written_as_ecmascript_does(value: float, text: str) -> None:
    assert canonicalize(value) == text


def test_strings_and_member_order() -> None:
    assert canonicalize({"b": 1, "a": [True, None, 'é\n\u001f"']}) == (
        '{"a":[true,null,"é\\n\\u001f\\""],"b":1}'
    )
    # member names sort by UTF-16 code units: U+10000 (a surrogate pair) sorts before U+FB33
    assert canonicalize({"\ufb33": 1, "\U00010000": 2}) == '{"\U00010000":2,"\ufb33":1}'
    with pytest.raises(InvalidInputError):
        canonicalize(math.nan)
    with pytest.raises(InvalidInputError):
        canonicalize(2**60 + 1)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=5), inner, max_size=4
        )
    ),
    max_leaves=20,
)


@given(JSON)
def test_canonical_text_parses_back_to_the_same_value(value: Any) -> None:
    text = canonicalize(value)
    # JCS numbers are IEEE doubles: read them back as doubles
    again = json.loads(text, parse_int=float)
    assert again == json.loads(json.dumps(value), parse_int=float)
    assert canonicalize(again) == text
