"""The skill profile (issue 14, item 2): its four properties, by hypothesis, and worked cases."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from onramp.matching.scoring import (
    DEFAULT_WEIGHTS,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    SetAside,
    SkillProfile,
    build_profile,
)
from onramp.matching.scoring.growth import months_before

TODAY = date(2026, 12, 6)
SKILLS = [f"http://data.europa.eu/esco/skill/s{n}" for n in range(3)]
ISSUERS = ["did:web:college.example", "did:web:boss.example", "did:web:unknown.example"]
TRUSTED = {"did:web:college.example"}

evidence_items = st.builds(
    Evidence,
    skill=st.sampled_from(SKILLS),
    level=st.integers(1, 5),
    kind=st.sampled_from(list(EvidenceKind)),
    verified=st.booleans(),
    status=st.sampled_from(list(EvidenceStatus)),
    date=st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2027, 6, 1))),
    issuer=st.one_of(st.none(), st.sampled_from(ISSUERS)),
    source=st.sampled_from(["", "a", "b"]),
    inferred=st.booleans(),
)
evidence_lists = st.lists(evidence_items, max_size=12)


def trust(issuer: str, skill: str) -> bool:
    return issuer in TRUSTED


def profile(items: list[Evidence], trusted: object = trust) -> SkillProfile:
    return build_profile(items, today=TODAY, trust=trusted)  # type: ignore[arg-type]


def supports(p: SkillProfile) -> dict[str, tuple[float, ...]]:
    return {skill: e.support for skill, e in p.skills.items()}


def at_least(after: SkillProfile, before: SkillProfile) -> None:
    """Every skill's support at every level is no lower in `after`."""
    for skill, estimate in before.skills.items():
        grown = after.skills.get(skill)
        assert grown is not None, skill
        for old, new in zip(estimate.support, grown.support, strict=True):
            assert new >= old - 1e-12
        assert grown.level >= estimate.level - 1e-12
        assert grown.confidence >= estimate.confidence - 1e-12


@settings(max_examples=150, deadline=None)
@given(evidence_lists, st.randoms(use_true_random=False))
def test_order_of_evidence_does_not_matter(items: list[Evidence], rng: object) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert profile(shuffled).as_json() == profile(items).as_json()
    assert supports(profile(shuffled)) == supports(profile(items))  # to the last bit


@settings(max_examples=150, deadline=None)
@given(evidence_lists, st.data())
def test_duplicates_count_once(items: list[Evidence], data: st.DataObject) -> None:
    repeated = items + data.draw(st.lists(st.sampled_from(items), max_size=6)) if items else []
    once, twice = profile(items), profile(repeated)
    assert supports(twice) == supports(once)
    assert [s.as_json() for s in twice.skills.values()] == [
        s.as_json() for s in once.skills.values()
    ]


@settings(max_examples=150, deadline=None)
@given(evidence_lists, evidence_items, st.sampled_from(list(EvidenceStatus)[1:]))
def test_revoked_expired_or_suspended_evidence_never_adds_support(
    items: list[Evidence], extra: Evidence, status: EvidenceStatus
) -> None:
    gone = dataclasses.replace(extra, status=status)
    assert supports(profile([*items, gone])) == supports(profile(items))
    assert any(c.evidence == gone for c in profile([*items, gone]).set_aside)


@settings(max_examples=150, deadline=None)
@given(evidence_lists, st.data())
def test_revoking_a_piece_never_raises_support(items: list[Evidence], data: st.DataObject) -> None:
    assume(items)
    index = data.draw(st.integers(0, len(items) - 1))
    revoked = list(items)
    revoked[index] = dataclasses.replace(items[index], status=EvidenceStatus.REVOKED)
    before, after = profile(items), profile(revoked)
    at_least(before, after)


STRENGTHEN = ["verify", "trust", "state", "newer", "higher"]


@settings(max_examples=300, deadline=None)
@given(evidence_lists, st.data(), st.sampled_from(STRENGTHEN))
def test_monotone_in_evidence_strength(
    items: list[Evidence], data: st.DataObject, how: str
) -> None:
    assume(items)
    index = data.draw(st.integers(0, len(items) - 1))
    old = items[index]
    trusted_after: object = trust
    if how == "verify":
        new = dataclasses.replace(old, verified=True)
    elif how == "trust":
        new = old
        extra = {old.issuer} if old.issuer else set()
        trusted_after = lambda issuer, skill: issuer in TRUSTED | extra  # noqa: E731
    elif how == "state":
        new = dataclasses.replace(old, inferred=False)
    elif how == "newer":
        # undated evidence counts as one half-life old
        start = old.date or TODAY - timedelta(days=int(DEFAULT_WEIGHTS.half_life_years * 365.25))
        new = dataclasses.replace(old, date=data.draw(st.dates(start, date(2027, 6, 1))))
    else:
        new = dataclasses.replace(old, level=data.draw(st.integers(old.level, 5)))
    new = dataclasses.replace(new, id="")
    # making a piece identical to another one is counting it once, not strengthening it
    others = {e.key() for n, e in enumerate(items) if n != index}
    assume(new.key() == old.key() or new.key() not in others)
    stronger = [*items[:index], new, *items[index + 1 :]]
    at_least(profile(stronger, trusted_after), profile(items))


def test_a_worked_example_matches_the_docs() -> None:
    """docs/matching.md, example 1: a checked credential at level 4 from last year, and a
    self-rating at level 5 this year."""
    skill = SKILLS[0]
    credential = Evidence(
        skill, 4, EvidenceKind.CREDENTIAL, verified=True, date=TODAY - timedelta(days=365)
    )
    rating = Evidence(skill, 5, EvidenceKind.SELF, date=TODAY)
    estimate = build_profile([credential, rating], today=TODAY).skills[skill]
    s_credential = 0.9 * 0.5 ** (365 / 365.25 / 5)
    assert estimate.contributions[0].strength == pytest.approx(s_credential)
    expected_4 = 1 - (1 - s_credential) * (1 - 0.25)
    assert estimate.support == pytest.approx((expected_4, expected_4, expected_4, expected_4, 0.25))
    assert estimate.level == pytest.approx(1 + 3 * expected_4 + 0.25)
    assert estimate.shown_level == 4
    assert (
        "level 4" in estimate.why() and "credential at level 4, which was checked" in estimate.why()
    )


def test_claims_said_many_times_are_not_more_proof() -> None:
    """One kind never counts for more than its weight: ten self-ratings are one self-rating."""
    skill = SKILLS[0]
    ratings = [
        Evidence(skill, 5, EvidenceKind.SELF, date=TODAY, source=f"form {n}") for n in range(10)
    ]
    estimate = build_profile(ratings, today=TODAY).skills[skill]
    assert estimate.confidence == pytest.approx(DEFAULT_WEIGHTS.kind[EvidenceKind.SELF])
    assert estimate.shown_level is None
    assert "thin" in estimate.why()


def test_a_verified_flag_on_a_self_rating_changes_nothing() -> None:
    skill = SKILLS[0]
    plain = Evidence(skill, 3, EvidenceKind.SELF, date=TODAY)
    flagged = dataclasses.replace(plain, verified=True)
    assert supports(build_profile([plain], today=TODAY)) == supports(
        build_profile([flagged], today=TODAY)
    )


def test_trust_discounts_unlisted_issuers_only_when_a_registry_is_given() -> None:
    skill = SKILLS[0]
    item = Evidence(skill, 3, EvidenceKind.CREDENTIAL, verified=True, date=TODAY, issuer="x:y")
    neutral = build_profile([item], today=TODAY).skills[skill].confidence
    listed = build_profile([item], today=TODAY, trust=lambda i, s: True).skills[skill]
    unlisted = build_profile([item], today=TODAY, trust=lambda i, s: False).skills[skill]
    assert listed.confidence == pytest.approx(neutral)
    assert unlisted.confidence == pytest.approx(neutral * DEFAULT_WEIGHTS.untrusted_issuer)
    assert unlisted.contributions[0].factors["issuer_trust"] == DEFAULT_WEIGHTS.untrusted_issuer


def test_every_number_traces_to_its_evidence() -> None:
    skill = SKILLS[1]
    items = [
        Evidence(skill, 3, EvidenceKind.ASSESSMENT, verified=True, date=date(2024, 5, 1)),
        Evidence(skill, 2, EvidenceKind.WORK_HISTORY, inferred=True, date=date(2019, 1, 1)),
        Evidence(skill, 5, EvidenceKind.CREDENTIAL, status=EvidenceStatus.REVOKED),
    ]
    p = build_profile(items, today=TODAY)
    estimate = p.skills[skill]
    for c in estimate.contributions:
        product = 1.0
        for value in c.factors.values():
            product *= value
        assert c.strength == pytest.approx(product)
    # support(L) is the noisy-or of the strengths of the pieces at level L or above
    a, w = (c.strength for c in estimate.contributions)
    assert estimate.support == pytest.approx(
        (1 - (1 - a) * (1 - w), 1 - (1 - a) * (1 - w), a, 0, 0)
    )
    assert [c.set_aside for c in p.set_aside] == [SetAside.REVOKED]
    assert p.as_json()["set_aside"][0]["status"] == "revoked"  # type: ignore[index]


def test_growth_counts_new_skills_and_level_rises_in_the_window() -> None:
    old, new = date(2021, 3, 1), date(2026, 2, 1)
    items = [
        Evidence(SKILLS[0], 2, EvidenceKind.TRAINING, verified=True, date=old),
        Evidence(SKILLS[0], 4, EvidenceKind.CREDENTIAL, verified=True, date=new),
        Evidence(SKILLS[1], 3, EvidenceKind.ASSESSMENT, verified=True, date=new),
        Evidence(SKILLS[2], 5, EvidenceKind.SELF, date=new),  # a claim is not growth
    ]
    growth = build_profile(items, today=TODAY).growth
    assert [n.skill for n in growth.new_skills] == [SKILLS[1]]
    assert [(r.skill, r.before, r.after) for r in growth.rises] == [(SKILLS[0], 2, 4)]
    assert growth.score == pytest.approx(0.75)
    assert growth.sentence() == "In the last 24 months: 1 new skill and 1 skill at a higher level."
    short = build_profile(items, today=TODAY, growth_months=6).growth
    assert short.count == 0 and short.since == date(2026, 6, 6)
    revoked = [dataclasses.replace(e, status=EvidenceStatus.REVOKED) for e in items]
    assert build_profile(revoked, today=TODAY).growth.count == 0
    with pytest.raises(ValueError):
        build_profile(items, today=TODAY, growth_months=0)


def test_months_before_keeps_the_day_or_the_month_end() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
