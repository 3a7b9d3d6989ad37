"""The profile vector index: add, update, remove and query agree with an exact scan, and the
index survives a save and a load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from onramp.config import Settings
from onramp.errors import InvalidInputError
from onramp.matching.index import (
    IndexFileError,
    ProfileIndex,
    default_path,
)

DIMS = 32


def _vectors(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, DIMS), dtype=np.float32)


def _exact(vectors: np.ndarray, ids: list[str], job: np.ndarray, n: int) -> list[str]:
    order = np.argsort(-(vectors @ job), kind="stable")[:n]
    return [ids[i] for i in order]


@pytest.mark.parametrize("exact_below", [0, 10_000], ids=["graph", "exact"])
def test_candidates_agree_with_an_exact_scan(exact_below: int) -> None:
    vectors = _vectors(1500)
    ids = [f"w{i}" for i in range(len(vectors))]
    index = ProfileIndex(DIMS, exact_below=exact_below)
    index.upsert_many(ids, vectors)
    assert len(index) == 1500
    for job in _vectors(5, seed=1):
        found = index.candidates(job, 20)
        expected = _exact(vectors, ids, job, 20)
        assert len({c.worker for c in found} & set(expected)) >= 18
        best = found[0]
        assert best.similarity == pytest.approx(float(vectors[ids.index(best.worker)] @ job), 1e-4)


@pytest.mark.parametrize("exact_below", [0, 10_000], ids=["graph", "exact"])
def test_an_update_moves_a_worker_and_a_removal_takes_them_out(exact_below: int) -> None:
    vectors = _vectors(300)
    ids = [f"w{i}" for i in range(300)]
    index = ProfileIndex(DIMS, exact_below=exact_below)
    index.upsert_many(ids, vectors)
    job = np.ones(DIMS, dtype=np.float32)
    assert "w7" not in [c.worker for c in index.candidates(job, 5)]
    index.upsert("w7", np.full(DIMS, 5.0, dtype=np.float32))  # the profile grew
    assert index.candidates(job, 1)[0].worker == "w7"
    assert len(index) == 300
    assert index.remove("w7") is True
    assert "w7" not in index and len(index) == 299
    assert "w7" not in [c.worker for c in index.candidates(job, 300)]
    assert index.remove("w7") is False
    index.upsert("new", np.full(DIMS, 9.0, dtype=np.float32))
    assert index.candidates(job, 1)[0].worker == "new"


def test_rank_scores_the_candidates_exactly_and_keeps_the_best() -> None:
    vectors = _vectors(400)
    ids = [f"w{i}" for i in range(400)]
    index = ProfileIndex(DIMS)
    index.upsert_many(ids, vectors)
    job = _vectors(1, seed=3)[0]
    asked: list[int] = []

    def score(workers: list[str]) -> list[tuple[str, float]]:
        asked.append(len(workers))
        return [(w, -int(w[1:])) for w in workers]  # any exact score: here, lower ids win

    ranked = index.rank(job, 5, score, multiple=4)
    assert asked == [20]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert len(ranked) == 5


def test_the_index_survives_a_save_and_a_load(tmp_path: Path) -> None:
    vectors = _vectors(200)
    ids = [f"worker-{i}" for i in range(200)]
    index = ProfileIndex(DIMS)
    index.upsert_many(ids, vectors)
    index.remove("worker-3")
    path = tmp_path / "matching" / "profiles.usearch"
    index.save(path)
    loaded = ProfileIndex.load(path, DIMS)
    assert len(loaded) == 199 and "worker-3" not in loaded and "worker-4" in loaded
    job = _vectors(1, seed=5)[0]
    assert loaded.candidates(job, 10) == index.candidates(job, 10)
    loaded.upsert("worker-3", vectors[3])
    assert "worker-3" in loaded


def test_bad_vectors_and_files_are_refused(tmp_path: Path) -> None:
    index = ProfileIndex(DIMS)
    with pytest.raises(InvalidInputError, match="32 numbers"):
        index.upsert("w", np.zeros(DIMS + 1, dtype=np.float32))
    with pytest.raises(InvalidInputError, match="not finite"):
        index.upsert("w", np.full(DIMS, np.nan, dtype=np.float32))
    with pytest.raises(InvalidInputError, match="twice"):
        index.upsert_many(["a", "a"], _vectors(2))
    with pytest.raises(IndexFileError, match="no profile index"):
        ProfileIndex.load(tmp_path / "missing.usearch", DIMS)
    assert index.candidates(np.zeros(DIMS, dtype=np.float32), 3) == []


def test_the_index_lives_under_the_configured_home(tmp_path: Path) -> None:
    path = default_path(Settings(home=tmp_path))
    assert path.is_relative_to(tmp_path.resolve())
