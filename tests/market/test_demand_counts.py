"""The SQL counts (onramp.market.demand_counts) give the same demand rows as the Python counts
over the postings read from the store, on random stores, on SQLite and PostgreSQL: reposts,
skills under the confidence floor, undated, placeless and uncoded postings, titles and labels
that differ for one code, areas, states, months and occupations; and the same skills asked for
together and hot technologies."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.market import demand as figures
from onramp.market.demand_counts import (
    AreaFilter,
    count_demand,
    count_pairs,
    count_postings,
    posting_filter,
    technology_skills,
)
from onramp.market.demand_store import read_postings
from onramp.store import market_tables as tables

NOW = datetime(2026, 5, 1, tzinfo=UTC)
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]

_skill = st.tuples(
    st.sampled_from(["s1", "s2", "s3", "s4", "s5"]),
    st.sampled_from(["label x", "label y"]),
    st.sampled_from([0.3, 0.5, 0.9]),
    st.sampled_from([("skill", None), ("technology", None), ("skill", True), ("skill", False)]),
)
_posting = st.tuples(
    st.sampled_from([None, *MONTHS]),
    st.sampled_from([(None, None), ("a1", "CA"), ("a2", "CA"), ("a3", "TX"), (None, "TX")]),
    st.sampled_from([(None, None), ("o1", "Title A"), ("o1", "Title B"), ("o2", None)]),
    st.booleans(),  # a repost of the posting before it
    st.lists(_skill, unique_by=lambda s: s[0], max_size=4),
)
_area = st.sampled_from(
    [None, AreaFilter("area a1", code="a1"), AreaFilter("California", state="CA")]
)


def _fill(engine: Engine, postings: list[tuple]) -> None:
    with engine.begin() as conn:
        for table in (tables.posting_skills, tables.postings, tables.posting_files):
            conn.execute(table.delete())
        conn.execute(
            tables.posting_files.insert().values(
                sha256="f" * 64, name="r.jsonl", size=1, format="jsonl", lines_done=1,
                byte_offset=1, rows_read=1, stored=1, reposts=0, exact_duplicates=0,
                bad_rows=0, completed=True, started_at=NOW, finished_at=NOW,
            )
        )  # fmt: skip
        for n, (month, (area, state), (code, title), repost, skills) in enumerate(postings):
            conn.execute(
                tables.postings.insert().values(
                    id=f"p{n:03d}", file_sha256="f" * 64, line=n + 1, title="-",
                    area_code=area, state=state, month=month, description="-",
                    occupation_code=code, occupation_title=title,
                    duplicate_of=f"p{n - 1:03d}" if repost and n else None,
                )
            )  # fmt: skip
            for uri, label, confidence, (kind, hot) in skills:
                conn.execute(
                    tables.posting_skills.insert().values(
                        posting_id=f"p{n:03d}", skill_uri=uri, label=label, framework="t",
                        skill_type=kind, confidence=confidence, section="requirement", hot=hot,
                    )
                )  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(  # a skill that is a technology only by O*NET's Hot Technology flag, asked for later
    postings=[("2026-04", (None, None), (None, None), False,
               [("s1", "label x", 0.9, ("skill", True)), ("s2", "label x", 0.9, ("skill", None))])],
    area=None, asked=[], occupation=None,
)  # fmt: skip
@given(
    st.lists(_posting, max_size=25),
    _area,
    st.sampled_from([[], ["2026-02", "2026-03"], ["2026-04"]]),
    st.sampled_from([None, "o1"]),
)
def test_sql_counts_match_the_python_counts(
    engine: Engine,
    postings: list[tuple],
    area: AreaFilter | None,
    asked: list[str],
    occupation: str | None,
) -> None:
    _fill(engine, postings)
    window = asked or MONTHS
    where = posting_filter(area, asked, occupation)
    read = read_postings(engine, area, asked, occupation)
    total = count_postings(engine, where)
    assert total == len(read)
    for by in figures.DemandBy:
        assert count_demand(engine, by, where, window, total) == figures.demand(read, by, window)
    by_skill = count_demand(engine, figures.DemandBy.SKILL, where, window, total)
    for minimum in (1, 2):
        found = count_pairs(engine, where, minimum)
        pairs = figures.pairs_from_counts(found, by_skill, total, minimum)
        assert pairs == figures.together(read, minimum)
        hot = figures.hot_rows(by_skill, technology_skills(engine, where), minimum)
        assert hot == figures.hot_technologies(read, window, minimum)
