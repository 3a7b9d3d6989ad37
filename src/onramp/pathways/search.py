"""Pathways of up to three steps toward a target occupation (issue 15, item 2). Pure.

A step may only take an **edge**: a move among the origin's `edges` best moves, or among the
`edges` best ways into the step's occupation (`worker.edges`). Every path of one, two or three
edges from a start (the worker's current occupation, or their best fit) to the target is
scored, all at once with numpy, and the best `pathways` are kept. Over edges this is exact:
nothing is pruned away by a beam.

The objective (higher is better; parameters in `PathwayConfig`, see docs/pathways.md):

    value = wage_weight * mean over steps of ln(pay of the step / pay now)
          - sum over steps of [ months_weight * months(step)
                                + risk_weight * -ln(transition score of the step)
                                + gap_weight * skills the step needs and the worker
                                  lacks (before the target: only those the target does
                                  not need, a detour; the target's own count once) ]

    months(step) = step_months + the rise in typical preparation of the job zone (PREP_MONTHS)

so a path that pays more sooner and never dips wins on pay, and fewer, closer, shorter steps
win on time and risk. The risk reads each step's transition score as the chance the move works
out, so a path's risk is minus the log of the product of its steps' chances. Unknown pay
counts as no change; an unknown job zone as `unknown_zone_months`. When no path over edges
reaches the target, the direct move is returned, marked as not close.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.worker import (
    PREP_MONTHS,
    Found,
    PathwayConfig,
    SkillIndex,
    Vector,
    WorkerScores,
    detour_gaps,
)

RISK_FLOOR = 1e-3  # a score of 0 costs as much as this one (ln 0 is not a number)


def _prep(index: SkillIndex) -> Vector:
    months = np.full(len(index.zones), np.nan)
    for zone, value in PREP_MONTHS.items():
        months[index.zones == zone] = value
    return months


def search(
    matrix: TransitionMatrix,
    index: SkillIndex,
    scores: WorkerScores,
    target: int,
    config: PathwayConfig | None = None,
) -> list[Found]:
    """The best pathways from the worker's start(s) to `target`, best first (empty when the
    worker is in the target occupation already)."""
    config = config or PathwayConfig()
    prep = _prep(index)
    gain = scores.log_wages - scores.start_log_wage
    gain = np.where(np.isnan(gain), 0.0, gain)
    # the target's own gaps count once whatever the path; a step before it counts the skills
    # it needs that the worker lacks and the target does not use (a detour)
    learn = detour_gaps(index, scores.short, target)
    learn[target] = scores.gaps[target]

    def cost(i: NDArray[np.intp], j: NDArray[np.intp]) -> tuple[Vector, Vector]:
        rise = prep[j] - prep[i]
        months = np.where(
            np.isnan(rise),
            config.step_months + config.unknown_zone_months,
            config.step_months + np.maximum(rise, 0.0),
        )
        risk = -np.log(np.clip(matrix.score[i, j], RISK_FLOOR, 1.0))
        value = (
            config.months_weight * months + config.risk_weight * risk + config.gap_weight * learn[j]
        )
        return value, months

    found: list[Found] = []
    for start in scores.origins:
        if start == target:
            continue
        found.extend(_paths(index, start, target, config, cost, gain))
    if not found:
        for start in scores.origins:
            if start == target:
                continue
            c, months = cost(np.array([start]), np.array([target]))
            value = config.wage_weight * gain[target] - c[0]
            found.append(Found((start, target), float(value), int(months[0]), close=False))
    found.sort(key=lambda f: (-f.value, len(f.path), f.path))
    unique: dict[tuple[int, ...], Found] = {}
    for item in found:
        unique.setdefault(item.path, item)
    return list(unique.values())[: config.pathways]


Cost = Callable[[NDArray[np.intp], NDArray[np.intp]], tuple[Vector, Vector]]


def _paths(
    index: SkillIndex, start: int, target: int, config: PathwayConfig, cost: Cost, gain: Vector
) -> list[Found]:
    """Every path of one to `max_steps` edges from `start` to `target`, the best few of each
    length."""
    edge = index.edge
    out: list[Found] = []
    s, t = np.array([start]), np.array([target])
    if edge[start, target]:
        c, m = cost(s, t)
        out.append(
            Found((start, target), float(config.wage_weight * gain[target] - c[0]), int(m[0]))
        )
    if config.max_steps >= 2:
        mids = np.flatnonzero(edge[start] & edge[:, target])
        mids = mids[(mids != start) & (mids != target)]
        if len(mids):
            c1, m1 = cost(np.full(len(mids), start), mids)
            c2, m2 = cost(mids, np.full(len(mids), target))
            value = config.wage_weight * (gain[mids] + gain[target]) / 2 - c1 - c2
            for k in np.argsort(-value)[: config.pathways]:
                a = int(mids[k])
                out.append(Found((start, a, target), float(value[k]), int(m1[k] + m2[k])))
    if config.max_steps >= 3:
        firsts = np.flatnonzero(edge[start])
        lasts = np.flatnonzero(edge[:, target])
        firsts = firsts[(firsts != start) & (firsts != target)]
        lasts = lasts[(lasts != start) & (lasts != target)]
        if len(firsts) and len(lasts):
            linked = edge[np.ix_(firsts, lasts)] & (firsts[:, None] != lasts[None, :])
            ia, ib = np.nonzero(linked)
            a, b = firsts[ia], lasts[ib]
            if len(a):
                c1, m1 = cost(np.full(len(a), start), a)
                c2, m2 = cost(a, b)
                c3, m3 = cost(b, np.full(len(b), target))
                value = config.wage_weight * (gain[a] + gain[b] + gain[target]) / 3 - c1 - c2 - c3
                for k in np.argsort(-value)[: config.pathways]:
                    path = (start, int(a[k]), int(b[k]), target)
                    out.append(Found(path, float(value[k]), int(m1[k] + m2[k] + m3[k])))
    return [f for f in out if math.isfinite(f.value)]
