"""The transition model read from a real store (issue 15, item 1): official O*NET rows, the
matrix kept per release, the embedded default, and `onramp pathways batch`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.market import read_bls_projections
from onramp.pathways import Lack, load_features, transition_matrix
from onramp.pathways.store import warm_up
from onramp.taxonomy import import_onet
from onramp.taxonomy.importing import run_import

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from embedded_like import embedded_like  # noqa: E402
from onet_files import write_mini_onet  # noqa: E402

LADDER = ("31-1131.00", "29-2061.00", "29-1141.00", "41-2031.00", "35-9021.00")
PROJECTIONS = ("onet", "bls_ep", "ep_table_1_2_occupational_projections_2024_34.csv")


def _mini(engine: Engine, folder: Path) -> None:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), folder, False, LADDER))


def test_features_come_from_the_official_rows(engine: Engine, tmp_path: Path) -> None:
    _mini(engine, tmp_path / "onet")
    features, lacks = load_features(engine)
    by_code = {f.code: f for f in features}
    assert set(by_code) == set(LADDER)
    nurse = by_code["29-1141.00"]
    assert nurse.job_zone == 4
    assert nurse.rated_skills and nurse.rated_knowledge and nurse.activities and nurse.technology
    assert all(0 < v <= 35 for v in nurse.rated_skills.values())  # importance x level
    assert Lack.WAGES in lacks and Lack.PROJECTIONS in lacks and Lack.RATINGS not in lacks


def test_the_matrix_is_kept_per_release_and_rebuilt_when_one_changes(
    engine: Engine, tmp_path: Path
) -> None:
    _mini(engine, tmp_path / "onet")
    first = transition_matrix(engine)
    assert transition_matrix(engine) is first
    assert all(f.growth_percent is None for f in first.features)
    run_import(engine, lambda _step: read_bls_projections(shared(*PROJECTIONS), None))
    again = transition_matrix(engine)
    assert again is not first
    assert Lack.PROJECTIONS in first.lacks and Lack.PROJECTIONS not in again.lacks
    nurse = again.top("31-1131.00", 4)
    assert {t.to_code for t in nurse} == set(LADDER) - {"31-1131.00"}
    assert all(t.growth_percent is not None for t in nurse)


def test_the_embedded_default_works_from_guessed_skills_and_says_what_it_lacks(
    tmp_path: Path,
) -> None:
    """SQLite only: the embedded default is the SQLite install's store."""
    from onramp.store.engine import make_engine, upgrade

    store = make_engine(f"sqlite:///{tmp_path / 'embedded.db'}")
    upgrade(store)
    embedded_like(store, tmp_path)
    matrix = transition_matrix(store)
    assert Lack.RATINGS in matrix.lacks and Lack.JOB_ZONES in matrix.lacks
    assert Lack.INFERRED_SKILLS in matrix.lacks and Lack.SKILL_VECTORS not in matrix.lacks
    assert all(f.inferred and f.listed for f in matrix.features)
    [move] = matrix.top("35-9021.00", 5)
    assert move.to_code == "31-1131.00" and move.job_zone_change is None and move.viable
    assert move.parts["skills"] is None and move.parts["listed"] is not None


def test_batch_writes_the_contract_and_nothing_on_a_bad_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli(
        home,
        "taxonomy",
        "import",
        "onet",
        str(write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, LADDER)),
        "--no-embed",
    )
    good = tmp_path / "in.txt"
    good.write_text("31-1131.00\n\n29-2061.00\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = run_cli(
        home,
        "pathways",
        "batch",
        "--input",
        str(good),
        "--output",
        str(out),
        "--top",
        "2",
        "--json",
    )
    assert json.loads(done.stdout)["codes"] == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["from"] for line in lines] == ["31-1131.00", "29-2061.00"]
    for line in lines:
        assert len(line["transitions"]) == 2
        assert line["from"] not in {t["to"] for t in line["transitions"]}
        scores = [t["score"] for t in line["transitions"]]
        assert scores == sorted(scores, reverse=True)
        assert all(
            set(t) == {"to", "score", "job_zone_change", "wage_ratio"} for t in line["transitions"]
        )
    for bad, why in (("31-1131.00\nnurse\n", "line 2"), ("11-1011.00\n", "line 1")):
        source = tmp_path / "bad.txt"
        source.write_text(bad, encoding="utf-8")
        target = tmp_path / "bad.jsonl"
        failed = run_cli(
            home, "pathways", "batch", "--input", str(source), "--output", str(target), check=False
        )
        assert failed.returncode == 2 and why in failed.stderr
        assert not target.exists()


def test_a_server_warms_the_matrix_so_the_first_request_finds_it_built(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onramp.pathways.store as store

    builds: list[int] = []
    real = store.build_matrix
    monkeypatch.setattr(store, "build_matrix", lambda *a: builds.append(1) or real(*a))
    assert warm_up(engine) is False  # no O*NET release yet: nothing to build, and no error
    _mini(engine, tmp_path / "onet")
    assert warm_up(engine) is True and len(builds) == 1
    assert transition_matrix(engine).codes == sorted(LADDER)
    assert len(builds) == 1  # the request found the warmed matrix
