"""Baked badges: PNG iTXt and SVG openbadges:credential, read by the verifier; bake and unbake
round trips; hostile and random input only ever gives InvalidInputError."""

from __future__ import annotations

import contextlib
import json
import struct
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.formats.baked import (
    BakedBadgeError,
    bake,
    bake_png,
    bake_svg,
    image_kind,
    unbake,
)
from onramp.credentials.proofs import jose
from onramp.credentials.verify.verifier import Status, Verifier
from onramp.errors import InvalidInputError

from support import shared

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" data-note="a > b">'
    b'<circle cx="5" cy="5" r="4"/></svg>'
)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def tiny_png() -> bytes:
    """A 1x1 grey PNG, written here from the PNG spec."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def _fixture(*parts: str) -> bytes:
    return shared("vc", "1edtech-validator", *parts).read_bytes()


def test_png_with_json_credential_verifies() -> None:
    credential = _fixture("ob30", "simple-did-key-method.json").decode()
    baked = bake_png(tiny_png(), credential)
    assert image_kind(baked) == "png"
    assert unbake(baked) == credential
    report = Verifier().verify(baked, "badge.png")
    assert report.verified, report.to_json()
    assert report.format == "png-ob3"
    parse = report.get("parse")
    assert parse is not None and "PNG" in parse.message


def _jwt() -> str:
    """The did:key OB 3.0 example, issued as a VC-JWT by a test did:key."""
    secret = bytes(range(2, 34))
    private = Ed25519PrivateKey.from_private_bytes(secret)
    did = did_key_from_public(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    credential = json.loads(_fixture("ob30", "simple-did-key-method.json"))
    credential.pop("proof")
    credential["issuer"]["id"] = did
    return jose.sign_jwt(credential, private, "EdDSA", kid=f"{did}#{did.removeprefix('did:key:')}")


def test_png_and_svg_with_jwt_verify() -> None:
    token = _jwt()
    for image, kind in ((tiny_png(), "png"), (SVG, "svg")):
        report = Verifier().verify(bake(image, token), f"badge.{kind}")
        assert report.verified, report.to_json()
        assert report.format == f"{kind}-jwt-ob3"


def test_svg_with_json_credential_in_cdata_verifies() -> None:
    credential = _fixture("ob30", "simple-did-key-method.json").decode()
    baked = bake_svg(SVG, credential)
    assert (
        b"<![CDATA[" in baked and b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    )
    assert json.loads(unbake(baked)) == json.loads(credential)
    report = Verifier().verify(baked, "badge.svg")
    assert report.verified and report.format == "svg-ob3", report.to_json()


def test_rebaking_a_png_replaces_the_badge() -> None:
    once = bake_png(tiny_png(), '{"a": 1}')
    twice = bake_png(once, '{"b": 2}')
    assert unbake(twice) == '{"b": 2}'
    assert twice.count(b"openbadges") == 1


def test_broken_images_fail_to_parse_plainly() -> None:
    baked = bytearray(bake_png(tiny_png(), '{"a": 1}'))
    baked[-20] ^= 0xFF  # inside the iTXt chunk: its CRC no longer matches
    with pytest.raises(BakedBadgeError, match="CRC"):
        unbake(bytes(baked))
    report = Verifier().verify(bytes(baked), "broken.png")
    parse = report.get("parse")
    assert not report.verified and parse is not None and parse.status is Status.FAIL
    assert report.format == "png"
    with pytest.raises(BakedBadgeError, match="no openbadges"):
        unbake(tiny_png())
    compressed = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b'{"a": 1}')
    png = tiny_png()
    with_compressed = png[:-12] + _chunk(b"iTXt", compressed) + png[-12:]
    with pytest.raises(BakedBadgeError, match="compressed"):
        unbake(with_compressed)


def test_svg_with_a_doctype_or_entities_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b"<openbadges:credential>&b;</openbadges:credential></svg>"
    )
    with pytest.raises(BakedBadgeError, match="safe"):
        unbake(laughs)
    external = (
        b'<?xml version="1.0"?><!DOCTYPE svg SYSTEM "http://169.254.169.254/">'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    with pytest.raises(BakedBadgeError):
        unbake(external)


def test_self_closing_svg_can_be_baked() -> None:
    baked = bake_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "aaa.bbb.ccc")
    assert unbake(baked) == "aaa.bbb.ccc"


def test_the_1ob_file_is_plain_json_and_verifies_like_it() -> None:
    one = _fixture("ob30", "simple.1ob")
    assert image_kind(one) is None
    assert json.loads(one) == json.loads(_fixture("ob30", "simple.json"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
COMPACT = st.from_regex(r"\A[A-Za-z0-9_-]{1,40}\.[A-Za-z0-9_-]{1,40}\.[A-Za-z0-9_-]{0,40}\Z")


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=4))
def test_png_and_svg_round_trip_any_json(value: dict[str, object]) -> None:
    text = json.dumps(value)
    assert unbake(bake(tiny_png(), text)) == text
    assert json.loads(unbake(bake(SVG, text))) == value


@given(COMPACT)
def test_png_and_svg_round_trip_any_compact_jwt(token: str) -> None:
    assert unbake(bake(tiny_png(), token)) == token
    assert unbake(bake(SVG, token)) == token


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
        st.binary(max_size=300).map(lambda b: b"<svg" + b),
        st.text(max_size=200).map(lambda t: f"<svg>{t}</svg>".encode()),
    )
)
def test_random_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(InvalidInputError):
        assert isinstance(unbake(data), str)
    report = Verifier().verify(data, "random")
    assert report.checks


@given(st.integers(min_value=8, max_value=200), st.integers(min_value=0, max_value=255))
def test_any_flipped_byte_in_a_baked_png_is_caught_or_harmless(at: int, xor: int) -> None:
    baked = bytearray(bake_png(tiny_png(), '{"a": 1}'))
    at = min(at, len(baked) - 1)
    baked[at] ^= xor
    try:
        text = unbake(bytes(baked))
    except InvalidInputError:
        return
    # every chunk is CRC-checked, so a flip is refused, never read as another badge
    assert text == '{"a": 1}'
