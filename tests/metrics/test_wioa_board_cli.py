"""`onramp metrics wioa` and `onramp metrics wioa-import` as an operator runs them (issue 18,
item 7), in this process on the world's store: the fixture loads, the figures come back as a
table, as JSON and as CSV (to a file and to the screen), a bad file is refused line by line
with nothing loaded, and another board's member is told the board is not theirs."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from onramp.cli import app
from onramp.cli.common import engine as cli_engine
from onramp.config import get_settings
from onramp.errors import NotFoundError, PermissionDeniedError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wioa_world import FIXTURE, HEADER, World, world  # noqa: E402, F401

AS = ["--as", "al@board.example"]
BOARD = ["--org", "river-workforce-board"]


def _forget() -> None:
    if cli_engine.cache_info().currsize:
        cli_engine().dispose()
    cli_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def run(
    world: World,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[object]:
    monkeypatch.setenv("ONRAMP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ONRAMP_CONFIG", str(tmp_path / "none.toml"))
    url = world.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ONRAMP_DATABASE_URL", url)
    monkeypatch.setenv("ONRAMP_SECRETS_DIR", str(tmp_path / "secrets"))
    _forget()
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    try:
        yield invoke
    finally:
        _forget()


def test_load_then_report_as_a_table_json_and_csv(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loaded = run("metrics", "wioa-import", str(FIXTURE), *BOARD, *AS, "--json")
    assert loaded.exit_code == 0, loaded.output
    body = json.loads(loaded.stdout)
    assert (body["loaded"], body["added"], body["replaced"]) == (54, 54, 0)
    shown = run("metrics", "wioa", *BOARD, "--period", "2026Q3", *AS)
    assert shown.exit_code == 0, shown.output
    assert "employment_q2" in shown.stdout and "63.2%" in shown.stdout
    assert "$6,900.00" in shown.stdout
    as_json = run("metrics", "wioa", *BOARD, "--period", "2026Q3", *AS, "--json")
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    assert document["quarter"] == "2026Q3"
    credential = document["indicators"][3]
    assert (credential["numerator"], credential["denominator"]) == (10, 14)
    out = tmp_path / "q3.csv"
    written = run("metrics", "wioa", *BOARD, "--period", "2026Q3", "--csv", str(out), *AS)
    assert written.exit_code == 0, written.output
    assert f"wrote the quarterly report to {out}" in written.stdout
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out.read_text("utf-8")))}
    assert (rows["employment_q4"]["numerator"], rows["employment_q4"]["denominator"]) == (
        "12",
        "20",
    )
    screen = run("metrics", "wioa", *BOARD, "--period", "2026Q3", "--csv", "-", *AS)
    assert screen.exit_code == 0 and screen.stdout.startswith("indicator,meaning,cohort_start")
    assert "skill_gains" in screen.stdout.splitlines()[-1]


def test_a_bad_file_loads_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nA1,2025-01-06\nA2,soon\n", "utf-8")
    refused = run("metrics", "wioa-import", str(bad), *BOARD, *AS)
    assert refused.exit_code == 3
    assert "1 lines need fixing, so nothing was loaded" in refused.stderr
    assert "Line 3: entry_date 'soon' is not a date like 2025-07-01." in refused.stderr
    as_json = run("metrics", "wioa-import", str(bad), *BOARD, *AS, "--json")
    assert as_json.exit_code == 3 and json.loads(as_json.stdout)["bad_lines"][0]["line"] == 3
    empty = run("metrics", "wioa", *BOARD, "--period", "2026Q3", *AS, "--json")
    assert all(i["denominator"] == 0 for i in json.loads(empty.stdout)["indicators"])


def test_another_boards_member_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    refused = run("metrics", "wioa", *BOARD, "--period", "2026Q3", "--as", "oz@other.example")
    # `onramp` itself turns these into one line on stderr and exit codes 4 and 9 (cli.main)
    assert isinstance(refused.exception, NotFoundError) and refused.exit_code != 0
    assert "not a member" in str(refused.exception)
    employer = run("metrics", "wioa", "--org", "volt-electric", "--as", "hana@volt.example")
    assert isinstance(employer.exception, PermissionDeniedError)
    assert "workforce boards only" in str(employer.exception)
