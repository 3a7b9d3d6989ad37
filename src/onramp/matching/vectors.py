"""Profile and job vectors: a fixed-size float32 sketch whose inner product approximates how
much of a job a worker covers, so a vector index can pre-filter candidates before exact,
explainable scoring (issue 14, item 7; the choice is measured in decisions/0019).

The sketch is a "thermometer" per skill: a worker who shows a skill at level 3 lights that
skill's levels 1, 2 and 3, each by how strongly the evidence supports it; a job that needs
level 4 weighs that skill's levels 1 to 4 by 1/4 each. Their product is then, skill by skill,
a weighted sum of the worker's support at and below the needed level, with the weights the
exact score gives a level shown short of the one asked (`BELOW`): a linear stand-in for the
share of the job covered, with no credit for being over-qualified. Must-haves weigh
`MUST_HAVE_BOOST` times more again, a linear stand-in for the exact score's gate.

The (skill, level) cells are hashed, with a sign, into `DIMENSIONS` slots (feature hashing),
so any skill of any framework fits and collisions cancel out on average.

The vector only pre-filters: the ranking that people see is the exact score of the core.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from onramp.matching.scoring.evidence import MAX_LEVEL, EvidenceKind, EvidenceStatus

DIMENSIONS = 256  # 1,000,000 profiles x 256 x 4 bytes = 1.0 GB
MUST_HAVE_WEIGHT = 2.0  # the exact score weighs a must-have twice
MUST_HAVE_BOOST = 2.0  # and the sketch twice again, for the gate (measured: decisions/0019)
DEFAULT_IMPORTANCE = 3.0
MIN_IMPORTANCE = 0.5
NICE_WEIGHT = DEFAULT_IMPORTANCE
BELOW = (1.0, 0.6, 0.3, 0.1, 0.05)  # credit for a level shown 0, 1, 2, 3, 4 steps short
# how strongly one active piece of evidence supports its skill, for the pre-filter only
KIND_SUPPORT: dict[EvidenceKind, float] = {
    EvidenceKind.CREDENTIAL: 1.0,
    EvidenceKind.ASSESSMENT: 1.0,
    EvidenceKind.ATTESTATION: 0.9,
    EvidenceKind.TRAINING: 0.7,
    EvidenceKind.PORTFOLIO: 0.6,
    EvidenceKind.WORK_HISTORY: 0.5,
    EvidenceKind.SELF: 0.3,
    EvidenceKind.RESUME: 0.3,
}
UNVERIFIED = 0.6  # an unverified piece supports its skill this much less

Vector = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Need:
    """One job requirement as the vector sees it."""

    skill: str
    level: int
    weight: float = NICE_WEIGHT


@lru_cache(maxsize=200_000)
def cells_of(skill: str, dims: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The slot and sign of each of a skill's levels 1..5 (stable across processes)."""
    slots: list[int] = []
    signs: list[float] = []
    for level in range(1, MAX_LEVEL + 1):
        digest = hashlib.blake2b(f"{skill}\x1f{level}".encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        slots.append(value % dims)
        signs.append(1.0 if (value >> 63) & 1 else -1.0)
    return tuple(slots), tuple(signs)


def _piece_support(kind: str, verified: bool) -> float:
    chosen = EvidenceKind(kind)
    support = KIND_SUPPORT[chosen]
    if not verified and chosen not in (EvidenceKind.SELF, EvidenceKind.RESUME):
        support *= UNVERIFIED
    return support


_SUPPORT = {(k.value, v): _piece_support(k.value, v) for k in EvidenceKind for v in (True, False)}
_ACTIVE = EvidenceStatus.ACTIVE.value


def skill_support(evidence: Iterable[Mapping[str, Any]]) -> dict[str, list[float]]:
    """Per skill, the support for each level 1..5 from active evidence (a piece at level L
    supports levels 1..L); pieces combine as independent signals: 1 - prod(1 - s)."""
    missing: dict[str, list[float]] = {}
    for piece in evidence:
        if piece.get("status", _ACTIVE) != _ACTIVE:
            continue
        support = _SUPPORT[piece["kind"], bool(piece.get("verified"))]
        cells = missing.get(piece["skill"])
        if cells is None:
            cells = missing[piece["skill"]] = [1.0] * MAX_LEVEL
        for level in range(min(int(piece["level"]), MAX_LEVEL)):
            cells[level] *= 1.0 - support
    return {skill: [1.0 - m for m in cells] for skill, cells in missing.items()}


def profile_vector(support: Mapping[str, Iterable[float]], dims: int = DIMENSIONS) -> Vector:
    """The sketch of a worker from per-skill, per-level support (`skill_support`, or the
    core's proficiency and confidence through `levels_support`)."""
    vector = np.zeros(dims, dtype=np.float32)
    for skill, levels in support.items():
        slots, signs = cells_of(skill, dims)
        for slot, sign, value in zip(slots, signs, levels, strict=False):
            if value:
                vector[slot] += sign * value
    return vector


def levels_support(level: float, confidence: float) -> list[float]:
    """Support per level for a skill estimated at `level` (may be fractional) with a
    confidence in 0..1: full up to the level, the fraction at the next."""
    return [confidence * min(1.0, max(0.0, level - step)) for step in range(MAX_LEVEL)]


def level_weights(level: int) -> list[float]:
    """How a need at `level` weighs support for levels 1..level. Support falls as levels
    rise, so the best credit max(support[s] x BELOW[level - s]) is close to
    support[1] x BELOW[level - 1] plus, for each level s above 1,
    support[s] x (BELOW[level - s] - BELOW[level - s + 1]). The weights add up to 1."""
    out = [BELOW[level - 1]]
    for step in range(2, level + 1):
        short = level - step
        out.append(BELOW[short] - BELOW[short + 1])
    return out


def job_vector(needs: Iterable[Need], dims: int = DIMENSIONS) -> Vector:
    """The sketch of a job, scaled so that a worker who covers every need fully scores 1."""
    vector = np.zeros(dims, dtype=np.float32)
    total = 0.0
    for need in needs:
        slots, signs = cells_of(need.skill, dims)
        level = max(1, min(need.level, MAX_LEVEL))
        for step, share in enumerate(level_weights(level)):
            vector[slots[step]] += signs[step] * need.weight * share
        total += need.weight
    if total:
        vector /= total
    return vector


def needs_of(requirements: Iterable[Any]) -> list[Need]:
    """Needs from job requirements (`onramp.jobs.model.Requirement` or the same keys)."""
    out = []
    for r in requirements:
        row: Mapping[str, Any] = r if isinstance(r, Mapping) else vars_of(r)
        out.append(
            Need(
                str(row["skill"]),
                int(row["level"]),
                weight(row.get("importance"), bool(row.get("must_have"))),
            )
        )
    return out


def weight(importance: float | None, must_have: bool) -> float:
    """A need's weight: its importance (the exact score's default when unrated), doubled for
    a must-have and boosted again for the gate."""
    base = max(DEFAULT_IMPORTANCE if importance is None else importance, MIN_IMPORTANCE)
    return base * (MUST_HAVE_WEIGHT * MUST_HAVE_BOOST if must_have else 1.0)


def vars_of(requirement: Any) -> dict[str, Any]:
    return {
        "skill": requirement.skill,
        "level": requirement.level,
        "importance": getattr(requirement, "importance", None),
        "must_have": getattr(requirement, "must_have", False),
    }


def coverage(support: Mapping[str, list[float]], needs: Iterable[Need]) -> float:
    """What the sketch approximates, computed without hashing. Used to measure how much
    hashing loses."""
    total = covered = 0.0
    for need in needs:
        level = max(1, min(need.level, MAX_LEVEL))
        cells = support.get(need.skill)
        if cells:
            covered += need.weight * sum(
                c * w for c, w in zip(cells, level_weights(level), strict=False)
            )
        total += need.weight
    return covered / total if total else 0.0
