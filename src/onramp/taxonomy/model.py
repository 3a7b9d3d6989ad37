"""The taxonomy domain model: plain dataclasses, with no knowledge of the store or the web.

Concepts are keyed by their code inside a framework release (an O*NET element ID, an ESCO URI,
an O*NET-SOC code), so relations stay readable and imports need no ID look-ups. Every concept also
carries a URI: that is what other capabilities store, because it survives new releases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SkillType(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    TECHNOLOGY = "technology"
    TRANSVERSAL = "transversal"
    LANGUAGE = "language"
    GROUP = "group"


class Origin(StrEnum):
    OFFICIAL = "official"  # imported from the publisher's own files
    EMBEDDED = "embedded"  # rebuilt from registry packages; see Framework.limitations
    ONRAMP = "onramp"  # written by the Onramp project
    CUSTOM = "custom"  # an organization's customised version


@dataclass(slots=True)
class Framework:
    key: str
    version: str
    name: str
    publisher: str
    source: str
    license: str
    attribution: str
    origin: Origin = Origin.OFFICIAL
    owner: str = ""  # empty for platform-wide; an organization slug for customised versions
    content_sha256: str = ""
    limitations: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    imported_at: datetime | None = None
    is_current: bool = False
    id: int | None = None


@dataclass(slots=True)
class Skill:
    code: str
    uri: str
    preferred_label: str
    skill_type: SkillType
    description: str = ""
    reuse_level: str = ""
    status: str = ""
    extra: dict[str, str] | None = None


@dataclass(slots=True)
class SkillLabel:
    skill_code: str
    label: str
    kind: str  # alternative | hidden


@dataclass(slots=True)
class Broader:
    """A hierarchy edge: concept -> broader concept, in the same framework."""

    code: str
    broader_code: str


@dataclass(slots=True)
class SkillRelation:
    skill_code: str
    related_code: str
    relation_type: str  # essential | optional


@dataclass(slots=True)
class SkillCollection:
    skill_code: str
    collection: str  # transversal | digital | green | language | ict | digcomp | research


@dataclass(slots=True)
class Occupation:
    code: str
    uri: str
    title: str
    description: str = ""
    kind: str = "occupation"  # occupation | isco_group
    onet_soc: str = ""
    soc2018: str = ""
    isco08: str = ""
    esco_code: str = ""
    job_zone: int | None = None


@dataclass(slots=True)
class OccupationLabel:
    occupation_code: str
    label: str
    kind: str  # alternate | short | reported | alternative | hidden
    note: str = ""


@dataclass(slots=True)
class OccupationSkill:
    """A skill an occupation needs. O*NET rates importance (1-5) and level (0-7); ESCO says
    essential or optional. Suppressed ratings are stored as missing, never as zero."""

    occupation_code: str
    skill_code: str
    relation: str  # essential | optional | rated
    importance: float | None = None
    level: float | None = None
    level_not_relevant: bool | None = None
    source: str = ""


@dataclass(slots=True)
class Descriptor:
    """An element of the O*NET Content Model (abilities, skills, work styles...)."""

    element_id: str
    name: str
    description: str = ""


@dataclass(slots=True)
class Rating:
    """One row of an O*NET rating file, kept as published."""

    occupation_code: str
    element_id: str
    scale_id: str
    value: float
    category: int | None = None
    n: float | None = None
    standard_error: float | None = None
    lower_ci: float | None = None
    upper_ci: float | None = None
    recommend_suppress: bool = False
    not_relevant: bool | None = None
    date: str = ""
    domain_source: str = ""


@dataclass(slots=True)
class Scale:
    scale_id: str
    name: str
    minimum: float
    maximum: float


@dataclass(slots=True)
class ScaleAnchor:
    element_id: str
    scale_id: str
    anchor_value: float
    description: str


@dataclass(slots=True)
class Category:
    """A category of a categorical scale (education levels, work context, task frequency)."""

    element_id: str
    scale_id: str
    category: int
    description: str


@dataclass(slots=True)
class Task:
    occupation_code: str
    task_id: str
    statement: str
    task_type: str = ""  # Core | Supplemental
    incumbents_responding: float | None = None
    date: str = ""
    domain_source: str = ""


@dataclass(slots=True)
class WorkActivity:
    """A detailed or intermediate work activity (DWA/IWA) and its parent."""

    activity_id: str
    title: str
    level: str  # iwa | dwa
    parent_id: str


@dataclass(slots=True)
class TaskActivity:
    occupation_code: str
    task_id: str
    dwa_id: str


@dataclass(slots=True)
class TechnologySkill:
    occupation_code: str
    example: str
    commodity_code: str
    commodity_title: str
    hot: bool = False
    in_demand: bool = False
    skill_code: str = ""


@dataclass(slots=True)
class ToolUsed:
    occupation_code: str
    example: str
    commodity_code: str
    commodity_title: str


@dataclass(slots=True)
class JobZone:
    job_zone: int
    name: str
    experience: str = ""
    education: str = ""
    training: str = ""
    examples: str = ""
    svp_range: str = ""


@dataclass(slots=True)
class RelatedOccupation:
    occupation_code: str
    related_code: str
    tier: str = ""
    rank: int | None = None


@dataclass(slots=True)
class CrosswalkLink:
    """A link between concepts of two schemes (occupation or skill)."""

    concept: str  # occupation | skill
    from_scheme: str
    from_code: str
    to_scheme: str
    to_code: str
    match_type: str = ""  # exactMatch | closeMatch | broadMatch | narrowMatch | relatedMatch
    from_title: str = ""
    to_title: str = ""


@dataclass(slots=True)
class ProficiencyLevel:
    """A proficiency level of a skill in the Essential Skills Framework, with examples."""

    skill_code: str
    level: int
    name: str
    description: str
    examples: dict[str, str] = field(default_factory=dict)  # sector -> example


@dataclass(slots=True)
class FrameworkRelease:
    """Everything one import writes, as one unit: the store replaces a release atomically."""

    framework: Framework
    skills: list[Skill] = field(default_factory=list)
    skill_labels: list[SkillLabel] = field(default_factory=list)
    skill_broader: list[Broader] = field(default_factory=list)
    skill_relations: list[SkillRelation] = field(default_factory=list)
    skill_collections: list[SkillCollection] = field(default_factory=list)
    occupations: list[Occupation] = field(default_factory=list)
    occupation_labels: list[OccupationLabel] = field(default_factory=list)
    occupation_broader: list[Broader] = field(default_factory=list)
    occupation_skills: list[OccupationSkill] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    scale_anchors: list[ScaleAnchor] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    work_activities: list[WorkActivity] = field(default_factory=list)
    task_activities: list[TaskActivity] = field(default_factory=list)
    technology_skills: list[TechnologySkill] = field(default_factory=list)
    tools_used: list[ToolUsed] = field(default_factory=list)
    job_zones: list[JobZone] = field(default_factory=list)
    related_occupations: list[RelatedOccupation] = field(default_factory=list)
    crosswalk: list[CrosswalkLink] = field(default_factory=list)
    proficiency_levels: list[ProficiencyLevel] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # data problems skipped, for the report

    def parts(self) -> dict[str, list[object]]:
        return {name: getattr(self, name) for name in RELEASE_PARTS}

    def counts(self) -> dict[str, int]:
        """Rows per entity, for stats and import reports."""
        return {name: len(getattr(self, name)) for name in RELEASE_PARTS if getattr(self, name)}


RELEASE_PARTS: tuple[str, ...] = (
    "skills",
    "skill_labels",
    "skill_broader",
    "skill_relations",
    "skill_collections",
    "occupations",
    "occupation_labels",
    "occupation_broader",
    "occupation_skills",
    "descriptors",
    "ratings",
    "scales",
    "scale_anchors",
    "categories",
    "tasks",
    "work_activities",
    "task_activities",
    "technology_skills",
    "tools_used",
    "job_zones",
    "related_occupations",
    "crosswalk",
    "proficiency_levels",
)
