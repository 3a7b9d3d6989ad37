"""The README's CLI examples, run as written against a fresh demo instance (issue 12, item 16).

The store holds a small O*NET (from ../shared/data), a small ESCO, the ESF and a small OEWS
file, then `onramp data demo`; each command of the README's "Using it" block then runs in a
folder holding a copy of examples/. Five values come from earlier output, as the README says:
DEMO_JOB_ID, ACHIEVEMENT_ID, CREDENTIAL_ID, JOB_ID and CANDIDATE_HANDLE; the jobs and matching
commands' output is checked too."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onramp.cli import app
from onramp.cli.common import engine as cli_engine
from onramp.config import get_settings
from onramp.market import read_oews
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esf, import_onet, run_import

from support import REPO, shared

sys.path.insert(0, str(REPO / "tests" / "taxonomy"))
sys.path.insert(0, str(REPO / "tests" / "market"))
sys.path.insert(0, str(REPO / "tests" / "nlp"))
from market_files import write_package_db  # noqa: E402
from small_store import release as small_esco  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402


def readme_commands() -> list[list[str]]:
    """The commands of the first sh block under "## Using it", continuation lines joined and
    comments dropped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    joined = block.group(1).replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


def test_the_block_is_found_and_every_line_is_an_onramp_command() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    assert all(command[0] == "onramp" for command in commands)
    assert not any("valley.example" in word for command in commands for word in command)


def test_readme_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    shutil.copytree(REPO / "examples", work / "examples")
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet"))
    run_import(engine, lambda _step: small_esco())
    import_esf(engine)
    wages = write_package_db(tmp_path / "oews.sqlite")
    run_import(engine, lambda step: read_oews([wages], None, step))
    engine.dispose()
    monkeypatch.chdir(work)
    monkeypatch.setenv("ONRAMP_HOME", str(home))
    monkeypatch.setenv("ONRAMP_CONFIG", str(home / "none.toml"))
    monkeypatch.delenv("ONRAMP_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    cli_engine.cache_clear()
    runner = CliRunner()

    def onramp(*args: str) -> str:  # in this process: one start-up, one model load
        done = runner.invoke(app, list(args))
        assert done.exit_code == 0, f"onramp {' '.join(args)}\n{done.output}\n{done.exception!r}"
        return done.stdout

    try:
        _run_the_block(onramp, work)
    finally:
        get_settings.cache_clear()
        cli_engine.cache_clear()


def _run_the_block(onramp: Callable[..., str], work: Path) -> None:
    onramp("skills", "embed", "--framework", "esco")  # the small ESCO's vectors
    values: dict[str, str] = {}
    for command in readme_commands():
        args = [values.get(word, word) for word in command[1:]]
        assert not any(re.fullmatch(r"[A-Z_]+_(ID|HANDLE)", word) for word in args), args
        shown = onramp(*args)
        if args[:2] == ["data", "demo"]:
            found = re.search(r"Open job with demo candidates: .* \(id ([0-9a-f-]{36})\)", shown)
            assert found is not None, shown
            values["DEMO_JOB_ID"] = found.group(1)
            design = re.search(r"Published demo microcredential: id ([0-9a-f-]{36})", shown)
            assert design is not None, shown
            values["DEMO_DESIGN_ID"] = design.group(1)
            program = re.search(r"Demo apprenticeship program: id ([0-9a-f-]{36})", shown)
            assert program is not None, shown
            values["DEMO_PROGRAM_ID"] = program.group(1)
        if args[:3] == ["credentials", "achievements", "define"]:
            values["ACHIEVEMENT_ID"] = shown.strip().rsplit(": ", 1)[1]
        if args[:2] == ["credentials", "issue"]:
            issued = sorted((work / "issued").iterdir())
            assert len(issued) == 2
            values["CREDENTIAL_ID"] = issued[0].stem
            values["issued/CREDENTIAL_ID.json"] = str(issued[0].relative_to(work))
        if args[:2] == ["wbl", "report"] and "roster" in args:
            header = (work / "roster.csv").read_text().splitlines()[0]
            assert header.startswith("record_id,apprentice_name,date_of_birth")
        if args[:2] == ["jobs", "lint"]:
            rules = {finding["rule"] for finding in json.loads(shown)}
            assert {"degree-requirement", "years-of-experience", "exclusionary"} <= rules
        if args[:2] == ["jobs", "build"]:
            built = (work / "job.json").read_text() if "--output" in args else shown
            assert json.loads(built)["requirements"], "the builder proposed no skills"
        if args[:2] == ["jobs", "import"]:
            found = re.search(r"Saved draft job ([0-9a-f-]{36})", shown)
            assert found is not None, shown
            values["JOB_ID"] = found.group(1)
        if args[:2] == ["jobs", "export"]:
            posting = json.loads(shown)
            assert posting["@type"] == "JobPosting"
            assert posting["title"] == "Patient Care Assistant"
        if args[:2] == ["match", "rank"]:
            assert "3 of 3 candidates" in shown and "Candidate " in shown
            assert "demo.onramp.test" not in shown  # blind: no names, no emails
            handle = re.search(r"handle (\S+)", shown)
            assert handle is not None, shown
            values["CANDIDATE_HANDLE"] = handle.group(1)
        if args[:2] == ["match", "explain"] and "--json" in args:  # by handle: still blind
            explained = json.loads(shown)
            assert explained["match"]["requirements"] and explained["revealed"] is False
            assert explained["handle"] == values["CANDIDATE_HANDLE"]
        elif args[:2] == ["match", "explain"]:  # by email: a reveal
            assert "Candidate " in shown and "score" in shown
        if args[:2] == ["match", "jobs"]:
            assert "score" in shown
        if args[:2] == ["market", "ingest"]:
            assert "stored" in shown.lower(), shown
        if args[:3] == ["microcredentials", "design", "export"]:
            assert json.loads(shown)["ceterms:ctid"].startswith("ce-")
        if args[:2] == ["microcredentials", "outcomes"]:
            assert json.loads(shown)
    assert (work / "coded.jsonl").read_text().count("\n") == 2
    assert (work / "linked.jsonl").read_text().count("\n") == 2
    _check_batch(work)


def _check_batch(work: Path) -> None:
    """The population has 200 lines, and the batch ranked its best 20, best first."""
    assert (work / "population.jsonl").read_text().count("\n") == 200
    ranked = [json.loads(line) for line in (work / "ranked.jsonl").read_text().splitlines()]
    assert len(ranked) == 20
    scores = [line["score"] for line in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
