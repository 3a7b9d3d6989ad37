"""The growth signal (issue 14, item 2): is this person still learning?

Kept apart from the skill profile's numbers, so it never changes a skill's level or
confidence. Over a window (24 months by default, 12 to 24 is the issue's range), it counts

- a **new skill**: the first counted evidence of a skill is dated inside the window;
- a **level rise**: a skill's highest level shown inside the window is above its highest level
  shown before it.

Only counted (active, not duplicate) evidence that someone else stands behind is read; what a
worker says of themself (a self-rating, a resume) carries the date it was said, not the date it
was learned. Evidence with no date counts as "before the window".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from onramp.matching.scoring.evidence import Evidence
from onramp.matching.scoring.weights import CLAIM_KINDS

DEFAULT_GROWTH_MONTHS = 24
MAX_GROWTH_MONTHS = 120


@dataclass(frozen=True, slots=True)
class NewSkill:
    skill: str
    on: date


@dataclass(frozen=True, slots=True)
class LevelRise:
    skill: str
    before: int
    after: int
    on: date


@dataclass(frozen=True, slots=True)
class GrowthSignal:
    since: date
    months: int
    new_skills: tuple[NewSkill, ...]
    rises: tuple[LevelRise, ...]

    @property
    def count(self) -> int:
        return len(self.new_skills) + len(self.rises)

    @property
    def score(self) -> float:
        """0 with no growth, rising toward 1: each step closes half of what is left."""
        return 1.0 - 0.5**self.count

    def sentence(self) -> str:
        if not self.count:
            return f"We see no new skills or levels in the last {self.months} months."
        parts = []
        if self.new_skills:
            n = len(self.new_skills)
            parts.append(f"{n} new {'skill' if n == 1 else 'skills'}")
        if self.rises:
            n = len(self.rises)
            parts.append(f"{n} {'skill' if n == 1 else 'skills'} at a higher level")
        return f"In the last {self.months} months: {' and '.join(parts)}."

    def as_json(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat(),
            "months": self.months,
            "score": round(self.score, 4),
            "new_skills": [{"skill": n.skill, "on": n.on.isoformat()} for n in self.new_skills],
            "level_rises": [
                {"skill": r.skill, "before": r.before, "after": r.after, "on": r.on.isoformat()}
                for r in self.rises
            ],
            "sentence": self.sentence(),
        }


def months_before(today: date, months: int) -> date:
    """The same day `months` earlier (the last day of that month when it is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def growth_signal(
    counted: Iterable[Evidence], *, today: date, months: int = DEFAULT_GROWTH_MONTHS
) -> GrowthSignal:
    if not 1 <= months <= MAX_GROWTH_MONTHS:
        raise ValueError(f"the growth window is 1 to {MAX_GROWTH_MONTHS} months")
    since = months_before(today, months)
    before: dict[str, int] = {}
    inside: dict[str, tuple[int, date]] = {}
    first: dict[str, date] = {}
    for e in counted:
        if e.kind in CLAIM_KINDS:
            continue
        if e.date is None or e.date < since:
            before[e.skill] = max(before.get(e.skill, 0), e.level)
            continue
        if e.date > today:
            continue
        first[e.skill] = min(first.get(e.skill, e.date), e.date)
        level, on = inside.get(e.skill, (0, e.date))
        if e.level > level or (e.level == level and e.date < on):
            inside[e.skill] = (e.level, e.date)
    new = tuple(NewSkill(s, first[s]) for s in sorted(first) if s not in before)
    rises = tuple(
        LevelRise(s, before[s], inside[s][0], inside[s][1])
        for s in sorted(inside)
        if s in before and inside[s][0] > before[s]
    )
    return GrowthSignal(since, months, new, rises)
