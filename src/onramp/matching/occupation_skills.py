"""The skills people in an occupation use, each at a 1-5 level, for past jobs (issue 14).

A past job coded to an occupation counts as inferred evidence of that occupation's skills
(`sources/entries.py`). Which skills, and at what level, come from the one "skills of an
occupation" use case (`onramp.nlp.occupation_skills`, which the job builder also proposes
from): rated or listed where the releases have them, else guessed from the occupation's tasks.
So a worker's past job and an employer's job built from the same occupation speak of the same
skills at the same levels. Cached per release by that use case.
"""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.matching.sources.entries import OccupationSkills
from onramp.nlp.occupation_skills import skill_levels


def store_occupation_skills(engine: Engine) -> OccupationSkills:
    """`OccupationSkills` over the current releases of one store; an occupation the store does
    not know gives no skills."""

    def skills(occupation_code: str) -> tuple[tuple[str, int], ...]:
        return tuple(skill_levels(engine, occupation_code))

    return skills
