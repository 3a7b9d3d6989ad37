"""Bitstring Status List v1.0 (W3C Recommendation, 2025): https://www.w3.org/TR/vc-bitstring-status-list/

A status list is a bitstring, GZIP-compressed and written as multibase base64url (prefix "u"),
in the `encodedList` of a BitstringStatusListCredential. Bit 0 is the most significant bit of the
first byte. Lists Onramp hosts hold at least 131,072 entries (16 KB), the spec's minimum for
group privacy, and indexes are handed out at random so an index says nothing about when or to
whom a credential was issued. StatusList2021 lists use the same bitstring and are read too.
"""

from __future__ import annotations

import base64
import gzip
import secrets
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from onramp.credentials.rdf.values import as_list
from onramp.errors import InvalidInputError

MIN_ENTRIES = 131_072
MAX_DECODED_BYTES = 16 * 1024 * 1024  # a list larger than this is refused, not inflated
ENTRY_TYPES = ("BitstringStatusListEntry", "StatusList2021Entry")
LIST_TYPES = ("BitstringStatusListCredential", "StatusList2021Credential")


class StatusListError(InvalidInputError):
    code = "status_list_invalid"


@dataclass(slots=True)
class Bitstring:
    bits: bytearray
    status_size: int = 1

    @classmethod
    def empty(cls, entries: int = MIN_ENTRIES, status_size: int = 1) -> Bitstring:
        if entries < MIN_ENTRIES:
            raise StatusListError(f"a status list needs at least {MIN_ENTRIES} entries")
        return cls(bytearray((entries * status_size + 7) // 8), status_size)

    @property
    def entries(self) -> int:
        return len(self.bits) * 8 // self.status_size

    def get(self, index: int) -> int:
        self._check(index)
        value = 0
        for offset in range(self.status_size):
            position = index * self.status_size + offset
            bit = (self.bits[position // 8] >> (7 - position % 8)) & 1
            value = (value << 1) | bit
        return value

    def set(self, index: int, value: int) -> None:
        self._check(index)
        if not 0 <= value < 2**self.status_size:
            raise StatusListError(f"status value {value} does not fit in {self.status_size} bits")
        for offset in range(self.status_size):
            position = index * self.status_size + offset
            bit = (value >> (self.status_size - 1 - offset)) & 1
            mask = 1 << (7 - position % 8)
            if bit:
                self.bits[position // 8] |= mask
            else:
                self.bits[position // 8] &= ~mask & 0xFF

    def _check(self, index: int) -> None:
        if not 0 <= index < self.entries:
            raise StatusListError(
                f"status index {index} is outside the list (0-{self.entries - 1})"
            )

    def encode(self) -> str:
        compressed = gzip.compress(bytes(self.bits), mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()

    @classmethod
    def decode(cls, encoded: str, status_size: int = 1) -> Bitstring:
        text = encoded[1:] if encoded.startswith("u") else encoded  # StatusList2021 has no prefix
        try:
            compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            raw = inflater.decompress(compressed, MAX_DECODED_BYTES)
        except (ValueError, zlib.error) as error:
            raise StatusListError(f"the encodedList cannot be decoded ({error})") from None
        if inflater.unconsumed_tail:
            raise StatusListError("the status list is larger than Onramp accepts")
        return cls(bytearray(raw), status_size)


REVOCATION = "revocation"
SUSPENSION = "suspension"
MAX_STATUS_SIZE = 16  # bits per entry; BSL sets no bound, and a larger one is refused


@dataclass(slots=True)
class StatusEntry:
    list_credential: str
    index: int
    purpose: str
    status_size: int = 1
    messages: dict[int, str] = field(default_factory=dict)

    @property
    def decides_validity(self) -> bool:
        """Revocation and suspension decide whether the credential counts; other purposes
        (refresh, message) are notes about it."""
        return self.purpose in (REVOCATION, SUSPENSION)


@dataclass(slots=True, frozen=True)
class StatusReading:
    value: int
    entries: int
    message: str = ""

    @property
    def shortfall(self) -> bool:
        """The list is shorter than the spec's minimum. Real issuers publish such lists, so the
        bit is read all the same; the shortfall is only ever a warning, never a pass or fail."""
        return self.entries < MIN_ENTRIES


def _whole_number(value: Any, what: str) -> int:
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise StatusListError(f"{what} is not a whole number")
    return int(text)


def entry_of(item: dict[str, Any]) -> StatusEntry:
    """One BitstringStatusListEntry or StatusList2021Entry, checked field by field."""
    if item.get("type") not in ENTRY_TYPES:
        raise StatusListError(f"the status type {item.get('type')!r} is not a status list entry")
    if "statusListIndex" not in item:
        raise StatusListError("a status entry has no statusListIndex")
    index = _whole_number(item["statusListIndex"], "statusListIndex")
    url = item.get("statusListCredential")
    if not isinstance(url, str) or not url:
        raise StatusListError("a status entry names no statusListCredential")
    purpose = item.get("statusPurpose", REVOCATION)
    if not isinstance(purpose, str) or not purpose:
        raise StatusListError("a status entry's statusPurpose is not a word")
    size = _whole_number(item.get("statusSize", 1), "statusSize")
    if not 1 <= size <= MAX_STATUS_SIZE:
        raise StatusListError(f"statusSize {size} is outside 1-{MAX_STATUS_SIZE}")
    messages: dict[int, str] = {}
    listed = item.get("statusMessage")
    for message in listed if isinstance(listed, list) else []:
        if isinstance(message, dict) and isinstance(message.get("status"), str):
            try:
                messages[int(message["status"], 16)] = str(message.get("message", ""))[:200]
            except ValueError:
                continue
    return StatusEntry(url, index, purpose, size, messages)


def entries_of(credential: dict[str, Any]) -> list[StatusEntry]:
    """The status list entries a credential names (credentialStatus may be one object or a
    list); other kinds of status are left to the caller."""
    given = credential.get("credentialStatus")
    items: Iterable[Any] = given if isinstance(given, list) else ([given] if given else [])
    return [
        entry_of(item)
        for item in items
        if isinstance(item, dict) and item.get("type") in ENTRY_TYPES
    ]


def read_status(list_credential: dict[str, Any], entry: StatusEntry) -> StatusReading:
    """The entry's status in a (separately verified) status list credential: the list's type
    and purpose must match the entry, and the index must be inside the list."""
    types = as_list(list_credential.get("type"))
    if not any(kind in types for kind in LIST_TYPES):
        raise StatusListError("the status list credential has the wrong type")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise StatusListError("the status list credential has no list in it")
    purposes = as_list(subject.get("statusPurpose"))
    if entry.purpose not in purposes:
        raise StatusListError(
            f"the list is for {', '.join(map(str, purposes))}, the entry for {entry.purpose}"
        )
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str) or not encoded:
        raise StatusListError("the status list has no encodedList")
    bitstring = Bitstring.decode(encoded, entry.status_size)
    value = bitstring.get(entry.index)
    return StatusReading(value, bitstring.entries, entry.messages.get(value, ""))


def status_in(list_credential: dict[str, Any], entry: StatusEntry) -> int:
    """The entry's status value in a (separately verified) status list credential."""
    return read_status(list_credential, entry).value


@dataclass
class HostedList:
    """A list Onramp hosts for one issuer and purpose, handing out random unused indexes."""

    bitstring: Bitstring = field(default_factory=Bitstring.empty)
    used: set[int] = field(default_factory=set)

    def allocate(self) -> int:
        if len(self.used) >= self.bitstring.entries:
            raise StatusListError("this status list is full; start a new one")
        while True:
            index = secrets.randbelow(self.bitstring.entries)
            if index not in self.used:
                self.used.add(index)
                return index
