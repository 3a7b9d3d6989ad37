"""The counts behind the regional view (issue 18, item 5), made by the database: hired
microcredential placements by the learner's profile location and occupation, the wages of
those placements, OEWS hourly medians for an area, and occupation titles.

A placement counts when it is the current record of a learner with an employer (the latest
row of that enrollment and employer, as `current_placements` reads them) and says hired.
Placements are few next to workers, so the wages of the current hires are read as numbers
(with their place and occupation, never the learner) to take medians per occupation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Engine, and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from onramp.market.model import NATIONAL
from onramp.store import market_tables as market
from onramp.store import microcredential_tables as mc
from onramp.store import platform_tables as platform
from onramp.store import schema
from onramp.taxonomy.catalog import Catalog


def month_range(window: Sequence[str]) -> tuple[date, date] | None:
    """The first day of the first month and the first day after the last month."""
    if not window:
        return None
    first = date.fromisoformat(f"{window[0]}-01")
    year, month = (int(part) for part in window[-1].split("-"))
    after = date(year + month // 12, month % 12 + 1, 1)
    return first, after


def _employer(table: object) -> ColumnElement[str]:
    # the same key as delivery_model.Placement.employer_key: the organization, else the name
    return func.coalesce(
        table.c.employer_org_id,  # type: ignore[attr-defined]
        literal("name:") + func.lower(table.c.employer_name),  # type: ignore[attr-defined]
    )


def _current_hires(window: Sequence[str]) -> list[ColumnElement[bool]]:
    p = mc.microcredential_placements
    later = aliased(p)
    newer = (
        select(later.c.id)
        .where(
            later.c.enrollment_id == p.c.enrollment_id,
            _employer(later) == _employer(p),
            or_(
                later.c.recorded_at > p.c.recorded_at,
                and_(later.c.recorded_at == p.c.recorded_at, later.c.id > p.c.id),
            ),
        )
        .exists()
    )
    where: list[ColumnElement[bool]] = [p.c.hired.is_(True), p.c.occupation != "", ~newer]
    span = month_range(window)
    if span is not None:
        where += [p.c.placed_on >= span[0], p.c.placed_on < span[1]]
    return where


def _placed_from() -> object:
    p, e, profiles = (
        mc.microcredential_placements,
        mc.microcredential_enrollments,
        platform.worker_profiles,
    )
    return p.join(e, e.c.id == p.c.enrollment_id).outerjoin(
        profiles, profiles.c.user_id == e.c.learner_id
    )


def placements_by_place(engine: Engine, window: Sequence[str]) -> dict[tuple[str, str], int]:
    """(profile location, occupation) -> learners with a current hire in that occupation
    (placed in the months of `window`; every date when it is empty)."""
    p, e, profiles = (
        mc.microcredential_placements,
        mc.microcredential_enrollments,
        platform.worker_profiles,
    )
    query = (
        select(
            profiles.c.location,
            p.c.occupation,
            func.count(func.distinct(e.c.learner_id)).label("n"),
        )
        .select_from(_placed_from())  # type: ignore[arg-type]
        .where(*_current_hires(window))
        .group_by(profiles.c.location, p.c.occupation)
    )
    out: dict[tuple[str, str], int] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            key = (" ".join(str(row.location or "").split()), str(row.occupation))
            out[key] = out.get(key, 0) + int(row.n)
    return out


def placement_wages(
    engine: Engine, window: Sequence[str], occupations: set[str]
) -> list[tuple[str, str, float]]:
    """(profile location, occupation, hourly wage) of the current hires with a wage, for the
    occupations asked for only (those with enough placements to show a median)."""
    if not occupations:
        return []
    p, profiles = mc.microcredential_placements, platform.worker_profiles
    query = (
        select(func.coalesce(profiles.c.location, "").label("location"), p.c.occupation, p.c.wage)
        .select_from(_placed_from())  # type: ignore[arg-type]
        .where(
            *_current_hires(window), p.c.wage.is_not(None), p.c.occupation.in_(sorted(occupations))
        )
    )
    with engine.connect() as conn:
        return [
            (" ".join(str(row.location).split()), str(row.occupation), float(row.wage))
            for row in conn.execute(query)
        ]


def oews_hourly(engine: Engine, area_code: str | None) -> dict[str, float]:
    """SOC code (7 characters) -> the OEWS hourly median in the area (the nation for None);
    empty when no wages are imported."""
    release = Catalog(engine).current("oews")
    if release is None or release.id is None:
        return {}
    wages = schema.wages
    with engine.connect() as conn:
        rows = conn.execute(
            select(wages.c.soc_code, wages.c.hourly_median.label("median")).where(
                wages.c.framework_id == release.id,
                wages.c.area_code == (area_code or NATIONAL),
                wages.c.hourly_median.is_not(None),
            )
        ).all()
    return {str(row.soc_code): float(row.median) for row in rows}


def state_area_code(engine: Engine, state_name: str) -> str | None:
    """The OEWS area code of a state, by its name."""
    release = Catalog(engine).current("oews")
    if release is None or release.id is None:
        return None
    wages = schema.wages
    with engine.connect() as conn:
        return conn.execute(
            select(wages.c.area_code)
            .where(
                wages.c.framework_id == release.id,
                wages.c.area_type == "state",
                wages.c.area_name == state_name,
            )
            .limit(1)
        ).scalar()


def posting_titles(engine: Engine, codes: set[str]) -> dict[str, str]:
    """Occupation code -> a title the postings give it."""
    if not codes:
        return {}
    p = market.postings
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.c.occupation_code, func.min(p.c.occupation_title))
            .where(p.c.occupation_code.in_(sorted(codes)), p.c.occupation_title.is_not(None))
            .group_by(p.c.occupation_code)
        ).all()
    return {str(code): str(title) for code, title in rows if title}


def wage_titles(engine: Engine, socs: set[str]) -> dict[str, str]:
    """SOC code -> the OEWS occupation title, for codes the postings do not name."""
    release = Catalog(engine).current("oews")
    if release is None or release.id is None or not socs:
        return {}
    wages = schema.wages
    with engine.connect() as conn:
        rows = conn.execute(
            select(wages.c.soc_code, func.min(wages.c.occupation_title))
            .where(wages.c.framework_id == release.id, wages.c.soc_code.in_(sorted(socs)))
            .group_by(wages.c.soc_code)
        ).all()
    return {str(soc): str(title) for soc, title in rows if title}
