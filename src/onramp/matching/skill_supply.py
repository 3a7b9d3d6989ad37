"""Skills evidenced in workers' profiles, counted by the place each profile names (issue 16,
item 2: supply for the market's gap report).

Only counts leave here, grouped by the profile's location text: how many workers name it, and
for each skill URI how many of them have any evidence entry with that skill. No worker id,
name or entry is returned. The market side places the locations in areas and withholds small
counts before anything is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from onramp.store import matching_tables as evidence
from onramp.store import platform_tables as platform


@dataclass
class PlaceSupply:
    workers: int = 0
    by_skill: Counter[str] = field(default_factory=Counter)


def supply_by_location(engine: Engine) -> dict[str, PlaceSupply]:
    """Per profile location (as typed, spaces collapsed): workers, and workers per skill."""
    profiles = platform.worker_profiles
    entries, skills = evidence.evidence_entries, evidence.evidence_skills
    out: dict[str, PlaceSupply] = {}
    where: dict[str, str] = {}
    with engine.connect() as conn:
        for worker, location in conn.execute(select(profiles.c.user_id, profiles.c.location)):
            place = " ".join(str(location or "").split())
            where[str(worker)] = place
            out.setdefault(place, PlaceSupply()).workers += 1
        rows = conn.execute(
            select(entries.c.worker_id, skills.c.skill)
            .join(skills, skills.c.entry_id == entries.c.id)
            .distinct()
        )
        for worker, skill in rows:
            home = where.get(str(worker))
            if home is not None:
                out[home].by_skill[str(skill)] += 1
    return out
