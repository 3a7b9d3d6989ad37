"""The skills people in an occupation use, each at a 1-5 level, for past jobs (issue 14).

A past job coded to an occupation counts as inferred evidence of that occupation's skills
(`sources/entries.py`). Which skills, and at what level, is exactly what the job builder
proposes for the occupation (`onramp.jobs.builder.propose`: O*NET ratings read onto the one 1-5
scale, else ESCO's essential skills, plus linked Essential Skills), so a worker's past job and
an employer's job built from the same occupation speak of the same skills at the same levels.
Kept per process until a current release changes (`ReleaseCache`).
"""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.errors import NotFoundError
from onramp.jobs.builder import propose
from onramp.matching.sources.entries import OccupationSkills
from onramp.store.release_cache import ReleaseCache
from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.esf.view import EsfView, essential_skills

_cache: ReleaseCache[tuple[tuple[str, int], ...]] = ReleaseCache()


def store_occupation_skills(engine: Engine) -> OccupationSkills:
    """`OccupationSkills` over the current releases of one store; an occupation the store does
    not know gives no skills."""

    def skills(occupation_code: str) -> tuple[tuple[str, int], ...]:
        return _cache.current(
            engine, ("occupation-skills", occupation_code), lambda: _build(occupation_code)
        )

    def _build(code: str) -> tuple[tuple[str, int], ...]:
        try:
            profile = Catalog(engine).profile(code)
        except NotFoundError:
            return ()
        try:
            esf: EsfView | None = essential_skills(engine)
        except NotFoundError:
            esf = None
        return tuple((r.skill, r.level) for r in propose(profile, esf).draft.requirements)

    return skills
