"""Demand and gap reports from the store (issue 16, item 2): the area a person names, the
month window, the counts of a selection's first postings (reposts, `duplicate_of` not null,
never count; counted in SQL by `onramp.market.demand_counts`) and the workers' supply, made
into figures by the pure rules of `onramp.market.demand`. Reports are plain dicts, ready for
`--json`, CSV and the web.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, and_, select

from onramp.errors import InvalidInputError, NotAvailableError
from onramp.market import demand as figures
from onramp.market.area_pay import area_pay
from onramp.market.areas import STATES, Area, match_areas
from onramp.market.demand_counts import (
    AreaFilter,
    count_demand,
    count_pairs,
    count_postings,
    posting_filter,
    technology_skills,
)
from onramp.market.posting_analysis import place_for, state_named
from onramp.store import market_tables as tables
from onramp.store import schema
from onramp.taxonomy.catalog import Catalog

MAX_TOP = 1000


def _areas(engine: Engine) -> list[Area]:
    from onramp.market.wage_areas import wage_areas

    try:
        return [Area(a["code"], a["name"], a["type"]) for a in wage_areas(engine)]
    except NotAvailableError:
        return []


def resolve_area(engine: Engine, text: str | None) -> AreaFilter | None:
    """The area a person typed ("Dayton, OH", "19430", "Ohio", "OH"); None for the whole
    country; InvalidInputError when nothing matches."""
    if text is None or not text.strip() or text.strip().lower() in ("us", "national"):
        return None
    areas = [a for a in match_areas(text, _areas(engine)) if a.kind != "national"]
    if areas:
        area = areas[0]
        if area.kind == "state" and len(area.states) == 1:
            return AreaFilter(area.name, state=next(iter(area.states)))
        return AreaFilter(area.name, code=area.code)
    state = state_named(text) or (text.strip().upper() if text.strip().upper() in STATES else None)
    if state is not None:
        return AreaFilter(STATES[state], state=state)
    raise InvalidInputError(
        f"--area '{text}' is not a place Onramp knows: use a city and state "
        "(like 'Dayton, OH'), a state, or an OEWS area code"
    )


def read_postings(
    engine: Engine,
    area: AreaFilter | None = None,
    window: Sequence[str] = (),
    occupation: str | None = None,
) -> list[figures.Posting]:
    """The first postings in the area, months and occupation asked for, with their skills
    found at MIN_CONFIDENCE or more. With a window (months asked for), undated postings are
    left out. The reports count in SQL (`demand_counts`); this is the reference the property
    tests and bench/demand_counts.py compare those counts with."""
    p, s = tables.postings, tables.posting_skills
    where = posting_filter(area, window, occupation)
    names = {a.code: a.name for a in _areas(engine)}
    query = (
        select(
            p.c.id, p.c.month, p.c.area_code, p.c.occupation_code, p.c.occupation_title,
            s.c.skill_uri, s.c.label, s.c.skill_type, s.c.hot,
        )
        .select_from(
            p.outerjoin(
                s, and_(s.c.posting_id == p.c.id, s.c.confidence >= figures.MIN_CONFIDENCE)
            )
        )
        .where(*where)
        .order_by(p.c.id, s.c.skill_uri)
    )  # fmt: skip
    heads: dict[str, tuple[Any, ...]] = {}
    skills: dict[str, list[figures.PostingSkill]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            heads.setdefault(row.id, (row.month, row.area_code, row.occupation_code,
                                      row.occupation_title))  # fmt: skip
            found = skills.setdefault(row.id, [])
            if row.skill_uri is not None:
                technology = row.skill_type == "technology" or bool(row.hot)
                found.append(figures.PostingSkill(row.skill_uri, row.label, technology))
    return [
        figures.Posting(
            month, code, names.get(code) if code else None, occupation, title,
            tuple(skills[key]),
        )
        for key, (month, code, occupation, title) in heads.items()
    ]  # fmt: skip


def read_supply(engine: Engine, area: AreaFilter | None) -> figures.Supply:
    """Workers whose profile location lies in the area, and how many evidence each skill."""
    from onramp.matching.skill_supply import supply_by_location

    areas = _areas(engine)
    workers = 0
    by_skill: dict[str, int] = {}
    for location, found in supply_by_location(engine).items():
        if area is not None:
            place = place_for(location, areas)
            if not area.holds(place.area_code, place.state):
                continue
        workers += found.workers
        for skill, count in found.by_skill.items():
            by_skill[skill] = by_skill.get(skill, 0) + count
    return figures.Supply(workers, by_skill)


def _window(engine: Engine, first: str | None, last: str | None) -> list[str]:
    first = figures.month_key(first, "--from") if first else None
    last = figures.month_key(last, "--to") if last else None
    months: list[str | None] = []
    if first is None or last is None:
        p = tables.postings
        with engine.connect() as conn:
            months = list(
                conn.execute(select(p.c.month).where(p.c.month.is_not(None)).distinct()).scalars()
            )
    return figures.window_of(months, first, last)


def _top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise InvalidInputError(f"--top must be between 1 and {MAX_TOP}")
    return top


def _projections(engine: Engine) -> dict[str, float | None]:
    release = Catalog(engine).current("bls-projections")
    if release is None:
        return {}
    table = schema.projections
    with engine.connect() as conn:
        rows = conn.execute(
            select(table.c.soc_code, table.c.change_percent).where(
                table.c.framework_id == release.id
            )
        ).all()
    return {str(r.soc_code): r.change_percent for r in rows}


def demand_report(
    engine: Engine,
    by: figures.DemandBy = figures.DemandBy.SKILL,
    area: str | None = None,
    first: str | None = None,
    last: str | None = None,
    top: int = 20,
    occupation: str | None = None,
) -> dict[str, Any]:
    """Demand by skill, occupation, area or month, and postings each month; by skill also
    the hot technologies and the skills asked for together; by occupation also the area's
    wages and BLS projections. Every count is made in SQL (`demand_counts`)."""
    top = _top(top)
    place = resolve_area(engine, area)
    window = _window(engine, first, last)
    asked = window if (first or last) else []
    where = posting_filter(place, asked, occupation)
    total = count_postings(engine, where)
    names = {a.code: a.name for a in _areas(engine)} if by is figures.DemandBy.AREA else {}
    found = count_demand(engine, by, where, window, total, names)
    by_month = (
        found
        if by is figures.DemandBy.MONTH
        else count_demand(engine, figures.DemandBy.MONTH, where, window, total)
    )
    earlier, later = figures.halves(window)
    rows = [asdict(r) for r in found[:top]]
    report: dict[str, Any] = {
        "by": str(by),
        "what": by.sentence,
        "area": place.name if place else "the whole country",
        "occupation": occupation,
        "months": [window[0], window[-1]] if window else None,
        "earlier_period": sorted(earlier),
        "later_period": sorted(later),
        "postings": total,
        "rows": rows,
        "trend": [
            {"month": month, "postings": count} for month, count in figures.trend(by_month, window)
        ],
    }
    if by is figures.DemandBy.SKILL:
        hot = figures.hot_rows(found, technology_skills(engine, where))
        report["hot_technologies"] = [asdict(r) for r in hot[:top]]
        pairs = count_pairs(engine, where, figures.TOGETHER_MIN_POSTINGS)
        shared = figures.pairs_from_counts(pairs, found, total)
        report["together"] = [asdict(pair) for pair in shared[:top]]
    if by is figures.DemandBy.OCCUPATION:
        pay = area_pay(engine, place.name if place else "")
        change = _projections(engine)
        for row in rows:
            soc = str(row["key"])[:7]
            pay_here = pay.pay(soc)
            row["extra"] = {
                "annual_median_wage": pay_here.annual if pay_here else None,
                "wage_where": pay_here.where if pay_here else None,
                "projected_change_percent": change.get(soc),
            }
    return report


def gap_report(
    engine: Engine,
    area: str | None = None,
    top: int = 20,
    first: str | None = None,
    last: str | None = None,
) -> dict[str, Any]:
    """Skills asked for (in the months asked for, as in `demand_report`) against skills
    workers in the same area evidence now (counts only: profiles have no months)."""
    top = _top(top)
    place = resolve_area(engine, area)
    window = _window(engine, first, last)
    where = posting_filter(place, window if (first or last) else [], None)
    total = count_postings(engine, where)
    by_skill = count_demand(engine, figures.DemandBy.SKILL, where, [], total)
    supply = read_supply(engine, place)
    return {
        "area": place.name if place else "the whole country",
        "months": [window[0], window[-1]] if window else None,
        "postings": total,
        "workers": figures.suppressed(supply.workers),
        "suppress_below": figures.SUPPRESS_BELOW,
        "rows": [asdict(r) for r in figures.gap_rows(by_skill, supply)[:top]],
    }
