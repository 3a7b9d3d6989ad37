"""The occupation transition model's core: similarity of every pair of occupations and the
transition score (issue 15, item 1). Pure numpy/scipy over `OccupationFeatures`.

Each part compares one kind of data with the weighted Jaccard (Ruzicka) index,
sum(min) / sum(max): rated skills and rated knowledge (importance x level), shared O*NET
work activities (DWAs), shared technology examples and listed skills (ESCO essential 1,
optional or guessed `optional_weight`). The index is symmetric, in [0, 1], 1 for an
occupation with itself, and never falls when both sides gain the same skill at the same
weight. A part counts for a pair when either side has data for it, so a job missing data
is not made to look alike by leaving it out; the similarity is the weighted mean of the
parts that count. See docs/pathways.md for the score built on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from onramp.pathways.model import PARTS, OccupationFeatures, TransitionConfig

Matrix = NDArray[np.float64]
ROW_BLOCK = 128  # origin rows per dense block (n x ROW_BLOCK x k floats at a time)
LEVEL_LIMIT = 8  # sparse parts with at most this many distinct weights use level slicing


def part_values(
    features: Sequence[OccupationFeatures], config: TransitionConfig
) -> list[sparse.csr_matrix]:
    """One sparse occupations x items matrix of weights per part (`PARTS` order)."""
    listed = [
        {k: (1.0 if w >= 1.0 else config.optional_weight) for k, w in f.listed.items()}
        for f in features
    ]
    rows: list[list[dict[str, float]]] = [
        [f.rated_skills for f in features],
        [f.rated_knowledge for f in features],
        [dict.fromkeys(f.activities, 1.0) for f in features],
        [dict.fromkeys(f.technology, 1.0) for f in features],
        listed,
    ]
    return [_sparse(part) for part in rows]


def _sparse(rows: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for row in rows:
        for key, weight in row.items():
            if weight > 0:
                indices.append(vocab.setdefault(key, len(vocab)))
                data.append(float(weight))
        indptr.append(len(indices))
    shape = (len(rows), max(len(vocab), 1))
    return sparse.csr_matrix((data, indices, indptr), shape=shape, dtype=np.float64)


def ruzicka(values: sparse.csr_matrix) -> Matrix:
    """sum(min) / sum(max) of every pair of rows (0 where both rows are empty)."""
    totals = np.asarray(values.sum(axis=1)).ravel()
    levels = np.unique(values.data)
    if len(levels) <= LEVEL_LIMIT:
        shared = _shared_by_levels(values, levels)
    else:
        shared = _shared_dense(values.toarray())
    union = totals[:, None] + totals[None, :] - shared
    out = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return np.clip(out, 0.0, 1.0)


def _shared_by_levels(values: sparse.csr_matrix, levels: NDArray[np.float64]) -> Matrix:
    """sum(min) through min(a, b) = sum over levels t of step(t) * [a >= t][b >= t]."""
    shared = np.zeros((values.shape[0], values.shape[0]))
    below = 0.0
    for level in levels:
        above = (values >= level).astype(np.float64)
        shared += (level - below) * (above @ above.T).toarray()
        below = float(level)
    return shared


def _shared_dense(values: Matrix) -> Matrix:
    n = values.shape[0]
    shared = np.empty((n, n))
    for start in range(0, n, ROW_BLOCK):
        block = values[start : start + ROW_BLOCK]
        shared[start : start + ROW_BLOCK] = np.minimum(block[:, None, :], values[None]).sum(-1)
    return shared


def similarity_parts(
    features: Sequence[OccupationFeatures], config: TransitionConfig
) -> tuple[list[Matrix], NDArray[np.bool_]]:
    """Each part's n x n similarity, and which occupations have data for each part (n x 5)."""
    values = part_values(features, config)
    has = np.stack([np.diff(v.indptr) > 0 for v in values], axis=1)
    return [ruzicka(v) for v in values], has


def combine(parts: Sequence[Matrix], has: NDArray[np.bool_], config: TransitionConfig) -> Matrix:
    """The weighted mean of the parts that count for each pair (either side has data)."""
    n = has.shape[0]
    total = np.zeros((n, n))
    weight = np.zeros((n, n))
    for k, (part, w) in enumerate(zip(parts, config.part_weights(), strict=True)):
        if w <= 0:
            continue
        counts = has[:, k][:, None] | has[:, k][None, :]
        total += np.where(counts, w * part, 0.0)
        weight += np.where(counts, w, 0.0)
    return np.divide(total, weight, out=np.zeros_like(total), where=weight > 0)


def _sigmoid(x: Matrix) -> Matrix:
    return 1.0 / (1.0 + np.exp(-x))


def scores(
    similarity: Matrix, features: Sequence[OccupationFeatures], config: TransitionConfig
) -> tuple[Matrix, Matrix, Matrix]:
    """(score, job-zone change, wage ratio) of every move row -> column; NaN where unknown.

    score = zone_factor x wage_cut x (s*similarity + w*pay + g*growth) / (s + w + g), where
    pay = sigmoid(wage_slope x ln ratio) and growth = sigmoid(target growth % / growth_scale),
    each 0.5 when unknown."""
    zones = np.array([np.nan if f.job_zone is None else f.job_zone for f in features], float)
    wages = np.array([np.nan if not f.wage else f.wage for f in features], float)
    growth = np.array(
        [np.nan if f.growth_percent is None else f.growth_percent for f in features], float
    )
    change = zones[None, :] - zones[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = wages[None, :] / wages[:, None]
        pay = np.where(np.isnan(ratio), 0.5, _sigmoid(config.wage_slope * np.log(ratio)))
    grow = np.where(np.isnan(growth), 0.5, _sigmoid(growth / config.growth_scale))[None, :]
    shares = config.similarity_share + config.wage_share + config.growth_share
    blend = (
        config.similarity_share * similarity + config.wage_share * pay + config.growth_share * grow
    ) / shares
    known = ~np.isnan(change)
    step = np.where(known, change, 0.0)
    zone = np.where(
        step > config.max_zone_step,
        config.zone_penalty ** np.maximum(step - config.max_zone_step, 0.0),
        np.where(step < 0, np.maximum(1.0 - config.down_penalty * -step, 0.0), 1.0),
    )
    cut = np.where(np.nan_to_num(ratio, nan=1.0) < config.min_wage_ratio, config.wage_cut, 1.0)
    return np.clip(blend * zone * cut, 0.0, 1.0), change, ratio


# -- the naive baseline (one pair at a time, pure Python) ------------------------------------
def naive_pair(a: OccupationFeatures, b: OccupationFeatures, config: TransitionConfig) -> float:
    """The similarity of one pair, as `combine(similarity_parts(...))` computes for all."""
    total = weight = 0.0
    pairs = _naive_parts(a, config), _naive_parts(b, config)
    for w, left, right in zip(config.part_weights(), *pairs, strict=True):
        if w <= 0 or not (left or right):
            continue
        keys = left.keys() | right.keys()
        shared = sum(min(left.get(k, 0.0), right.get(k, 0.0)) for k in keys)
        union = sum(max(left.get(k, 0.0), right.get(k, 0.0)) for k in keys)
        total += w * (shared / union if union > 0 else 0.0)
        weight += w
    return total / weight if weight > 0 else 0.0


def _naive_parts(f: OccupationFeatures, config: TransitionConfig) -> list[dict[str, float]]:
    listed = {k: (1.0 if w >= 1.0 else config.optional_weight) for k, w in f.listed.items()}
    return [
        {k: v for k, v in f.rated_skills.items() if v > 0},
        {k: v for k, v in f.rated_knowledge.items() if v > 0},
        dict.fromkeys(f.activities, 1.0),
        dict.fromkeys(f.technology, 1.0),
        {k: v for k, v in listed.items() if v > 0},
    ]


def naive_similarity(
    features: Sequence[OccupationFeatures], config: TransitionConfig, rows: Sequence[int]
) -> Matrix:
    """`naive_pair` for the given origin rows against every occupation."""
    out = np.zeros((len(rows), len(features)))
    for r, i in enumerate(rows):
        for j, other in enumerate(features):
            out[r, j] = naive_pair(features[i], other, config)
    return out


# -- near-equal skills through their stored vectors ------------------------------------------
def near_equal_groups(
    uris: Sequence[str], vectors: NDArray[np.float32], threshold: float
) -> dict[str, str]:
    """Each skill URI -> the first URI of its group, where skills whose unit vectors have a
    cosine of at least `threshold` (directly or through a chain) form one group."""
    from scipy.sparse.csgraph import connected_components

    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    n = len(uris)
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    for start in range(0, n, 2048):
        close = np.argwhere(unit[start : start + 2048] @ unit.T >= threshold)
        rows.append(close[:, 0] + start)
        cols.append(close[:, 1])
    edges = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    ends = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    graph = sparse.csr_matrix((np.ones(len(edges)), (edges, ends)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    first: dict[int, str] = {}
    for uri, label in zip(uris, labels, strict=True):
        first.setdefault(int(label), uri)
    return {uri: first[int(label)] for uri, label in zip(uris, labels, strict=True)}


__all__ = ["PARTS", "combine", "naive_similarity", "ruzicka", "scores", "similarity_parts"]
