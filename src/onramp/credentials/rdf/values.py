"""JSON-LD's one-or-many values, read one way everywhere.

A JSON-LD property holds one value or an array of them, and an absent or null one holds none
(JSON-LD 1.1, section 4.3.1; VC Data Model 2.0 relies on it for `type`, `@context`,
`credentialSubject`, `credentialStatus` and more). Every reader turns such a value into a list
with `as_list` before looking inside it.
"""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """`value` as a list: a list as it is, nothing (None) as [], anything else as [value]."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
