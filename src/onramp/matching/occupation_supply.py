"""Workers by the occupation their evidence is coded to, counted by the place their profile
names (issue 18, item 5: supply for the regional view).

Only consented profiles count: a worker is counted only while they hold an active consent
grant (not revoked, not expired) whose parts include "profile" for at least one organization.
A worker who shares nothing with anyone has not put their profile in front of employers, so
they are not part of the supply an area can hire from (docs/decisions/0037-regional-view.md).

The database does the counting (one GROUP BY over profile location and occupation code, with
COUNT(DISTINCT worker)), so no worker row is read into Python and only counts leave here. The
caller places each location in an area and withholds small counts before anything is shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, Exists, Text, and_, case, cast, exists, func, select

from onramp.caching import StampedCache
from onramp.matching.skill_supply import supply_stamp
from onramp.platform.secrets import now
from onramp.store import matching_tables as evidence
from onramp.store import platform_tables as platform

# How a part is written inside the stored scope JSON ({"parts": ["profile", ...], ...}): a
# skill URI or record id is never this quoted word, so a text match finds the part on both
# SQLite and PostgreSQL without JSON functions that differ between them.
_PROFILE_PART = '%"profile"%'


def has_profile_grant(at: datetime) -> Exists:
    """The SQL condition: the worker (worker_profiles.user_id) holds a grant of their
    profile to some organization that is active at `at`."""
    grants = platform.consent_grants
    return exists().where(
        grants.c.worker_id == platform.worker_profiles.c.user_id,
        grants.c.revoked_at.is_(None),
        grants.c.expires_at > at,
        cast(grants.c.scope, Text).like(_PROFILE_PART),
    )


_SUPPLY: StampedCache[dict[tuple[str, str], int]] = StampedCache()


def consented_supply(engine: Engine, at: datetime | None = None) -> dict[tuple[str, str], int]:
    """(profile location with spaces collapsed, occupation code) -> workers with consented
    profiles and at least one evidence entry coded to that occupation. A worker with evidence
    in two occupations counts once in each. Callers never change what they get.

    Now (`at` None), the counts are kept per store until evidence, a profile or a grant changes
    or a grant runs out (`grants_stamp`): the count takes about a second at 100,000 workers
    on SQLite (bench/dashboards.py)."""
    if at is not None:
        return _count(engine, at)
    moment = now()
    stamp = (*supply_stamp(engine), *grants_stamp(engine, moment))
    return _SUPPLY.get(str(engine.url), stamp, lambda: _count(engine, moment))


def grants_stamp(engine: Engine, at: datetime) -> tuple[object, ...]:
    """What changes whenever the set of active grants can: how many there are, the latest,
    how many were revoked and how many have run out by `at`."""
    grants = platform.consent_grants
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                select(
                    func.count(),
                    func.max(grants.c.created_at),
                    func.count(grants.c.revoked_at),
                    func.sum(case((grants.c.expires_at <= at, 1), else_=0)),
                )
            ).one()
        )


def _count(engine: Engine, moment: datetime) -> dict[tuple[str, str], int]:
    profiles, entries = platform.worker_profiles, evidence.evidence_entries
    query = (
        select(
            profiles.c.location,
            entries.c.occupation_code,
            func.count(func.distinct(profiles.c.user_id)).label("workers"),
        )
        .select_from(
            profiles.join(
                entries,
                and_(entries.c.worker_id == profiles.c.user_id, entries.c.occupation_code != ""),
            )
        )
        .where(has_profile_grant(moment))
        .group_by(profiles.c.location, entries.c.occupation_code)
    )
    out: dict[tuple[str, str], int] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            key = (" ".join(str(row.location or "").split()), str(row.occupation_code))
            out[key] = out.get(key, 0) + int(row.workers)
    return out
