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

from sqlalchemy import Engine, distinct, func, select

from onramp.caching import StampedCache
from onramp.store import matching_tables as evidence
from onramp.store import platform_tables as platform


@dataclass
class PlaceSupply:
    workers: int = 0
    by_skill: Counter[str] = field(default_factory=Counter)


_SUPPLY: StampedCache[dict[str, PlaceSupply]] = StampedCache()


def supply_by_location(engine: Engine) -> dict[str, PlaceSupply]:
    """Per profile location (as typed, spaces collapsed): workers, and workers per skill.
    Callers read it and never change it: it is shared until the evidence changes.

    Counted by the database (GROUP BY), so a page never loads every worker: each worker has
    one profile, so counts of places typed differently but read the same add up exactly.
    At 100,000 workers the join still takes about a second on SQLite (bench/dashboards.py),
    so the counts are kept per store until a profile or an evidence entry is added, changed
    or removed (`supply_stamp`)."""
    return _SUPPLY.get(str(engine.url), supply_stamp(engine), lambda: _count_supply(engine))


def supply_stamp(engine: Engine) -> tuple[object, ...]:
    """What changes whenever the supply can: row counts and the latest change of profiles,
    evidence entries and their skills (a skill changes only with its entry)."""
    profiles = platform.worker_profiles
    entries, skills = evidence.evidence_entries, evidence.evidence_skills
    with engine.connect() as conn:
        return (
            *conn.execute(select(func.count(), func.max(profiles.c.updated_at))).one(),
            *conn.execute(select(func.count(), func.max(entries.c.updated_at))).one(),
            conn.execute(select(func.count()).select_from(skills)).scalar_one(),
        )


def _count_supply(engine: Engine) -> dict[str, PlaceSupply]:
    profiles = platform.worker_profiles
    entries, skills = evidence.evidence_entries, evidence.evidence_skills
    out: dict[str, PlaceSupply] = {}
    with engine.connect() as conn:
        for row in conn.execute(
            select(profiles.c.location, func.count().label("workers")).group_by(profiles.c.location)
        ):
            out.setdefault(_place(row.location), PlaceSupply()).workers += int(row.workers)
        rows = conn.execute(
            select(
                profiles.c.location,
                skills.c.skill,
                func.count(distinct(entries.c.worker_id)).label("workers"),
            )
            .select_from(entries)
            .join(skills, skills.c.entry_id == entries.c.id)
            .join(profiles, profiles.c.user_id == entries.c.worker_id)
            .group_by(profiles.c.location, skills.c.skill)
        )
        for row in rows:
            out[_place(row.location)].by_skill[str(row.skill)] += int(row.workers)
    return out


def _place(location: object) -> str:
    return " ".join(str(location or "").split())
