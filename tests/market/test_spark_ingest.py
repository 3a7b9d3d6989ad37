"""The Spark ingest engine on a real local Spark (`local[2]`, one session for this module):
on the shared real postings, with exact copies, reposts and a bad row added, it stores the
same rows as the in-process engine (postings, skills, occupation codes, duplicate_of links,
bands, bad rows and the file's counts), on SQLite and on PostgreSQL; with the analyser built
lazily in each worker instead of broadcast; after a run stopped midway; and through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "pyspark", reason="pyspark is not installed (`make test` installs it with the spark extra)"
)

from posting_world import feed, fill, snapshot, write_jsonl  # noqa: E402
from sqlalchemy import Engine, select  # noqa: E402

from onramp.market.posting_ingest import PostingIngest  # noqa: E402
from onramp.market.spark_ingest import spark_ingest, start_session  # noqa: E402
from onramp.store import make_engine, upgrade  # noqa: E402
from onramp.store import market_tables as tables  # noqa: E402

from support import run_cli, shared  # noqa: E402

pytestmark = pytest.mark.spark
SMALL_SPARK = {
    "spark.driver.memory": "512m",
    "spark.default.parallelism": "2",
    "spark.sql.shuffle.partitions": "2",
    "spark.ui.enabled": "false",
}


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = start_session("local[2]", SMALL_SPARK)
    try:
        yield session
    finally:
        session.stop()


def real_feed(path: Path) -> Path:
    """The 198 real postings, then 12 of them again unchanged (exact copies), 12 with a line
    added (reposts) and one row without a description (a bad row)."""
    lines = shared("postings", "skillspan_postings_train_dev.jsonl").read_text("utf-8").split("\n")
    lines = [line for line in lines if line.strip()]
    out = list(lines)
    out.extend(lines[:12])
    for line in lines[40:52]:
        row = json.loads(line)
        row["text"] += "\nApply today: we answer every application within a week."
        out.append(json.dumps(row))
    out.append(json.dumps({"title_guess": "Night Cook"}))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def forget_files(engine: Engine) -> None:
    """Remove every ingested file and, by cascade, its postings, skills, bands and rejects."""
    with engine.begin() as conn:
        conn.execute(tables.posting_files.delete())
    assert snapshot(engine)["postings"] == []


def test_spark_stores_the_same_rows_as_in_process_on_the_real_postings(
    engine: Engine, spark: Any, tmp_path: Path
) -> None:
    fill(engine, tmp_path)
    path = real_feed(tmp_path / "real.jsonl")
    local = PostingIngest(engine, batch_size=50).ingest(path)
    expected = snapshot(engine)
    forget_files(engine)
    with spark_ingest(engine, session=spark, batch_size=64) as runner:
        found = runner.ingest(path)
        assert runner.analyser.jobs >= 4  # type: ignore[attr-defined]  # one per batch
    assert found.as_json() == local.as_json()
    assert (found.rows_read, found.exact_duplicates, found.bad_row_count) == (223, 12, 1)
    assert found.reposts >= 10
    stored = snapshot(engine)
    for table in ("postings", "skills", "bands", "rejects", "files"):
        assert stored[table] == expected[table], table
    with engine.connect() as conn:
        rows = conn.execute(select(tables.postings)).all()
        skills = conn.execute(select(tables.posting_skills)).all()
    assert sum(1 for row in rows if row.duplicate_of) == found.reposts
    assert any(row.occupation_code for row in rows)  # titles were coded, not left empty
    assert len(skills) > 50 and {s.skill_uri for s in skills} >= {"urn:test:skill:python"}


def test_the_analyser_built_in_each_worker_gives_the_same_rows(spark: Any, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'lazy.db'}")
    upgrade(engine)
    fill(engine, tmp_path)
    path = write_jsonl(tmp_path / "f.jsonl", feed(30))
    PostingIngest(engine).ingest(path)
    expected = snapshot(engine)
    forget_files(engine)
    with spark_ingest(engine, session=spark, batch_size=16, ship="lazy") as runner:
        runner.ingest(path)
    assert snapshot(engine) == expected
    engine.dispose()


class Stop(Exception):
    pass


def test_a_spark_run_stopped_midway_resumes_to_the_in_process_rows(
    spark: Any, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'resume.db'}")
    upgrade(engine)
    fill(engine, tmp_path)
    path = write_jsonl(tmp_path / "f.jsonl", feed(30))
    PostingIngest(engine).ingest(path)
    expected = snapshot(engine)
    forget_files(engine)

    def stop_after_one(_read: int, _offset: int) -> None:
        raise Stop

    with spark_ingest(engine, session=spark, batch_size=12) as runner:
        with pytest.raises(Stop):
            runner.ingest(path, advance=stop_after_one)
        assert 0 < len(snapshot(engine)["postings"]) < len(expected["postings"])
        resumed = runner.ingest(path)
        again = runner.ingest(path)
    assert resumed.resumed_from_line == 12
    assert snapshot(engine) == expected
    assert again.already_done
    engine.dispose()


def test_the_cli_runs_the_spark_engine(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    fill(engine, home)
    path = write_jsonl(tmp_path / "feed.jsonl", feed())
    args = ("market", "ingest", str(path), "--engine", "spark", "--master", "local[1]", "--json")
    found = json.loads(run_cli(home, *args).stdout)
    (report,) = found["files"]
    assert (report["rows_read"], report["stored"], report["reposts"]) == (12, 10, 1)
    assert report["exact_duplicates"] == 1
    with engine.connect() as conn:
        linked = conn.execute(
            select(tables.postings.c.id).where(tables.postings.c.duplicate_of.is_not(None))
        ).all()
    assert len(linked) == 1
    engine.dispose()


def test_the_cli_says_when_spark_cannot_start_on_the_master(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    fill(engine, home)
    path = write_jsonl(tmp_path / "feed.jsonl", feed())
    args = ("market", "ingest", str(path), "--engine", "spark", "--master", "nowhere://x")
    failed = run_cli(home, *args, check=False)
    assert failed.returncode == 2, failed.stderr
    assert "Spark could not start on --master nowhere://x" in failed.stderr
    assert snapshot(engine)["postings"] == []
    engine.dispose()
