"""`onramp demo population` as a user runs it: a real process on a store with O*NET, whose
output `onramp match batch` reads as it is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_onet

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

KEEP = ("35-9021.00", "29-1141.00", "53-7062.00")


def test_the_population_is_the_same_per_seed_and_match_batch_reads_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(engine)
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, KEEP))
    engine.dispose()
    out = tmp_path / "people.jsonl"
    summary = json.loads(
        run_cli(
            home, "demo", "population", "--n", "40", "--seed", "9", "-o", str(out), "--json"
        ).stdout
    )
    assert summary["workers"] == 40 and summary["occupations"] == 3
    assert sum(g["workers"] for g in summary["groups"].values()) == 40
    written = out.read_text(encoding="utf-8")
    assert len(written.splitlines()) == 40
    piped = run_cli(home, "demo", "population", "--n", "40", "--seed", "9").stdout
    assert piped == written
    assert not (tmp_path / "people.jsonl.partial").exists()
    first = json.loads(written.splitlines()[0])
    skills = sorted({e["skill"] for e in first["evidence"]})[:3]
    job = tmp_path / "job.json"
    job.write_text(
        json.dumps(
            {
                "title": "A job",
                "requirements": [
                    {"skill": s, "label": s, "level": 2, "must_have": False} for s in skills
                ],
            }
        ),
        encoding="utf-8",
    )
    ranked = tmp_path / "ranked.jsonl"
    run_cli(home, "match", "batch", "--job", str(job), "--profiles", str(out), "-o", str(ranked))
    lines = [json.loads(line) for line in ranked.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 40
    # the group, degree and source occupation never reach the output
    assert all("synthetic" not in line and "education" not in line for line in lines)


def test_a_store_without_o_net_is_a_clear_error(tmp_path: Path) -> None:
    failed = run_cli(tmp_path, "demo", "population", "--n", "3", check=False)
    assert failed.returncode != 0
    assert "no current onet release" in failed.stderr
