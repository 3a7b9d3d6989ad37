"""Profile and job vectors: fixed size, the same in every process, and their inner product is
what the sketch stands in for (`sketch_score`), which follows the core's exact score."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from onramp.jobs.model import Requirement
from onramp.matching.scoring import (
    DEFAULT_RULES,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    build_profile,
)
from onramp.matching.vectors import (
    DIMENSIONS,
    MUST_HAVE_BOOST,
    Need,
    job_vector,
    level_weights,
    needs_of,
    profile_support,
    profile_vector,
    sketch_score,
    vector_of,
)

A, B, C = "https://example.org/a", "https://example.org/b", "https://example.org/c"
TODAY = date(2026, 12, 1)


def _piece(
    skill: str, level: int, kind: EvidenceKind = EvidenceKind.CREDENTIAL, **extra: object
) -> Evidence:
    return Evidence(
        skill, level, kind, verified=True, date=TODAY, source=f"{skill}{level}{kind}", **extra
    )  # type: ignore[arg-type]


def _requirement(skill: str, level: int, must_have: bool = False) -> Requirement:
    return Requirement(skill=skill, label=skill, level=level, must_have=must_have)


def test_vectors_have_a_fixed_size_and_are_the_same_every_time() -> None:
    profile = build_profile([_piece(A, 3), _piece(B, 1, EvidenceKind.SELF)], today=TODAY)
    again = build_profile([_piece(B, 1, EvidenceKind.SELF), _piece(A, 3)], today=TODAY)
    first = vector_of(profile)
    assert first.shape == (DIMENSIONS,) and first.dtype == np.float32
    assert np.array_equal(first, vector_of(again))
    job = job_vector(needs_of([_requirement(A, 2), _requirement(C, 4, True)]))
    assert job.shape == (DIMENSIONS,) and job.dtype == np.float32
    # the cells come from a keyed hash, not Python's per-process hash()
    assert float(np.abs(job).sum()) == pytest.approx(1.0)


def test_the_inner_product_is_the_sketch_score_and_over_qualification_earns_nothing() -> None:
    profile = build_profile(
        [_piece(A, 5), _piece(B, 2), _piece(C, 3, EvidenceKind.SELF)], today=TODAY
    )
    support = profile_support(profile)
    needs = needs_of(
        [_requirement(A, 3), _requirement(B, 4, True), _requirement("https://example.org/d", 2)]
    )
    dims = 1 << 16  # wide enough that no two cells collide
    dot = float(profile_vector(support, dims) @ job_vector(needs, dims))
    assert dot == pytest.approx(sketch_score(support, needs), rel=1e-5)
    full = support[A][0]
    assert sketch_score(support, [Need(A, 3, 1.0)]) == pytest.approx(full)
    assert sketch_score(support, [Need(A, 5, 1.0)]) == pytest.approx(full)
    assert level_weights(4) == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert sum(level_weights(5)) == pytest.approx(1.0)


def test_revoked_evidence_adds_nothing_and_verified_evidence_adds_more() -> None:
    revoked = build_profile([_piece(A, 4, status=EvidenceStatus.REVOKED)], today=TODAY)
    assert not vector_of(revoked).any()
    job = job_vector(needs_of([_requirement(A, 4, True)]))
    verified = vector_of(build_profile([_piece(A, 4)], today=TODAY)) @ job
    claimed = vector_of(build_profile([_piece(A, 4, EvidenceKind.SELF)], today=TODAY)) @ job
    assert verified > claimed > 0


def test_needs_carry_the_core_weights_with_must_haves_boosted() -> None:
    rated = Requirement(skill=A, label="a", level=2, importance=4.5, must_have=False)
    must = _requirement(B, 3, True)
    assert needs_of([rated, must]) == [
        Need(A, 2, DEFAULT_RULES.weight(rated)),
        Need(B, 3, DEFAULT_RULES.weight(must) * MUST_HAVE_BOOST),
    ]
