"""`onramp demo postings`: seeded, built from the occupations of the store, in its OEWS areas,
with reposts that the ingest then sets aside."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from posting_world import fill
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.market import synthetic_postings as synthetic
from onramp.market.posting_ingest import PostingIngest
from onramp.market.posting_reader import posting_from
from onramp.market.wage_areas import wage_areas

SKETCH = synthetic.OccupationSketch(
    code="41-2011.00",
    title="Cashiers",
    titles=("Cashier", "Checker"),
    tasks=("Receive payment from customers.", "Issue receipts.", "Count money in drawers."),
    skills=(("customer service", False), ("cash handling", True), ("bag groceries", False)),
    technology=("Point of sale software",),
)


def test_the_same_seed_gives_the_same_postings_and_another_seed_others() -> None:
    first = list(synthetic.postings([SKETCH], ["Dayton, OH"], 50, seed=3))
    assert first == list(synthetic.postings([SKETCH], ["Dayton, OH"], 50, seed=3))
    assert first != list(synthetic.postings([SKETCH], ["Dayton, OH"], 50, seed=4))


def test_postings_read_back_as_postings_with_reposts_marked() -> None:
    made = list(synthetic.postings([SKETCH], synthetic.places_from([]), 400, seed=1))
    for number, row in enumerate(made, 1):
        parsed = posting_from(row, number)
        assert parsed.__class__.__name__ == "RawPosting", parsed
    marks = [row["synthetic"] for row in made]
    reposts = sum("repost_of" in mark for mark in marks)
    assert 20 < reposts < 90  # about 12 in 100
    assert any("salary" in row for row in made) and not all("salary" in row for row in made)
    assert "Receive payment from customers." in made[0]["description"] or any(
        task in made[0]["description"] for task in SKETCH.tasks
    )


def test_generation_streams_one_posting_at_a_time() -> None:
    """Taking the first postings of a billion does not make the rest."""
    endless = synthetic.postings([SKETCH], ["Austin, TX"], 1_000_000_000, seed=0)
    assert len(list(itertools.islice(endless, 5))) == 5


def test_settings_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="between 0 and 1"):
        list(synthetic.postings([SKETCH], ["x"], 1, 0, synthetic.Settings(repost_share=2.0)))


def test_titles_become_one_job() -> None:
    assert synthetic.singular("Gas Plant Operators") == "Gas Plant Operator"
    assert synthetic.singular("Secretaries") == "Secretary"
    assert synthetic.singular("Registered Nurses") == "Registered Nurse"
    assert synthetic.singular("Actuaries and Analysts") == "Actuaries and Analyst"


def test_from_the_store_into_the_ingest(engine: Engine, tmp_path: Path) -> None:
    fill(engine, tmp_path)
    sketches = synthetic.sketches(engine, 4, seed=2)
    assert {s.code for s in sketches} == {"29-1141.00", "41-2011.00", "15-1252.00", "53-7051.00"}
    places = synthetic.places_from(wage_areas(engine))
    assert "Los Angeles, CA" in places and "California" in places
    path = tmp_path / "synthetic.jsonl"
    made = list(synthetic.postings(sketches, places, 120, seed=2))
    path.write_text("".join(json.dumps(row) + "\n" for row in made), encoding="utf-8")
    report = PostingIngest(engine, batch_size=50).ingest(path)
    written = sum("repost_of" in row["synthetic"] for row in made)
    copies = sum("copy_of" in row["synthetic"] for row in made)
    assert report.bad_row_count == 0 and report.rows_read == 120
    assert report.exact_duplicates >= copies
    assert abs(report.reposts - written) <= max(2, written // 5)


def test_the_demo_ingests_a_year_of_postings_once_and_none_after_today(
    engine: Engine, tmp_path: Path
) -> None:
    from datetime import date

    from sqlalchemy import func, select

    from onramp.market.demo_postings import seed_demo_postings
    from onramp.store import market_tables

    fill(engine, tmp_path)
    today = date(2026, 12, 6)
    report = seed_demo_postings(engine, n=60, today=today)
    assert report is not None and report.rows_read == 60 and report.bad_row_count == 0
    p = market_tables.postings
    with engine.connect() as conn:
        first, last = conn.execute(select(func.min(p.c.posted_on), func.max(p.c.posted_on))).one()
    assert date(2025, 12, 1) <= first and last <= today
    assert seed_demo_postings(engine, n=60, today=today) is None  # once per store
