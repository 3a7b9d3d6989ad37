"""Bitstring Status List: spec examples, bit order, random allocation, and refusals."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.credentials.status.status_list import (
    MIN_ENTRIES,
    Bitstring,
    HostedList,
    StatusListError,
    entries_of,
    entry_of,
    read_status,
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
    with pytest.raises(StatusListError, match="is for suspension, the entry for revocation"):
        status_in(suspended, entry)
    wrong_type = {**listed, "type": ["VerifiableCredential"]}
    with pytest.raises(StatusListError, match="wrong type"):
        status_in(wrong_type, entry)
    small = json.loads(json.dumps(listed))
    small["credentialSubject"]["encodedList"] = Bitstring(bytearray(16)).encode()
    with pytest.raises(StatusListError, match="outside the list"):
        status_in(small, entry)  # index 94567 of a 128-entry list
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


def test_a_short_list_is_read_and_its_shortfall_is_only_a_warning() -> None:
    """Real issuers publish lists under the spec's 131,072 entries (e.g. 100,000): the bit is
    read all the same, so a revocation on such a list is never hidden."""
    [entry] = entries_of(_example("a-revocable-verifiable-credential.json"))
    listed = _example("example-bitstringstatuslistcredential.json")
    bits = Bitstring(bytearray(100_000 // 8))
    bits.set(entry.index, 1)
    listed["credentialSubject"]["encodedList"] = bits.encode()
    reading = read_status(listed, entry)
    assert reading.value == 1 and reading.entries == 100_000 and reading.shortfall
    bits.set(entry.index, 0)
    listed["credentialSubject"]["encodedList"] = bits.encode()
    assert read_status(listed, entry).value == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("statusListIndex", "-1", "not a whole number"),
        ("statusListIndex", "1e3", "not a whole number"),
        ("statusListIndex", True, "not a whole number"),
        ("statusSize", "99", "outside 1-16"),
        ("statusListCredential", "", "names no statusListCredential"),
        ("statusPurpose", ["revocation"], "not a word"),
    ],
)
def test_broken_entries_are_refused_field_by_field(field: str, value: object, message: str) -> None:
    item = _example("a-revocable-verifiable-credential.json")["credentialStatus"]
    with pytest.raises(StatusListError, match=message):
        entry_of({**item, field: value})


def test_a_list_may_serve_several_purposes_and_messages_are_read() -> None:
    item = {
        **_example("a-revocable-verifiable-credential.json")["credentialStatus"],
        "statusPurpose": "message",
        "statusSize": 2,
        "statusMessage": [
            {"status": "0x0", "message": "pending"},
            {"status": "0x2", "message": "accepted"},
        ],
    }
    entry = entry_of(item)
    listed = _example("example-bitstringstatuslistcredential.json")
    listed["credentialSubject"]["statusPurpose"] = ["revocation", "message"]
    bits = Bitstring.empty(status_size=2)
    bits.set(entry.index, 2)
    listed["credentialSubject"]["encodedList"] = bits.encode()
    reading = read_status(listed, entry)
    assert (reading.value, reading.message, entry.decides_validity) == (2, "accepted", False)
