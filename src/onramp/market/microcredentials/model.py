"""A microcredential designed backwards from what employers need (issue 16, item 3), as pure
data: no I/O. `onramp.market.microcredentials.designs` stores it and applies the policy.

Backward design, in the order a provider and its employer partners work:

1. **targets**: the occupations or skills the market asks for (demand evidence beside them);
2. **outcomes**: for each skill, the level a graduate must reach on Onramp's 1-5 scale
   (`Proficiency`), how mastery is shown (an `AssessmentMethod`) and what evidence is accepted.
   Each outcome names the employer partner that must sign it off, or send it back with a note
   (`SendBack`); editing an outcome clears its sign-off, so a provider can never change what
   an employer agreed to;
3. **assessments**: each assesses one or more outcomes with a rubric whose levels are steps of
   the same 1-5 scale;
4. **modules**: hours, a `ModuleFormat`, and the outcomes each teaches;
5. **commitments**: what an employer promises graduates (`CommitmentKind`), with dates.

`check_design` says what is missing before it can be published: every outcome is signed off
and assessed, every assessment is taught (each outcome it assesses is served by a module), and
every module serves an outcome. The design is stored as one JSON document (`Design.model_dump`)
so that an edit is all or nothing.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from onramp.taxonomy.proficiency import Proficiency
from onramp.vocabulary import LabeledEnum

MAX_NAME = 200
MAX_TEXT = 4_000
MAX_PARTS = 60  # outcomes, assessments, modules or commitments in one design
MAX_HOURS = 2_000  # of one module
MAX_NOTE = 1_000  # an employer partner's note when it sends an outcome back
CTID_PATTERN = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class DesignState(LabeledEnum):
    DRAFT = "draft", "Draft: your team and your employer partners are still working on it."
    PUBLISHED = "published", "Published: learners can enroll and earn it."
    RETIRED = "retired", "Retired: no new learners can enroll."


class TargetKind(LabeledEnum):
    OCCUPATION = "occupation", "A job that the market asks for."
    SKILL = "skill", "A skill that the market asks for."


class AssessmentMethod(LabeledEnum):
    PERFORMANCE_TASK = "performance_task", "The learner does a real task while someone watches."
    WORK_SAMPLE = "work_sample", "The learner hands in something they made at work or in class."
    PORTFOLIO = "portfolio", "The learner shows a set of their work."
    PROJECT = "project", "The learner finishes a project from start to end."
    WRITTEN_TEST = "written_test", "The learner answers questions on a test."
    OBSERVATION = "observation", "A supervisor watches the learner on the job."


class ModuleFormat(LabeledEnum):
    ONLINE = "online", "Online: the learner studies on a computer or phone."
    IN_PERSON = "in_person", "In person: the learner comes to class."
    WORK_BASED = "work_based", "Work-based: the learner learns on the job."


class CommitmentKind(LabeledEnum):
    GUARANTEED_INTERVIEW = (
        "guaranteed_interview",
        "The employer will give each graduate a job interview.",
    )
    HIRING_TARGET = "hiring_target", "The employer plans to hire a number of graduates."
    TUITION_SUPPORT = "tuition_support", "The employer helps pay for the training."


class Target(BaseModel):
    """An occupation (O*NET-SOC code) or a skill (URI) the design aims at."""

    model_config = ConfigDict(frozen=True)

    kind: TargetKind
    ref: str = Field(min_length=2, max_length=500)
    label: str = Field(min_length=1, max_length=300)


class SignOff(BaseModel):
    """Who agreed to an outcome for the employer partner, and when."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    user_name: str = Field(max_length=200)
    org_id: str
    org_name: str = Field(max_length=200)
    at: datetime


class SendBack(BaseModel):
    """An employer partner's note asking for a change to an outcome, kept until it signs off."""

    model_config = ConfigDict(frozen=True)

    note: str = Field(min_length=1, max_length=MAX_NOTE)
    user_id: str
    user_name: str = Field(max_length=200)
    org_id: str
    org_name: str = Field(max_length=200)
    at: datetime


class Outcome(BaseModel):
    """What a graduate can do: a skill at a level, shown in a way the employer accepts."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    skill: str = Field(min_length=3, max_length=500)  # the skill's URI
    label: str = Field(min_length=1, max_length=300)
    level: int = Field(ge=1, le=5)  # on the `Proficiency` scale
    method: AssessmentMethod
    evidence: str = Field(default="", max_length=MAX_TEXT)  # the evidence accepted
    partner_org_id: str = Field(min_length=1, max_length=36)  # who must sign it off
    sign_off: SignOff | None = None
    sent_back: SendBack | None = None  # the partner's latest request for a change

    @property
    def proficiency(self) -> Proficiency:
        return Proficiency(str(self.level))

    def same_terms(self, other: Outcome) -> bool:
        """Whether `other` says the same thing (only the partner's sign-off or note may differ)."""
        partner_said = {"sign_off", "sent_back"}
        return self.model_dump(exclude=partner_said) == other.model_dump(exclude=partner_said)


class RubricLevel(BaseModel):
    """One row of a rubric: what work at this step of the 1-5 scale looks like."""

    model_config = ConfigDict(frozen=True)

    level: int = Field(ge=1, le=5)
    description: str = Field(min_length=1, max_length=MAX_TEXT)


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    name: str = Field(min_length=1, max_length=MAX_NAME)
    outcome_ids: tuple[str, ...] = Field(default=(), max_length=MAX_PARTS)
    method: AssessmentMethod
    description: str = Field(default="", max_length=MAX_TEXT)
    rubric: tuple[RubricLevel, ...] = Field(default=(), max_length=5)

    @field_validator("rubric")
    @classmethod
    def _one_row_per_level(cls, rubric: tuple[RubricLevel, ...]) -> tuple[RubricLevel, ...]:
        levels = [row.level for row in rubric]
        if len(set(levels)) != len(levels):
            raise ValueError("a rubric has one row for each level")
        return tuple(sorted(rubric, key=lambda row: row.level))

    def rubric_level(self, level: int) -> RubricLevel | None:
        return next((row for row in self.rubric if row.level == level), None)


class Module(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    name: str = Field(min_length=1, max_length=MAX_NAME)
    hours: float = Field(gt=0, le=MAX_HOURS)
    format: ModuleFormat
    outcome_ids: tuple[str, ...] = Field(default=(), max_length=MAX_PARTS)
    description: str = Field(default="", max_length=MAX_TEXT)


class Commitment(BaseModel):
    """What an employer partner promises graduates, from `starts` to `ends`."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    org_id: str = Field(min_length=1, max_length=36)  # the employer partner
    kind: CommitmentKind
    count: int | None = Field(default=None, ge=1, le=100_000)  # interviews or hires
    amount: float | None = Field(default=None, gt=0, le=1_000_000)  # tuition support, USD
    detail: str = Field(default="", max_length=MAX_TEXT)
    starts: date
    ends: date

    @model_validator(mode="after")
    def _dated_and_sized(self) -> Self:
        if self.ends < self.starts:
            raise ValueError("a commitment ends after it starts")
        if self.kind is CommitmentKind.HIRING_TARGET and self.count is None:
            raise ValueError("a hiring target says how many graduates")
        if self.kind is CommitmentKind.TUITION_SUPPORT and self.amount is None:
            raise ValueError("tuition support says how much")
        return self


class DesignParts(BaseModel):
    """Everything a provider and its partners write: the stored JSON document."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=2, max_length=MAX_NAME)
    description: str = Field(default="", max_length=MAX_TEXT)
    subject_webpage: str = Field(default="", max_length=500)  # the provider's page about it
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    partner_org_ids: tuple[str, ...] = Field(default=(), max_length=20)
    targets: tuple[Target, ...] = Field(default=(), max_length=MAX_PARTS)
    outcomes: tuple[Outcome, ...] = Field(default=(), max_length=MAX_PARTS)
    assessments: tuple[Assessment, ...] = Field(default=(), max_length=MAX_PARTS)
    modules: tuple[Module, ...] = Field(default=(), max_length=MAX_PARTS)
    commitments: tuple[Commitment, ...] = Field(default=(), max_length=MAX_PARTS)

    @field_validator("subject_webpage")
    @classmethod
    def _web_address(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://")):
            raise ValueError("the web page is an address that starts with https://")
        return url

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        """Every id a part points at exists, and every partner named is a partner."""
        outcomes = {o.id for o in self.outcomes}
        for kind, ids in (
            ("outcome", [o.id for o in self.outcomes]),
            ("assessment", [a.id for a in self.assessments]),
            ("module", [m.id for m in self.modules]),
            ("commitment", [c.id for c in self.commitments]),
        ):
            if len(set(ids)) != len(ids):
                raise ValueError(f"two {kind}s have the same id")
        pointers = [(a.name, a.outcome_ids) for a in self.assessments]
        pointers += [(m.name, m.outcome_ids) for m in self.modules]
        for name, pointed in pointers:
            if set(pointed) - outcomes:
                raise ValueError(f"'{name}' points at an outcome that is not in the design")
        partners = set(self.partner_org_ids)
        for outcome in self.outcomes:
            if outcome.partner_org_id not in partners:
                raise ValueError(
                    f"the outcome '{outcome.label}' names an employer who is not a partner"
                )
        for commitment in self.commitments:
            if commitment.org_id not in partners:
                raise ValueError("a commitment names an employer who is not a partner")
        return self

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)

    def assessment(self, assessment_id: str) -> Assessment | None:
        return next((a for a in self.assessments if a.id == assessment_id), None)

    @property
    def total_hours(self) -> float:
        return sum(m.hours for m in self.modules)


class Design(BaseModel):
    """A stored design: its parts plus identity and lifecycle."""

    model_config = ConfigDict(frozen=True)

    id: str
    org_id: str  # the training provider that owns it
    ctid: str = Field(pattern=CTID_PATTERN.pattern)  # Credential Engine's CTID, fixed at creation
    state: DesignState = DesignState.DRAFT
    parts: DesignParts
    achievement_id: str | None = None  # the OB 3.0 Achievement defined when published
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None


def new_ctid() -> str:
    """A Credential Transparency Identifier: "ce-" and a UUID (CTDL, ceterms:ctid)."""
    return f"ce-{uuid.uuid4()}"


def keep_sign_offs(before: DesignParts, after: DesignParts) -> DesignParts:
    """`after` with each outcome's sign-off kept only where the outcome's terms did not change,
    and never taken from the request: a sign-off or a partner's note comes only from the
    partner's own sign-off or send-back (`designs.MicrocredentialDesigns`). A note stays until
    the partner signs the outcome off, so the provider sees what was asked while it edits."""
    old = {o.id: o for o in before.outcomes}
    outcomes = []
    for outcome in after.outcomes:
        previous = old.get(outcome.id)
        kept = previous.sign_off if previous and previous.same_terms(outcome) else None
        note = previous.sent_back if previous else None
        outcomes.append(outcome.model_copy(update={"sign_off": kept, "sent_back": note}))
    return after.model_copy(update={"outcomes": tuple(outcomes)})


# -- completeness -----------------------------------------------------------------------------
class GapKind(LabeledEnum):
    NO_DESCRIPTION = "no_description", "Say what the credential is about."
    NO_WEBPAGE = "no_webpage", "Give the web page where people can read about it."
    NO_TARGET = "no_target", "Pick at least one job or skill the market asks for."
    NO_PARTNER = "no_partner", "Add at least one employer partner."
    NO_OUTCOME = "no_outcome", "Add at least one outcome."
    NOT_SIGNED_OFF = "not_signed_off", "An employer partner has not signed off this outcome."
    SENT_BACK = "sent_back", "An employer partner sent this outcome back. Read their note."
    NOT_ASSESSED = "not_assessed", "No assessment checks this outcome."
    RUBRIC_SHORT = "rubric_short", "The rubric does not describe the level this outcome needs."
    NO_RUBRIC = "no_rubric", "This assessment has no rubric."
    NOT_TAUGHT = "not_taught", "No module teaches what this assessment checks."
    SERVES_NOTHING = "serves_nothing", "This module does not teach any outcome."
    NO_MODULE = "no_module", "Add at least one module."


class Gap(BaseModel):
    """One thing missing before a design can be published, in plain words."""

    model_config = ConfigDict(frozen=True)

    kind: GapKind
    part: str = ""  # the id of the outcome, assessment or module it is about, if any
    name: str = ""  # that part's name, to show

    @property
    def sentence(self) -> str:
        return f"{self.name}: {self.kind.label}" if self.name else self.kind.label


def check_design(parts: DesignParts) -> list[Gap]:
    """What is missing before `parts` can be published; empty when the design is complete."""
    gaps: list[Gap] = []
    if not parts.description.strip():
        gaps.append(Gap(kind=GapKind.NO_DESCRIPTION))
    if not parts.subject_webpage:
        gaps.append(Gap(kind=GapKind.NO_WEBPAGE))
    if not parts.targets:
        gaps.append(Gap(kind=GapKind.NO_TARGET))
    if not parts.partner_org_ids:
        gaps.append(Gap(kind=GapKind.NO_PARTNER))
    if not parts.outcomes:
        gaps.append(Gap(kind=GapKind.NO_OUTCOME))
    if not parts.modules:
        gaps.append(Gap(kind=GapKind.NO_MODULE))
    taught = {oid for module in parts.modules for oid in module.outcome_ids}
    for outcome in parts.outcomes:
        if outcome.sign_off is None:
            kind = GapKind.SENT_BACK if outcome.sent_back else GapKind.NOT_SIGNED_OFF
            gaps.append(Gap(kind=kind, part=outcome.id, name=outcome.label))
        checks = [a for a in parts.assessments if outcome.id in a.outcome_ids]
        if not checks:
            gaps.append(Gap(kind=GapKind.NOT_ASSESSED, part=outcome.id, name=outcome.label))
        for assessment in checks:
            if assessment.rubric and assessment.rubric_level(outcome.level) is None:
                gaps.append(
                    Gap(kind=GapKind.RUBRIC_SHORT, part=assessment.id, name=assessment.name)
                )
    for assessment in parts.assessments:
        if not assessment.rubric:
            gaps.append(Gap(kind=GapKind.NO_RUBRIC, part=assessment.id, name=assessment.name))
        if not assessment.outcome_ids or not set(assessment.outcome_ids) <= taught:
            gaps.append(Gap(kind=GapKind.NOT_TAUGHT, part=assessment.id, name=assessment.name))
    for module in parts.modules:
        if not module.outcome_ids:
            gaps.append(Gap(kind=GapKind.SERVES_NOTHING, part=module.id, name=module.name))
    return gaps
