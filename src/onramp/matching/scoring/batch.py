"""The stateless batch contract of `onramp match batch` (issue 14, item 9).

Each PROFILES line is a JSON object with an `id` and an `evidence` array. Only those two keys
are read: `read_profile_line` picks them out and returns nothing else, so whatever else a line
carries (education, name, birth year, address) never reaches scoring. Each OUT line is
`output_line(...)`: id, score, confidence, each requirement with its status and evidence, and
the gaps.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from onramp.errors import InvalidInputError
from onramp.matching.scoring.evidence import (
    MAX_LEVEL,
    MIN_LEVEL,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
)
from onramp.matching.scoring.match import Match

MAX_ID = 200
MAX_EVIDENCE = 2_000  # pieces of evidence on one line
_KINDS = ", ".join(k.value for k in EvidenceKind)
_STATUSES = ", ".join(s.value for s in EvidenceStatus)


def read_profile_line(data: Any, where: str) -> tuple[str, list[Evidence]]:
    """(id, evidence) from one parsed PROFILES line; `where` ("FILE, line N") starts errors."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"{where}: a profile is a JSON object")
    identifier = data.get("id")
    if not isinstance(identifier, str) or not identifier.strip() or len(identifier) > MAX_ID:
        raise InvalidInputError(f"{where}: 'id' must be a non-empty string of at most {MAX_ID}")
    raw = data.get("evidence", [])
    if not isinstance(raw, list):
        raise InvalidInputError(f"{where}: 'evidence' must be a list")
    if len(raw) > MAX_EVIDENCE:
        raise InvalidInputError(f"{where}: more than {MAX_EVIDENCE} pieces of evidence")
    return identifier, [_evidence(item, f"{where}, evidence {n}") for n, item in enumerate(raw, 1)]


def _evidence(item: Any, where: str) -> Evidence:
    if not isinstance(item, Mapping):
        raise InvalidInputError(f"{where}: each piece of evidence is a JSON object")
    skill = item.get("skill")
    if not isinstance(skill, str) or ":" not in skill or skill.split() != [skill]:
        raise InvalidInputError(f"{where}: 'skill' must be a skill URI")
    level = item.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InvalidInputError(f"{where}: 'level' must be a whole number from 1 to 5")
    try:
        kind = EvidenceKind(str(item.get("kind")))
    except ValueError:
        raise InvalidInputError(f"{where}: 'kind' must be one of {_KINDS}") from None
    try:
        status = EvidenceStatus(str(item.get("status", "active")))
    except ValueError:
        raise InvalidInputError(f"{where}: 'status' must be one of {_STATUSES}") from None
    verified = item.get("verified", False)
    if not isinstance(verified, bool):
        raise InvalidInputError(f"{where}: 'verified' must be true or false")
    when = item.get("date")
    day: date | None = None
    if when is not None:
        try:
            day = date.fromisoformat(when) if isinstance(when, str) and len(when) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidInputError(f"{where}: 'date' must be YYYY-MM-DD")
    issuer = item.get("issuer")
    if issuer is not None and (not isinstance(issuer, str) or len(issuer) > 500):
        raise InvalidInputError(f"{where}: 'issuer' must be a string or null")
    source = item.get("source", "")
    if not isinstance(source, str) or len(source) > 500:
        raise InvalidInputError(f"{where}: 'source' must be a string")
    return Evidence(
        skill=skill,
        level=level,
        kind=kind,
        verified=verified,
        status=status,
        date=day,
        issuer=issuer or None,
        source=source,
        inferred=item.get("inferred") is True,
    )


def output_line(identifier: str, found: Match) -> dict[str, Any]:
    """One OUT line: the contract's keys, with each requirement's evidence traced by id."""
    return {
        "id": identifier,
        "score": round(found.score, 4),
        "confidence": round(found.confidence, 4),
        "requirements": [
            {
                "skill": r.requirement.skill,
                "status": r.status.value,
                "credit": round(r.credit, 4),
                "via": r.via if r.relation is not None else None,
                "evidence": [
                    {
                        "id": c.evidence.id,
                        "kind": c.evidence.kind.value,
                        "level": c.evidence.level,
                        "strength": round(c.strength, 4),
                    }
                    for c in r.evidence
                ],
            }
            for r in found.requirements
        ],
        "gaps": [
            {
                "skill": g.requirement.skill,
                "status": g.status.value,
                "must_have": g.requirement.must_have,
                "learnable": g.learnable,
                "learnable_weeks": g.requirement.learnable_weeks,
            }
            for g in found.gaps
        ],
    }
