"""Ranking workers for one job, best first (issue 14, item 4).

Every worker is scored on the fast path (`score_only`, no explanation); only the `top` are
then matched in full. The order is by score, then confidence, then id, so it depends on
nothing but the evidence and the ids the caller gave. `TopK` keeps just the best `top` while
workers stream in, so `onramp match batch` holds a bounded number of profiles however long
the file is; `rank` is the same thing over a mapping.

`rank_jobs` is the worker's side ("jobs for me"): one worker against many jobs, ordered by
*fit* (`MatchRules.fit`: the score combined with how much of the worker's skill the job asks
for), so the closest job comes first rather than every job that asks for less. An employer's
order stays the score alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from onramp.matching.scoring.job import JobSpec
from onramp.matching.scoring.match import (
    DEFAULT_RULES,
    Match,
    MatchRules,
    Relatedness,
    RelatedTable,
    fit_only,
    match,
    score_only,
)
from onramp.matching.scoring.profile import SkillProfile


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    match: Match


@dataclass(order=True, slots=True)
class _Held:
    """A heap entry whose smallest is the *worst* kept worker (so it is the one dropped)."""

    worse: tuple[float, float, _Reversed]
    profile: SkillProfile = field(compare=False)


@dataclass(frozen=True, slots=True)
class _Reversed:
    """An id that sorts backwards, so among equal scores the larger id is the worse."""

    id: str

    def __lt__(self, other: _Reversed) -> bool:
        return self.id > other.id


class TopK:
    """The best `top` workers seen so far for one job (None keeps all of them)."""

    def __init__(
        self,
        job: JobSpec,
        top: int | None,
        *,
        table: RelatedTable | None = None,
        rules: MatchRules = DEFAULT_RULES,
    ) -> None:
        if top is not None and top < 1:
            raise ValueError("top is at least 1")
        self.job, self.top, self.rules = job, top, rules
        self.table = table if table is not None else RelatedTable(None, (), (), rules)
        self.heap: list[_Held] = []
        self.seen = 0

    def add(self, worker: str, profile: SkillProfile) -> None:
        score, confidence = score_only(self.job, profile, self.table, self.rules)
        held = _Held((score, confidence, _Reversed(worker)), profile)
        self.seen += 1
        if self.top is None or len(self.heap) < self.top:
            heapq.heappush(self.heap, held)
        elif self.heap[0] < held:
            heapq.heapreplace(self.heap, held)

    def results(self) -> list[Ranked]:
        best = sorted(self.heap, reverse=True)
        return [
            Ranked(h.worse[2].id, match(self.job, h.profile, rules=self.rules, table=self.table))
            for h in best
        ]


def rank(
    job: JobSpec,
    profiles: Mapping[str, SkillProfile],
    top: int | None,
    *,
    relatedness: Relatedness | None = None,
    rules: MatchRules = DEFAULT_RULES,
) -> list[Ranked]:
    """The `top` workers for a job (all when None), best first, each fully explained."""
    table = related_table(job, profiles.values(), relatedness, rules)
    best = TopK(job, top, table=table, rules=rules)
    for worker, profile in profiles.items():
        best.add(worker, profile)
    return best.results()


def related_table(
    job: JobSpec,
    profiles: Iterable[SkillProfile],
    relatedness: Relatedness | None,
    rules: MatchRules = DEFAULT_RULES,
) -> RelatedTable:
    """The job's requirement skills against every skill these workers hold, asked once."""
    held: set[str] = set()
    if relatedness is not None:
        for profile in profiles:
            held.update(profile.skills)
    return RelatedTable(relatedness, [r.skill for r in job.requirements], held, rules)


@dataclass(frozen=True, slots=True)
class RankedJob:
    job: JobSpec
    match: Match


def rank_jobs(
    profile: SkillProfile,
    jobs: Iterable[JobSpec],
    top: int | None,
    *,
    relatedness: Mapping[str, Relatedness] | None = None,
    rules: MatchRules = DEFAULT_RULES,
) -> list[RankedJob]:
    """The `top` jobs for one worker ("jobs for me"), best first, each fully explained.

    `relatedness` maps a job id to that job's related skills (`related.for_job`), when known.
    Order: fit (`MatchRules.fit`), then score, then confidence, then job id."""
    if top is not None and top < 1:
        raise ValueError("top is at least 1")
    scored: list[tuple[float, float, float, str, int, JobSpec, RelatedTable]] = []
    for n, job in enumerate(jobs):
        found = (relatedness or {}).get(job.id)
        table = RelatedTable(found, [r.skill for r in job.requirements], profile.skills, rules)
        fit, score, confidence = fit_only(job, profile, table, rules)
        scored.append((-fit, -score, -confidence, job.id, n, job, table))
    scored.sort(key=lambda s: s[:5])
    chosen = scored if top is None else scored[:top]
    return [
        RankedJob(job, match(job, profile, rules=rules, table=table)) for *_, job, table in chosen
    ]
