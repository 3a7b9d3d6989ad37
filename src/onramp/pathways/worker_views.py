"""What a worker's pathways say (issue 15, items 2 and 6): each step with its pay where the
worker lives, openings and growth, the skill gaps against the worker's own profile and how to
close each one. Pure: the use case (`worker_service.py`) hands in pay and programs."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from onramp.market.area_pay import Pay
from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.worker import (
    Found,
    Outlook,
    PathwayConfig,
    SkillIndex,
    WorkerGap,
    WorkerScores,
    preparation_months,
    ways_to_close,
    worker_gaps,
)

ProgramLine = tuple[str, str, str]  # (provider, program, public address)
PayOf = Callable[[str], Pay | None]  # O*NET-SOC code -> pay where the worker lives
NO_OUTLOOK = "We do not know how many of these jobs open or how fast they grow."


@dataclass(frozen=True, slots=True)
class StepView:
    """One job on a worker's way: what it pays, how it grows, what the worker lacks for it."""

    code: str
    title: str
    job_zone: int | None
    zone_change: int | None  # against the job before it (None: a zone is unknown)
    pay: Pay | None
    pay_change: float | None  # yearly, against the job before it (None: unknown)
    outlook: Outlook
    fit: float  # 0-1: how much of the job's skills the worker's proof covers
    move: float | None  # transition score from the job before it (None: no job before)
    months: int  # preparation of this step
    gap_count: int
    gaps: tuple[WorkerGap, ...]  # the most important ones

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "job_zone": self.job_zone,
            "job_zone_change": self.zone_change,
            "pay": None
            if self.pay is None
            else {"annual_median": round(self.pay.annual), "where": self.pay.where},
            "pay_change": None if self.pay_change is None else round(self.pay_change),
            "growth_percent": self.outlook.growth_percent,
            "annual_openings_thousands": self.outlook.annual_openings,
            "fit": round(self.fit, 4),
            "move_score": None if self.move is None else round(self.move, 4),
            "months": self.months,
            "gap_count": self.gap_count,
            "gaps": [_gap_json(g) for g in self.gaps],
        }


def _gap_json(gap: WorkerGap) -> dict[str, Any]:
    return {
        "skill": gap.uri,
        "label": gap.label,
        "needed_level": gap.needed,
        "your_level": gap.held,
        "ways": [{"way": w.value, "text": w.label} for w in gap.ways],
        "programs": [{"provider": p, "name": n, "url": u} for p, n, u in gap.programs],
    }


@dataclass(frozen=True, slots=True)
class PathwayView:
    """Up to three steps toward a target, with its value under the documented objective."""

    steps: tuple[StepView, ...]  # without the start
    value: float
    months: int
    close: bool  # False: a direct jump, none of the close moves reaches the target

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.steps]

    def as_json(self) -> dict[str, Any]:
        return {
            "steps": [s.as_json() for s in self.steps],
            "value": round(self.value, 4),
            "months": self.months,
            "close": self.close,
        }


@dataclass(frozen=True, slots=True)
class WorkerPathwaysView:
    """Everything the worker's pathways page, the CLI and the API show."""

    worker_id: str
    starts: tuple[tuple[str, str], ...]  # (code, title) of where the pathways start
    start_known: bool  # False: no current job known, pathways start from the best fit
    start_note: str
    pay_note: str  # why pay is for the whole country ("" when it is the worker's area)
    pay_now: Pay | None
    skills_counted: int
    next_steps: tuple[StepView, ...]
    stretch: tuple[StepView, ...]
    target: tuple[str, str] | None  # (code, title) when one was asked for
    pathways: tuple[PathwayView, ...]
    target_note: str
    lacks: tuple[str, ...]  # what the transition model could not use, in plain words

    def as_json(self) -> dict[str, Any]:
        return {
            "worker_id": self.worker_id,
            "starts": [{"code": c, "title": t} for c, t in self.starts],
            "start_known": self.start_known,
            "start_note": self.start_note,
            "pay_note": self.pay_note,
            "pay_now": None
            if self.pay_now is None
            else {"annual_median": round(self.pay_now.annual), "where": self.pay_now.where},
            "skills_counted": self.skills_counted,
            "next_steps": [s.as_json() for s in self.next_steps],
            "stretch_targets": [s.as_json() for s in self.stretch],
            "target": None
            if self.target is None
            else {"code": self.target[0], "title": self.target[1]},
            "pathways": [p.as_json() for p in self.pathways],
            "target_note": self.target_note,
            "lacks": list(self.lacks),
        }


def gap_skills(
    matrix: TransitionMatrix,
    index: SkillIndex,
    held: Mapping[str, float],
    steps: Sequence[int],
    config: PathwayConfig,
) -> set[str]:
    """Every skill URI a program could be aligned to for the gaps shown on `steps`."""
    uris: set[str] = set()
    for j in set(steps):
        for uri, *_rest in worker_gaps(matrix, j, held, config)[: config.gaps_shown]:
            uris.update(index.members.get(uri, (uri,)))
    return uris


def step_view(
    matrix: TransitionMatrix,
    index: SkillIndex,
    scores: WorkerScores,
    held: Mapping[str, float],
    before: int | None,
    j: int,
    *,
    pay_of: PayOf,
    programs: Mapping[str, Sequence[ProgramLine]],
    config: PathwayConfig,
) -> StepView:
    """Step `j`, after occupation `before` (None: after the worker's start, unnamed)."""
    feature = matrix.features[j]
    prior = before if before is not None else scores.origins[0]
    pay = pay_of(feature.code)
    pay_before = pay_of(matrix.features[prior].code)
    gaps = worker_gaps(matrix, j, held, config)
    shown = []
    for uri, label, needed, have, importance in gaps[: config.gaps_shown]:
        lines: list[ProgramLine] = []
        for member in index.members.get(uri, (uri,)):
            lines.extend(p for p in programs.get(member, ()) if p not in lines)
        ways = ways_to_close(needed, have, lines, config)
        shown.append(WorkerGap(uri, label, needed, have, importance, ways, tuple(lines)))
    zone_from, zone_to = index.zones[prior], index.zones[j]
    change = None if math.isnan(zone_from) or math.isnan(zone_to) else int(zone_to - zone_from)
    return StepView(
        code=feature.code,
        title=feature.title,
        job_zone=feature.job_zone,
        zone_change=change,
        pay=pay,
        pay_change=None if pay is None or pay_before is None else pay.annual - pay_before.annual,
        outlook=Outlook(feature.growth_percent, feature.annual_openings),
        fit=float(scores.fit[j]),
        move=float(matrix.score[prior, j]) if scores.origins_known or before is not None else None,
        months=preparation_months(zone_from, zone_to, config),
        gap_count=len(gaps),
        gaps=tuple(shown),
    )


def pathway_view(
    matrix: TransitionMatrix,
    index: SkillIndex,
    scores: WorkerScores,
    held: Mapping[str, float],
    found: Found,
    *,
    pay_of: PayOf,
    programs: Mapping[str, Sequence[ProgramLine]],
    config: PathwayConfig,
) -> PathwayView:
    steps = tuple(
        step_view(
            matrix, index, scores, held, a, b, pay_of=pay_of, programs=programs, config=config
        )
        for a, b in zip(found.path, found.path[1:], strict=False)
    )
    return PathwayView(steps, found.value, found.months, found.close)
