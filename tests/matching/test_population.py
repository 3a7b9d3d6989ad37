"""The synthetic population: the same seed gives the same workers, and the group is linked to
degree holding by the setting, never to skills."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.matching.population import (
    OccupationSkills,
    PopulationSettings,
    SkillNeed,
    occupation_skills,
    population,
)
from onramp.matching.scoring.evidence import EvidenceKind, EvidenceStatus

from support import shared

SKILL = "https://example.org/skill/"
OCCUPATIONS = [
    OccupationSkills(
        f"00-000{o}.00",
        f"Job {o}",
        tuple(SkillNeed(f"{SKILL}{o}-{s}", 1 + (o + s) % 5, 3.0 + s % 2) for s in range(12)),
    )
    for o in range(6)
]


def _skill_mass(workers: list[dict[str, object]], group: str) -> float:
    """Mean number of distinct skills with active evidence per worker of a group."""
    chosen = [w for w in workers if w["synthetic"]["group"] == group]  # type: ignore[index]
    total = sum(
        len({e["skill"] for e in w["evidence"] if e["status"] == "active"})  # type: ignore[attr-defined]
        for w in chosen
    )
    return total / len(chosen)


def test_the_same_seed_gives_the_same_workers_and_another_seed_others() -> None:
    first = list(population(OCCUPATIONS, 50, seed=7))
    again = list(population(OCCUPATIONS, 50, seed=7))
    other = list(population(OCCUPATIONS, 50, seed=8))
    assert first == again
    assert first != other
    # worker i depends only on the seed and i: a stream can start anywhere
    assert list(population(OCCUPATIONS, 10, seed=7, start=40)) == first[40:]


def test_lines_follow_the_batch_contract() -> None:
    kinds = {k.value for k in EvidenceKind}
    statuses = {s.value for s in EvidenceStatus}
    seen_kinds: set[str] = set()
    seen_statuses: set[str] = set()
    for worker in population(OCCUPATIONS, 300, seed=1):
        assert set(worker) == {"id", "evidence", "education", "name", "birth_year", "synthetic"}
        json.dumps(worker)
        for piece in worker["evidence"]:
            assert 1 <= piece["level"] <= 5
            assert piece["kind"] in kinds and piece["status"] in statuses
            seen_kinds.add(piece["kind"])
            seen_statuses.add(piece["status"])
    assert seen_kinds == kinds - {"resume"}
    assert seen_statuses == statuses


def test_the_group_is_linked_to_degrees_by_the_setting_and_never_to_skills() -> None:
    linked = list(population(OCCUPATIONS, 4000, seed=3, settings=PopulationSettings()))
    unlinked = list(
        population(OCCUPATIONS, 4000, seed=3, settings=PopulationSettings(degree_gap=0.0))
    )

    def degree_rate(workers: list[dict[str, object]], group: str) -> float:
        chosen = [w["synthetic"] for w in workers if w["synthetic"]["group"] == group]  # type: ignore[index]
        return sum(bool(s["degree"]) for s in chosen) / len(chosen)  # type: ignore[index]

    gap = degree_rate(linked, "A") - degree_rate(linked, "B")
    assert 0.33 < gap < 0.47  # the default gap is 0.4
    assert abs(degree_rate(unlinked, "A") - degree_rate(unlinked, "B")) < 0.05
    # the setting changes degrees only: the evidence of every worker is the same
    assert [w["evidence"] for w in linked] == [w["evidence"] for w in unlinked]
    assert abs(_skill_mass(linked, "A") - _skill_mass(linked, "B")) < 0.5


def test_inflated_workers_claim_more_than_the_rest_of_their_evidence_shows() -> None:
    settings = PopulationSettings(inflated_share=1.0)
    for worker in population(OCCUPATIONS, 30, seed=2, settings=settings):
        best_other: dict[str, int] = {}
        claims: dict[str, int] = {}
        for piece in worker["evidence"]:
            into = claims if piece["kind"] == "self" and piece["level"] >= 2 else best_other
            into[piece["skill"]] = max(into.get(piece["skill"], 0), piece["level"])
        assert any(level > best_other.get(skill, 0) for skill, level in claims.items())


@pytest.mark.parametrize(
    "settings",
    [{"drop_share": 1.5}, {"degree_gap": -0.1}, {"degree_rate": 0.9, "degree_gap": 0.6}],
)
def test_settings_out_of_range_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        PopulationSettings(**settings)  # type: ignore[arg-type]


def test_no_occupations_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="no occupations"):
        list(population([], 1))


def test_occupation_skills_come_from_the_imported_ratings(engine: Engine, tmp_path: Path) -> None:
    import sys

    from onramp.taxonomy import import_onet

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
    from onet_files import write_mini_onet

    keep = ("35-9021.00", "29-1141.00")
    folder = write_mini_onet(shared("onet", "29.3"), tmp_path, with_optional=False, keep=keep)
    import_onet(engine, folder)
    found = {o.code: o for o in occupation_skills(engine)}
    assert set(found) == set(keep)
    nurse = found["29-1141.00"]
    assert all(1 <= need.level <= 5 for need in nurse.needs)
    assert len(nurse.needs) > len(found["35-9021.00"].needs)
    workers = list(population(list(found.values()), 20, seed=0))
    assert {w["synthetic"]["occupation"] for w in workers} <= set(keep)
