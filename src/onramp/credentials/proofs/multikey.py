"""Multibase (base58btc) and Multikey encodings of Ed25519 keys.

Controlled Identifiers / Multikey: https://www.w3.org/TR/cid-1.0/#Multikey . An Ed25519 public
key is multicodec 0xed 0x01 + 32 bytes; a secret key is 0x80 0x26 + 32 bytes; both are written
base58btc with the multibase prefix "z".
"""

from __future__ import annotations

from onramp.errors import InvalidInputError

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _INDEX:
            raise InvalidInputError(f"'{char}' is not a base58 character")
        number = number * 58 + _INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + body


def multibase_decode(value: str) -> bytes:
    if not value.startswith("z"):
        raise InvalidInputError("only base58btc multibase values (starting with 'z') are supported")
    return b58decode(value[1:])


def multibase_encode(data: bytes) -> str:
    return "z" + b58encode(data)


def ed25519_public_from_multikey(value: str) -> bytes:
    raw = multibase_decode(value)
    if raw[:2] != ED25519_PUB or len(raw) != 34:
        raise InvalidInputError("this Multikey is not an Ed25519 public key")
    return raw[2:]


def ed25519_secret_from_multikey(value: str) -> bytes:
    raw = multibase_decode(value)
    if raw[:2] != ED25519_PRIV or len(raw) != 34:
        raise InvalidInputError("this Multikey is not an Ed25519 secret key")
    return raw[2:]


def multikey_from_ed25519_public(key: bytes) -> str:
    return multibase_encode(ED25519_PUB + key)
