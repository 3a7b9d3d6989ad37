"""Worker pathways, pure (issue 15, item 2): fit from the worker's own skills, next steps and
stretch targets, the three-step search and how each gap can be closed."""

from __future__ import annotations

import math
import random
from datetime import date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.matching.scoring.evidence import Evidence, EvidenceKind, EvidenceStatus
from onramp.matching.scoring.profile import build_profile
from onramp.matching.sources.entries import Entry
from onramp.pathways import OccupationFeatures, SkillNeed, build_matrix
from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.search import search
from onramp.pathways.worker import (
    GapWay,
    PathwayConfig,
    build_index,
    fit_and_gaps,
    held_levels,
    naive_fit,
    next_steps_and_stretch,
    score_worker,
    ways_to_close,
    worker_gaps,
)
from onramp.pathways.worker_service import current_jobs

SKILLS = [f"urn:test:skill:{n}" for n in range(12)]
N = 14
GROUPS = {SKILLS[11]: SKILLS[10]}


def _features(seed: int = 3) -> list[OccupationFeatures]:
    rng = random.Random(seed)
    out = []
    for i in range(N):
        # skill 11 is a near-equal of skill 10: the store counts it as 10 in every job
        chosen = [GROUPS.get(u, u) for u in rng.sample(SKILLS, rng.randint(3, 7))]
        needs = tuple(
            SkillNeed(uri, uri.rsplit(":", 1)[1], rng.randint(1, 5), rng.choice([None, 2.5, 4.0]))
            for uri in chosen
        )
        out.append(
            OccupationFeatures(
                code=f"11-{1000 + i}.00",
                title=f"Job {i}",
                job_zone=1 + i % 5,
                rated_skills={n.uri: float(n.level) for n in needs},
                skills=needs,
                wage=30000.0 + 4000 * i,
            )
        )
    return out


@pytest.fixture(scope="module")
def matrix() -> TransitionMatrix:
    return build_matrix(_features(), skill_groups=GROUPS)


def test_a_worker_with_every_skill_at_its_level_fits_fully(matrix: TransitionMatrix) -> None:
    index = build_index(matrix)
    target = matrix.features[4]
    held = {n.uri: float(n.level) for n in target.skills}
    fit, gaps = fit_and_gaps(index, held)
    assert fit[4] == pytest.approx(1.0) and gaps[4] == 0
    assert worker_gaps(matrix, 4, held) == []
    nothing, all_gaps = fit_and_gaps(index, {})
    assert not nothing.any()
    assert list(all_gaps) == [len({n.uri for n in f.skills}) for f in matrix.features]


def test_near_equal_skills_count_for_each_other(matrix: TransitionMatrix) -> None:
    index = build_index(matrix)
    plain, _ = fit_and_gaps(index, {SKILLS[10]: 5.0})
    other, _ = fit_and_gaps(index, {SKILLS[11]: 5.0})  # the other name of the same skill
    assert np.allclose(plain, other) and plain.any()


levels = st.dictionaries(st.sampled_from(SKILLS), st.floats(0, 5), max_size=len(SKILLS))


@settings(max_examples=60, deadline=None)
@given(held=levels, more=levels)
def test_adding_evidence_never_lowers_fit_or_adds_gaps(
    matrix: TransitionMatrix, held: dict[str, float], more: dict[str, float]
) -> None:
    index = build_index(matrix)
    raised = dict(held)
    for uri, level in more.items():
        raised[uri] = max(raised.get(uri, 0.0), level)
    fit, gaps = fit_and_gaps(index, held)
    fit_more, gaps_more = fit_and_gaps(index, raised)
    assert (fit_more >= fit - 1e-12).all()
    assert (gaps_more <= gaps).all()
    assert np.allclose(fit, naive_fit(matrix, held))  # the baseline says the same


pieces = st.lists(
    st.builds(
        Evidence,
        skill=st.sampled_from(SKILLS),
        level=st.integers(1, 5),
        kind=st.sampled_from(list(EvidenceKind)),
        verified=st.booleans(),
        status=st.sampled_from(list(EvidenceStatus)),
        date=st.dates(date(2015, 1, 1), date(2026, 1, 1)),
        source=st.sampled_from(["a", "b", "c"]),
        inferred=st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(first=pieces, more=pieces)
def test_adding_proof_to_a_profile_never_lowers_an_occupations_fit(
    matrix: TransitionMatrix, first: list[Evidence], more: list[Evidence]
) -> None:
    index = build_index(matrix)
    today = date(2026, 6, 1)
    before = held_levels(build_profile(first, today=today))
    after = held_levels(build_profile(first + more, today=today))
    assert all(after.get(uri, 0.0) >= level for uri, level in before.items())
    fit, gaps = fit_and_gaps(index, before)
    fit_more, gaps_more = fit_and_gaps(index, after)
    assert (fit_more >= fit - 1e-12).all() and (gaps_more <= gaps).all()


@settings(max_examples=60, deadline=None)
@given(
    held=levels,
    start=st.integers(0, N - 1),
    target=st.integers(0, N - 1),
    edges=st.integers(1, 6),
)
def test_the_search_keeps_to_three_steps_along_edges(
    matrix: TransitionMatrix, held: dict[str, float], start: int, target: int, edges: int
) -> None:
    config = PathwayConfig(edges=edges)
    index = build_index(matrix, config)
    scores = score_worker(matrix, index, held, [matrix.codes[start]], config)
    found = search(matrix, index, scores, target, config)
    if start == target:
        assert found == []
        return
    assert 1 <= len(found) <= config.pathways
    for item in found:
        assert item.path[0] == start and item.path[-1] == target
        assert 2 <= len(item.path) <= 4  # one to three steps
        assert len(set(item.path)) == len(item.path)
        if item.close:
            assert all(index.edge[a, b] for a, b in zip(item.path, item.path[1:], strict=False))
        else:
            assert item.path == (start, target)  # the direct jump, said to be one
    values = [f.value for f in found]
    assert values == sorted(values, reverse=True)


def test_next_steps_are_viable_and_stretch_targets_are_bigger(matrix: TransitionMatrix) -> None:
    config = PathwayConfig(next_steps=4, stretch_targets=4)
    index = build_index(matrix, config)
    held = {uri: 2.0 for uri in SKILLS[:6]}
    start = matrix.features[1]  # job zone 2
    scores = score_worker(matrix, index, held, [start.code], config)
    nexts, stretch = next_steps_and_stretch(index, scores, config)
    assert nexts and stretch
    assert scores.origins == (1,) and 1 not in nexts + stretch
    for j in nexts:
        feature = matrix.features[j]
        assert feature.job_zone is not None and feature.job_zone <= 3
        assert feature.wage is not None and feature.wage >= (start.wage or 0)
    assert all(matrix.features[j].job_zone == 4 for j in stretch)
    ranked = [scores.score[j] for j in nexts]
    assert ranked == sorted(ranked, reverse=True)
    # where the worker lives the first next step pays less than their job: it is left out
    local = index.log_wages.copy()
    local[nexts[0]] = local[1] - 0.1
    there = score_worker(matrix, index, held, [start.code], config, local)
    assert nexts[0] not in next_steps_and_stretch(index, there, config)[0]
    # nor is one whose pay is not known there, since nothing says it pays as much
    unknown = index.log_wages.copy()
    unknown[nexts[0]] = np.nan
    there = score_worker(matrix, index, held, [start.code], config, unknown)
    assert nexts[0] not in next_steps_and_stretch(index, there, config)[0]
    # when the worker's own pay is not known either, pay does not filter
    blank = np.full_like(index.log_wages, np.nan)
    there = score_worker(matrix, index, held, [start.code], config, blank)
    assert nexts[0] in next_steps_and_stretch(index, there, config)[0]


def test_with_no_current_job_pathways_start_from_the_best_fit(matrix: TransitionMatrix) -> None:
    index = build_index(matrix)
    held = {n.uri: float(n.level) for n in matrix.features[7].skills}
    scores = score_worker(matrix, index, held, ["99-9999.00"])  # a code of another release
    assert not scores.origins_known and scores.move is None
    assert scores.origins == (int(np.argmax(scores.fit)),)
    assert math.isclose(scores.fit[scores.origins[0]], 1.0)


def test_how_a_gap_can_be_closed() -> None:
    program = [("Northside College", "Welding I", "https://onramp.test/a")]
    assert ways_to_close(4, 3, program) == (GapWay.ON_THE_JOB, GapWay.PROGRAM, GapWay.WORK_BASED)
    assert ways_to_close(4, 0, []) == (GapWay.NO_PROGRAM, GapWay.WORK_BASED)
    assert ways_to_close(2, 0, []) == (GapWay.ON_THE_JOB, GapWay.NO_PROGRAM, GapWay.WORK_BASED)
    assert "does not list them yet" in GapWay.WORK_BASED.label
    assert GapWay.NO_PROGRAM.label == "Onramp does not know a program that teaches this yet."


def _job(code: str, start: date | None, end: date | None) -> Entry:
    return Entry(
        "e" + code, "w", EvidenceKind.WORK_HISTORY, "t", "", None, False, start, end, code, {},
        datetime(2025, 1, 1),
    )  # fmt: skip


def test_the_current_job_is_the_one_not_ended_else_the_last_one() -> None:
    old = _job("11-1000.00", date(2015, 1, 1), date(2018, 1, 1))
    last = _job("11-1001.00", date(2019, 1, 1), date(2023, 6, 1))
    now = _job("11-1002.00", date(2023, 7, 1), None)
    uncoded = _job("", date(2024, 1, 1), None)
    assert current_jobs([old, last, now, uncoded]) == ["11-1002.00"]
    assert current_jobs([old, last]) == ["11-1001.00"]
    assert current_jobs([uncoded]) == []
