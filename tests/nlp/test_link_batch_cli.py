"""`onramp skills embed` and `onramp skills link-batch` in a real process, on real ESCO skills.

The release is a consistent subset of ESCO 1.1.1 (a few hundred skills, see esco_subset), so
embedding it takes seconds; the contract does not depend on the number of skills.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import esco_subset
import pytest

from support import run_cli, shared

JAVASCRIPT = "http://data.europa.eu/esco/skill/3cd569a2-4f88-4c1e-9995-8dce8c5e51a7"


def _esco_zips(folder: Path) -> list[str]:
    esco = shared("esco")
    [classification] = esco.glob("v1.1.1_classification_*_en_-_csv.zip")
    [relations] = esco.glob("v1.1.1_relations_*.zip")
    return [str(p) for p in esco_subset.build(classification, relations, folder, size=120)]


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _esco_zips(tmp_path_factory.mktemp("esco-subset"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, zips: list[str]) -> Path:
    folder = tmp_path_factory.mktemp("link-batch")
    imported = json.loads(run_cli(folder, "taxonomy", "import", "esco", *zips, "--json").stdout)
    at_import = imported["vectors"]  # preferred labels are embedded by the import itself
    assert at_import["model"].startswith("all-MiniLM-L6-v2@") and at_import["vectors"] > 40
    with sqlite3.connect(folder / "onramp.db") as db:
        (skills,) = db.execute("SELECT count(*) FROM skills WHERE skill_type != 'group'").fetchone()
        kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM skill_vectors")}
    assert at_import["vectors"] == skills and kinds == {"preferred"}
    embedded = run_cli(folder, "skills", "embed", "--no-descriptions", "--json")
    summary = json.loads(embedded.stdout)
    assert summary["framework"] == "esco" and summary["version"] == "1.1.1"
    assert summary["model"].startswith("all-MiniLM-L6-v2@")
    assert summary["vectors"] > 120  # preferred and alternative labels
    return folder


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


INPUT = [
    json.dumps({"id": "a", "text": "Strong experience in JavaScript"}),
    "",
    json.dumps({"id": "b", "text": "You will prepare meat dishes in our kitchen"}),
    json.dumps({"id": "ç-3", "text": "use spreadsheets"}),
]


def test_output_has_the_contract_shape_best_first(home: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", INPUT)
    out = tmp_path / "sub" / "out.jsonl"
    result = run_cli(
        home, "skills", "link-batch", "--input", str(source), "--output", str(out),
        "--top", "5", "--framework", "esco",
    )  # fmt: skip
    assert "Linked 3 texts" in result.stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "ç-3"]
    for line in lines:
        assert set(line) == {"id", "skills"}
        assert len(line["skills"]) == 5
        for skill in line["skills"]:
            assert set(skill) == {"uri", "label", "score"}
            assert skill["uri"].startswith("http://data.europa.eu/esco/skill/")
            assert isinstance(skill["label"], str) and isinstance(skill["score"], float)
        scores = [skill["score"] for skill in line["skills"]]
        assert scores == sorted(scores, reverse=True)
        assert len({skill["uri"] for skill in line["skills"]}) == 5
    assert lines[0]["skills"][0] == {
        "uri": JAVASCRIPT,
        "label": "JavaScript",
        "score": lines[0]["skills"][0]["score"],
    }
    assert lines[1]["skills"][0]["label"] == "cook meat dishes"
    assert lines[2]["skills"][0]["label"] == "use spreadsheets software"


def test_default_top_is_100_and_quiet_prints_nothing(home: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", INPUT[:1])
    out = tmp_path / "out.jsonl"
    result = run_cli(home, "skills", "link-batch", "-i", str(source), "-o", str(out), "--quiet")
    assert result.stdout == "" and result.stderr == ""
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(line["skills"]) == 100


def test_a_bad_line_is_named_and_nothing_is_written(home: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", [*INPUT, '{"id": "z", "text": 5}'])
    out = tmp_path / "out.jsonl"
    result = run_cli(home, "skills", "link-batch", "-i", str(source), "-o", str(out), check=False)
    assert result.returncode == 2
    assert f"{source}, line 5: 'text' must be a non-empty string" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_input_can_be_a_stream_but_not_a_folder(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    args = ("skills", "link-batch", "-i", "/dev/stdin", "-o", str(out), "--top", "3", "-q")
    run_cli(home, *args, stdin=INPUT[0] + "\n")
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == "a" and line["skills"][0]["uri"] == JAVASCRIPT
    folder = run_cli(home, "skills", "link-batch", "-i", str(tmp_path), "-o", str(out), check=False)
    assert folder.returncode == 2 and "is a folder, not a file" in folder.stderr


def test_missing_embeddings_are_reported_plainly(zips: list[str], tmp_path: Path) -> None:
    run_cli(tmp_path, "taxonomy", "import", "esco", *zips, "--no-embed", "--json")
    source = _write(tmp_path / "in.jsonl", INPUT[:1])
    out = tmp_path / "out.jsonl"
    result = run_cli(
        tmp_path, "skills", "link-batch", "-i", str(source), "-o", str(out), check=False
    )
    assert result.returncode == 5
    assert "have no embeddings" in result.stderr
    assert "run: onramp skills embed --framework esco" in result.stderr
    assert not out.exists()
