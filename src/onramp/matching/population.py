"""A synthetic population of workers, for demos, benchmarks and the fairness check (issue 14,
item 8).

Each worker is drawn from one occupation's skill needs (the skills the job builder proposes
from the occupation profile: O*NET ratings where they are imported, ESCO essential and optional
skills on the embedded default), with noise: skills dropped or added, levels moved, evidence of
mixed kinds, some of it revoked, expired or suspended, and a share of workers who inflate what
they say about themselves.

Every worker also has a demographic group. The group is drawn on its own, so it says nothing
about skills; a setting (`degree_gap`) makes degree holding depend on it, the pattern a degree
filter turns into adverse impact. Group and source occupation sit under `synthetic`, a key the
scorer never reads; education, name and birth year are there because real profiles carry them.

Lines follow the `onramp match batch` PROFILES contract. The same seed gives the same lines,
and worker `i` depends only on the seed and `i`, so the stream never holds more than one worker.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError
from onramp.matching.scoring.evidence import MAX_LEVEL, MIN_LEVEL, EvidenceKind, EvidenceStatus

# what each kind of evidence is, how often it is drawn, and how often it is verified
KIND_WEIGHTS: dict[EvidenceKind, float] = {
    EvidenceKind.CREDENTIAL: 0.15,
    EvidenceKind.ATTESTATION: 0.15,
    EvidenceKind.ASSESSMENT: 0.15,
    EvidenceKind.TRAINING: 0.12,
    EvidenceKind.WORK_HISTORY: 0.23,
    EvidenceKind.PORTFOLIO: 0.05,
    EvidenceKind.SELF: 0.15,
}
VERIFIED_SHARE: dict[EvidenceKind, float] = {
    EvidenceKind.CREDENTIAL: 0.9,
    EvidenceKind.ATTESTATION: 0.8,
    EvidenceKind.ASSESSMENT: 0.9,
    EvidenceKind.TRAINING: 0.6,
    EvidenceKind.WORK_HISTORY: 0.3,
    EvidenceKind.PORTFOLIO: 0.2,
    EvidenceKind.SELF: 0.0,
}
ISSUED = (
    EvidenceKind.CREDENTIAL,
    EvidenceKind.ATTESTATION,
    EvidenceKind.ASSESSMENT,
    EvidenceKind.TRAINING,
)
ISSUERS = 40  # did:web:issuer-NN.example
NAMES = (
    "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
)  # fmt: skip
SURNAMES = (
    "Lee", "Garcia", "Smith", "Nguyen", "Johnson", "Brown", "Lopez", "Kim", "Davis", "Patel",
)  # fmt: skip
DEGREES = ("associate", "bachelor", "master")


@dataclass(frozen=True, slots=True)
class SkillNeed:
    """One skill an occupation needs, at a level on the 1-5 scale."""

    uri: str
    level: int
    importance: float = 3.0
    must_have: bool = False


@dataclass(frozen=True, slots=True)
class OccupationSkills:
    code: str
    title: str
    needs: tuple[SkillNeed, ...]


@dataclass(frozen=True, slots=True)
class PopulationSettings:
    """The knobs of the draw. Shares are between 0 and 1."""

    drop_share: float = 0.15  # each needed skill is missing this often
    extra_skills: int = 3  # up to this many skills from other occupations
    level_noise: float = 0.35  # a level moves one step up or down this often
    second_evidence_share: float = 0.3  # a skill has a second piece of evidence this often
    inactive_share: float = 0.06  # revoked, expired or suspended
    inflated_share: float = 0.1  # workers who say they are better than they are
    groups: tuple[str, str] = ("A", "B")
    group_a_share: float = 0.5
    degree_rate: float = 0.4  # the share of all workers with a degree
    degree_gap: float = 0.4  # group A's degree rate minus group B's (0: no link)
    today: date = field(default_factory=lambda: date(2026, 12, 1))

    def __post_init__(self) -> None:
        for name in (
            "drop_share",
            "level_noise",
            "second_evidence_share",
            "inactive_share",
            "inflated_share",
            "group_a_share",
            "degree_rate",
        ):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InvalidInputError(f"{name} is a share between 0 and 1")
        if not 0.0 <= self.degree_gap <= 1.0:
            raise InvalidInputError("degree_gap is between 0 and 1")
        low, high = self.degree_rates()
        if not (0.0 <= low <= 1.0 and 0.0 <= high <= 1.0):
            raise InvalidInputError("degree_rate and degree_gap give a rate outside 0 to 1")

    def degree_rates(self) -> tuple[float, float]:
        """(group A, group B) degree rates whose mix is `degree_rate` and whose gap is
        `degree_gap`."""
        share = self.group_a_share
        rate_b = self.degree_rate - share * self.degree_gap
        return rate_b + self.degree_gap, rate_b


def occupation_skills(engine: Engine, framework: str = "onet") -> list[OccupationSkills]:
    """Every occupation of the current `framework` release with the skills it needs, read
    through the job builder, so a worker's skills and a job's requirements come from one
    place. Occupations with no skills are left out."""
    from onramp.jobs.builder import propose
    from onramp.nlp.occupation_skills import occupation_codes
    from onramp.taxonomy import Catalog

    catalog = Catalog(engine)
    if catalog.current(framework) is None:
        raise NotFoundError(f"there is no current {framework} release; import one first")
    codes = occupation_codes(engine, framework)
    out = []
    for code in codes:
        draft = propose(catalog.profile(code)).draft
        needs = tuple(
            SkillNeed(r.skill, int(r.level), float(r.importance or 3.0), r.must_have)
            for r in draft.requirements
        )
        if needs:
            out.append(OccupationSkills(code, draft.title, needs))
    return out


def population(
    occupations: Sequence[OccupationSkills],
    n: int,
    seed: int = 0,
    settings: PopulationSettings | None = None,
    start: int = 0,
) -> Iterator[dict[str, Any]]:
    """`n` workers as PROFILES lines, worker `start` first."""
    if not occupations:
        raise InvalidInputError("there are no occupations with skills to draw workers from")
    if n < 0:
        raise InvalidInputError("the number of workers is 0 or more")
    chosen = settings or PopulationSettings()
    pool = skill_pool(occupations)
    for index in range(start, start + n):
        yield draw_worker(occupations, pool, seed, index, chosen)


def skill_pool(occupations: Sequence[OccupationSkills]) -> list[str]:
    """Every skill any occupation needs: where extra skills are drawn from."""
    return sorted({need.uri for occupation in occupations for need in occupation.needs})


def draw_worker(
    occupations: Sequence[OccupationSkills],
    pool: Sequence[str],
    seed: int,
    index: int,
    settings: PopulationSettings,
) -> dict[str, Any]:
    """Worker `index` of the population with this seed: the same every time."""
    rng = random.Random(f"onramp-population:{seed}:{index}")
    group = settings.groups[0] if rng.random() < settings.group_a_share else settings.groups[1]
    occupation = occupations[rng.randrange(len(occupations))]
    # skills are drawn before, and apart from, anything that depends on the group
    levels: dict[str, int] = {}
    shift = rng.choice((-1, 0, 0, 0, 1))  # some workers are further along than others
    for need in occupation.needs:
        if rng.random() < settings.drop_share:
            continue
        level = need.level + shift
        if rng.random() < settings.level_noise:
            level += rng.choice((-1, 1))
        levels[need.uri] = _clamp(level)
    for _ in range(rng.randint(0, settings.extra_skills)):
        uri = pool[rng.randrange(len(pool))]
        levels.setdefault(uri, rng.randint(1, 3))
    inflated = rng.random() < settings.inflated_share
    evidence: list[dict[str, Any]] = []
    for uri, level in levels.items():
        pieces = 2 if rng.random() < settings.second_evidence_share else 1
        for _ in range(pieces):
            evidence.append(_evidence(rng, uri, level, settings))
    if inflated:
        # claims beyond what the other evidence shows, and of skills the worker lacks
        for need in occupation.needs:
            if need.uri not in levels or rng.random() < 0.5:
                claimed = _clamp(max(need.level, levels.get(need.uri, 0)) + rng.randint(1, 2))
                evidence.append(_self_claim(rng, need.uri, claimed, settings.today))
    rate_a, rate_b = settings.degree_rates()
    has_degree = rng.random() < (rate_a if group == settings.groups[0] else rate_b)
    birth_year = rng.randint(1960, 2005)
    education: list[dict[str, Any]] = [{"level": "high school", "year": birth_year + 18}]
    if has_degree:
        education.append(
            {
                "level": rng.choice(DEGREES),
                "school": f"State University {rng.randint(1, 30)}",
                "year": birth_year + rng.randint(21, 30),
            }
        )
    return {
        "id": f"w{seed}-{index:08d}",
        "evidence": evidence,
        "education": education,
        "name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
        "birth_year": birth_year,
        "synthetic": {
            "group": group,
            "degree": has_degree,
            "occupation": occupation.code,
            "title": occupation.title,
            "inflated": inflated,
        },
    }


def _clamp(level: int) -> int:
    return max(MIN_LEVEL, min(MAX_LEVEL, level))


def _when(rng: random.Random, today: date) -> str:
    return (today - timedelta(days=rng.randint(0, 6 * 365))).isoformat()


def _evidence(
    rng: random.Random, uri: str, level: int, settings: PopulationSettings
) -> dict[str, Any]:
    kinds = list(KIND_WEIGHTS)
    kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
    status = EvidenceStatus.ACTIVE
    if kind in ISSUED and rng.random() < settings.inactive_share:
        status = rng.choice(
            (EvidenceStatus.REVOKED, EvidenceStatus.EXPIRED, EvidenceStatus.SUSPENDED)
        )
    issuer = f"did:web:issuer-{rng.randrange(ISSUERS):02d}.example" if kind in ISSUED else None
    return {
        "skill": uri,
        "level": level,
        "kind": kind.value,
        "verified": rng.random() < VERIFIED_SHARE[kind],
        "status": status.value,
        "date": _when(rng, settings.today),
        "issuer": issuer,
    }


def _self_claim(rng: random.Random, uri: str, level: int, today: date) -> dict[str, Any]:
    return {
        "skill": uri,
        "level": level,
        "kind": EvidenceKind.SELF.value,
        "verified": False,
        "status": EvidenceStatus.ACTIVE.value,
        "date": _when(rng, today),
        "issuer": None,
    }
