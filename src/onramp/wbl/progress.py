"""Where an apprentice stands (issue 17, item 3), as a pure function of what was recorded.

Records are facts that never change: approved on-the-job hours, related-instruction hours,
competency sign-offs and their reversals (a sign-off cannot be edited, only reversed with a
reason, and a reversed competency can be signed off again). From them `progress` works out:
hours by competency and in total, which competencies count as signed off now, the pay step the
apprentice has reached (and whether it is more than what they are paid: a step change is due),
which interim credentials are earned, and whether the program is complete.

Completion by approach (29 CFR 29.5(b)(2)):
- time-based: every work process has its hours;
- competency-based: every work process is signed off;
- hybrid: both.
In every approach the related instruction the program lists is done too (its hours).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from onramp.wbl.model import Approach, InterimCredential, ProgramStandards, WageStep


@dataclass(frozen=True, slots=True)
class SignOffEvent:
    competency_id: str
    at: datetime
    reversed: bool = False  # True: this event reverses the competency's sign-off


@dataclass(frozen=True, slots=True)
class Progress:
    ojl_hours: float
    hours_by_competency: dict[str, float]
    rti_hours: float
    signed_off: frozenset[str]  # competency ids signed off now
    step: WageStep | None  # the pay step reached
    step_due: bool  # the step reached pays more than the step being paid
    earned: tuple[InterimCredential, ...]  # interim credentials whose competencies are all done
    complete: bool
    missing: tuple[str, ...] = field(default=())  # names of what is left, for people to read


def signed_off_now(events: list[SignOffEvent]) -> frozenset[str]:
    """The competencies whose latest event is a sign-off (not a reversal)."""
    latest: dict[str, SignOffEvent] = {}
    for event in sorted(events, key=lambda e: e.at):
        latest[event.competency_id] = event
    return frozenset(cid for cid, event in latest.items() if not event.reversed)


def step_reached(program: ProgramStandards, ojl_hours: float, signed_off: int) -> WageStep | None:
    """The highest pay step whose start the apprentice has passed (hours or competencies)."""
    reached = [
        step
        for step in program.wage_schedule
        if (step.after_hours is not None and ojl_hours >= step.after_hours)
        or (step.after_competencies is not None and signed_off >= step.after_competencies)
    ]
    return max(reached, key=lambda s: (s.share, s.start), default=None)


def progress(
    program: ProgramStandards,
    hours: list[tuple[str, float]],
    rti_hours: float,
    sign_offs: list[SignOffEvent],
    *,
    paid_share: float | None = None,
) -> Progress:
    """Progress from approved (competency id, hours) entries, related-instruction hours and
    sign-off events. `paid_share` is the share of the journeyworker wage paid now, if known."""
    by_competency: dict[str, float] = defaultdict(float)
    for competency_id, amount in hours:
        by_competency[competency_id] += amount
    total = round(sum(by_competency.values()), 2)
    done = signed_off_now(sign_offs) & {c.id for c in program.work_processes}
    step = step_reached(program, total, len(done))
    step_due = step is not None and (paid_share is None or step.share > paid_share + 1e-9)
    earned = tuple(c for c in program.interim_credentials if set(c.competency_ids) <= done)
    missing: list[str] = []
    timed = program.approach in (Approach.TIME_BASED, Approach.HYBRID)
    shown = program.approach in (Approach.COMPETENCY_BASED, Approach.HYBRID)
    for competency in program.work_processes:
        if timed and by_competency.get(competency.id, 0.0) < (competency.hours or 0):
            left = (competency.hours or 0) - by_competency.get(competency.id, 0.0)
            missing.append(f"{competency.name}: {left:g} more hours")
        if shown and competency.id not in done:
            missing.append(f"{competency.name}: not signed off yet")
    if rti_hours < program.rti_hours:
        missing.append(f"Classes: {program.rti_hours - rti_hours:g} more hours")
    return Progress(
        ojl_hours=total,
        hours_by_competency=dict(by_competency),
        rti_hours=rti_hours,
        signed_off=done,
        step=step,
        step_due=step_due,
        earned=earned,
        complete=bool(program.work_processes) and not missing,
        missing=tuple(missing),
    )
