"""Bitstring Status List: spec examples, bit order, random allocation, and refusals."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.status_list import (
    MIN_ENTRIES,
    Bitstring,
    HostedList,
    StatusListError,
    entries_of,
    status_in,
)

from support import shared


def _example(name: str) -> dict:
    return json.loads(shared("vc", "w3c-bitstring-status-list", name).read_text())


def test_spec_examples_are_not_revoked() -> None:
    credential = _example("a-revocable-verifiable-credential.json")
    status_list = _example("example-bitstringstatuslistcredential.json")
    [entry] = entries_of(credential)
    assert entry.index == 94567 and entry.purpose == "revocation"
    assert status_in(status_list, entry) == 0


def test_revoking_one_index_shows_in_the_encoded_list() -> None:
    bits = Bitstring.empty()
    bits.set(94567, 1)
    listed = _example("example-bitstringstatuslistcredential.json")
    listed["credentialSubject"]["encodedList"] = bits.encode()
    [entry] = entries_of(_example("a-revocable-verifiable-credential.json"))
    assert status_in(listed, entry) == 1
    decoded = gzip.decompress(base64.urlsafe_b64decode(bits.encode()[1:] + "=="))
    assert decoded[94567 // 8] == 1 << (7 - 94567 % 8)  # bit 0 is the leftmost bit


def test_wrong_purpose_type_and_size_are_refused() -> None:
    [entry] = entries_of(_example("a-revocable-verifiable-credential.json"))
    listed = _example("example-bitstringstatuslistcredential.json")
    suspended = json.loads(json.dumps(listed))
    suspended["credentialSubject"]["statusPurpose"] = "suspension"
    with pytest.raises(StatusListError, match="is for 'suspension'"):
        status_in(suspended, entry)
    wrong_type = {**listed, "type": ["VerifiableCredential"]}
    with pytest.raises(StatusListError, match="wrong type"):
        status_in(wrong_type, entry)
    small = json.loads(json.dumps(listed))
    small["credentialSubject"]["encodedList"] = Bitstring(bytearray(16)).encode()
    with pytest.raises(StatusListError, match="fewer than"):
        status_in(small, entry)
    with pytest.raises(StatusListError, match="cannot be decoded"):
        Bitstring.decode("u!!!not-base64")


def test_a_decompression_bomb_is_refused() -> None:
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(64 * 1024 * 1024))).decode()
    with pytest.raises(StatusListError, match="larger than"):
        Bitstring.decode(bomb)


def test_random_allocation_is_unique() -> None:
    hosted = HostedList()
    picked = {hosted.allocate() for _ in range(2000)}
    assert len(picked) == 2000 and max(picked) < MIN_ENTRIES
    assert sorted(picked) != list(range(2000))


@given(
    st.integers(min_value=0, max_value=MIN_ENTRIES - 1),
    st.sampled_from([1, 2, 4]),
    st.integers(min_value=0, max_value=15),
)
def test_set_then_get(index: int, size: int, value: int) -> None:
    bits = Bitstring.empty(MIN_ENTRIES, size)
    value %= 2**size
    bits.set(index % bits.entries, value)
    again = Bitstring.decode(bits.encode(), size)
    assert again.get(index % bits.entries) == value
