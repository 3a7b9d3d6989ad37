"""Where Open Badges 3.0 endorsements live in a credential.

OB 3.0 (https://www.imsglobal.org/spec/ob/v3p0/ , sections on EndorsementCredential): an
endorsement is a whole credential, embedded as `endorsement` (objects) or `endorsementJwt`
(compact JWTs), on the credential itself, on `credentialSubject.achievement`, and on profiles
(the issuer, and the achievement's creator). The verifier checks each one as a credential of its
own, to a depth and count limit; one that fails makes the endorsements check fail, as the
1EdTech validator treats an invalid endorsement as an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 3
MAX_COUNT = 20


@dataclass(frozen=True, slots=True)
class Found:
    where: str
    value: dict[str, Any] | str  # an embedded credential, or a compact JWT


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([value] if value is not None else [])


def _holders(credential: dict[str, Any]) -> list[tuple[str, Any]]:
    holders: list[tuple[str, Any]] = [
        ("credential", credential),
        ("issuer", credential.get("issuer")),
    ]
    for i, subject in enumerate(_items(credential.get("credentialSubject"))):
        if not isinstance(subject, dict):
            continue
        achievement = subject.get("achievement")
        label = "credentialSubject" if i == 0 else f"credentialSubject[{i}]"
        holders.append((f"{label}.achievement", achievement))
        if isinstance(achievement, dict):
            holders.append((f"{label}.achievement.creator", achievement.get("creator")))
    return holders


def endorsements_of(credential: dict[str, Any]) -> list[Found]:
    """Every endorsement the credential carries, with where it was found."""
    found: list[Found] = []
    for where, holder in _holders(credential):
        if not isinstance(holder, dict):
            continue
        for item in _items(holder.get("endorsement")):
            found.append(Found(f"{where}.endorsement", item))
        for item in _items(holder.get("endorsementJwt")):
            found.append(Found(f"{where}.endorsementJwt", item))
    return found
