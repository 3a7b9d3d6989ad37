"""`onramp market ingest --engine spark` says plainly what is missing, with exit code 2, and
never falls back to the in-process engine: without PySpark, without Java, with --dense, or
with an engine it does not know. None of these needs Spark itself."""

from __future__ import annotations

import os
from pathlib import Path

from posting_world import feed, fill, snapshot, write_jsonl
from sqlalchemy import Engine

from onramp.store import make_engine, upgrade

from support import run_cli


def home_with_store(home: Path) -> Engine:
    home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    return fill(engine, home)


def test_without_pyspark_or_java_the_spark_engine_stops_with_exit_code_2(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    engine = home_with_store(home)
    path = write_jsonl(tmp_path / "feed.jsonl", feed())
    hidden = tmp_path / "hidden" / "pyspark"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("hidden for this test")\n')
    no_pyspark = {
        "PYTHONPATH": os.pathsep.join([str(hidden.parent), os.environ.get("PYTHONPATH", "")])
    }
    args = ("market", "ingest", str(path), "--engine", "spark")
    missing = run_cli(home, *args, check=False, env=no_pyspark)
    assert missing.returncode == 2, missing.stderr
    assert "needs PySpark" in missing.stderr and "onramp[spark]" in missing.stderr
    no_java = {"JAVA_HOME": str(tmp_path / "no-java"), "PATH": "/nonexistent"}
    without_java = run_cli(home, *args, check=False, env=no_java)
    if "needs PySpark" not in without_java.stderr:  # with PySpark installed, Java is next
        assert without_java.returncode == 2, without_java.stderr
        assert "needs Java 17" in without_java.stderr
    assert snapshot(engine)["postings"] == []  # nothing was ingested in process instead
    engine.dispose()


def test_spark_with_dense_and_an_unknown_engine_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    engine = home_with_store(home)
    path = write_jsonl(tmp_path / "feed.jsonl", feed())
    dense = run_cli(
        home, "market", "ingest", str(path), "--engine", "spark", "--dense", check=False
    )
    assert dense.returncode == 2 and "--dense runs in process only" in dense.stderr
    odd = run_cli(home, "market", "ingest", str(path), "--engine", "dask", check=False)
    assert odd.returncode == 2 and "in-process, spark" in odd.stderr
    assert snapshot(engine)["postings"] == []
    engine.dispose()
