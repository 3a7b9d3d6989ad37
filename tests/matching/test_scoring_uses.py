"""How much of a worker's skill a job uses, and the "fit" order of a worker's job list (issue 14,
goal "Retrieval"): the term stays in [0, 1], a skill the job does not ask for never raises it,
the match score and an employer's order never depend on it, and the closest job comes first."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.jobs.model import Requirement
from onramp.matching.scoring import (
    DEFAULT_RULES,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    JobSpec,
    MatchRules,
    build_profile,
    match,
    rank,
    rank_jobs,
)
from onramp.matching.scoring.match import RelatedTable, fit_only, score_only
from onramp.matching.scoring.uses import skill_use

TODAY = date(2026, 12, 6)
SKILLS = [f"http://data.europa.eu/esco/skill/s{n}" for n in range(6)]
ELSEWHERE = "http://data.europa.eu/esco/skill/not-asked"
WELD, READ, SAFE = SKILLS[:3]

evidence = st.builds(
    Evidence,
    skill=st.sampled_from(SKILLS),
    level=st.integers(1, 5),
    kind=st.sampled_from(list(EvidenceKind)),
    verified=st.booleans(),
    status=st.sampled_from(list(EvidenceStatus)),
    date=st.one_of(st.none(), st.dates(date(2012, 1, 1), TODAY)),
    issuer=st.one_of(st.none(), st.just("did:web:college.example")),
)
requirement = st.builds(
    Requirement,
    skill=st.sampled_from(SKILLS),
    label=st.just("A skill"),
    level=st.integers(1, 5),
    must_have=st.booleans(),
    learnable_weeks=st.one_of(st.none(), st.integers(0, 8)),
    importance=st.one_of(st.none(), st.floats(0, 5)),
)
jobs = st.lists(requirement, min_size=1, max_size=5, unique_by=lambda r: r.skill).map(
    lambda rs: JobSpec("A job", tuple(rs), "job-1")
)
weights = st.floats(0, 0.99)


@settings(max_examples=150, deadline=None)
@given(st.lists(evidence, max_size=10), jobs)
def test_the_share_of_skill_used_is_between_0_and_1(items: list[Evidence], job: JobSpec) -> None:
    used = skill_use(job, build_profile(items, today=TODAY))
    assert 0.0 <= used.share <= 1.0
    assert 0 <= used.used <= used.held


@settings(max_examples=150, deadline=None)
@given(st.lists(evidence, max_size=10), jobs, st.lists(evidence, min_size=1, max_size=4))
def test_a_skill_the_job_does_not_ask_for_never_raises_the_share(
    items: list[Evidence], job: JobSpec, more: list[Evidence]
) -> None:
    before = build_profile(items, today=TODAY)
    asked = {r.skill for r in job.requirements}
    extra = [
        dataclasses.replace(e, skill=f"{ELSEWHERE}-{n}") if e.skill in asked else e
        for n, e in enumerate(more)
    ]
    after = build_profile([*items, *extra], today=TODAY)
    assert skill_use(job, after).share <= skill_use(job, before).share
    assert match(job, after).score == match(job, before).score  # the score does not move


@settings(max_examples=150, deadline=None)
@given(st.lists(evidence, max_size=10), jobs, weights, weights)
def test_the_score_never_depends_on_the_fit_weight(
    items: list[Evidence], job: JobSpec, w1: float, w2: float
) -> None:
    profile = build_profile(items, today=TODAY)
    one, two = MatchRules(fit_weight=w1), MatchRules(fit_weight=w2)
    first, second = match(job, profile, rules=one), match(job, profile, rules=two)
    assert first.score == second.score == match(job, profile).score
    assert first.raw == second.raw and first.confidence == second.confidence
    table = RelatedTable(None, (), ())
    assert score_only(job, profile, table, one) == (first.score, first.confidence)
    fit, score, confidence = fit_only(job, profile, table, one)
    assert (fit, score, confidence) == (first.fit, first.score, first.confidence)
    assert 0.0 <= fit <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(evidence, max_size=6), min_size=2, max_size=6), jobs, weights)
def test_an_employers_order_never_depends_on_the_fit_weight(
    people: list[list[Evidence]], job: JobSpec, weight: float
) -> None:
    profiles = {f"w{n}": build_profile(items, today=TODAY) for n, items in enumerate(people)}
    plain = rank(job, profiles, None)
    weighted = rank(job, profiles, None, rules=MatchRules(fit_weight=weight))
    assert [(r.id, r.match.score) for r in plain] == [(r.id, r.match.score) for r in weighted]


def credential(skill: str, level: int) -> Evidence:
    return Evidence(skill, level, EvidenceKind.CREDENTIAL, verified=True, date=TODAY)


def test_the_worked_example_in_the_docs() -> None:
    """docs/matching.md: a welder at level 4 and a reader of drawings at level 3, each with a
    checked credential from today (support 0.9 at each level up to the one shown)."""
    profile = build_profile([credential(WELD, 4), credential(READ, 3)], today=TODAY)
    helper = JobSpec("Helper", (Requirement(skill=WELD, label="Weld", level=2),), "helper")
    used = skill_use(helper, profile)
    # held: 4 x 0.9 + 3 x 0.9 = 6.3; used: weld up to level 2, 2 x 0.9 = 1.8
    assert round(used.share, 4) == round(1.8 / 6.3, 4) == 0.2857
    assert (used.used, used.held) == (1, 2)
    assert used.sentence() == "This job asks for 1 of the 2 skills you have proof of."
    found = match(helper, profile)
    assert found.score == pytest.approx(0.9)
    w = DEFAULT_RULES.fit_weight
    assert found.fit == pytest.approx(0.9 ** (1 - w) * (1.8 / 6.3) ** w)
    assert found.as_json()["uses"] == {
        "share": 0.2857,
        "skills_used": 1,
        "skills_held": 2,
        "sentence": "This job asks for 1 of the 2 skills you have proof of.",
    }
    nothing = skill_use(helper, build_profile([], today=TODAY))
    assert (nothing.share, nothing.held) == (0.0, 0)


def test_jobs_for_me_puts_the_closest_job_before_one_that_asks_for_less() -> None:
    """The welder covers all of the helper's job (a higher score), but the welder's job uses
    all of their skill: it comes first in their list, while an employer's score is unchanged."""
    profile = build_profile(
        [credential(WELD, 4), credential(READ, 3), credential(SAFE, 2)], today=TODAY
    )
    welder = JobSpec(
        "Welder",
        (
            Requirement(skill=WELD, label="Weld", level=4),
            Requirement(skill=READ, label="Read drawings", level=4, must_have=False),
            Requirement(skill=SAFE, label="Work safely", level=2),
        ),
        "a-welder",
    )
    helper = JobSpec("Helper", (Requirement(skill=WELD, label="Weld", level=2),), "b-helper")
    assert match(helper, profile).score > match(welder, profile).score
    ranked = rank_jobs(profile, [helper, welder], None)
    assert [r.job.id for r in ranked] == ["a-welder", "b-helper"]
    assert ranked[0].match.fit > ranked[1].match.fit
    assert ranked[0].match.uses.share > ranked[1].match.uses.share


def test_a_blocking_must_have_still_halves_the_fit() -> None:
    profile = build_profile([credential(WELD, 4)], today=TODAY)
    asks = (Requirement(skill=WELD, label="Weld", level=4),)
    gated = JobSpec("Gated", (*asks, Requirement(skill=READ, label="Read", level=3)), "gated")
    open_ = JobSpec(
        "Open",
        (*asks, Requirement(skill=READ, label="Read", level=3, learnable_weeks=4)),
        "open",
    )
    one, other = match(gated, profile), match(open_, profile)
    assert one.blocking == 1 and other.blocking == 0
    assert one.fit == pytest.approx(other.fit * DEFAULT_RULES.gate)


@pytest.mark.parametrize("weight", [-0.1, 1.0, 1.5])
def test_the_fit_weight_is_at_least_0_and_below_1(weight: float) -> None:
    with pytest.raises(ValueError, match="fit_weight"):
        MatchRules(fit_weight=weight)
