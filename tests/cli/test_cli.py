"""The `onramp` command as a user runs it: a real process, a real SQLite store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, check=check)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("home")
    mini = write_mini_onet(shared("onet", "29.3"), root / "onet")
    report = json.loads(run(root, "taxonomy", "import", "onet", str(mini), "--json").stdout)
    assert report["changed"] is True and report["counts"]["occupations"] == 3
    return root


def test_reimport_reports_no_change(home: Path) -> None:
    report = json.loads(
        run(home, "taxonomy", "import", "onet", str(home / "onet"), "--json").stdout
    )
    assert report["changed"] is False


def test_occupation_show_json(home: Path) -> None:
    profile = json.loads(run(home, "occupations", "show", "29-1141.00", "--json").stdout)
    assert profile["title"] == "Registered Nurses" and profile["job_zone"] == 4
    assert profile["skills"][0]["importance"] >= profile["skills"][-1]["importance"]
    assert profile["tasks"] and profile["technology"]
    assert any("wages" in line.lower() for line in profile["missing"])
    short = json.loads(run(home, "occupations", "show", "29-1141", "--json").stdout)
    assert short["code"] == "29-1141.00"


def test_text_output_and_search(home: Path) -> None:
    text = run(home, "occupations", "show", "29-1141.00").stdout
    assert "Registered Nurses" in text and "Job zone 4" in text
    hits = json.loads(run(home, "occupations", "search", "cashers", "--json").stdout)
    assert hits[0]["key"] == "41-2011.00"
    skills = json.loads(run(home, "skills", "search", "critcal thinking", "--json").stdout)
    assert skills[0]["title"] == "Critical Thinking"


def test_stats_json(home: Path) -> None:
    stats = json.loads(run(home, "taxonomy", "stats", "--json").stdout)
    onet = next(s for s in stats if s["key"] == "onet")
    assert onet["counts"]["occupations"] == 3 and onet["current"] is True


def test_config_show_masks_secrets(home: Path) -> None:
    env_home = home / "cfg"
    env_home.mkdir()
    (env_home / "none.toml").write_text('secret_key = "hunter2"\n')
    shown = run(env_home, "config", "show", "--json").stdout
    assert "hunter2" not in shown and json.loads(shown)["secret_key"] == "********"


def test_errors_are_one_clear_line_and_an_exit_code(home: Path) -> None:
    missing = run(home, "taxonomy", "import", "onet", str(home / "nope"), check=False)
    assert missing.returncode == 3
    assert "error:" in missing.stderr and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
    unknown = run(home, "occupations", "show", "00-0000.00", check=False)
    assert unknown.returncode == 4 and "no occupation" in unknown.stderr


def test_eval_everyday_search_reports_hit_rates(home: Path) -> None:
    data = home / "everyday.jsonl"
    data.write_text(
        '{"id": "1", "what": "occupations", "query": "cashers", "split": "calibrate", '
        '"expected": {"onet": ["41-2011.00"]}}\n'
        '{"id": "2", "what": "occupations", "query": "registerd nurse", "split": "report", '
        '"expected": {"onet": ["29-1141.00"], "esco": ["urn:not-in-this-store"]}}\n'
    )
    report = json.loads(
        run(home, "eval", "everyday-search", "--cold", "--data", str(data), "--json").stdout
    )
    overall = report["rates"][0]
    assert overall["pairs"] == 2 and overall["hit@5"] == 100.0  # ESCO is not in this store
    assert overall["misses"] == []
    broken = home / "broken.jsonl"
    broken.write_text('{"id": "1"}\n')
    failed = run(home, "eval", "everyday-search", "--data", str(broken), check=False)
    assert failed.returncode == 2 and "broken.jsonl:1" in failed.stderr
