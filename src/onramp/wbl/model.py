"""Work-based learning program standards (issue 17, item 1), as pure data: no I/O.

One model covers registered apprenticeship and the programs with fewer parts
(pre-apprenticeship, on-the-job training contracts, internships). `ProgramKind.needs` says
which parts each kind must have; `check_standards` says, in plain words, what is missing or
out of line before a program can take apprentices.

Registered apprenticeship follows 29 CFR part 29 (Labor Standards for the Registration of
Apprenticeship Programs), section 29.5 "Standards of apprenticeship":
- the term is time-based, competency-based or hybrid (29.5(b)(2)); an apprenticeable
  occupation needs at least 2,000 hours of on-the-job learning (29.4(c)), so a time-based or
  hybrid schedule of work processes totals at least 2,000 hours;
- related instruction: "a minimum of 144 hours for each year of apprenticeship is
  recommended" (29.5(b)(4)) — a warning, not a refusal;
- a progressively increasing schedule of wages (29.5(b)(5)): each step pays at least the one
  before, as a share of the journeyworker wage;
- a numeric ratio of apprentices to journeyworkers (29.5(b)(7)).
"""

from __future__ import annotations

import re
import uuid
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from onramp.vocabulary import LabeledEnum

MAX_NAME = 200
MAX_TEXT = 4_000
MAX_PARTS = 200  # competencies, courses, wage steps or interim credentials in one program
MIN_OJL_HOURS = 2_000  # 29 CFR 29.4(c)
RTI_HOURS_PER_YEAR = 144  # 29 CFR 29.5(b)(4), recommended
FEDERAL_MINIMUM_WAGE = 7.25  # USD an hour, Fair Labor Standards Act, 29 U.S.C. 206
SOC_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")


class ProgramKind(LabeledEnum):
    REGISTERED_APPRENTICESHIP = (
        "registered_apprenticeship",
        "Registered apprenticeship: a paid job with classes. "
        "You earn a credential known across the country.",
    )
    PRE_APPRENTICESHIP = (
        "pre_apprenticeship",
        "Pre-apprenticeship: classes and practice. They get you ready for a paid apprenticeship.",
    )
    OJT_CONTRACT = "ojt_contract", "On-the-job training: you learn a new job while you are paid."
    INTERNSHIP = "internship", "Internship: a short time at work to learn and try a job."

    @property
    def needs(self) -> frozenset[Part]:
        """The parts a program of this kind must have (the rest are optional)."""
        return _NEEDS[self]


class Part(LabeledEnum):
    WORK_PROCESSES = "work_processes", "A list of the skills learned on the job."
    INSTRUCTION = "instruction", "Classes that go with the work."
    WAGE_SCHEDULE = "wage_schedule", "Pay steps that go up as the apprentice learns."
    MENTOR_RATIO = "mentor_ratio", "How many apprentices one mentor may have."


_NEEDS: dict[ProgramKind, frozenset[Part]] = {
    ProgramKind.REGISTERED_APPRENTICESHIP: frozenset(Part),
    ProgramKind.PRE_APPRENTICESHIP: frozenset({Part.WORK_PROCESSES, Part.INSTRUCTION}),
    ProgramKind.OJT_CONTRACT: frozenset({Part.WORK_PROCESSES, Part.WAGE_SCHEDULE}),
    ProgramKind.INTERNSHIP: frozenset({Part.WORK_PROCESSES}),
}


class Approach(LabeledEnum):
    TIME_BASED = "time_based", "Time-based: the apprentice works a set number of hours."
    COMPETENCY_BASED = (
        "competency_based",
        "Competency-based: the apprentice shows each skill, at their own pace.",
    )
    HYBRID = "hybrid", "Hybrid: a range of hours and each skill shown."


class Competency(BaseModel):
    """One work process: what the apprentice learns on the job, and how it is signed off."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    name: str = Field(min_length=2, max_length=MAX_NAME)
    skills: tuple[str, ...] = Field(default=(), max_length=20)  # skill URIs
    hours: float | None = Field(default=None, gt=0, le=20_000)  # the least hours (time, hybrid)
    max_hours: float | None = Field(default=None, gt=0, le=20_000)  # the most hours (hybrid)
    criteria: str = Field(default="", max_length=MAX_TEXT)  # what a mentor checks to sign off
    task: str = Field(default="", max_length=MAX_TEXT)  # the occupation task it came from

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.hours and self.max_hours and self.max_hours < self.hours:
            raise ValueError(f"'{self.name}': the most hours is below the least hours")
        return self


class Course(BaseModel):
    """Related technical instruction: a course, its hours and who teaches it."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    name: str = Field(min_length=2, max_length=MAX_NAME)
    hours: float = Field(gt=0, le=5_000)
    provider_org_id: str | None = Field(default=None, max_length=36)  # a college on Onramp
    provider_name: str = Field(default="", max_length=MAX_NAME)

    @model_validator(mode="after")
    def _taught_by_someone(self) -> Self:
        if not (self.provider_org_id or self.provider_name.strip()):
            raise ValueError(f"say who teaches '{self.name}'")
        return self


class WageStep(BaseModel):
    """A pay step: from `after_hours` on-the-job hours or `after_competencies` signed off, the
    apprentice earns `share` of the journeyworker wage."""

    model_config = ConfigDict(frozen=True)

    after_hours: float | None = Field(default=None, ge=0, le=20_000)
    after_competencies: int | None = Field(default=None, ge=0, le=MAX_PARTS)
    share: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _one_trigger(self) -> Self:
        if (self.after_hours is None) == (self.after_competencies is None):
            raise ValueError("a pay step starts after some hours or after some skills, not both")
        return self

    @property
    def start(self) -> float:
        return float(
            self.after_hours if self.after_hours is not None else self.after_competencies or 0
        )


class InterimCredential(BaseModel):
    """A credential earned on the way, once every competency it names is signed off."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    name: str = Field(min_length=2, max_length=MAX_NAME)
    competency_ids: tuple[str, ...] = Field(min_length=1, max_length=MAX_PARTS)


class ProgramStandards(BaseModel):
    """What a sponsor writes: the standards of one program."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=2, max_length=MAX_NAME)
    kind: ProgramKind
    approach: Approach = Approach.TIME_BASED
    occupation: str  # O*NET-SOC code
    occupation_title: str = Field(default="", max_length=MAX_NAME)
    term_months: int = Field(ge=1, le=72)
    area: str = Field(default="", max_length=200)  # where the work is, for the wage check
    journeyworker_wage: float | None = Field(default=None, gt=0, le=1_000)  # USD an hour
    mentor_ratio: int | None = Field(default=None, ge=1, le=10)  # apprentices per mentor
    work_processes: tuple[Competency, ...] = Field(default=(), max_length=MAX_PARTS)
    courses: tuple[Course, ...] = Field(default=(), max_length=MAX_PARTS)
    wage_schedule: tuple[WageStep, ...] = Field(default=(), max_length=MAX_PARTS)
    interim_credentials: tuple[InterimCredential, ...] = Field(default=(), max_length=MAX_PARTS)

    @field_validator("occupation")
    @classmethod
    def _soc(cls, code: str) -> str:
        code = code.strip()
        if not SOC_CODE.match(code):
            raise ValueError("the occupation is an O*NET-SOC code such as 47-2111.00")
        return code

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        ids = [c.id for c in self.work_processes]
        if len(set(ids)) != len(ids):
            raise ValueError("two work processes have the same id")
        for credential in self.interim_credentials:
            if set(credential.competency_ids) - set(ids):
                raise ValueError(f"'{credential.name}' names a skill that is not in the program")
        return self

    @property
    def ojl_hours(self) -> float:
        """The least on-the-job hours the schedule of work processes adds up to."""
        return sum(c.hours or 0 for c in self.work_processes)

    @property
    def rti_hours(self) -> float:
        return sum(c.hours for c in self.courses)


# -- checking ---------------------------------------------------------------------------------
class Severity(LabeledEnum):
    MISSING = "missing", "The program cannot start until this is fixed."
    WARNING = "warning", "The program can start, but check this."


class FindingKind(LabeledEnum):
    NO_WORK_PROCESSES = "no_work_processes", "List the skills the apprentice learns on the job."
    NO_INSTRUCTION = "no_instruction", "Add the classes that go with the work."
    NO_WAGE_SCHEDULE = "no_wage_schedule", "Add pay steps that go up as the apprentice learns."
    NO_JOURNEYWORKER_WAGE = "no_journeyworker_wage", "Give the pay of a fully trained worker."
    NO_MENTOR_RATIO = "no_mentor_ratio", "Say how many apprentices one mentor may have."
    TOO_FEW_HOURS = "too_few_hours", "The job skills add up to under 2,000 hours of work."
    NO_HOURS = "no_hours", "Give the hours for this skill."
    NO_CRITERIA = "no_criteria", "Say what a mentor checks before signing off this skill."
    LITTLE_INSTRUCTION = "little_instruction", "Classes are under 144 hours for each year."
    WAGES_FALL = "wages_fall", "A pay step pays less than the step before it."
    BELOW_MINIMUM_WAGE = "below_minimum_wage", "A pay step is below the federal minimum wage."
    BELOW_AREA_WAGE = "below_area_wage", "The trained worker's pay is low for this job here."
    AREA_WAGE_UNKNOWN = (
        "area_wage_unknown",
        "Onramp has no pay figures for this job here, so the pay was not checked.",
    )


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: FindingKind
    severity: Severity
    part: str = ""  # the id of the competency it is about, if any
    name: str = ""
    detail: str = ""  # the figures behind it, in plain words

    @property
    def sentence(self) -> str:
        text = f"{self.name}: {self.kind.label}" if self.name else self.kind.label
        return f"{text} {self.detail}".strip()


def _missing(kind: FindingKind, **more: str) -> Finding:
    return Finding(kind=kind, severity=Severity.MISSING, **more)


def _warning(kind: FindingKind, **more: str) -> Finding:
    return Finding(kind=kind, severity=Severity.WARNING, **more)


def check_standards(
    program: ProgramStandards, *, area_hourly_median: float | None = None
) -> list[Finding]:
    """What is missing (`Severity.MISSING`) or worth a look (`WARNING`) in `program`.

    `area_hourly_median` is the OEWS median hourly wage of the occupation where the work is,
    when known: a journeyworker wage under 80% of it draws a warning.
    """
    needs = program.kind.needs
    found: list[Finding] = []
    if Part.WORK_PROCESSES in needs and not program.work_processes:
        found.append(_missing(FindingKind.NO_WORK_PROCESSES))
    if Part.INSTRUCTION in needs and not program.courses:
        found.append(_missing(FindingKind.NO_INSTRUCTION))
    if Part.WAGE_SCHEDULE in needs:
        if not program.wage_schedule:
            found.append(_missing(FindingKind.NO_WAGE_SCHEDULE))
        if program.journeyworker_wage is None:
            found.append(_missing(FindingKind.NO_JOURNEYWORKER_WAGE))
    if Part.MENTOR_RATIO in needs and program.mentor_ratio is None:
        found.append(_missing(FindingKind.NO_MENTOR_RATIO))
    found += _work_process_findings(program)
    found += _wage_findings(program, area_hourly_median)
    if Part.INSTRUCTION in needs and program.courses:
        years = max(1.0, program.term_months / 12)
        wanted = RTI_HOURS_PER_YEAR * years
        if program.rti_hours < wanted:
            found.append(
                _warning(
                    FindingKind.LITTLE_INSTRUCTION,
                    detail=f"({program.rti_hours:g} hours; {wanted:g} are advised.)",
                )
            )
    return found


def _work_process_findings(program: ProgramStandards) -> list[Finding]:
    found: list[Finding] = []
    timed = program.approach in (Approach.TIME_BASED, Approach.HYBRID)
    shown = program.approach in (Approach.COMPETENCY_BASED, Approach.HYBRID)
    for competency in program.work_processes:
        if timed and competency.hours is None:
            found.append(_missing(FindingKind.NO_HOURS, part=competency.id, name=competency.name))
        if shown and not competency.criteria.strip():
            found.append(
                _missing(FindingKind.NO_CRITERIA, part=competency.id, name=competency.name)
            )
    registered = program.kind is ProgramKind.REGISTERED_APPRENTICESHIP
    if registered and timed and program.work_processes and program.ojl_hours < MIN_OJL_HOURS:
        found.append(
            _missing(FindingKind.TOO_FEW_HOURS, detail=f"(They add up to {program.ojl_hours:g}.)")
        )
    return found


def _wage_findings(program: ProgramStandards, area_median: float | None) -> list[Finding]:
    found: list[Finding] = []
    steps = sorted(program.wage_schedule, key=lambda s: s.start)
    for before, after in zip(steps, steps[1:], strict=False):
        if after.share < before.share:
            found.append(
                _missing(
                    FindingKind.WAGES_FALL,
                    detail=f"({after.share:.0%} after {after.start:g}, {before.share:.0%} before.)",
                )
            )
    wage = program.journeyworker_wage
    if wage is not None and steps:
        lowest = min(s.share for s in steps) * wage
        if lowest < FEDERAL_MINIMUM_WAGE:
            found.append(
                _missing(FindingKind.BELOW_MINIMUM_WAGE, detail=f"(The lowest is ${lowest:.2f}.)")
            )
    if program.area.strip() and area_median is None:
        found.append(_warning(FindingKind.AREA_WAGE_UNKNOWN))
    if wage is not None and area_median is not None and wage < 0.8 * area_median:
        found.append(
            _warning(
                FindingKind.BELOW_AREA_WAGE,
                detail=f"(${wage:.2f} an hour; the middle pay here is ${area_median:.2f}.)",
            )
        )
    return found
