"""Demand counts made by the database (issue 16, item 2): one GROUP BY per report instead of
reading every posting and its skills into Python. Works on SQLite and PostgreSQL (plain
COUNT, SUM over CASE, MIN); a property test checks that it gives the same rows as the Python
counts of `onramp.market.demand.demand` on random stores.

The selection is the one `demand_store.read_postings` reads: first postings only
(`duplicate_of IS NULL`), in the area, months and occupation asked for, and for skills only
those found with confidence at least MIN_CONFIDENCE. A skill is stored once per posting (the
primary key of posting_skills), so counting rows counts postings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, FromClause, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from onramp.market import demand as figures
from onramp.store import market_tables as tables


@dataclass(frozen=True, slots=True)
class AreaFilter:
    """An OEWS area code, or a whole state (postings and workers anywhere in it)."""

    name: str
    code: str | None = None
    state: str | None = None

    def holds(self, area_code: str | None, state: str | None) -> bool:
        if self.code is not None:
            return area_code == self.code
        return state == self.state


def posting_filter(
    area: AreaFilter | None, window: Sequence[str], occupation: str | None
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a selection: first postings in the area, the months of `window`
    (none: every month, undated postings too) and the occupation."""
    p = tables.postings
    where: list[ColumnElement[bool]] = [p.c.duplicate_of.is_(None)]
    if area is not None and area.code is not None:
        where.append(p.c.area_code == area.code)
    elif area is not None:
        where.append(p.c.state == area.state)
    if window:
        where.append(p.c.month.between(window[0], window[-1]))
    if occupation:
        where.append(p.c.occupation_code == occupation)
    return where


def _skills_of(posting: FromClause) -> FromClause:
    s = tables.posting_skills
    return posting.join(
        s, and_(s.c.posting_id == tables.postings.c.id, s.c.confidence >= figures.MIN_CONFIDENCE)
    )


def _in_period(months: set[str]) -> ColumnElement[int]:
    if not months:
        return func.sum(literal(0))
    return func.sum(case((tables.postings.c.month.in_(sorted(months)), 1), else_=0))


def count_postings(engine: Engine, where: Sequence[ColumnElement[bool]]) -> int:
    with engine.connect() as conn:
        found = conn.execute(select(func.count()).select_from(tables.postings).where(*where))
        return int(found.scalar_one())


def count_demand(
    engine: Engine,
    by: figures.DemandBy,
    where: Sequence[ColumnElement[bool]],
    window: Sequence[str],
    total: int,
    area_names: Mapping[str, str] | None = None,
) -> list[figures.DemandRow]:
    """The rows `figures.demand` gives for the selection, counted with one GROUP BY. `window`
    splits growth into periods; `total` is the selection's postings; `area_names` names
    OEWS areas (by area)."""
    p, s = tables.postings, tables.posting_skills
    earlier, later = figures.halves(window)
    source: FromClause = p
    if by is figures.DemandBy.SKILL:
        key, label = s.c.skill_uri, func.min(s.c.label)
        source = _skills_of(p)
    else:
        key = {
            figures.DemandBy.OCCUPATION: p.c.occupation_code,
            figures.DemandBy.AREA: p.c.area_code,
            figures.DemandBy.MONTH: p.c.month,
        }[by]
        title = p.c.occupation_title if by is figures.DemandBy.OCCUPATION else key
        label = func.min(func.coalesce(title, key))
    query = (
        select(key.label("key"), label.label("label"), func.count().label("n"),
               _in_period(earlier).label("earlier"), _in_period(later).label("later"))
        .select_from(source)
        .where(*where)
        .group_by(key)
    )  # fmt: skip
    names = area_names or {}
    groups = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            if row.key is None:
                code, shown = figures.NONE_KEY, figures.NONE_LABEL[by]
            elif by is figures.DemandBy.AREA:
                code, shown = str(row.key), names.get(str(row.key)) or str(row.key)
            else:
                code, shown = str(row.key), str(row.label)
            groups.append(
                figures.GroupCount(code, shown, int(row.n), int(row.earlier or 0),
                                   int(row.later or 0))
            )  # fmt: skip
    return figures.rows_from_counts(groups, total)


def technology_skills(engine: Engine, where: Sequence[ColumnElement[bool]]) -> set[str]:
    """The skills of the selection that are technologies (or O*NET Hot Technologies) in any
    of its postings."""
    s = tables.posting_skills
    query = (
        select(s.c.skill_uri)
        .select_from(_skills_of(tables.postings))
        .where(*where, or_(s.c.skill_type == "technology", s.c.hot.is_(True)))
        .distinct()
    )
    with engine.connect() as conn:
        return {str(row.skill_uri) for row in conn.execute(query)}


def count_pairs(
    engine: Engine, where: Sequence[ColumnElement[bool]], minimum: int
) -> dict[tuple[str, str], int]:
    """Postings of the selection asking for both skills of a pair, for pairs in at least
    `minimum` postings: a self-join of posting_skills on the posting. Each unordered pair comes
    once (by the database's order of URIs; `figures.pairs_from_counts` orders them itself)."""
    p, first = tables.postings, tables.posting_skills
    second = aliased(first)
    floor = figures.MIN_CONFIDENCE
    query = (
        select(first.c.skill_uri.label("a"), second.c.skill_uri.label("b"),
               func.count().label("n"))
        .select_from(
            _skills_of(p).join(
                second,
                and_(second.c.posting_id == first.c.posting_id,
                     second.c.skill_uri > first.c.skill_uri, second.c.confidence >= floor),
            )
        )
        .where(*where)
        .group_by(first.c.skill_uri, second.c.skill_uri)
        .having(func.count() >= minimum)
    )  # fmt: skip
    with engine.connect() as conn:
        return {(str(r.a), str(r.b)): int(r.n) for r in conn.execute(query)}
