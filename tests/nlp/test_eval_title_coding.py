"""`onramp eval title-coding` on the JobBERT format, in a real process, with the real ESCO."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from onramp.store import make_engine, schema

from support import run_cli, shared

SOFTWARE_DEVELOPER = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("title-coding")
    zips = [str(p) for p in sorted(shared("esco").glob("v1.1.1_*.zip"))]
    run_cli(folder, "taxonomy", "import", "esco", *zips, "--json")
    return folder


def _uri(home: Path, title: str) -> str:
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    table = schema.occupations
    with engine.connect() as conn:
        uri = conn.execute(select(table.c.uri).where(table.c.title == title)).scalar_one()
    engine.dispose()
    return str(uri)


def _jobbert(folder: Path, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "titles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "vacancyTitle", "conceptUri"])
        for number, (title, uri) in enumerate(rows):
            writer.writerow([number, title, uri])
    return folder


def _evaluate(home: Path, data: Path, *extra: str) -> dict[str, object]:
    result = run_cli(home, "eval", "title-coding", "--data", str(data), "--json", *extra)
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_figures_by_hand(home: Path, tmp_path: Path) -> None:
    rows = [
        ("Software Developer", SOFTWARE_DEVELOPER),
        ("Sofware developer (Penang)", SOFTWARE_DEVELOPER),
        ("BARISTA", _uri(home, "barista")),
        ("Forklift Operator", _uri(home, "forklift operator")),
        ("Software Developer", "http://data.europa.eu/esco/occupation/not-in-this-release"),
    ]
    report = _evaluate(home, _jobbert(tmp_path / "jobbert", rows), "--method", "lexical")
    assert report["titles"] == 5
    assert report["gold_not_in_release"] == 1
    assert report["method"] == "lexical"
    assert report["mrr"] == pytest.approx(0.8)
    assert report["recall@1"] == report["recall@5"] == report["recall@10"] == pytest.approx(0.8)


def test_real_validation_sample_keeps_its_quality(home: Path, tmp_path: Path) -> None:
    """Every 40th JobBERT validation title (387): the lexical coder must stay near its figure
    on the whole set (MRR 0.35, R@10 0.52; see docs/benchmarks.md)."""
    with shared("skills-eval", "jobbert", "titles.csv").open(encoding="utf-8") as handle:
        every = list(csv.DictReader(handle))[::40]
    rows = [(row["vacancyTitle"], row["conceptUri"]) for row in every]
    report = _evaluate(home, _jobbert(tmp_path / "sample", rows), "--method", "lexical")
    assert report["titles"] == len(rows) == 387
    assert 0.28 <= float(str(report["mrr"])) <= 1
    assert float(str(report["recall@10"])) >= 0.42
    text = run_cli(home, "eval", "title-coding", "--data", str(tmp_path / "sample"), "--method",
                   "lexical").stdout  # fmt: skip
    assert "MRR" in text and f"{report['mrr']:.4f}" in text


def test_bad_data_is_named(home: Path, tmp_path: Path) -> None:
    missing = run_cli(home, "eval", "title-coding", "--data", str(tmp_path / "none"), check=False)
    assert missing.returncode == 4 and "titles.csv" in missing.stderr
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "titles.csv").write_text("title,uri\nCook,x\n", encoding="utf-8")
    bad = run_cli(home, "eval", "title-coding", "--data", str(folder), check=False)
    assert bad.returncode == 2 and "conceptUri" in bad.stderr and "titles.csv" in bad.stderr
