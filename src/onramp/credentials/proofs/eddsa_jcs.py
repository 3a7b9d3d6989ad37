"""JSON Canonicalization Scheme and the `eddsa-jcs-2022` Data Integrity cryptosuite.

JCS: RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785). Object members sorted by the UTF-16
code units of their names, no whitespace, strings escaped as ECMAScript's JSON.stringify does,
and numbers written as ECMAScript writes an IEEE-754 double.

eddsa-jcs-2022: W3C Data Integrity EdDSA Cryptosuites v1.0 (https://www.w3.org/TR/vc-di-eddsa/),
section 3.4. The proof configuration (the proof without proofValue, with the document's
@context) and the document without its proof are each canonicalized with JCS and hashed with
SHA-256; the Ed25519 signature covers proofHash || documentHash and is written base58btc.
No JSON-LD processing is done, so no context is ever loaded for this suite.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from onramp.credentials.proofs.data_integrity import proof_options
from onramp.credentials.proofs.multikey import multibase_decode, multibase_encode
from onramp.errors import InvalidInputError

CRYPTOSUITE = "eddsa-jcs-2022"
MAX_DEPTH = 100
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise InvalidInputError("a string holds a lone surrogate, which JCS cannot write")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _number(value: float) -> str:
    """ECMAScript Number::toString for a double (RFC 8785 section 3.2.2.3)."""
    if math.isnan(value) or math.isinf(value):
        raise InvalidInputError("JCS cannot write NaN or Infinity")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = int(exponent) + k
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mark = "+" if e >= 0 else "-"
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        body = f"{mantissa}e{mark}{abs(e)}"
    return sign + body


def _write(value: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InvalidInputError(f"the JSON is nested deeper than {MAX_DEPTH} levels")
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        try:
            as_double = float(value)
        except OverflowError:
            raise InvalidInputError(f"the integer {value} is too large for JCS") from None
        if int(as_double) != value:
            raise InvalidInputError(f"the integer {value} is not exact as a double, as JCS needs")
        out.append(_number(as_double))
    elif isinstance(value, float):
        out.append(_number(value))
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out, depth + 1)
        out.append("]")
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise InvalidInputError("JCS object member names must be strings")
        out.append("{")
        for i, key in enumerate(
            sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        ):
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out, depth + 1)
        out.append("}")
    else:
        raise InvalidInputError(f"JCS cannot write a {type(value).__name__}")


def canonicalize(value: Any) -> str:
    """The RFC 8785 canonical JSON text of a parsed JSON value."""
    out: list[str] = []
    _write(value, out, 0)
    return "".join(out)


def proof_config(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    """The proof without its value; it carries the document's @context when there is one."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def hash_data(document: dict[str, Any], proof: dict[str, Any]) -> bytes:
    """SHA-256(JCS(proof config)) + SHA-256(JCS(document without proof))."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = proof_config(unsecured, proof)
    return (
        hashlib.sha256(canonicalize(config).encode()).digest()
        + hashlib.sha256(canonicalize(unsecured).encode()).digest()
    )


def sign(
    document: dict[str, Any],
    secret_key: bytes,
    verification_method: str,
    *,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of the document with an eddsa-jcs-2022 proof added."""
    proof = proof_options(CRYPTOSUITE, verification_method, proof_purpose, created)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = Ed25519PrivateKey.from_private_bytes(secret_key).sign(hash_data(unsecured, proof))
    proof["proofValue"] = multibase_encode(signature)
    return {**unsecured, "proof": proof}


def verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key: bytes) -> bool:
    """True when `proof` is a valid eddsa-jcs-2022 signature by `public_key` over the document.

    A proof that carries its own @context must carry the document's, as the suite requires."""
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise InvalidInputError("the proof is not eddsa-jcs-2022")
    if "@context" in proof and proof["@context"] != document.get("@context"):
        return False
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise InvalidInputError("the proof has no proofValue")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            multibase_decode(value), hash_data(document, proof)
        )
    except (InvalidSignature, ValueError):
        return False
    return True
