"""Onboarding plan for a hired worker (issue 14, item 5): each gap with a way to learn it, how
long it takes, and when to check in.

A plan starts from the gaps of the match the employer hired on. The employer edits everything;
the proposal is only a start:

- a gap the employer marked as learnable on the job becomes an on-the-job task for the weeks
  the employer gave;
- any other gap is paired with a mentor, for a default length by how far the worker has to go
  (`WEEKS_PER_LEVEL` a level, at least `MIN_WEEKS`);
- each item gets a check-in date at the end of its time, so a supervisor can see it was met.

Programs aligned to a skill are offered when Onramp knows one (the pathways issue builds the
catalog); until then the plan says plainly that it knows none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from onramp.matching.scoring import Gap
from onramp.vocabulary import LabeledEnum

WEEKS_PER_LEVEL = 4
MIN_WEEKS = 2
MAX_WEEKS = 104
MAX_ITEMS = 60
MAX_NOTE = 1000


class Activity(LabeledEnum):
    ON_THE_JOB = "on_the_job", "Learn it by doing it at work, with help."
    PROGRAM = "program", "Take a class or training program."
    MENTOR = "mentor", "Work with a mentor who shows you how."


class ItemState(LabeledEnum):
    PLANNED = "planned", "Not started yet."
    STARTED = "started", "You have started on it."
    MET = "met", "Done: the skill was checked and met."
    DROPPED = "dropped", "Dropped from the plan."


@dataclass(frozen=True, slots=True)
class PlanItem:
    skill: str
    label: str
    target_level: int
    activity: Activity
    weeks: int
    check_in: date
    note: str = ""
    state: ItemState = ItemState.PLANNED

    def __post_init__(self) -> None:
        if not 1 <= self.target_level <= 5:
            raise ValueError("a target level is between 1 and 5")
        if not MIN_WEEKS <= self.weeks <= MAX_WEEKS:
            raise ValueError(f"a plan item takes {MIN_WEEKS} to {MAX_WEEKS} weeks")
        if len(self.note) > MAX_NOTE:
            raise ValueError(f"a note is at most {MAX_NOTE} characters")


@dataclass(frozen=True, slots=True)
class OnboardingPlan:
    start: date
    items: tuple[PlanItem, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.items) > MAX_ITEMS:
            raise ValueError(f"a plan has at most {MAX_ITEMS} items")
        skills = [i.skill for i in self.items]
        if len(set(skills)) != len(skills):
            raise ValueError("a skill is in the plan twice")

    @property
    def ends(self) -> date:
        return max((i.check_in for i in self.items), default=self.start)

    def contract(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "ends": self.ends.isoformat(),
            "items": [
                {
                    "skill": i.skill,
                    "label": i.label,
                    "target_level": i.target_level,
                    "activity": i.activity.value,
                    "weeks": i.weeks,
                    "check_in": i.check_in.isoformat(),
                    "note": i.note,
                    "state": i.state.value,
                }
                for i in self.items
            ],
            "notes": list(self.notes),
        }


def weeks_for(gap: Gap) -> int:
    learnable = gap.requirement.learnable_weeks
    if learnable is not None:
        return min(MAX_WEEKS, max(MIN_WEEKS, learnable))
    distance = gap.requirement.level - (gap.have or 0.0)
    return min(MAX_WEEKS, max(MIN_WEEKS, round(distance * WEEKS_PER_LEVEL)))


def propose_plan(gaps: Iterable[Gap], start: date) -> OnboardingPlan:
    """A first plan: one item per gap, learnable gaps on the job, the rest with a mentor."""
    items = []
    for gap in gaps:
        weeks = weeks_for(gap)
        activity = Activity.ON_THE_JOB if gap.learnable else Activity.MENTOR
        items.append(
            PlanItem(
                skill=gap.requirement.skill,
                label=gap.requirement.label,
                target_level=gap.requirement.level,
                activity=activity,
                weeks=weeks,
                check_in=start + timedelta(weeks=weeks),
            )
        )
    notes = []
    if items:
        notes.append(
            "Onramp does not know any training programs for these skills yet, so none are "
            "suggested. You can change any item to a program you know."
        )
    else:
        notes.append("There are no gaps: this person meets every requirement we could check.")
    return OnboardingPlan(start, tuple(items), tuple(notes))


def reschedule(item: PlanItem, start: date, weeks: int) -> PlanItem:
    """Change an item's length; its check-in moves with it."""
    return replace(item, weeks=weeks, check_in=start + timedelta(weeks=weeks))
