"""What became of a microcredential's learners (issue 16, item 5), as a pure function of the
stored rows: completion, placement, wage change and the employer commitments kept.

Definitions (docs/microcredential_delivery.md gives them with examples):
- enrolled: everyone who ever enrolled, including those who left;
- completion rate: completed / enrolled;
- placed: completers whose current record (latest row per employer) says hired;
  placement rate: placed / completed;
- wages: completers who gave an hourly wage before and have a current hire with a wage; the
  wage after is that of their most recent hire; the figures are medians, never one person's;
- commitments: a guaranteed interview is kept when every completer was interviewed under it;
  a hiring target when the hires recorded under it reach its count (each counted from the
  latest row of each learner, employer and commitment); tuition support when the
  amounts recorded against it reach its amount. Until its end date passes, a commitment not
  yet kept is open, not missed.

No figure is withheld for small groups: a provider reads only its own learners, whose results
it recorded itself (decisions/0032).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from onramp.market.microcredentials.delivery_model import (
    Enrollment,
    EnrollmentState,
    Placement,
    current_placements,
)
from onramp.market.microcredentials.model import Commitment, CommitmentKind, DesignParts
from onramp.vocabulary import LabeledEnum


class CommitmentState(LabeledEnum):
    KEPT = "kept", "Kept."
    OPEN = "open", "Not yet: there is still time."
    MISSED = "missed", "Not kept: the end date has passed."


@dataclass(frozen=True, slots=True)
class CommitmentFigures:
    commitment_id: str
    design_id: str
    design_name: str
    kind: CommitmentKind
    employer_org_id: str
    starts: date
    ends: date
    promised: float | None  # hires or dollars; for interviews, the number of completers
    done: float  # interviews, hires or dollars recorded under it
    state: CommitmentState


@dataclass(frozen=True, slots=True)
class OutcomeFigures:
    enrolled: int
    completed: int
    withdrawn: int
    placed: int
    completion_rate: float | None  # None when nobody enrolled
    placement_rate: float | None  # None when nobody completed
    wage_learners: int  # completers with a wage before and after
    median_wage_before: float | None
    median_wage_after: float | None
    median_wage_change: float | None
    commitments: list[CommitmentFigures] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DesignRows:
    """One design with the rows of its learners: what `outcome_figures` reads."""

    design_id: str
    name: str
    parts: DesignParts
    enrollments: Sequence[Enrollment]
    placements: Sequence[Placement]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _median(values: list[float]) -> float | None:
    return round(median(values), 2) if values else None


def _commitment(
    commitment: Commitment, rows: DesignRows, current: list[Placement], today: date
) -> CommitmentFigures:
    completers = {e.id for e in rows.enrollments if e.state is EnrollmentState.COMPLETED}
    under = [p for p in current if p.commitment_id == commitment.id]
    promised: float | None
    if commitment.kind is CommitmentKind.GUARANTEED_INTERVIEW:
        done = float(len({p.enrollment_id for p in under if p.interviewed} & completers))
        promised = float(len(completers))
        reached = bool(completers) and done >= promised
    elif commitment.kind is CommitmentKind.HIRING_TARGET:
        done = float(len({p.enrollment_id for p in under if p.hired}))
        promised = float(commitment.count or 0)
        reached = done >= promised
    else:
        done = sum(
            e.tuition_amount or 0.0
            for e in rows.enrollments
            if e.tuition_commitment_id == commitment.id
        )
        promised = commitment.amount
        reached = promised is not None and done >= promised
    if reached:
        state = CommitmentState.KEPT
    elif today > commitment.ends:
        state = CommitmentState.MISSED
    else:
        state = CommitmentState.OPEN
    return CommitmentFigures(
        commitment.id,
        rows.design_id,
        rows.name,
        commitment.kind,
        commitment.org_id,
        commitment.starts,
        commitment.ends,
        promised,
        round(done, 2),
        state,
    )


def _wage_after(rows: list[Placement]) -> float | None:
    hires = [p for p in rows if p.hired and p.wage is not None]
    if not hires:
        return None
    latest = max(hires, key=lambda p: (p.placed_on or date.min, p.recorded_at, p.id))
    return latest.wage


def outcome_figures(designs: Iterable[DesignRows], today: date) -> OutcomeFigures:
    """The figures over every learner of the given designs (one design, or a provider's all)."""
    enrolled = completed = withdrawn = placed = 0
    before: list[float] = []
    after: list[float] = []
    change: list[float] = []
    commitments: list[CommitmentFigures] = []
    for rows in designs:
        current = current_placements(rows.placements)
        by_learner: dict[str, list[Placement]] = {}
        for row in current:
            by_learner.setdefault(row.enrollment_id, []).append(row)
        for enrollment in rows.enrollments:
            enrolled += 1
            if enrollment.state is EnrollmentState.WITHDRAWN:
                withdrawn += 1
            if enrollment.state is not EnrollmentState.COMPLETED:
                continue
            completed += 1
            mine = by_learner.get(enrollment.id, [])
            if any(p.hired for p in mine):
                placed += 1
            wage_after = _wage_after(mine)
            if enrollment.wage_before is not None and wage_after is not None:
                before.append(enrollment.wage_before)
                after.append(wage_after)
                change.append(wage_after - enrollment.wage_before)
        kept = current_placements(rows.placements, per_commitment=True)
        commitments.extend(_commitment(c, rows, kept, today) for c in rows.parts.commitments)
    return OutcomeFigures(
        enrolled=enrolled,
        completed=completed,
        withdrawn=withdrawn,
        placed=placed,
        completion_rate=_rate(completed, enrolled),
        placement_rate=_rate(placed, completed),
        wage_learners=len(change),
        median_wage_before=_median(before),
        median_wage_after=_median(after),
        median_wage_change=_median(change),
        commitments=commitments,
    )
