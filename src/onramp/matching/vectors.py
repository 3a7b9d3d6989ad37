"""Profile and job sketches: sparse vectors over (skill, level) cells whose inner product
approximates the exact score of the scoring core, so the profile index can pre-filter
candidates before exact, explainable scoring (issue 14, item 7; measured in decisions/0019).

The core's skill profile gives, per skill, the support for "level L or above" (L = 1..5).
A worker's sketch is that "thermometer": one cell per (skill, level) with its support. A job's
sketch holds, for each requirement at level L, its weight (the core's: importance, doubled for
a must-have) spread over levels 1..L by `level_weights`, which follow the core's `below`
credits. Their product is close to the core's weighted credit, with no credit for being
over-qualified. Must-haves weigh `MUST_HAVE_BOOST` times more again, a linear stand-in for the
core's gate, which halves the score for each must-have not met.

Cells are named by the skill's URI and the level, never hashed: any skill of any framework
fits, and no two cells collide (decisions/0019 measures what hashing into a fixed size cost).

What the sketch cannot see: credit through related skills (the core's `RelatedTable`). A
worker whose only support for a requirement is a related skill is found through their other
skills, or not at all; decisions/0019 measures what that costs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from onramp.errors import InvalidInputError
from onramp.jobs.model import Requirement
from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.scoring.match import DEFAULT_RULES, MatchRules
from onramp.matching.scoring.profile import SkillProfile

MUST_HAVE_BOOST = 2.0  # must-haves weigh this much more in the sketch than in the score
DIGITS = 5  # support is stored to this many decimals (the index is a pre-filter only)

Support = Mapping[str, Sequence[float]]  # skill URI -> support at levels 1..5
Cell = tuple[str, int]  # (skill URI, level)


@dataclass(frozen=True, slots=True)
class Need:
    """One job requirement as the sketch sees it."""

    skill: str
    level: int
    weight: float


def profile_support(profile: SkillProfile) -> dict[str, tuple[float, ...]]:
    """Per skill, the core's support for each level 1..5: the worker's sketch."""
    return {
        skill: tuple(estimate.support)
        for skill, estimate in profile.skills.items()
        if any(estimate.support)
    }


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


def job_weights(needs: Iterable[Need]) -> dict[Cell, float]:
    """The job's sketch: a weight per (skill, level) cell, scaled so that a worker who covers
    every need fully scores 1."""
    listed = list(needs)
    total = sum(n.weight for n in listed)
    weights: dict[Cell, float] = {}
    if not total:
        return weights
    for need in listed:
        for step, share in enumerate(level_weights(need.level), 1):
            cell = (need.skill, step)
            weights[cell] = weights.get(cell, 0.0) + need.weight * share / total
    return weights


def sketch_score(support: Support, needs: Iterable[Need]) -> float:
    """The inner product of a worker's sketch and a job's: what the index ranks by."""
    weights = job_weights(needs)
    return sum(
        weight * support[skill][level - 1]
        for (skill, level), weight in weights.items()
        if skill in support and len(support[skill]) >= level
    )


def encode_support(support: Support) -> bytes:
    """A worker's sketch as stored beside the profile (`profile_vectors.vector`)."""
    return json.dumps(
        {skill: [round(float(v), DIGITS) for v in levels] for skill, levels in support.items()},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def decode_support(raw: bytes) -> dict[str, tuple[float, ...]]:
    """The stored sketch back; a row that is not a sketch is refused, never guessed at."""
    try:
        loaded = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInputError("a stored profile sketch cannot be read") from exc
    if not isinstance(loaded, dict):
        raise InvalidInputError("a stored profile sketch is not a map of skills")
    out: dict[str, tuple[float, ...]] = {}
    for skill, levels in loaded.items():
        if (
            not isinstance(levels, list)
            or len(levels) > MAX_LEVEL
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in levels)
        ):
            raise InvalidInputError(f"a stored profile sketch has bad levels for {skill}")
        out[str(skill)] = tuple(float(v) for v in levels)
    return out
