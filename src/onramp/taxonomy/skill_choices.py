"""Skills to pick by name: what a registrar sees when aligning an achievement to skills.

A person searches by words ("forklift", "teamwork"); the achievement stores each skill's URI
(ESCO, O*NET or the Essential Skills Framework), which survives new releases. This reads the
same search index as the skill pages and adds each hit's URI and framework name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from onramp.errors import NotFoundError
from onramp.store import schema
from onramp.taxonomy.catalog import Catalog

MAX_CHOICES = 25


@dataclass(frozen=True, slots=True)
class SkillChoice:
    uri: str
    label: str
    framework: str  # the framework's name, to tell "teamwork" in ESCO from the ESF one
    code: str


def skill_choices(catalog: Catalog, query: str, limit: int = 10) -> list[SkillChoice]:
    """Skills whose names match `query`, best first, with their URIs."""
    query = " ".join(query.split())[:200]
    if len(query) < 2:
        return []
    hits = catalog.search_skills(query, limit=min(max(limit, 1), MAX_CHOICES))
    current = {f.key: f for f in catalog.frameworks() if f.is_current}
    table = schema.skills
    found: dict[tuple[str, str], tuple[str, str]] = {}
    with catalog.engine.connect() as conn:
        for key in {h.framework for h in hits} & current.keys():
            codes = [h.key for h in hits if h.framework == key]
            rows = conn.execute(
                select(table.c.code, table.c.uri, table.c.preferred_label).where(
                    table.c.framework_id == current[key].id, table.c.code.in_(codes)
                )
            ).all()
            found |= {(key, r.code): (r.uri, r.preferred_label) for r in rows}
    return [
        SkillChoice(
            found[(h.framework, h.key)][0],
            found[(h.framework, h.key)][1],
            current[h.framework].name,
            h.key,
        )
        for h in hits
        if (h.framework, h.key) in found
    ]


def chosen_skills(catalog: Catalog, given: list[str]) -> list[SkillChoice]:
    """The skills a form already holds (URIs or codes), named, so a page shown again keeps
    them; one that is not found is kept as typed, for the use case to refuse with a reason."""
    chosen = []
    for value in dict.fromkeys(v.strip() for v in given if v.strip()):
        try:
            framework, skill = catalog.skill(value)
        except NotFoundError:
            chosen.append(SkillChoice(value, value, "", ""))
            continue
        chosen.append(SkillChoice(skill.uri, skill.preferred_label, framework.name, skill.code))
    return chosen
