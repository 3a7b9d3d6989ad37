"""The shapes of the occupation transition model (issue 15, item 1): what an occupation
brings to it, the parameters, and what a transition says.

Plain dataclasses only: the store adapter (`onramp.pathways.store`) fills them from the
current releases, and the scoring core (`onramp.pathways.similarity`) reads nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from onramp.vocabulary import LabeledEnum


class Lack(LabeledEnum):
    """What the transition model could not use from the store, in plain words."""

    RATINGS = (
        "ratings",
        "O*NET does not rate these jobs' skills here, so we compare skills without how "
        "much each one counts or at what level.",
    )
    ACTIVITIES = (
        "activities",
        "O*NET work activities of tasks are not imported, so shared work is not compared.",
    )
    TECHNOLOGY = (
        "technology",
        "O*NET technology skills are not imported, so shared software is not compared.",
    )
    LISTED_SKILLS = (
        "listed-skills",
        "No ESCO skills are linked to these jobs (import ESCO and the crosswalk). "
        "So we only compare rated or guessed skills.",
    )
    INFERRED_SKILLS = (
        "inferred-skills",
        "Some jobs' skills were guessed from their task lists, so matches are rougher.",
    )
    SKILL_VECTORS = (
        "skill-vectors",
        "Skill meanings are not stored (run `onramp skills embed`), so only skills with "
        "the same name count as shared.",
    )
    JOB_ZONES = (
        "job-zones",
        "Some jobs have no O*NET job zone, so we cannot say how much training a move needs.",
    )
    WAGES = (
        "wages",
        "Wages (BLS OEWS) are not imported, so pay changes are unknown.",
    )
    PROJECTIONS = (
        "projections",
        "We have no BLS job outlook here, so we do not know how fast jobs grow or how many open.",
    )


@dataclass(frozen=True, slots=True)
class SkillNeed:
    """One skill of an occupation, on the project's 1-5 level scale."""

    uri: str
    label: str
    level: int
    importance: float | None = None  # O*NET importance (1-5) where rated


@dataclass(frozen=True, slots=True)
class OccupationFeatures:
    """What the transition model knows of one occupation.

    `rated`: O*NET element id -> importance x level (raw O*NET scales, 1-5 x 0-7) for skills
    and knowledge separately; `listed`: skill URI -> weight (ESCO essential 1, optional or
    guessed `TransitionConfig.optional_weight`); `activities` and `technology`: sets of O*NET
    DWA ids and technology examples. `skills` lists every skill with its 1-5 level, for the
    transfer and gap lists."""

    code: str
    title: str
    job_zone: int | None = None
    rated_skills: dict[str, float] = field(default_factory=dict)
    rated_knowledge: dict[str, float] = field(default_factory=dict)
    listed: dict[str, float] = field(default_factory=dict)
    activities: frozenset[str] = frozenset()
    technology: frozenset[str] = frozenset()
    skills: tuple[SkillNeed, ...] = ()
    wage: float | None = None  # annual median (USD), by area where asked, else national
    growth_percent: float | None = None  # projected employment change over the decade
    annual_openings: float | None = None  # thousands a year
    inferred: bool = False  # its skills were guessed from its texts


@dataclass(frozen=True, slots=True)
class TransitionConfig:
    """Parameters of the transition model (documented in docs/pathways.md).

    Similarity is a weighted mean of the parts both occupations have data for: `w_*` weigh
    the rated skills, rated knowledge, shared work activities, shared technology and shared
    listed (ESCO or guessed) skills. The transition score blends that similarity with the wage
    change and growth, then applies the job-zone gate."""

    w_skills: float = 0.25
    w_knowledge: float = 0.15
    w_activities: float = 0.25
    w_technology: float = 0.10
    w_listed: float = 0.25
    optional_weight: float = 0.5  # an ESCO optional (or guessed) skill against an essential one
    near_equal: float = 0.9  # skill vectors at least this close count as the same skill
    similarity_share: float = 0.8  # of the score; the rest is wage and growth
    wage_share: float = 0.15
    growth_share: float = 0.05
    wage_slope: float = 3.0  # logistic slope on ln(wage ratio): 1 at equal pay gives 0.5
    growth_scale: float = 10.0  # growth (%) that lifts the growth part from 0.5 to ~0.73
    min_wage_ratio: float = 0.75  # moves paying less than this share are cut by `wage_cut`
    wage_cut: float = 0.5
    max_zone_step: int = 1  # a move up by at most this many job zones is viable
    zone_penalty: float = 0.5  # the score is multiplied by this for each zone beyond the step
    down_penalty: float = 0.1  # and reduced by this share for each zone down

    def part_weights(self) -> tuple[float, float, float, float, float]:
        return (
            self.w_skills,
            self.w_knowledge,
            self.w_activities,
            self.w_technology,
            self.w_listed,
        )


PARTS = ("skills", "knowledge", "activities", "technology", "listed")


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A skill of the target job: the level it needs and the level the origin job has."""

    uri: str
    label: str
    target_level: int
    origin_level: int | None  # None: the origin job does not use it
    importance: float | None = None


@dataclass(frozen=True, slots=True)
class Transition:
    """A move from one occupation to another, scored for a typical worker of the origin."""

    from_code: str
    to_code: str
    to_title: str
    score: float  # 0-1, best first
    similarity: float  # 0-1, symmetric
    job_zone_change: int | None
    viable: bool  # at most `max_zone_step` zones up (unknown zones count as viable)
    wage_ratio: float | None
    growth_percent: float | None = None
    annual_openings: float | None = None
    parts: dict[str, float | None] = field(default_factory=dict)  # None: no data on one side
    transfers: tuple[SkillGap, ...] = ()  # needed by the target, held at that level or more
    missing: tuple[SkillGap, ...] = ()  # needed by the target, not held or held lower

    def to_line(self) -> dict[str, Any]:
        """The `onramp pathways batch` contract (issue 15, item 7)."""
        return {
            "to": self.to_code,
            "score": round(self.score, 4),
            "job_zone_change": self.job_zone_change,
            "wage_ratio": None if self.wage_ratio is None else round(self.wage_ratio, 4),
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
