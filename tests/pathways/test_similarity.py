"""The transition model's scoring core: properties of the similarity and the score (issue 15,
item 1), the vectorized matrix against the one-pair-at-a-time baseline, and the transition."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.pathways import Lack, OccupationFeatures, SkillNeed, TransitionConfig, build_matrix
from onramp.pathways.matrix import lacks_of
from onramp.pathways.similarity import combine, naive_similarity, scores, similarity_parts

CONFIG = TransitionConfig()
ITEMS = [f"k{n}" for n in range(8)]
weights = st.dictionaries(st.sampled_from(ITEMS), st.floats(0.5, 35.0), max_size=6)
sets = st.frozensets(st.sampled_from(ITEMS), max_size=6)
listed = st.dictionaries(st.sampled_from(ITEMS), st.sampled_from([0.5, 1.0]), max_size=6)


@st.composite
def occupation(draw: st.DrawFn, code: str = "") -> OccupationFeatures:
    return OccupationFeatures(
        code=code or draw(st.text("0123456789", min_size=4, max_size=4)),
        title="job",
        job_zone=draw(st.none() | st.integers(1, 5)),
        rated_skills=draw(weights),
        rated_knowledge=draw(weights),
        listed=draw(listed),
        activities=draw(sets),
        technology=draw(sets),
        wage=draw(st.none() | st.floats(15_000, 250_000)),
        growth_percent=draw(st.none() | st.floats(-30, 40)),
    )


@st.composite
def occupations(draw: st.DrawFn) -> list[OccupationFeatures]:
    n = draw(st.integers(2, 6))
    return [draw(occupation(f"{i:02d}-0000.00")) for i in range(n)]


def similarity(features: list[OccupationFeatures]) -> np.ndarray:
    parts, has = similarity_parts(features, CONFIG)
    return combine(parts, has, CONFIG)


@settings(max_examples=60, deadline=None)
@given(occupations())
def test_similarity_is_symmetric_bounded_and_highest_with_itself(
    features: list[OccupationFeatures],
) -> None:
    sim = similarity(features)
    assert np.allclose(sim, sim.T)
    assert (sim >= 0).all() and (sim <= 1 + 1e-12).all()
    for i in range(len(features)):
        assert sim[i, i] >= sim[i].max() - 1e-12
    parts, _has = similarity_parts(features, CONFIG)
    for part in parts:
        assert np.allclose(part, part.T)


@settings(max_examples=60, deadline=None)
@given(occupations())
def test_the_vectorized_matrix_equals_the_pairwise_loop(
    features: list[OccupationFeatures],
) -> None:
    naive = naive_similarity(features, CONFIG, range(len(features)))
    assert np.allclose(similarity(features), naive, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(occupation("11-0000.00"), occupation("22-0000.00"), st.sampled_from(range(5)))
def test_adding_a_shared_skill_never_lowers_similarity(
    a: OccupationFeatures, b: OccupationFeatures, part: int
) -> None:
    before = similarity([a, b])[0, 1]
    new = "shared-new"
    if part == 0:
        a, b = (replace(f, rated_skills={**f.rated_skills, new: 12.0}) for f in (a, b))
    elif part == 1:
        a, b = (replace(f, rated_knowledge={**f.rated_knowledge, new: 12.0}) for f in (a, b))
    elif part == 2:
        a, b = (replace(f, activities=f.activities | {new}) for f in (a, b))
    elif part == 3:
        a, b = (replace(f, technology=f.technology | {new}) for f in (a, b))
    else:
        a, b = (replace(f, listed={**f.listed, new: 1.0}) for f in (a, b))
    assert similarity([a, b])[0, 1] >= before - 1e-12


@settings(max_examples=60, deadline=None)
@given(occupations())
def test_scores_are_between_0_and_1(features: list[OccupationFeatures]) -> None:
    score, _change, _ratio = scores(similarity(features), features, CONFIG)
    assert (score >= 0).all() and (score <= 1).all()


def _job(code: str, zone: int | None, wage: float | None, **more: object) -> OccupationFeatures:
    base = OccupationFeatures(
        code=code,
        title=code,
        job_zone=zone,
        activities=frozenset({"a", "b", "c"}),
        wage=wage,
    )
    return replace(base, **more)  # type: ignore[arg-type]


def test_a_transition_carries_zone_change_wage_ratio_and_skill_gaps() -> None:
    aide = _job(
        "31-1131.00",
        2,
        40_000,
        skills=(SkillNeed("u:care", "Patient care", 3, 4.0), SkillNeed("u:talk", "Talking", 2)),
    )
    nurse = _job(
        "29-2061.00",
        3,
        60_000,
        skills=(SkillNeed("u:care", "Patient care", 3, 4.5), SkillNeed("u:meds", "Medicines", 4)),
    )
    doctor = _job("29-1215.00", 5, None)
    matrix = build_matrix([aide, nurse, doctor])
    moves = {t.to_code: t for t in matrix.top("31-1131.00", 5)}
    assert set(moves) == {"29-2061.00", "29-1215.00"}  # never the origin itself
    step = moves["29-2061.00"]
    assert (step.job_zone_change, step.viable) == (1, True)
    assert step.wage_ratio == pytest.approx(1.5)
    assert [g.uri for g in step.transfers] == ["u:care"]
    assert [(g.uri, g.origin_level, g.target_level) for g in step.missing] == [("u:meds", None, 4)]
    leap = moves["29-1215.00"]
    assert (leap.job_zone_change, leap.viable, leap.wage_ratio) == (3, False, None)
    # the same similarity, three zones up and with no pay known, scores lower
    assert leap.similarity == step.similarity and leap.score < step.score


def test_lower_pay_and_long_training_lower_the_score() -> None:
    base = _job("11-0000.00", 2, 50_000)
    same = _job("22-0000.00", 2, 50_000)
    cheaper = _job("33-0000.00", 2, 30_000)
    higher = _job("44-0000.00", 4, 50_000)
    matrix = build_matrix([base, same, cheaper, higher])
    got = {t.to_code: t.score for t in matrix.top("11-0000.00", 3)}
    assert got["22-0000.00"] > got["33-0000.00"]
    assert got["22-0000.00"] > got["44-0000.00"]


def test_what_the_embedded_default_lacks_is_said_in_plain_words() -> None:
    guessed = OccupationFeatures("11-0000.00", "a", listed={"u:x": 0.5}, inferred=True)
    lacks = lacks_of([guessed])
    assert Lack.RATINGS in lacks and Lack.WAGES in lacks and Lack.PROJECTIONS in lacks
    assert Lack.INFERRED_SKILLS in lacks and Lack.JOB_ZONES in lacks
    assert all(lack.label.endswith(".") for lack in Lack)
