"""The skill-linking metrics on hand-made cases, the Decorte reader, and the eval command."""

from __future__ import annotations

import json
from pathlib import Path

import esco_subset
import pytest

from onramp.errors import ImportFileError
from onramp.nlp.evaluation import (
    datasets,
    r_precision_at,
    read_annotations,
    reciprocal_rank,
    score,
)

from support import run_cli, shared


def test_r_precision_divides_by_the_smaller_of_k_and_the_gold_count() -> None:
    ranked = ["a", "b", "c", "d", "e", "f"]
    assert r_precision_at(ranked, {"a"}, 5) == 1.0
    assert r_precision_at(ranked, {"f"}, 5) == 0.0
    assert r_precision_at(ranked, {"b", "e", "z"}, 5) == pytest.approx(2 / 3)
    gold = {"a", "b", "c", "d", "e", "f", "g"}
    assert r_precision_at(ranked, gold, 5) == 1.0
    assert r_precision_at(ranked, gold, 10) == pytest.approx(6 / 7)
    with pytest.raises(ValueError):
        r_precision_at(ranked, set(), 5)


def test_reciprocal_rank_of_the_first_gold_item() -> None:
    assert reciprocal_rank(["a", "b", "c"], {"c", "b"}) == 0.5
    assert reciprocal_rank(["a", "b", "c"], {"z"}) == 0.0


def test_score_averages_over_sentences() -> None:
    metrics = score([["a", "b"], ["x", "y", "z"]], [{"a"}, {"z", "q"}])
    assert metrics.sentences == 2
    assert metrics.rp5 == pytest.approx((1.0 + 0.5) / 2)
    assert metrics.mrr == pytest.approx((1.0 + 1 / 3) / 2)
    truncated = score([["a"], ["x"]], [{"a"}, {"z"}], first_ranks=[1, 40])
    assert truncated.mrr == pytest.approx((1.0 + 1 / 40) / 2)
    assert truncated.as_json() == {"sentences": 2, "rp@5": 50.0, "rp@10": 50.0, "mrr": 51.25}
    with pytest.raises(ValueError):
        score([["a"]], [{"a"}, {"b"}])


CSV = """sentence,span,sub_span,label
we need java and js,java,,Java (computer programming)
we need java and js,js,,JavaScript
we need java and js,js,,JavaScript
we need java and js,and,,LABEL NOT PRESENT
only noise here,noise,,UNDERSPECIFIED
cook meat for guests,cook,,cook meat dishes
cook meat for guests,guests,,a label that ESCO does not have
"""


def test_reader_groups_by_sentence_and_drops_the_protocol_labels(tmp_path: Path) -> None:
    path = tmp_path / "tiny_validation_annotations.csv"
    path.write_text(CSV, encoding="utf-8")
    examples = read_annotations(path)
    assert [(e.sentence, e.labels) for e in examples] == [
        ("we need java and js", ["Java (computer programming)", "JavaScript"]),
        ("cook meat for guests", ["cook meat dishes", "a label that ESCO does not have"]),
    ]
    assert datasets(tmp_path) == {"tiny_validation": path}


def test_reader_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x_annotations.csv"
    path.write_text("sentence,label\nfine,JavaScript\n,JavaScript\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="x_annotations.csv, line 3: empty"):
        read_annotations(path)
    path.write_text("text,label\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="missing column"):
        read_annotations(path)
    with pytest.raises(ImportFileError, match="no \\*_annotations.csv"):
        datasets(tmp_path / "x_annotations.csv")


def test_eval_command_on_real_esco_skills(tmp_path: Path) -> None:
    esco = shared("esco")
    [classification] = esco.glob("v1.1.1_classification_*_en_-_csv.zip")
    [relations] = esco.glob("v1.1.1_relations_*.zip")
    zips = esco_subset.build(classification, relations, tmp_path, size=40)
    home = tmp_path / "home"
    run_cli(home, "taxonomy", "import", "esco", *map(str, zips), "--no-embed", "--json")
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny_validation_annotations.csv").write_text(CSV, encoding="utf-8")
    missing = run_cli(home, "eval", "skill-linking", "--data", str(data), check=False)
    assert missing.returncode == 5 and "onramp skills embed" in missing.stderr
    run_cli(home, "skills", "embed", "--json")
    report = json.loads(
        run_cli(home, "eval", "skill-linking", "--data", str(data), "--json").stdout
    )
    assert report["framework"] == "esco" and report["skills"] == 40
    tiny = report["datasets"]["tiny_validation"]
    assert tiny["sentences"] == 2
    assert tiny["gold_labels_unmapped"] == ["a label that ESCO does not have"]
    assert tiny["rp@10"] == 100.0 and tiny["mrr"] == 100.0
    table = run_cli(home, "eval", "skill-linking", "--data", str(data)).stdout
    assert "tiny_validation" in table and "RP@5" in table
