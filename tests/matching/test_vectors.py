"""Profile and job vectors: fixed size, the same in every process, and their inner product is
the share of the job a worker covers."""

from __future__ import annotations

import numpy as np
import pytest

from onramp.matching.vectors import (
    DIMENSIONS,
    MUST_HAVE_BOOST,
    MUST_HAVE_WEIGHT,
    Need,
    coverage,
    job_vector,
    level_weights,
    levels_support,
    needs_of,
    profile_vector,
    skill_support,
)

A, B, C = "https://example.org/a", "https://example.org/b", "https://example.org/c"


def _piece(skill: str, level: int, kind: str = "credential", **extra: object) -> dict[str, object]:
    return {"skill": skill, "level": level, "kind": kind, "verified": True, **extra}


def test_vectors_have_a_fixed_size_and_are_the_same_every_time() -> None:
    support = skill_support([_piece(A, 3), _piece(B, 1, "self")])
    first = profile_vector(support)
    assert first.shape == (DIMENSIONS,) and first.dtype == np.float32
    assert np.array_equal(
        first, profile_vector(skill_support([_piece(B, 1, "self"), _piece(A, 3)]))
    )
    job = job_vector([Need(A, 2), Need(C, 4, 2.0)])
    assert job.shape == (DIMENSIONS,) and job.dtype == np.float32
    # a fixed value: the hashing does not depend on the process (no PYTHONHASHSEED)
    assert float(np.abs(job).sum()) == pytest.approx(1.0)


def test_the_inner_product_is_the_covered_share_of_the_job() -> None:
    support = skill_support([_piece(A, 5), _piece(B, 2), _piece(C, 3, "self")])
    needs = [Need(A, 3), Need(B, 4, 6.0), Need("https://example.org/d", 2)]
    dims = 1 << 16  # wide enough that no two cells collide
    dot = float(profile_vector(support, dims) @ job_vector(needs, dims))
    assert dot == pytest.approx(coverage(support, needs), rel=1e-5)
    # being over-qualified earns nothing more: level 5 covers a level-3 need fully
    assert coverage(support, [Need(A, 3)]) == pytest.approx(1.0)
    # level 2 shown where 4 is asked earns what levels 1 and 2 are weighed at
    assert coverage(support, [Need(B, 4)]) == pytest.approx(sum(level_weights(4)[:2]))
    assert level_weights(4) == pytest.approx([0.1, 0.2, 0.3, 0.4])


def test_only_active_evidence_counts_and_verification_counts_for_more() -> None:
    revoked = skill_support([_piece(A, 4, status="revoked")])
    assert revoked == {}
    verified = skill_support([_piece(A, 4, "training")])[A][0]
    unverified = skill_support([_piece(A, 4, "training", verified=False)])[A][0]
    claimed = skill_support([_piece(A, 4, "self", verified=False)])[A][0]
    assert verified > unverified > claimed > 0
    # two pieces support more than one, never more than fully
    both = skill_support([_piece(A, 4, "training"), _piece(A, 4, "self")])[A][0]
    assert verified < both <= 1.0


def test_levels_support_and_needs_of_read_the_core_and_job_shapes() -> None:
    assert levels_support(2.5, 0.8) == pytest.approx([0.8, 0.8, 0.4, 0.0, 0.0])
    needs = needs_of([{"skill": A, "level": 3, "must_have": True}, {"skill": B, "level": 1}])
    boost = MUST_HAVE_WEIGHT * MUST_HAVE_BOOST
    assert needs == [Need(A, 3, 3.0 * boost), Need(B, 1, 3.0)]
    rated = needs_of([{"skill": A, "level": 2, "importance": 4.5}])
    assert rated == [Need(A, 2, 4.5)]
