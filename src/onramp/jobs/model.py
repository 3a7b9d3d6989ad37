"""The skills-based job (issue 13, item 1): what it asks for, at what level, on what evidence.

A job belongs to one employer organization and moves through `JobState`s; every move is dated
so the metrics issue can count time to fill. Requirements name a skill by URI (ESCO, an O*NET
element or technology, or the Essential Skills Framework), a level on one 1-5 scale tied to
O*NET's 0-7 level anchors (`Proficiency`), whether it is a must-have, whether it can be learned
on the job, and which kinds of evidence the employer accepts.

The JSON form (`Job.contract()`) is the stable contract `onramp jobs build --json` and
`onramp jobs export --format json` print and the matching issue reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from onramp.taxonomy.proficiency import ONET_LEVEL_OF as ONET_LEVEL_OF
from onramp.taxonomy.proficiency import Proficiency as Proficiency
from onramp.taxonomy.proficiency import proficiency_from_onet as proficiency_from_onet
from onramp.vocabulary import LabeledEnum

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_REQUIREMENTS = 60
MAX_VALUES = 12
MAX_NOTES = 20  # notes for the employer's review, each at most MAX_NOTE_CHARS
MAX_NOTE_CHARS = 600


class JobState(LabeledEnum):
    DRAFT = "draft", "Draft: only your team can see it."
    OPEN = "open", "Open: people can see it and apply."
    PAUSED = "paused", "Paused: people can see it but cannot apply for now."
    FILLED = "filled", "Filled: someone was hired."
    CLOSED = "closed", "Closed: no longer taking people."


# Which state may follow which. Closed is the end; a filled job can still be closed.
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.DRAFT: frozenset({JobState.OPEN, JobState.CLOSED}),
    JobState.OPEN: frozenset({JobState.PAUSED, JobState.FILLED, JobState.CLOSED}),
    JobState.PAUSED: frozenset({JobState.OPEN, JobState.FILLED, JobState.CLOSED}),
    JobState.FILLED: frozenset({JobState.OPEN, JobState.CLOSED}),
    JobState.CLOSED: frozenset(),
}


class CareerLevel(LabeledEnum):
    ENTRY = "entry", "Entry: new to this work; we teach you."
    DEVELOPING = "developing", "Developing: you do the work with some help."
    PROFICIENT = "proficient", "Proficient: you do the work on your own."
    SENIOR = "senior", "Senior: you lead the work and teach others."


class Support(LabeledEnum):
    """How much independence is expected, and how much mentoring is given."""

    CLOSE = "close", "Close: someone works beside you and checks your work."
    REGULAR = "regular", "Regular: you check in with someone each day."
    OCCASIONAL = "occasional", "Occasional: you ask for help when you need it."
    INDEPENDENT = "independent", "Independent: you plan and check your own work."


class EvidenceKind(LabeledEnum):
    CREDENTIAL = "credential", "A credential, such as a badge, license or certificate."
    ASSESSMENT = "assessment", "A test or skills check."
    PORTFOLIO = "portfolio", "Samples of your work."
    WORK_HISTORY = "work_history", "Past jobs where you did this."
    ATTESTATION = "attestation", "A supervisor's word that you can do it."


class Schedule(LabeledEnum):
    FULL_TIME = "full_time", "Full time."
    PART_TIME = "part_time", "Part time."
    TEMPORARY = "temporary", "For a set time."
    SEASONAL = "seasonal", "For a season."
    INTERNSHIP = "internship", "A short job where you learn as you work."
    APPRENTICESHIP = "apprenticeship", "You learn a trade on the job, with pay."


class Workplace(LabeledEnum):
    ON_SITE = "on_site", "You work at the workplace."
    REMOTE = "remote", "You work from home."
    HYBRID = "hybrid", "Some days at the workplace, some from home."


class PayPeriod(LabeledEnum):
    HOUR = "hour", "per hour"
    YEAR = "year", "per year"


def _clean(value: str) -> str:
    return " ".join(value.split())


class Requirement(BaseModel):
    model_config = ConfigDict(frozen=True)

    skill: str = Field(min_length=3, max_length=500)  # a URI
    label: str = Field(min_length=1, max_length=300)
    level: int = Field(ge=1, le=5)
    must_have: bool = True
    learnable_weeks: int | None = Field(default=None, ge=0, le=104)
    evidence: tuple[EvidenceKind, ...] = ()
    # named issuers (DIDs or names) or credential types the employer accepts
    accepted_credentials: tuple[str, ...] = ()
    importance: float | None = Field(default=None, ge=0, le=5)  # where the builder had it
    source: str = ""  # where the proposal came from (release key and version), if proposed

    @field_validator("skill")
    @classmethod
    def _uri(cls, value: str) -> str:
        value = value.strip()
        if ":" not in value or any(c.isspace() for c in value):
            raise ValueError("a skill is named by its URI")
        return value

    @field_validator("label")
    @classmethod
    def _label(cls, value: str) -> str:
        return _clean(value)

    @property
    def learnable(self) -> bool:
        return self.learnable_weeks is not None


class CompanyValue(BaseModel):
    """A value in the employer's own words, with the behaviours that show it."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=120)
    behaviours: tuple[str, ...] = Field(default=(), max_length=10)


class PayRange(BaseModel):
    model_config = ConfigDict(frozen=True)

    low: float = Field(gt=0)
    high: float = Field(gt=0)
    period: PayPeriod = PayPeriod.HOUR
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")

    @model_validator(mode="after")
    def _ordered(self) -> PayRange:
        if self.high < self.low:
            raise ValueError("the top of the pay range is below its bottom")
        return self


class StateChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: JobState
    at: datetime
    by: str | None = None  # user id; None for the system


class JobDraft(BaseModel):
    """What an employer writes: everything but identity and lifecycle."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=2, max_length=MAX_TITLE)
    occupations: tuple[str, ...] = ()  # O*NET-SOC codes and/or ESCO occupation URIs
    career_level: CareerLevel = CareerLevel.ENTRY
    independence: Support = Support.REGULAR
    mentoring: Support = Support.REGULAR
    summary: str = Field(default="", max_length=MAX_TEXT)
    duties: tuple[str, ...] = Field(default=(), max_length=40)
    pay: PayRange | None = None
    schedule: Schedule = Schedule.FULL_TIME
    workplace: Workplace = Workplace.ON_SITE
    area: str = ""  # an OEWS area code ("0000000" national, a state or metro code)
    location: str = Field(default="", max_length=200)  # as people say it: "Dayton, OH"
    values: tuple[CompanyValue, ...] = Field(default=(), max_length=MAX_VALUES)
    requirements: tuple[Requirement, ...] = Field(default=(), max_length=MAX_REQUIREMENTS)
    education_note: str = Field(default="", max_length=500)  # kept for the export, never a filter
    valid_through: datetime | None = None
    # what the builder or the importer noted for the employer's review (what the data lacks,
    # a degree the posting asked for): shown on the builder, never published or exported
    review_notes: tuple[str, ...] = Field(default=(), max_length=MAX_NOTES)

    @field_validator("review_notes")
    @classmethod
    def _notes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(n) > MAX_NOTE_CHARS for n in value):
            raise ValueError(f"a note has at most {MAX_NOTE_CHARS} characters")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _clean(value)

    @model_validator(mode="after")
    def _distinct_skills(self) -> JobDraft:
        seen: set[str] = set()
        for requirement in self.requirements:
            if requirement.skill in seen:
                raise ValueError(f"the skill {requirement.label} is listed twice")
            seen.add(requirement.skill)
        return self

    def must_haves(self) -> list[Requirement]:
        return [r for r in self.requirements if r.must_have]

    def contract(self) -> dict[str, Any]:
        """The stable JSON form (issue 13, item 8)."""
        return {
            "title": self.title,
            "occupations": list(self.occupations),
            "career_level": self.career_level.value,
            "independence": self.independence.value,
            "mentoring": self.mentoring.value,
            "summary": self.summary,
            "duties": list(self.duties),
            "pay": self.pay.model_dump(mode="json") if self.pay else None,
            "schedule": self.schedule.value,
            "workplace": self.workplace.value,
            "area": self.area or None,
            "location": self.location or None,
            "values": [v.model_dump(mode="json") for v in self.values],
            "requirements": [
                {
                    "skill": r.skill,
                    "label": r.label,
                    "level": r.level,
                    "must_have": r.must_have,
                    "learnable_weeks": r.learnable_weeks,
                    "evidence": [e.value for e in r.evidence],
                    "accepted_credentials": list(r.accepted_credentials),
                    "importance": r.importance,
                    "source": r.source or None,
                }
                for r in self.requirements
            ],
            "education_note": self.education_note or None,
            "valid_through": self.valid_through.isoformat() if self.valid_through else None,
        }


class Job(BaseModel):
    """A stored job: a draft plus its identity, owner and history."""

    model_config = ConfigDict(frozen=True)

    id: str
    org_id: str
    org_name: str
    draft: JobDraft
    state: JobState
    history: tuple[StateChange, ...]
    created_at: datetime
    updated_at: datetime

    def opened_at(self) -> datetime | None:
        """When it first opened: the start of time to fill."""
        return next((c.at for c in self.history if c.state is JobState.OPEN), None)

    def contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organization": {"id": self.org_id, "name": self.org_name},
            "state": self.state.value,
            "history": [{"state": c.state.value, "at": c.at.isoformat()} for c in self.history],
            **self.draft.contract(),
        }
