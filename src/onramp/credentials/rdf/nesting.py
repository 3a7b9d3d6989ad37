"""Refuse deeply nested input before anything parses it.

Python's JSON reader and every recursive walk over a document fail with `RecursionError` near
1,000 levels, which reached users as a server error. Real credentials are nested about 15 levels
deep (a CLR 2.0 with its credentials inside), so anything deeper than `MAX_NESTING` is refused
with a plain reason. The text is scanned without parsing it (one pass, no recursion), so the
check itself cannot fail on hostile input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from itertools import accumulate
from typing import Any

from onramp.errors import InvalidInputError

MAX_NESTING = 64
PLAIN = "This credential is nested too deeply for Onramp to read safely."


_STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_BRACKETS = re.compile(rb"[][{}]")
_STEP = {b"{": 1, b"[": 1, b"}": -1, b"]": -1}


class TooDeeplyNestedError(InvalidInputError):
    code = "too_deeply_nested"
    plain = PLAIN


def _too_deep() -> TooDeeplyNestedError:
    return TooDeeplyNestedError(f"the JSON is nested more than {MAX_NESTING} levels deep")


def text_depth(text: str | bytes) -> int:
    """How deeply JSON text nests objects and arrays; brackets inside strings do not count.
    Linear, and done in C: strings are cut out with one regular expression, then the running
    sum of +1 per opening and -1 per closing bracket gives the depth."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    brackets = _BRACKETS.findall(_STRINGS.sub(b"", data))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def check_text(text: str | bytes) -> None:
    """Refuse JSON text nested deeper than MAX_NESTING."""
    if text_depth(text) > MAX_NESTING:
        raise _too_deep()


def check_compact_jws(token: str) -> None:
    """Refuse a compact JWT/JWS whose header or payload JSON nests too deeply."""
    for part in token.strip().split(".")[:2]:
        try:
            decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue  # not base64: the JWT reader refuses it with its own reason
        check_text(decoded)


def check_value(value: Any) -> None:
    """Refuse a parsed value nested deeper than MAX_NESTING (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level + 1 > MAX_NESTING:
                raise _too_deep()
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)


def loads(text: str | bytes) -> Any:
    """`json.loads`, refusing deep nesting first (and never letting RecursionError out)."""
    check_text(text)
    try:
        return json.loads(text)
    except RecursionError:
        raise _too_deep() from None


def refusal(text: str) -> str | None:
    """Why this credential text (JSON or a compact JWT) is refused for its nesting, or None."""
    stripped = text.strip()
    try:
        if stripped.count(".") == 2 and not stripped.startswith(("{", "[", "<")):
            check_compact_jws(stripped)
        else:
            check_text(stripped)
    except TooDeeplyNestedError as error:
        return str(error)
    return None
