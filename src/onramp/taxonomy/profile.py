"""The occupation profile: what a person needs to know about an occupation, in one object.

Assembled by the catalog from the current releases of every framework; this module only holds
the shape and the ordering rules, so the CLI, API and web page show the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class FrameworkRef:
    key: str
    version: str
    name: str
    origin: str
    attribution: str
    limitations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RatedSkill:
    code: str
    uri: str
    label: str
    skill_type: str
    importance: float | None
    level: float | None
    level_not_relevant: bool | None = None
    relation: str = "rated"


@dataclass(slots=True)
class ProfileTask:
    task_id: str
    statement: str
    task_type: str


@dataclass(slots=True)
class ProfileTechnology:
    example: str
    commodity_title: str
    hot: bool
    in_demand: bool


@dataclass(slots=True)
class EducationShare:
    """Share of workers by required education. O*NET flags some shares "Recommend Suppress"
    (low precision); the share sums to 100 only with them, so they are shown, marked."""

    category: int
    label: str
    percent: float
    low_precision: bool = False


@dataclass(slots=True)
class WageFigures:
    area_code: str
    area_name: str
    area_type: str
    release: str
    employment: float | None
    annual_median: float | None
    annual_p10: float | None
    annual_p25: float | None
    annual_p75: float | None
    annual_p90: float | None
    hourly_median: float | None
    notes: str = ""


@dataclass(slots=True)
class Growth:
    release: str
    base_year: int
    projected_year: int
    employment_base: float | None
    employment_projected: float | None
    change_percent: float | None
    annual_openings: float | None
    typical_education: str
    work_experience: str
    on_the_job_training: str


@dataclass(slots=True)
class LinkedOccupation:
    code: str
    title: str
    match_type: str
    framework: str
    essential_skills: list[RatedSkill] = field(default_factory=list)


@dataclass(slots=True)
class OccupationProfile:
    code: str
    uri: str
    title: str
    description: str
    framework: FrameworkRef
    onet_soc: str = ""
    soc2018: str = ""
    isco08: str = ""
    job_zone: int | None = None
    job_zone_name: str = ""
    job_zone_education: str = ""
    alternate_titles: list[str] = field(default_factory=list)
    skills: list[RatedSkill] = field(default_factory=list)
    knowledge: list[RatedSkill] = field(default_factory=list)
    other_skills: list[RatedSkill] = field(default_factory=list)  # unrated (ESCO)
    tasks: list[ProfileTask] = field(default_factory=list)
    technology: list[ProfileTechnology] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)  # O*NET Tools Used examples
    linked_skills: list[RatedSkill] = field(default_factory=list)  # ESCO's, through the links
    education: list[EducationShare] = field(default_factory=list)
    national_wage: WageFigures | None = None
    area_wage: WageFigures | None = None
    area_query: str = ""  # the area as the person typed it
    area_note: str = ""  # why there is no pay for that area, in plain words
    growth: Growth | None = None
    crosswalk: list[LinkedOccupation] = field(default_factory=list)
    related: list[LinkedOccupation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what this profile cannot show, and why
    gaps: list[str] = field(default_factory=list)  # the same, in plain words for the public

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def by_importance(skills: list[RatedSkill]) -> list[RatedSkill]:
    """Most important first; a level marked not relevant sorts after those that matter."""
    return sorted(
        skills,
        key=lambda s: (
            bool(s.level_not_relevant),
            -(s.importance if s.importance is not None else -1.0),
            -(s.level if s.level is not None else -1.0),
            s.label,
        ),
    )


def technology_order(items: list[ProfileTechnology]) -> list[ProfileTechnology]:
    """Hot and in-demand technologies first, as O*NET OnLine lists them."""
    return sorted(items, key=lambda t: (not t.in_demand, not t.hot, t.example.lower()))
