"""The profile index: add, update, remove and query agree with an exact scan of the sketches
(`sketch_score`), through compaction, a large batch, and a save and a load."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.config import Settings
from onramp.errors import InvalidInputError
from onramp.matching import index as index_module
from onramp.matching.index import IndexFileError, ProfileIndex, default_path
from onramp.matching.vectors import Need, sketch_score

SKILLS = [f"https://example.org/skill/{i}" for i in range(12)]


def _support(rng: random.Random) -> dict[str, tuple[float, ...]]:
    out = {}
    for skill in rng.sample(SKILLS, rng.randint(1, 5)):
        top = rng.randint(1, 5)
        first = rng.random()
        out[skill] = tuple(round(first * (0.8**step), 4) for step in range(top))
    return out


def _population(n: int, seed: int = 0) -> dict[str, dict[str, tuple[float, ...]]]:
    rng = random.Random(seed)
    return {f"w{i}": _support(rng) for i in range(n)}


def _job(seed: int) -> list[Need]:
    rng = random.Random(seed)
    return [Need(s, rng.randint(1, 5), rng.uniform(0.5, 2.0)) for s in rng.sample(SKILLS, 3)]


def _exact(population: dict[str, dict[str, tuple[float, ...]]], needs: list[Need]) -> list[str]:
    scored = [(sketch_score(s, needs), w) for w, s in population.items()]
    return [w for score, w in sorted(scored, key=lambda p: -p[0]) if score > 0]


def _check(index: ProfileIndex, population: dict, needs: list[Need], n: int) -> None:
    found = index.candidates(needs, n)
    expected = _exact(population, needs)
    assert len(found) == min(n, len(expected))
    scores = {w: sketch_score(population[w], needs) for w in population}
    cutoff = scores[expected[min(n, len(expected)) - 1]]
    for candidate in found:
        assert candidate.similarity == pytest.approx(scores[candidate.worker], rel=1e-4)
        assert scores[candidate.worker] >= cutoff - 1e-6  # nobody better was left out


@pytest.mark.parametrize("n", [10, 1500], ids=["side-table", "bulk"])
def test_candidates_are_exactly_the_best_sketches(n: int) -> None:
    population = _population(n)
    index = ProfileIndex()
    if n < index_module.BULK:
        for worker, support in population.items():
            index.upsert(worker, support)
    else:
        index.upsert_many(population.items())
    assert len(index) == n
    for seed in range(5):
        _check(index, population, _job(seed), 20)


def test_an_update_moves_a_worker_and_a_removal_takes_them_out() -> None:
    population = _population(1200)
    index = ProfileIndex()
    index.upsert_many(population.items())  # in the columns
    needs = [Need(SKILLS[0], 3, 1.0)]
    assert index.candidates(needs, 1)[0].worker != "w7"
    index.upsert("w7", {SKILLS[0]: (1.0, 1.0, 1.0)})  # the profile grew: into the side table
    assert index.pending == 1
    assert index.candidates(needs, 1)[0].worker == "w7"
    assert len(index) == 1200
    assert index.remove("w7") is True
    assert "w7" not in index and len(index) == 1199
    assert "w7" not in [c.worker for c in index.candidates(needs, 1200)]
    assert index.remove("w7") is False
    index.upsert("w8", {SKILLS[0]: (1.0, 1.0, 1.0)})
    index.compact()
    assert index.pending == 0 and len(index) == 1199
    assert index.candidates(needs, 1)[0].worker == "w8"
    population.pop("w7")
    population["w8"] = {SKILLS[0]: (1.0, 1.0, 1.0)}
    _check(index, population, needs, 30)


def test_candidates_can_be_limited_to_a_pool_small_or_large() -> None:
    population = _population(400)
    index = ProfileIndex()
    index.upsert_many(population.items())
    needs = _job(1)
    for pool in (set(list(population)[:50]), set(list(population)[:350])):
        found = index.candidates(needs, 10, among=pool)
        expected = _exact({w: population[w] for w in pool}, needs)[:10]
        assert {c.worker for c in found} <= pool and len(found) == min(10, len(expected))
        assert [round(c.similarity, 6) for c in found] == [
            round(sketch_score(population[w], needs), 6) for w in expected
        ]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "remove", "compact"]), st.integers(0, 30)),
        max_size=40,
    )
)
def test_any_order_of_changes_agrees_with_an_exact_scan(changes: list[tuple[str, int]]) -> None:
    rng = random.Random(7)
    index = ProfileIndex()
    population: dict[str, dict[str, tuple[float, ...]]] = {}
    for what, who in changes:
        worker = f"w{who}"
        if what == "add":
            population[worker] = _support(rng)
            index.upsert(worker, population[worker])
        elif what == "remove":
            assert index.remove(worker) is (population.pop(worker, None) is not None)
        else:
            index.compact()
    assert len(index) == len(population)
    for seed in range(3):
        needs = _job(seed)
        expected = _exact(population, needs)
        if expected:
            _check(index, population, needs, 5)
        else:
            assert index.candidates(needs, 5) == []


def test_rank_scores_the_candidates_exactly_and_keeps_the_best() -> None:
    population = _population(400)
    index = ProfileIndex()
    index.upsert_many(population.items())
    asked: list[int] = []

    def score(workers: list[str]) -> list[tuple[str, float]]:
        asked.append(len(workers))
        return [(w, -int(w[1:])) for w in workers]  # any exact score: here, lower ids win

    ranked = index.rank([Need(s, 2, 1.0) for s in SKILLS], 5, score, multiple=4)
    assert asked == [20]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert len(ranked) == 5


def test_the_index_survives_a_save_and_a_load(tmp_path: Path) -> None:
    population = _population(1100)
    index = ProfileIndex()
    index.upsert_many(population.items())
    index.remove("w3")
    index.upsert("w4", {SKILLS[1]: (0.9, 0.9)})
    path = default_path(Settings(home=tmp_path))
    index.save(path)
    assert not list(path.parent.glob("*.partial*"))
    loaded = ProfileIndex.load(path)
    assert len(loaded) == 1099 and "w3" not in loaded and "w4" in loaded
    for seed in range(3):
        assert loaded.candidates(_job(seed), 10) == index.candidates(_job(seed), 10)
    loaded.upsert("w3", population["w3"])
    assert "w3" in loaded


def test_bad_sketches_and_files_are_refused(tmp_path: Path) -> None:
    index = ProfileIndex()
    with pytest.raises(InvalidInputError, match="levels 1 to 5"):
        index.upsert("w", {SKILLS[0]: (0.1,) * 6})
    with pytest.raises(InvalidInputError, match="0 or more"):
        index.upsert("w", {SKILLS[0]: (float("nan"),)})
    with pytest.raises(InvalidInputError, match="twice"):
        index.upsert_many([("a", {}), ("a", {})])
    with pytest.raises(IndexFileError, match="no profile index"):
        ProfileIndex.load(tmp_path / "missing.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not an index")
    with pytest.raises(IndexFileError, match="cannot be read"):
        ProfileIndex.load(broken)
    other = tmp_path / "other.npz"
    np.savez(other, format=np.array(1))
    with pytest.raises(IndexFileError, match="another kind"):
        ProfileIndex.load(other)
    assert index.candidates([Need(SKILLS[0], 1, 1.0)], 3) == []
    with pytest.raises(InvalidInputError, match="one candidate"):
        index.candidates([Need(SKILLS[0], 1, 1.0)], 0)


def test_the_index_lives_under_the_configured_home(tmp_path: Path) -> None:
    path = default_path(Settings(home=tmp_path))
    assert path.is_relative_to(tmp_path.resolve())
