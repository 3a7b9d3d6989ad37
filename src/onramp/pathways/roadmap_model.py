"""The shapes of an employer's talent development roadmap (issue 15, items 3 and 6): ladders
of the employer's jobs, what each rung adds, how workers gain it, typical time, and the
"up and out" moves where a ladder ends. Plain data and vocabularies only; the rules are in
`onramp.pathways.roadmap` and `onramp.pathways.roadmap_gain`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from onramp.vocabulary import LabeledEnum


class GainWay(LabeledEnum):
    """How a worker gains a skill a rung adds."""

    ON_THE_JOB = "on_the_job", "On the job: you learn it while you work here."
    TRAINING_PARTNER = "training_partner", "Through a training partner's program."
    NO_PROGRAM = "no_program", "Onramp knows no program for this skill yet."


class TimeBasis(LabeledEnum):
    """Where a step's typical time comes from."""

    JOB_ZONE = (
        "job_zone",
        "From how much more training O*NET says the next job zone needs.",
    )
    SAME_ZONE = (
        "same_zone",
        "Both jobs are in the same O*NET job zone: a few months to a year of learning.",
    )
    LEARNABLE_WEEKS = "learnable_weeks", "From the weeks your job posts say each skill takes."
    LITTLE_NEW = "little_new", "The next job adds little that is new."
    UNKNOWN = "unknown", "We do not know the job zones here, so we cannot say how long it takes."


class RoadmapNote(LabeledEnum):
    """What a roadmap could not use or show, in plain words."""

    NO_OCCUPATIONS = (
        "no-occupations",
        "No O*NET jobs are imported. So jobs are grouped only by their codes and skills, "
        "and no steps outside are shown.",
    )
    LOADING = (
        "loading",
        "We are still reading the job data, so these ladders use only your jobs for now. "
        "Come back in a few minutes for the full view.",
    )
    NO_JOB_ZONES = (
        "no-job-zones",
        "O*NET job zones are not imported. So rungs are ordered by career level and pay, "
        "and times are rough.",
    )
    NO_WAGES = "no-wages", "Wages are not imported, so typical pay is not shown."
    WORK_BASED_LEARNING = (
        "work-based-learning",
        "Onramp does not list apprenticeships or other ways to learn while you work yet.",
    )


# What a rung is: a job the employer has, or an occupation between two of its rungs.
HERE = "here"
NOT_HERE_YET = "not_here_yet"


@dataclass(frozen=True, slots=True)
class JobRef:
    """One of the employer's jobs, as a ladder names it."""

    id: str
    title: str
    state: str  # a JobState value
    public: bool  # published (open, paused or filled)


@dataclass(frozen=True, slots=True)
class ProgramRef:
    """A training partner's program aligned to a skill."""

    org_name: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Way:
    """One way to gain a skill: on the job (with weeks where the job says), a partner's
    programs, or none known."""

    kind: GainWay
    weeks: int | None = None
    programs: tuple[ProgramRef, ...] = ()


@dataclass(frozen=True, slots=True)
class RungSkill:
    """A skill of a rung at its level (1-5), and what the rung below has of it."""

    uri: str
    label: str
    level: int
    new: bool  # not used below, or used at a lower level
    below_level: int | None = None
    ways: tuple[Way, ...] = ()


@dataclass(frozen=True, slots=True)
class TypicalTime:
    """A step's typical time in months (a range), and where it comes from. Typical, never a
    promise: people move faster or slower."""

    low_months: int | None
    high_months: int | None
    basis: TimeBasis

    @property
    def words(self) -> str:
        low, high = self.low_months, self.high_months
        if low is None or high is None:
            return "Not known"
        if high <= 1:
            return "About a month or less"
        if low == high:
            return f"About {low} months"
        return f"About {low} to {high} months"


@dataclass(frozen=True, slots=True)
class Rung:
    """One level of a ladder: an occupation at a career level, held by jobs here or not yet."""

    occupation: str  # O*NET-SOC code ("" when the job names none we know)
    occupation_title: str
    title: str  # the first job's title, or the occupation's title when not here yet
    kind: str  # HERE or NOT_HERE_YET
    career_level: str | None  # a CareerLevel value for jobs here
    jobs: tuple[JobRef, ...]
    job_zone: int | None
    pay: str  # the jobs' pay as they post it ("" when none says)
    typical_wage: float | None  # annual median (BLS OEWS) of the occupation
    skills: tuple[RungSkill, ...]
    time_from_below: TypicalTime | None  # None on the bottom rung

    @property
    def here(self) -> bool:
        return self.kind == HERE

    @property
    def added(self) -> tuple[RungSkill, ...]:
        return tuple(s for s in self.skills if s.new)


@dataclass(frozen=True, slots=True)
class UpAndOut:
    """A move from a ladder's top to an occupation the employer does not have."""

    code: str
    title: str
    score: float
    job_zone_change: int | None
    wage_ratio: float | None
    other_industry: bool  # a different SOC major group than the top rung's
    to_learn: tuple[str, ...]  # labels of the first skills the move needs that the top lacks


@dataclass(frozen=True, slots=True)
class Family:
    """A ladder: rungs bottom first, and where it leads outside."""

    name: str
    rungs: tuple[Rung, ...]
    up_and_out: tuple[UpAndOut, ...]


@dataclass(frozen=True, slots=True)
class Unplaced:
    job: JobRef
    reason: str


@dataclass(frozen=True, slots=True)
class Roadmap:
    org_id: str
    org_name: str
    families: tuple[Family, ...]
    unplaced: tuple[Unplaced, ...]
    notes: tuple[RoadmapNote, ...]
    lacks: tuple[str, ...]  # what the transition model lacks, in its own sentences

    def contract(self) -> dict[str, Any]:
        """The JSON form `onramp roadmap build --json` prints and the API answers."""
        found = asdict(self)
        found["notes"] = [{"code": n.value, "text": n.label} for n in self.notes]
        return found

    def family_of(self, job_id: str) -> tuple[Family, int] | None:
        """The ladder holding the job and its rung's index, if it is on one."""
        for family in self.families:
            for index, rung in enumerate(family.rungs):
                if any(j.id == job_id for j in rung.jobs):
                    return family, index
        return None


@dataclass(frozen=True, slots=True)
class LeadsTo:
    """Where one job leads: the next rungs here, then the moves out from the ladder's top."""

    job_id: str
    title: str
    family: str
    next_rungs: tuple[Rung, ...]
    up_and_out: tuple[UpAndOut, ...]
    reason: str = ""  # why nothing is shown, when nothing is

    def contract(self) -> dict[str, Any]:
        return asdict(self)
