"""`onramp skills extract FILE [--kind] [--json]` in a real process on a real SQLite store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_documents import make_docx  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

POSTING = """Registered Nurse
Requirements
- Bachelor's degree in Nursing.
- 2+ years of experience; strong Critical Thinking.
- Microsoft Excel and FaceTime.
Nice to have
- Expert in Epic Systems
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("home")
    mini = write_mini_onet(shared("onet", "29.3"), root / "onet")
    run_cli(root, "taxonomy", "import", "onet", str(mini), "--json")
    return root


def test_extract_json_shape(home: Path, tmp_path: Path) -> None:
    file = tmp_path / "posting.txt"
    file.write_text(POSTING)
    out = json.loads(run_cli(home, "skills", "extract", str(file), "--json").stdout)
    assert out["file"] == str(file) and out["kind"] == "posting" and out["format"] == "text"
    assert out["text"] == POSTING
    skills = {s["label"]: s for s in out["skills"]}
    excel = skills["Microsoft Excel"]
    assert set(excel) == {
        "uri",
        "label",
        "framework",
        "type",
        "confidence",
        "section",
        "level",
        "hot_technology",
        "in_demand",
        "evidence",
    }
    assert excel["hot_technology"] is True and excel["section"] == "requirement"
    assert skills["FaceTime"]["hot_technology"] is False
    assert skills["Critical Thinking"]["level"]["level"] == "advanced"
    assert skills["Critical Thinking"]["hot_technology"] is None
    epic = skills["Epic Systems"]
    assert epic["section"] == "nice_to_have" and epic["level"]["level"] == "expert"
    for skill in out["skills"]:
        assert 0 < skill["confidence"] < 1
        for evidence in skill["evidence"]:
            start, end = evidence["span"]
            assert POSTING[start:end] == evidence["text"]
    flags = [(r["kind"], r["required"]) for r in out["requirements"]]
    assert flags == [("degree", True), ("experience_years", True)]
    assert out["requirements"][0]["level"] == "bachelor"
    assert not any("Hot Technology" in note for note in out["notes"])
    assert any(
        "Dense linking: no current release of the framework 'esco'" in n for n in out["notes"]
    )
    off = run_cli(home, "skills", "extract", str(file), "--no-dense", "--json").stdout
    off_notes = json.loads(off)["notes"]
    assert "Dense linking: turned off (--no-dense)." in off_notes
    assert sum(n.startswith("Dense linking") for n in off_notes) == 1  # one note, not two
    onet_only = run_cli(home, "skills", "extract", str(file), "-f", "onet", "--json").stdout
    assert "Dense linking: ESCO is not among --framework." in json.loads(onet_only)["notes"]


def test_extract_docx_resume_as_text(home: Path, tmp_path: Path) -> None:
    file = tmp_path / "cv.docx"
    file.write_bytes(
        make_docx(
            [
                ("Heading1", "Experience", False),
                (None, "Charge nurse: used Microsoft Excel for rosters", True),
                ("Heading1", "Education", False),
                (None, "Course in Critical Thinking", False),
            ]
        )
    )
    result = run_cli(
        home, "skills", "extract", str(file), "--kind", "resume", env={"COLUMNS": "200"}
    )
    assert "Microsoft Excel" in result.stdout and "experience" in result.stdout
    assert "Critical Thinking" in result.stdout and "education" in result.stdout


def test_extract_errors(home: Path, tmp_path: Path) -> None:
    missing = run_cli(home, "skills", "extract", str(tmp_path / "none.txt"), check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    file = tmp_path / "p.txt"
    file.write_text("Python")
    bad = run_cli(home, "skills", "extract", str(file), "--kind", "memo", check=False)
    assert bad.returncode == 2 and "unknown document kind" in bad.stderr
    empty_home = tmp_path / "empty"
    empty_home.mkdir()
    empty = run_cli(empty_home, "skills", "extract", str(file), check=False)
    assert empty.returncode == 5 and "onramp data bootstrap" in empty.stderr


def test_extract_obeys_the_limits(home: Path, tmp_path: Path) -> None:
    """Issue 11, items 10 and 18: the CLI reads within the server's limits and says so."""
    long = tmp_path / "long.txt"
    long.write_text(POSTING * 1_200)  # 220,800 characters
    refused = run_cli(home, "skills", "extract", str(long), check=False)
    assert refused.returncode == 2, refused.stderr
    assert "too much text: more than 200,000 characters" in refused.stderr
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import hostile_documents

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile_documents.stream_bomb_pdf())
    stopped = run_cli(home, "skills", "extract", str(bomb), check=False)
    assert stopped.returncode == 2 and "too big or too complex" in stopped.stderr
    assert "Traceback" not in stopped.stderr
