"""The store adapter of the transition model: `OccupationFeatures` of every occupation of the
current O*NET release, and the matrix over them kept per release (issue 15, item 1).

It reads through the project's use cases: the occupation profile (`Catalog.profile`: raw
O*NET ratings, technology, job zone, OEWS wages national or by area, BLS projections) and
the one "skills of an occupation" use case (`onramp.nlp.occupation_skills`: rated, ESCO
listed through the crosswalk, or guessed from tasks on the embedded default). The only table
it reads itself is O*NET's task -> detailed work activity links, which no use case serves yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, select

from onramp.errors import NotAvailableError, NotFoundError
from onramp.nlp.occupation_skills import (
    OccupationSkills,
    SkillBasis,
    all_occupation_skills,
    occupation_codes,
)
from onramp.pathways.matrix import TransitionMatrix, build_matrix, lacks_of
from onramp.pathways.model import Lack, OccupationFeatures, SkillNeed, TransitionConfig
from onramp.pathways.similarity import near_equal_groups
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache
from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.profile import OccupationProfile

FRAMEWORK = "onet"
log = logging.getLogger(__name__)
_MATRICES: ReleaseCache[TransitionMatrix] = ReleaseCache()


def transition_matrix(
    engine: Engine,
    config: TransitionConfig | None = None,
    *,
    area: str | None = None,
    advance: Callable[[int], None] | None = None,
) -> TransitionMatrix:
    """The matrix over the current O*NET release, built once per process and release (and
    rebuilt when any current release, wages and projections included, changes)."""
    config = config or TransitionConfig()

    def build() -> TransitionMatrix:
        features, lacks, groups = _load(engine, config, area=area, advance=advance)
        return build_matrix(features, config, lacks, groups)

    return _MATRICES.current(engine, ("pathways-matrix", config, area or ""), build)


def cached_transition_matrix(
    engine: Engine, config: TransitionConfig | None = None, *, area: str | None = None
) -> TransitionMatrix | None:
    """The matrix `transition_matrix` keeps, if this process has it for the current
    releases; None otherwise. It never builds: a web request uses it not to wait for minutes
    (the embedded default's matrix takes minutes to build)."""
    config = config or TransitionConfig()
    return _MATRICES.peek_current(engine, ("pathways-matrix", config, area or ""))


def load_features(
    engine: Engine,
    config: TransitionConfig | None = None,
    *,
    area: str | None = None,
    advance: Callable[[int], None] | None = None,
) -> tuple[list[OccupationFeatures], list[Lack]]:
    """Features of every occupation of the current O*NET release and what they lack.
    `advance(n)` is told as occupations are read (twice per occupation: skills, profile)."""
    features, lacks, _groups = _load(engine, config, area=area, advance=advance)
    return features, lacks


def _load(
    engine: Engine,
    config: TransitionConfig | None = None,
    *,
    area: str | None = None,
    advance: Callable[[int], None] | None = None,
) -> tuple[list[OccupationFeatures], list[Lack], dict[str, str]]:
    """`load_features` and the near-equal skill groups (skill URI -> the URI it is counted
    as), which a worker's own skills go through too (`onramp.pathways.worker`)."""
    config = config or TransitionConfig()
    tick = advance or (lambda _n: None)
    catalog = Catalog(engine)
    release = catalog.current(FRAMEWORK)
    if release is None or release.id is None:
        raise NotFoundError("no O*NET release is imported; run: onramp taxonomy import onet")
    profiles = []
    for code in occupation_codes(engine, FRAMEWORK):
        profiles.append(catalog.profile(code, area))
        tick(1)
    all_skills = all_occupation_skills(engine, FRAMEWORK, advance=tick, profiles=profiles)
    activities = _activities(engine, release.id)
    groups, vectors_note = _groups(engine, all_skills, config)
    features = [
        _features(profile, skills, activities.get(skills.code, frozenset()), groups)
        for profile, skills in zip(profiles, all_skills, strict=True)
    ]
    lacks = lacks_of(features)
    if not any(f.listed for f in features if not f.inferred):
        lacks.append(Lack.LISTED_SKILLS)
    if vectors_note:
        lacks.append(Lack.SKILL_VECTORS)
    return features, sorted(set(lacks), key=list(Lack).index), groups


def _features(
    profile: OccupationProfile,
    skills: OccupationSkills,
    activities: frozenset[str],
    groups: dict[str, str],
) -> OccupationFeatures:
    def rated(kind: str) -> dict[str, float]:
        found = profile.skills if kind == "skill" else profile.knowledge
        return {
            s.code: float(s.importance or 0.0) * float(s.level or 0.0)
            for s in found
            if s.importance is not None and s.level is not None and not s.level_not_relevant
        }

    listed: dict[str, float] = {}
    needs: list[SkillNeed] = []
    for skill in skills.skills:
        uri = groups.get(skill.uri, skill.uri)
        needs.append(SkillNeed(uri, skill.label, skill.level, skill.importance))
        if skill.basis is not SkillBasis.RATED:
            weight = 1.0 if skill.basis is SkillBasis.ESSENTIAL else 0.5
            listed[uri] = max(listed.get(uri, 0.0), weight)
    wage = profile.area_wage or profile.national_wage
    growth = profile.growth
    return OccupationFeatures(
        code=profile.code,
        title=profile.title,
        job_zone=profile.job_zone,
        rated_skills=rated("skill"),
        rated_knowledge=rated("knowledge"),
        listed=listed,
        activities=activities,
        technology=frozenset(t.example for t in profile.technology),
        skills=tuple(needs),
        wage=None if wage is None else wage.annual_median,
        growth_percent=None if growth is None else growth.change_percent,
        annual_openings=None if growth is None else growth.annual_openings,
        inferred=skills.inferred,
    )


def _activities(engine: Engine, framework_id: int) -> dict[str, frozenset[str]]:
    """O*NET detailed work activities of each occupation, through its tasks."""
    table = schema.task_activities
    found: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(
            select(table.c.occupation_code, table.c.dwa_id).where(
                table.c.framework_id == framework_id
            )
        ):
            found.setdefault(str(row.occupation_code), set()).add(str(row.dwa_id))
    return {code: frozenset(dwas) for code, dwas in found.items()}


def _groups(
    engine: Engine, all_skills: Sequence[OccupationSkills], config: TransitionConfig
) -> tuple[dict[str, str], str]:
    """Near-equal listed skills grouped through their stored vectors (preferred labels), and
    why not when the vectors are missing ("" when grouped or nothing to group)."""
    uris = sorted(
        {s.uri for found in all_skills for s in found.skills if s.basis is not SkillBasis.RATED}
    )
    if not uris:
        return {}, ""
    from onramp.nlp.embedding import MODEL_ID
    from onramp.nlp.vectors import current_framework, skill_matrix

    try:
        matrix = skill_matrix(engine, current_framework(engine, "esco"), MODEL_ID)
    except (NotFoundError, NotAvailableError) as error:
        return {}, str(error)
    row_of: dict[str, int] = {}
    for row, (skill, kind) in enumerate(zip(matrix.skill_of, matrix.kinds, strict=True)):
        if kind == 0:  # the preferred label
            row_of.setdefault(matrix.uris[int(skill)], row)
    known = [uri for uri in uris if uri in row_of]
    if not known:
        return {}, "no stored vectors for the listed skills"
    vectors = matrix.vectors[[row_of[uri] for uri in known]]
    return near_equal_groups(known, vectors, config.near_equal), ""


def occupation_count(engine: Engine) -> int:
    """How many occupations the current O*NET release has (0 when none is imported)."""
    try:
        return len(occupation_codes(engine, FRAMEWORK))
    except NotFoundError:
        return 0


def warm_up(engine: Engine) -> bool:
    """Build the matrix over the current O*NET release, for a server to run in the background
    at start, so the first person to ask for pathways does not wait for it. False when no
    O*NET release is imported (pathways then say so when asked)."""
    try:
        transition_matrix(engine)
    except NotFoundError as error:
        log.info("career pathways are not available: %s", error)
        return False
    return True
