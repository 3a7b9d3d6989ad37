"""`onramp market ingest` in real processes: the JSON report, exit codes, and a run killed
with SIGKILL after its first committed batch, then run again, ending with exactly the rows of
a run that was never stopped."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
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


def test_ingest_prints_a_json_report_and_names_bad_rows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home_with_store(home).dispose()
    path = write_jsonl(tmp_path / "feed.jsonl", feed())
    with path.open("a", encoding="utf-8") as out:
        out.write('{"title": "No description"}\n')
    found = json.loads(run_cli(home, "market", "ingest", str(path), "--json").stdout)
    (report,) = found["files"]
    assert (report["rows_read"], report["stored"], report["reposts"]) == (13, 10, 1)
    assert report["exact_duplicates"] == 1 and report["bad_rows"] == 1
    assert report["bad_row_lines"] == [{"line": 13, "reason": "the description is missing"}]
    words = run_cli(home, "market", "ingest", str(path)).stdout
    assert "already ingested; nothing changed" in words


def test_ingest_exit_codes_for_a_missing_file_and_an_unknown_format(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home_with_store(home).dispose()
    missing = run_cli(home, "market", "ingest", str(tmp_path / "nope.csv"), check=False)
    assert missing.returncode == 4 and "no such file" in missing.stderr
    odd = tmp_path / "feed.txt"
    odd.write_text("x\n", encoding="utf-8")
    unknown = run_cli(home, "market", "ingest", str(odd), check=False)
    assert unknown.returncode == 2 and "--format" in unknown.stderr


def _lines_done(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT lines_done FROM posting_files").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row else 0


def test_a_run_killed_after_its_first_batch_finishes_with_the_same_rows(tmp_path: Path) -> None:
    rows = feed(240)
    path = write_jsonl(tmp_path / "feed.jsonl", rows)
    killed_home, clean_home = tmp_path / "killed", tmp_path / "clean"
    home_with_store(killed_home).dispose()
    environment = {
        **os.environ,
        "ONRAMP_HOME": str(killed_home),
        "ONRAMP_CONFIG": str(killed_home / "none.toml"),
    }
    environment.pop("ONRAMP_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "onramp", "market", "ingest", str(path), "--batch-size", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while _lines_done(killed_home / "onramp.db") == 0:
            assert process.poll() is None, "the ingest ended before its first batch was seen"
            assert time.monotonic() < deadline, "no batch was committed in time"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    stopped_at = _lines_done(killed_home / "onramp.db")
    assert 0 < stopped_at < len(rows), "the kill came after the run had finished"

    resumed = json.loads(run_cli(killed_home, "market", "ingest", str(path), "--json").stdout)
    assert resumed["files"][0]["resumed_from_line"] >= stopped_at
    assert resumed["files"][0]["rows_read"] == len(rows)

    clean_engine = home_with_store(clean_home)
    run_cli(clean_home, "market", "ingest", str(path), "--batch-size", "2", "--json")
    killed_engine = make_engine(f"sqlite:///{killed_home / 'onramp.db'}")
    try:
        assert snapshot(killed_engine) == snapshot(clean_engine)
    finally:
        killed_engine.dispose()
        clean_engine.dispose()
