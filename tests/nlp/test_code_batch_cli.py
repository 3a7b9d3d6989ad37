"""`onramp occupations code-batch` in a real process, on the real ESCO, O*NET and crosswalk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import run_cli, shared

SOFTWARE_DEVELOPER = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("code-batch")
    zips = [str(p) for p in sorted(shared("esco").glob("v1.1.1_*.zip"))]
    run_cli(folder, "taxonomy", "import", "esco", *zips, "--json")
    run_cli(
        folder, "taxonomy", "import", "onet", str(shared("onet", "29.3")), "--no-embed", "--json"
    )
    crosswalk = str(shared("esco", "crosswalk_esco_onet.csv"))
    run_cli(folder, "taxonomy", "import", "crosswalk", crosswalk, "--json")
    return folder


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


INPUT = [
    json.dumps({"id": "a", "title": "Software Developer"}),
    "",
    json.dumps({"id": "b", "title": "Registered Nurse", "description": "Care for patients."}),
    json.dumps({"id": "c", "title": "Forklift drivr"}),
]


def test_esco_output_has_the_contract_shape(home: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", INPUT)
    out = tmp_path / "out.jsonl"
    result = run_cli(
        home, "occupations", "code-batch", "--input", str(source), "--output", str(out),
        "--scheme", "esco", "--top", "5", "--method", "lexical", "--json",
    )  # fmt: skip
    summary = json.loads(result.stdout)
    assert summary["titles"] == 3 and summary["method"] == "lexical"
    assert summary["titles_per_second"] > 0
    lines = _read(out)
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    for line in lines:
        assert set(line) == {"id", "occupations"}
        occupations = line["occupations"]
        assert isinstance(occupations, list) and 1 <= len(occupations) <= 5
        for item in occupations:
            assert set(item) == {"code", "title", "score"}
            assert item["code"].startswith("http://data.europa.eu/esco/occupation/")
            assert isinstance(item["score"], float)
        scores = [item["score"] for item in occupations]
        assert scores == sorted(scores, reverse=True)
    assert lines[0]["occupations"][0]["code"] == SOFTWARE_DEVELOPER
    assert lines[2]["occupations"][0]["title"] == "forklift operator"


def test_onet_scheme_answers_with_onet_soc_codes_and_default_top(
    home: Path, tmp_path: Path
) -> None:
    source = _write(tmp_path / "in.jsonl", INPUT)
    out = tmp_path / "out.jsonl"
    result = run_cli(
        home, "occupations", "code-batch", "-i", str(source), "-o", str(out),
        "--scheme", "onet", "--method", "lexical",
    )  # fmt: skip
    assert "Coded 3 titles" in result.stdout
    lines = _read(out)
    assert lines[1]["occupations"][0]["code"] == "29-1141.00"
    assert all(len(line["occupations"]) == 20 for line in lines)
    codes = [o["code"] for line in lines for o in line["occupations"]]
    assert all(len(code) == 10 and code[2] == "-" for code in codes)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a"]', "line 2: expected an object"),
        ('{"id": "x"}', "line 2: 'title' must be a non-empty string"),
        ('{"id": 7, "title": "Cook"}', "line 2: 'id' must be a non-empty string"),
        ('{"id": "x", "title": "Cook", "description": 3}', "line 2: 'description' must be"),
        ('{"id": "a", "title": "Cook"}', "line 2: the id 'a' appears twice"),
    ],
)
def test_bad_lines_are_named(home: Path, tmp_path: Path, line: str, message: str) -> None:
    source = _write(tmp_path / "in.jsonl", [json.dumps({"id": "a", "title": "Baker"}), line])
    out = tmp_path / "out.jsonl"
    result = run_cli(
        home, "occupations", "code-batch", "--input", str(source), "--output", str(out),
        "--method", "lexical", check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert message in result.stderr and "in.jsonl" in result.stderr
    assert not out.exists()


def test_unknown_scheme_and_missing_input(home: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.jsonl", INPUT)
    out = str(tmp_path / "out.jsonl")
    bad = run_cli(
        home, "occupations", "code-batch", "-i", str(source), "-o", out, "--scheme", "isco",
        check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "unknown scheme" in bad.stderr
    missing = run_cli(
        home, "occupations", "code-batch", "-i", str(tmp_path / "nope.jsonl"), "-o", out,
        check=False,
    )  # fmt: skip
    assert missing.returncode == 4 and "nope.jsonl" in missing.stderr
