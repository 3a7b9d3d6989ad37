"""1EdTech's signed OB 3.0 and CLR 2.0 vectors, with only Onramp's pinned contexts."""

from __future__ import annotations

import copy
import json
from datetime import datetime

import pytest

from onramp.credentials.proofs.data_integrity import sign, verify
from onramp.credentials.rdf.jsonld import canonical_nquads

from support import shared


@pytest.mark.parametrize("name", ["ldp-vector-ob", "ldp-vector-clr"])
def test_vector_canonical_form_signature_and_verification(name: str) -> None:
    folder = shared("vc", "1edtech-ob3", name)
    signed = json.loads((folder / "signed.json").read_text())
    keys = json.loads((folder / "keypair.json").read_text())
    public = bytes.fromhex(keys["publicKeyHex"])
    seed = bytes.fromhex(keys["privateKeyHex(seed||pub)"])[:32]
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    if (folder / "document-canon.txt").exists():
        expected = (folder / "document-canon.txt").read_text()
        assert canonical_nquads(unsecured).nquads.strip() == expected.strip()
    assert verify(signed, public)
    proof = signed["proof"][0] if isinstance(signed["proof"], list) else signed["proof"]
    created = datetime.fromisoformat(proof["created"].replace("Z", "+00:00"))
    again = sign(unsecured, seed, proof["verificationMethod"], created=created)
    assert again["proof"]["proofValue"] == proof["proofValue"]
    tampered = copy.deepcopy(signed)
    tampered["name"] = str(tampered.get("name", "")) + " (edited)"
    assert not verify(tampered, public)
