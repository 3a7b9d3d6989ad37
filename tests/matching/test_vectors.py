"""Profile and job sketches: the same in every process whatever the order of evidence, their
product (`sketch_score`) gives no credit for being over-qualified, and a stored sketch reads
back as written or is refused."""

from __future__ import annotations

from datetime import date

import pytest

from onramp.errors import InvalidInputError
from onramp.jobs.model import Requirement
from onramp.matching.scoring import (
    DEFAULT_RULES,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    build_profile,
)
from onramp.matching.vectors import (
    MUST_HAVE_BOOST,
    Need,
    decode_support,
    encode_support,
    job_weights,
    level_weights,
    needs_of,
    profile_support,
    sketch_score,
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


def test_sketches_are_the_same_whatever_the_order_of_evidence() -> None:
    profile = build_profile([_piece(A, 3), _piece(B, 1, EvidenceKind.SELF)], today=TODAY)
    again = build_profile([_piece(B, 1, EvidenceKind.SELF), _piece(A, 3)], today=TODAY)
    assert profile_support(profile) == profile_support(again)
    assert len(profile_support(profile)[A]) == 5
    weights = job_weights(needs_of([_requirement(A, 2), _requirement(C, 4, True)]))
    assert sum(weights.values()) == pytest.approx(1.0)
    assert set(weights) == {(A, 1), (A, 2), (C, 1), (C, 2), (C, 3), (C, 4)}


def test_the_sketch_score_gives_no_credit_for_being_over_qualified() -> None:
    profile = build_profile(
        [_piece(A, 5), _piece(B, 2), _piece(C, 3, EvidenceKind.SELF)], today=TODAY
    )
    support = profile_support(profile)
    full = support[A][0]
    assert sketch_score(support, [Need(A, 3, 1.0)]) == pytest.approx(full)
    assert sketch_score(support, [Need(A, 5, 1.0)]) == pytest.approx(full)
    assert sketch_score(support, [Need("https://example.org/d", 2, 1.0)]) == 0.0
    assert level_weights(4) == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert sum(level_weights(5)) == pytest.approx(1.0)


def test_revoked_evidence_adds_nothing_and_verified_evidence_adds_more() -> None:
    revoked = build_profile([_piece(A, 4, status=EvidenceStatus.REVOKED)], today=TODAY)
    assert profile_support(revoked) == {}
    needs = needs_of([_requirement(A, 4, True)])
    verified = sketch_score(profile_support(build_profile([_piece(A, 4)], today=TODAY)), needs)
    claimed = sketch_score(
        profile_support(build_profile([_piece(A, 4, EvidenceKind.SELF)], today=TODAY)), needs
    )
    assert verified > claimed > 0


def test_needs_carry_the_core_weights_with_must_haves_boosted() -> None:
    rated = Requirement(skill=A, label="a", level=2, importance=4.5, must_have=False)
    must = _requirement(B, 3, True)
    assert needs_of([rated, must]) == [
        Need(A, 2, DEFAULT_RULES.weight(rated)),
        Need(B, 3, DEFAULT_RULES.weight(must) * MUST_HAVE_BOOST),
    ]


def test_a_stored_sketch_reads_back_or_is_refused() -> None:
    support = profile_support(build_profile([_piece(A, 4), _piece(B, 2)], today=TODAY))
    back = decode_support(encode_support(support))
    assert set(back) == set(support)
    for skill, levels in support.items():
        assert back[skill] == pytest.approx(levels, abs=1e-5)
    for bad in (b"\x00\x01", b"[1, 2]", b'{"a": [1, 2, 3, 4, 5, 6]}', b'{"a": ["x"]}'):
        with pytest.raises(InvalidInputError):
            decode_support(bad)
