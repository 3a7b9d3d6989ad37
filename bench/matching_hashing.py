"""Hashed, fixed-size sketches: what the dense vector index libraries need, kept here only to
measure them against the exact cell index (decisions/0019). The product's sketches
(`onramp.matching.vectors`) name their cells and are never hashed.

Each (skill, level) cell goes, with a sign, to one of `dims` slots (blake2b, the same in every
process); collisions cancel out on average but cost recall as the population grows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np

from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.vectors import Need, level_weights


@lru_cache(maxsize=200_000)
def cells_of(skill: str, dims: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The slot and sign of each of a skill's levels 1..5."""
    slots: list[int] = []
    signs: list[float] = []
    for level in range(1, MAX_LEVEL + 1):
        digest = hashlib.blake2b(f"{skill}\x1f{level}".encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        slots.append(value % dims)
        signs.append(1.0 if (value >> 63) & 1 else -1.0)
    return tuple(slots), tuple(signs)


def profile_vector(support: Mapping[str, Iterable[float]], dims: int) -> np.ndarray:
    vector = np.zeros(dims, dtype=np.float32)
    for skill, levels in support.items():
        slots, signs = cells_of(skill, dims)
        for slot, sign, value in zip(slots, signs, levels, strict=False):
            if value:
                vector[slot] += sign * value
    return vector


def job_vector(needs: Iterable[Need], dims: int) -> np.ndarray:
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
