"""Delivering a published microcredential (issue 16, item 5), as pure data and rules: who is
enrolled, the results recorded against the rubrics, when an outcome is met, and where graduates
were placed. No I/O; `onramp.market.microcredentials.delivery` stores it and applies the policy.

Results and placements are append-only. A correction is a new row, and the latest counts:
- for results, the latest row of each (assessment, outcome) pair;
- for placements, the latest row of each employer (a hire after an interview at the same
  employer replaces the interview; a later job at another employer adds to the record); for
  the commitments kept, the latest row of each employer and commitment.

An outcome is met when every assessment that assesses it has a latest result at or above the
outcome's level. The level a learner reached on an outcome is the lowest of those latest
results: what every assessment of it showed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from onramp.errors import InvalidInputError
from onramp.market.microcredentials.model import Commitment, CommitmentKind, DesignParts
from onramp.vocabulary import LabeledEnum

MAX_NOTE = 2_000
MAX_WAGE = 1_000.0  # hourly, USD; anything above is a typing slip
ONET_SOC = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")

# What a learner agrees to when they enroll themselves, shown on the page and stored as given.
CONSENT = (
    "When you enroll, {provider} will see your name, your email address and the results of "
    "your assessments. They use them to teach you, to give you the credential, and to count "
    "how their learners do. You can leave at any time."
)


class EnrollmentState(LabeledEnum):
    ENROLLED = "enrolled", "Learning: not every outcome is met yet."
    COMPLETED = "completed", "Completed: every goal is met and the credential was sent."
    WITHDRAWN = "withdrawn", "Left the course."


class OutcomeProgress(LabeledEnum):
    """How far a learner is on one outcome, in words they read."""

    NOT_STARTED = "not_started", "No results yet."
    WORKING = "working", "Not at the level needed yet."
    MET = "met", "Done: you reached the level needed."


@dataclass(frozen=True, slots=True)
class Enrollment:
    id: str
    design_id: str
    org_id: str
    learner_id: str
    state: EnrollmentState
    wage_before: float | None
    consent: str
    enrolled_at: datetime
    completed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    credential_id: str | None = None
    tuition_commitment_id: str | None = None
    tuition_amount: float | None = None
    learner_name: str = ""
    learner_email: str = ""
    design_name: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    id: str
    enrollment_id: str
    assessment_id: str
    outcome_id: str
    level: int
    note: str
    recorded_at: datetime
    recorded_by: str | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    id: str
    enrollment_id: str
    hired: bool
    interviewed: bool
    employer_org_id: str | None
    employer_name: str
    occupation: str
    wage: float | None
    placed_on: date | None
    commitment_id: str | None
    note: str
    recorded_at: datetime

    @property
    def employer_key(self) -> str:
        return self.employer_org_id or f"name:{self.employer_name.casefold()}"


@dataclass(frozen=True, slots=True)
class OutcomeStatus:
    """One outcome of one learner: the level needed, the level shown, in plain words."""

    outcome_id: str
    label: str
    needed: int
    reached: int | None  # the lowest latest result over the outcome's assessments
    progress: OutcomeProgress
    assessments_done: int
    assessments: int


def latest_results(results: Iterable[Result]) -> dict[tuple[str, str], Result]:
    """(assessment id, outcome id) -> the latest result recorded for it."""
    latest: dict[tuple[str, str], Result] = {}
    for result in sorted(results, key=lambda r: (r.recorded_at, r.id)):
        latest[(result.assessment_id, result.outcome_id)] = result
    return latest


def outcome_statuses(parts: DesignParts, results: Iterable[Result]) -> list[OutcomeStatus]:
    """Each outcome of the design, with how far the learner is on it."""
    latest = latest_results(results)
    statuses = []
    for outcome in parts.outcomes:
        checks = [a.id for a in parts.assessments if outcome.id in a.outcome_ids]
        levels = [latest[(a, outcome.id)].level for a in checks if (a, outcome.id) in latest]
        reached = min(levels) if len(levels) == len(checks) and levels else None
        if not levels:
            progress = OutcomeProgress.NOT_STARTED
        elif reached is not None and reached >= outcome.level:
            progress = OutcomeProgress.MET
        else:
            progress = OutcomeProgress.WORKING
        statuses.append(
            OutcomeStatus(
                outcome.id,
                outcome.label,
                outcome.level,
                reached,
                progress,
                sum(1 for a in checks if (a, outcome.id) in latest),
                len(checks),
            )
        )
    return statuses


def all_met(statuses: list[OutcomeStatus]) -> bool:
    return bool(statuses) and all(s.progress is OutcomeProgress.MET for s in statuses)


def check_result(parts: DesignParts, assessment_id: str, outcome_id: str, level: int) -> None:
    """A result names an assessment of the design, an outcome that assessment assesses, and a
    level of its rubric."""
    assessment = parts.assessment(assessment_id)
    if assessment is None:
        raise InvalidInputError("This microcredential has no such assessment.")
    if outcome_id not in assessment.outcome_ids:
        raise InvalidInputError(f"'{assessment.name}' does not assess that outcome.")
    if assessment.rubric_level(level) is None:
        steps = ", ".join(str(row.level) for row in assessment.rubric) or "none"
        raise InvalidInputError(
            f"The rubric of '{assessment.name}' has no level {level}. Its levels are {steps}."
        )


def clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInputError(f"Keep the note under {MAX_NOTE} characters.")
    return note


def check_wage(wage: float | None, what: str = "The wage") -> float | None:
    """An hourly wage in US dollars, or nothing."""
    if wage is None:
        return None
    if not 0 < wage <= MAX_WAGE or wage != wage:
        raise InvalidInputError(f"{what} is an hourly amount in dollars, above 0 and at most 1000.")
    return round(float(wage), 2)


@dataclass(frozen=True, slots=True)
class PlacementDraft:
    """What staff write down about one learner at one employer."""

    hired: bool
    placed_on: date
    employer_org_id: str | None = None
    employer_name: str = ""
    interviewed: bool = False
    occupation: str = ""
    wage: float | None = None
    commitment_id: str | None = None
    note: str = ""


def check_placement(parts: DesignParts, draft: PlacementDraft) -> PlacementDraft:
    """The draft, cleaned, or a plain error. A commitment it fulfils must be one of the
    design's, made by the same employer, and the date must fall within the commitment's."""
    name = " ".join(draft.employer_name.split())
    if not draft.employer_org_id and not name:
        raise InvalidInputError("Say who the employer is.")
    if len(name) > 200:
        raise InvalidInputError("Keep the employer's name under 200 characters.")
    occupation = draft.occupation.strip()
    if occupation and not ONET_SOC.match(occupation):
        raise InvalidInputError("The job is an O*NET-SOC code, such as 43-9021.00.")
    wage = check_wage(draft.wage)
    if wage is not None and not draft.hired:
        raise InvalidInputError("A wage is only for a learner who was hired.")
    commitment_id = (draft.commitment_id or "").strip() or None
    if commitment_id:
        commitment = next((c for c in parts.commitments if c.id == commitment_id), None)
        if commitment is None:
            raise InvalidInputError("That is not a commitment of this microcredential.")
        _fulfils(commitment, draft)
    return PlacementDraft(
        hired=draft.hired,
        placed_on=draft.placed_on,
        employer_org_id=draft.employer_org_id or None,
        employer_name=name,
        interviewed=draft.interviewed or draft.hired,  # a hire follows an interview
        occupation=occupation,
        wage=wage,
        commitment_id=commitment_id,
        note=clean_note(draft.note),
    )


def _fulfils(commitment: Commitment, draft: PlacementDraft) -> None:
    if draft.employer_org_id != commitment.org_id:
        raise InvalidInputError("That commitment was made by another employer.")
    if not commitment.starts <= draft.placed_on <= commitment.ends:
        raise InvalidInputError(
            f"That commitment runs from {commitment.starts.isoformat()} to "
            f"{commitment.ends.isoformat()}; the date is outside it."
        )
    if commitment.kind is CommitmentKind.TUITION_SUPPORT:
        raise InvalidInputError(
            "Tuition support is not a job. Record it on the learner's enrollment."
        )
    if commitment.kind is CommitmentKind.HIRING_TARGET and not draft.hired:
        raise InvalidInputError("Only a hire counts toward a hiring target.")
    if commitment.kind is CommitmentKind.GUARANTEED_INTERVIEW and not (
        draft.interviewed or draft.hired
    ):
        raise InvalidInputError("Only an interview counts toward guaranteed interviews.")


def current_placements(
    placements: Iterable[Placement], *, per_commitment: bool = False
) -> list[Placement]:
    """The latest row of each (learner, employer): what is true now. With `per_commitment`,
    of each (learner, employer, commitment): an interview under a guaranteed-interview
    commitment still counts for it after a hire under the same employer's hiring target."""
    latest: dict[tuple[str, str, str], Placement] = {}
    for row in sorted(placements, key=lambda p: (p.recorded_at, p.id)):
        commitment = (row.commitment_id or "") if per_commitment else ""
        latest[(row.enrollment_id, row.employer_key, commitment)] = row
    return list(latest.values())
