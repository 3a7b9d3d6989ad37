"""The transition matrix of a set of occupations: similarity and score of every move, and
the transitions read from it (issue 15, item 1). Pure: built from `OccupationFeatures`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from onramp.errors import NotFoundError
from onramp.pathways.model import (
    PARTS,
    Lack,
    OccupationFeatures,
    SkillGap,
    Transition,
    TransitionConfig,
)
from onramp.pathways.similarity import Matrix, combine, scores, similarity_parts


@dataclass(frozen=True)
class TransitionMatrix:
    """Every move between `features`' occupations, row (origin) -> column (target)."""

    features: tuple[OccupationFeatures, ...]
    config: TransitionConfig
    parts: tuple[Matrix, ...]
    has: np.ndarray  # n x len(PARTS): which occupations have data for each part
    similarity: Matrix
    score: Matrix
    zone_change: Matrix  # NaN where a job zone is unknown
    wage_ratio: Matrix  # NaN where a wage is unknown
    lacks: tuple[Lack, ...] = ()
    # near-equal listed skills: skill URI -> the URI `features` count it as (store.py)
    skill_groups: Mapping[str, str] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.features]

    def index(self, code: str) -> int:
        if not self._index:
            self._index.update({f.code: i for i, f in enumerate(self.features)})
        found = self._index.get(code.strip())
        if found is None:
            raise NotFoundError(f"no occupation with the code {code!r} in the current release")
        return found

    def top(self, code: str, k: int = 20) -> list[Transition]:
        """The `k` best moves from `code`, best first, without `code` itself."""
        i = self.index(code)
        row = self.score[i].copy()
        row[i] = -np.inf
        k = max(0, min(k, len(row) - 1))
        best = np.argpartition(-row, k - 1)[:k] if k else np.zeros(0, int)
        best = best[np.lexsort((best, -row[best]))]
        return [self.transition(i, int(j)) for j in best]

    def transition(self, i: int, j: int) -> Transition:
        origin, target = self.features[i], self.features[j]
        change = self.zone_change[i, j]
        ratio = self.wage_ratio[i, j]
        step = None if math.isnan(change) else int(change)
        transfers, missing = skill_gaps(origin, target)
        parts: dict[str, float | None] = {
            name: round(float(self.parts[k][i, j]), 4)
            if (self.has[i, k] or self.has[j, k])
            else None
            for k, name in enumerate(PARTS)
        }
        return Transition(
            from_code=origin.code,
            to_code=target.code,
            to_title=target.title,
            score=float(self.score[i, j]),
            similarity=float(self.similarity[i, j]),
            job_zone_change=step,
            viable=step is None or step <= self.config.max_zone_step,
            wage_ratio=None if math.isnan(ratio) else float(ratio),
            growth_percent=target.growth_percent,
            annual_openings=target.annual_openings,
            parts=parts,
            transfers=transfers,
            missing=missing,
        )


def skill_gaps(
    origin: OccupationFeatures, target: OccupationFeatures
) -> tuple[tuple[SkillGap, ...], tuple[SkillGap, ...]]:
    """The target's skills the origin holds at its level (transfers) and the rest (missing),
    most important and widest gap first."""
    held = {s.uri: s.level for s in origin.skills}
    transfers: list[SkillGap] = []
    missing: list[SkillGap] = []
    for need in target.skills:
        level = held.get(need.uri)
        gap = SkillGap(need.uri, need.label, need.level, level, need.importance)
        (transfers if level is not None and level >= need.level else missing).append(gap)

    def order(g: SkillGap) -> tuple[float, int, str]:
        return (-(g.importance or 0.0), (g.origin_level or 0) - g.target_level, g.label)

    return tuple(sorted(transfers, key=order)), tuple(sorted(missing, key=order))


def build_matrix(
    features: Sequence[OccupationFeatures],
    config: TransitionConfig | None = None,
    lacks: Sequence[Lack] = (),
    skill_groups: Mapping[str, str] | None = None,
) -> TransitionMatrix:
    """Similarity and score of every pair of `features` (vectorized; see similarity.py)."""
    config = config or TransitionConfig()
    parts, has = similarity_parts(features, config)
    similarity = combine(parts, has, config)
    score, change, ratio = scores(similarity, features, config)
    return TransitionMatrix(
        features=tuple(features),
        config=config,
        parts=tuple(parts),
        has=has,
        similarity=similarity,
        score=score,
        zone_change=change,
        wage_ratio=ratio,
        lacks=tuple(lacks),
        skill_groups=dict(skill_groups or {}),
    )


def lacks_of(features: Sequence[OccupationFeatures]) -> list[Lack]:
    """What the features miss as a whole, from the data alone."""
    out: list[Lack] = []
    if not any(f.rated_skills or f.rated_knowledge for f in features):
        out.append(Lack.RATINGS)
    if not any(f.activities for f in features):
        out.append(Lack.ACTIVITIES)
    if not any(f.technology for f in features):
        out.append(Lack.TECHNOLOGY)
    if any(f.inferred for f in features):
        out.append(Lack.INFERRED_SKILLS)
    if any(f.job_zone is None for f in features):
        out.append(Lack.JOB_ZONES)
    if not any(f.wage for f in features):
        out.append(Lack.WAGES)
    if not any(f.growth_percent is not None for f in features):
        out.append(Lack.PROJECTIONS)
    return out
