"""Posting ingest on SQLite and PostgreSQL: what is stored, reposts and exact copies, bad rows,
re-ingesting, resuming after a failure, and the plain SQL demand analytics will run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from posting_world import feed, fill, posting, snapshot, write_csv, write_jsonl
from sqlalchemy import Engine, select, text

from onramp.errors import InvalidInputError, NotAvailableError
from onramp.market.posting_ingest import PostingIngest
from onramp.store import market_tables as tables


def by_title(engine: Engine) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(tables.postings).order_by(tables.postings.c.line)):
            out.setdefault(row.title, []).append(row)
    return out


def test_a_feed_is_stored_with_skills_occupation_area_and_month(
    engine: Engine, tmp_path: Path
) -> None:
    fill(engine, tmp_path)
    report = PostingIngest(engine, batch_size=3).ingest(write_jsonl(tmp_path / "f.jsonl", feed()))
    assert (report.rows_read, report.exact_duplicates, report.reposts) == (12, 1, 1)
    assert report.stored == 10 and report.bad_row_count == 0
    rows = by_title(engine)
    nurse, repost = rows["Staff Nurse"]
    assert (nurse.occupation_code, nurse.occupation_scheme) == ("29-1141.00", "onet")
    assert nurse.occupation_score > 0
    assert nurse.area_code is not None and nurse.state == "CA"
    assert (nurse.month, str(nurse.posted_on)) == ("2026-03", "2026-03-02")
    assert (nurse.salary_min, nurse.salary_max, nurse.salary_period) == (40.0, 48.0, "hour")
    assert repost.duplicate_of == nurse.id and repost.similarity >= 0.7
    assert repost.month == "2026-04" and repost.minhash is None
    assert rows["Java Developer"][0].state == "CA"
    assert rows["Cashier"][0].area_code is None and rows["Cashier"][0].state == "IL"
    with engine.connect() as conn:
        skills = {(r.posting_id, r.skill_uri) for r in conn.execute(select(tables.posting_skills))}
    assert (nurse.id, "urn:test:skill:care") in skills
    assert (nurse.id, "urn:test:skill:service") in skills
    assert not any(posting_id == repost.id for posting_id, _ in skills)


def test_demand_counts_by_skill_area_and_month_are_plain_sql(
    engine: Engine, tmp_path: Path
) -> None:
    """The shape docs/postings.md promises analytics: one GROUP BY, reposts left out."""
    fill(engine, tmp_path)
    PostingIngest(engine).ingest(write_jsonl(tmp_path / "f.jsonl", feed()))
    query = text(
        "SELECT s.skill_uri, p.state, p.month, COUNT(*) AS postings "
        "FROM postings p JOIN posting_skills s ON s.posting_id = p.id "
        "WHERE p.duplicate_of IS NULL GROUP BY s.skill_uri, p.state, p.month"
    )
    with engine.connect() as conn:
        counts = {(r.skill_uri, r.state, r.month): r.postings for r in conn.execute(query)}
    assert counts[("urn:test:skill:care", "CA", "2026-03")] == 1  # the April repost is left out
    assert ("urn:test:skill:care", "CA", "2026-04") not in counts
    assert counts[("urn:test:skill:cash", "IL", "2026-03")] == 1  # the exact copy counted once


def test_re_ingesting_a_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    fill(engine, tmp_path)
    path = write_csv(tmp_path / "f.csv", feed())
    first = PostingIngest(engine, batch_size=4).ingest(path)
    before = snapshot(engine)
    again = PostingIngest(engine, batch_size=4).ingest(path)
    assert again.already_done and again.stored == first.stored
    assert snapshot(engine) == before
    # the same postings in another file: every one is an exact copy, nothing new is stored
    copy = PostingIngest(engine).ingest(write_jsonl(tmp_path / "copy.jsonl", feed()))
    assert copy.stored == 0 and copy.reposts == 0 and copy.exact_duplicates == 12
    assert snapshot(engine)["postings"] == before["postings"]


def test_batch_size_does_not_change_the_rows(engine: Engine, tmp_path: Path) -> None:
    fill(engine, tmp_path)
    path = write_jsonl(tmp_path / "f.jsonl", feed(16))
    PostingIngest(engine, batch_size=1).ingest(path)
    one_by_one = snapshot(engine)["postings"]
    with engine.begin() as conn:
        for table in (tables.posting_files,):
            conn.execute(table.delete())
    assert snapshot(engine)["postings"] == []
    PostingIngest(engine, batch_size=500).ingest(path)
    assert snapshot(engine)["postings"] == one_by_one


class Stop(Exception):
    pass


@pytest.mark.parametrize(("write", "header_lines"), [(write_jsonl, 0), (write_csv, 1)])
def test_a_run_that_fails_midway_resumes_to_the_same_rows(
    engine: Engine, tmp_path: Path, write: Any, header_lines: int
) -> None:
    fill(engine, tmp_path)
    rows = feed(14)
    rows.insert(6, {**rows[0], "title": "", "description": "no title"})
    path = write(tmp_path / ("f.jsonl" if header_lines == 0 else "f.csv"), rows)
    batches = []

    def stop_after_two(read: int, offset: int) -> None:
        batches.append(read)
        if len(batches) == 2:
            raise Stop

    with pytest.raises(Stop):
        PostingIngest(engine, batch_size=3).ingest(path, advance=stop_after_two)
    with engine.connect() as conn:
        done = conn.execute(select(tables.posting_files.c.lines_done)).scalar_one()
        stored = conn.execute(select(tables.postings.c.id)).all()
    # two batches of three rows; an exact copy is not kept
    assert done == 6 + header_lines and len(stored) == 5
    report = PostingIngest(engine, batch_size=3).ingest(path)
    assert report.resumed_from_line == 6 + header_lines and report.rows_read == 15
    bad = 7 + header_lines
    assert [(b.line, b.reason) for b in report.bad_rows] == [(bad, "the title is missing")]
    resumed = snapshot(engine)

    with engine.begin() as conn:
        conn.execute(tables.posting_files.delete())
    PostingIngest(engine, batch_size=3).ingest(path)
    assert snapshot(engine) == resumed


def test_bad_rows_are_skipped_and_reported_by_line(engine: Engine, tmp_path: Path) -> None:
    fill(engine, tmp_path)
    path = tmp_path / "mixed.jsonl"
    good = posting("Cashier", "Handle cash and serve customers.")
    lines = [
        '{"title": "Cashier", "description": "Handle cash."}',
        "not json",
        "",
        '{"title": "Nurse"}',
        '["a", "list"]',
        '{"title": "Nurse", "description": "Care.", "posted": "someday"}',
        '{"title": "Nurse", "description": "Care.", "salary": "lots"}',
        write_jsonl(tmp_path / "one.jsonl", [good]).read_text().strip(),
    ]
    path.write_bytes(
        ("\n".join(lines) + "\n").encode() + b'{"title": "\xff", "description": "x"}\n'
    )
    report = PostingIngest(engine).ingest(path)
    assert report.stored == 2
    assert [b.line for b in report.bad_rows] == [2, 4, 5, 6, 7, 9]
    reasons = dict((b.line, b.reason) for b in report.bad_rows)
    assert reasons[4] == "the description is missing"
    assert "not a date" in reasons[6] and "holds no amount" in reasons[7]
    assert reasons[9] == "'title' is not UTF-8 text"


def test_whole_file_problems_stop_with_a_clear_error(engine: Engine, tmp_path: Path) -> None:
    fill(engine, tmp_path, wages=False)
    runner = PostingIngest(engine)
    headless = tmp_path / "nohead.csv"
    headless.write_text("Cashier,Handle cash\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="title column"):
        runner.ingest(headless)
    with pytest.raises(InvalidInputError, match="--format"):
        runner.ingest(write_jsonl(tmp_path / "postings.txt", feed(2)))
    with pytest.raises(InvalidInputError, match="batch size"):
        PostingIngest(engine, batch_size=0)


def test_without_skills_in_the_store_ingest_says_what_to_do(engine: Engine) -> None:
    with pytest.raises(NotAvailableError, match="onramp data bootstrap"):
        PostingIngest(engine)
