"""Profile and job vectors: a fixed-size float32 sketch whose inner product approximates the
exact score of the scoring core, so a vector index can pre-filter candidates before exact,
explainable scoring (issue 14, item 7; the choices are measured in decisions/0019).

The core's skill profile gives, per skill, the support for "level L or above" (L = 1..5).
The sketch is that "thermometer": a worker's vector holds each skill's support at each level.
A job's vector holds, for each requirement at level L, its weight (the core's: importance,
doubled for a must-have) spread over levels 1..L by `level_weights`, which follow the core's
`below` credits. Their product is close to the core's weighted credit, with no credit for
being over-qualified. Must-haves weigh `MUST_HAVE_BOOST` times more again, a linear stand-in
for the core's gate, which halves the score for each must-have not met.

The (skill, level) cells are hashed, with a sign, into `DIMENSIONS` slots (feature hashing),
so any skill of any framework fits and collisions cancel out on average.

What the sketch cannot see: credit through related skills (the core's `RelatedTable`). A
worker whose only support for a requirement is a related skill is found through their other
skills, or not at all; decisions/0019 measures what that costs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from onramp.jobs.model import Requirement
from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.scoring.match import DEFAULT_RULES, MatchRules
from onramp.matching.scoring.profile import SkillProfile

DIMENSIONS = 512  # 1,000,000 profiles x 512 x 4 bytes = 2.0 GB (decisions/0019)
MUST_HAVE_BOOST = 2.0  # must-haves weigh this much more in the sketch than in the score

Vector = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Need:
    """One job requirement as the sketch sees it."""

    skill: str
    level: int
    weight: float


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


def profile_support(profile: SkillProfile) -> dict[str, Sequence[float]]:
    """Per skill, the core's support for each level 1..5."""
    return {skill: estimate.support for skill, estimate in profile.skills.items()}


def profile_vector(support: Mapping[str, Iterable[float]], dims: int = DIMENSIONS) -> Vector:
    """The sketch of a worker from per-skill, per-level support (`profile_support`)."""
    vector = np.zeros(dims, dtype=np.float32)
    for skill, levels in support.items():
        slots, signs = cells_of(skill, dims)
        for slot, sign, value in zip(slots, signs, levels, strict=False):
            if value:
                vector[slot] += sign * value
    return vector


def vector_of(profile: SkillProfile, dims: int = DIMENSIONS) -> Vector:
    """The sketch of a worker's skill profile: what the index holds for them."""
    return profile_vector(profile_support(profile), dims)


def level_weights(level: int, rules: MatchRules = DEFAULT_RULES) -> list[float]:
    """How a requirement at `level` weighs support for levels 1..level. Support falls as
    levels rise, so the core's credit max(support[s] x below[level - s]) is close to
    support[1] x below[level - 1] plus, for each level s above 1,
    support[s] x (below[level - s] - below[level - s + 1]). The weights add up to 1."""
    below = rules.below
    out = [below[level - 1]]
    for step in range(2, level + 1):
        short = level - step
        out.append(below[short] - below[short + 1])
    return out


def needs_of(requirements: Iterable[Requirement], rules: MatchRules = DEFAULT_RULES) -> list[Need]:
    """A job's requirements with the core's weights, must-haves boosted for the gate."""
    return [
        Need(
            r.skill,
            max(1, min(r.level, MAX_LEVEL)),
            rules.weight(r) * (MUST_HAVE_BOOST if r.must_have else 1.0),
        )
        for r in requirements
    ]


def job_vector(needs: Iterable[Need], dims: int = DIMENSIONS) -> Vector:
    """The sketch of a job, scaled so that a worker who covers every need fully scores 1."""
    vector = np.zeros(dims, dtype=np.float32)
    total = 0.0
    for need in needs:
        slots, signs = cells_of(need.skill, dims)
        for step, share in enumerate(level_weights(need.level)):
            vector[slots[step]] += signs[step] * need.weight * share
        total += need.weight
    if total:
        vector /= total
    return vector


def sketch_score(support: Mapping[str, Sequence[float]], needs: Iterable[Need]) -> float:
    """What the sketch approximates, computed without hashing: the inner product a vector
    of unlimited size would give. Used to measure what hashing loses."""
    total = covered = 0.0
    for need in needs:
        cells = support.get(need.skill)
        if cells:
            shares = level_weights(need.level)
            covered += need.weight * sum(c * w for c, w in zip(cells, shares, strict=False))
        total += need.weight
    return covered / total if total else 0.0
