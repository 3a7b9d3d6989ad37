"""Acceptance (issue 17): 2,000 hours entries from one CSV file. A file with bad rows names
each bad row with its line and stores nothing; the good file stores 2,000 pending entries; the
same file again (here through `onramp wbl hours import`) changes nothing."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from onramp.store import wbl_tables as wt
from onramp.wbl.hours_file import HoursFileError
from onramp.wbl.records import HoursState

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wbl_cli_runner import cli_on  # noqa: E402
from wbl_world import World, joined, open_program, world  # noqa: E402, F401

ROWS = 2_000
SKILLS = ("Install conduit", "c2", "find faults")  # by name or id, in any case
WORKERS = ("ana@mail.example", "ben@mail.example", "cy@mail.example")


def hours_file(start: date) -> list[str]:
    """2,000 shifts of one hour for three apprentices over 50 days (under 24 hours a day)."""
    lines = ["apprentice,date,hours,competency,note"]
    for n in range(ROWS):
        day = start + timedelta(days=(n // len(WORKERS)) % 50)
        lines.append(f"{WORKERS[n % 3]},{day},1,{SKILLS[n % 3]},shift {n}")
    return lines


def changed(line: str, column: int, value: str) -> str:
    cells = line.split(",")
    cells[column] = value
    return ",".join(cells)


def stored(w: World) -> dict[str, int]:
    h = wt.wbl_hours
    with w.engine.connect() as conn:
        found = conn.execute(select(h.c.state, func.count()).group_by(h.c.state))
        return {state: count for state, count in found}


def test_two_thousand_hours_all_or_nothing_and_once(
    world: World,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world
    program_id = open_program(w)
    for who in (w.ana, w.ben, w.cy):
        joined(w, program_id, who)
    start = date.today() - timedelta(days=55)
    good = hours_file(start)
    bad = list(good)
    bad[10] = changed(bad[10], 2, "25")  # line 11: too many hours
    bad[500] = changed(bad[500], 0, "zed@mail.example")  # line 501: no such apprentice
    bad[1500] = changed(bad[1500], 3, "Juggling")  # line 1501: no such skill
    bad[1999] = changed(bad[1999], 1, "2026-02-30")  # line 2000: no such day
    assert stored(w) == {}
    with pytest.raises(HoursFileError) as refused:
        w.records.import_hours(w.sponsor, program_id, "\n".join(bad) + "\n")
    # the file's own checks name their lines first; nothing was stored
    assert [row.line for row in refused.value.rows] == [11, 2000]
    assert stored(w) == {}
    fixed_format = list(bad)
    fixed_format[10], fixed_format[1999] = good[10], good[1999]
    with pytest.raises(HoursFileError) as refused:
        w.records.import_hours(w.sponsor, program_id, "\n".join(fixed_format) + "\n")
    assert [row.line for row in refused.value.rows] == [501, 1501]
    assert "zed@mail.example" in refused.value.rows[0].sentence
    assert refused.value.rows[1].sentence.startswith("Line 1501:")
    assert stored(w) == {}
    # the good file: 2,000 pending entries, once
    done = w.records.import_hours(w.sponsor, program_id, "\n".join(good) + "\n")
    assert (done.added, done.already_there, done.apprentices) == (ROWS, 0, 3)
    assert stored(w) == {HoursState.PENDING.value: ROWS}
    path = tmp_path / "hours.csv"
    path.write_text("\n".join(good) + "\n", encoding="utf-8")
    with cli_on(w, tmp_path, monkeypatch) as run:
        again = run(
            "wbl", "hours", "import", str(path), "--program", program_id,
            "--as", "hana@volt.example", "--json",
        )  # fmt: skip
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout) == {"added": 0, "already_there": ROWS, "apprentices": 0}
        badly = tmp_path / "bad.csv"
        badly.write_text("\n".join(bad) + "\n", encoding="utf-8")
        named = run(
            "wbl", "hours", "import", str(badly), "--program", program_id,
            "--as", "hana@volt.example",
        )  # fmt: skip
        assert named.exit_code == 2
        assert "Line 11:" in named.stderr and "Line 2000:" in named.stderr
    assert stored(w) == {HoursState.PENDING.value: ROWS}
