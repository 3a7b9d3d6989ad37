"""Open Badges 2.0 assertions: read, reported as legacy and never as verified. The fixtures are
written here (the shared data has no OB 2.0 files), following the OB 2.0 spec's examples."""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives.asymmetric import ec

from onramp.credentials.formats.baked import bake_png
from onramp.credentials.verify.ob2 import is_ob2, read_assertion
from onramp.credentials.verify.verifier import Status, Verifier


def tiny_png() -> bytes:
    """A 1x1 grey PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        (chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(b"\x00\x80")), chunk(b"IEND", b""))
    )


def hosted() -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://badges.example.org/assertions/123",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "deadsea",
            "identity": "sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5",
        },
        "badge": {
            "type": "BadgeClass",
            "id": "https://badges.example.org/badges/forklift",
            "name": "Forklift Safety",
            "issuer": {
                "type": "Profile",
                "id": "https://badges.example.org/issuer",
                "name": "Example Training Center",
            },
        },
        "verification": {"type": "hosted"},
        "issuedOn": "2019-05-01T00:00:00Z",
    }


def test_detection_and_fields() -> None:
    document = hosted()
    assert is_ob2(document)
    assert not is_ob2({**document, "@context": "https://www.w3.org/ns/credentials/v2"})
    assertion = read_assertion(document)
    assert assertion.recipient_hashed and assertion.recipient_type == "email"
    assert assertion.badge_id == "https://badges.example.org/badges/forklift"
    assert assertion.badge_name == "Forklift Safety"
    assert assertion.issuer_id == "https://badges.example.org/issuer"
    assert assertion.verification == "hosted"
    by_url = read_assertion({**document, "badge": "https://badges.example.org/badges/forklift"})
    assert by_url.badge_id == "https://badges.example.org/badges/forklift" and not by_url.badge_name


def test_hosted_assertion_is_legacy_and_unverified() -> None:
    report = Verifier().verify(json.dumps(hosted()), "ob2.json")
    assert report.format == "ob2" and not report.verified
    legacy = report.get("legacy")
    assert legacy is not None and legacy.status is Status.FAIL
    assert "legacy" in legacy.message and "cannot be checked offline" in legacy.message
    structure = report.get("structure")
    assert structure is not None and structure.status is Status.PASS
    assert "Forklift Safety" in structure.message and "hashed" in structure.message
    assert "older kind of badge" in legacy.plain


def test_signed_assertion_is_read_from_its_jws_and_not_verified() -> None:
    document = {**hosted(), "verification": {"type": "signed", "creator": "https://x.example/key"}}
    key = ec.generate_private_key(ec.SECP256R1())
    token = pyjwt.encode(document, key, algorithm="ES256")
    report = Verifier().verify(token, "ob2.jws")
    assert report.format == "ob2" and not report.verified
    legacy = report.get("legacy")
    assert legacy is not None and "signed Open Badges 2.0" in legacy.message


def test_baked_ob2_and_broken_or_revoked_assertions() -> None:
    report = Verifier().verify(bake_png(tiny_png(), json.dumps(hosted())), "ob2.png")
    assert report.format == "png-ob2" and not report.verified
    broken = {k: v for k, v in hosted().items() if k not in ("recipient", "issuedOn")}
    structure = Verifier().verify(json.dumps(broken)).get("structure")
    assert structure is not None and structure.status is Status.FAIL
    assert "recipient" in structure.message and "issuedOn" in structure.message
    revoked = Verifier().verify(json.dumps({**hosted(), "revoked": True})).get("status")
    assert revoked is not None and revoked.status is Status.FAIL
