"""`onramp occupations skills` and `onramp jobs build` on an embedded-like store, as a user runs
them: the skills come from the occupation's tasks, and the builder proposes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onramp.store import make_engine, upgrade

from embedded_like import DISHWASHERS, NURSING_ASSISTANTS, embedded_like
from support import run_cli


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("embedded-like")
    engine = make_engine(f"sqlite:///{folder / 'onramp.db'}")
    upgrade(engine)
    embedded_like(engine, folder / "data")
    engine.dispose()
    return folder


def test_one_occupation_and_every_occupation(home: Path) -> None:
    one = json.loads(run_cli(home, "occupations", "skills", DISHWASHERS, "--json").stdout)
    assert one["code"] == DISHWASHERS and one["method"] == "inferred-dense"
    assert one["skills"] and all(not s["rated"] and s["evidence"] for s in one["skills"])
    assert set(one["skills"][0]) >= {"uri", "label", "level", "importance", "source", "basis"}
    done = run_cli(home, "occupations", "skills", "--all", "--json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["code"] for line in lines] == [NURSING_ASSISTANTS, DISHWASHERS]
    assert lines[1]["skills"] == one["skills"]
    assert "2 occupations in" in done.stderr and "2 inferred-dense" in done.stderr
    both = run_cli(home, "occupations", "skills", DISHWASHERS, "--all", check=False)
    assert both.returncode == 2 and "not both" in both.stderr
    unknown = run_cli(home, "occupations", "skills", "99-9999.00", check=False)
    assert unknown.returncode != 0 and "no occupation" in unknown.stderr


def test_jobs_build_proposes_the_guessed_skills(home: Path) -> None:
    done = run_cli(home, "jobs", "build", "--occupation", DISHWASHERS, "--json")
    requirements = json.loads(done.stdout)["requirements"]
    guessed = [r for r in requirements if "guessed" in (r["source"] or "")]
    assert guessed and not any(r["must_have"] for r in guessed)
    assert "We guessed the skills" in " ".join(done.stderr.split())
