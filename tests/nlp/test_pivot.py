"""O*NET with no titles but its own (the embedded default) borrows ESCO's label phrases, so
"Forklift Driver" is coded as 53-7051, not as taxi drivers (issue 12, item 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onramp.nlp.occupations import OccupationCoder
from onramp.nlp.pivot import borrowed_phrases
from onramp.store import make_engine, upgrade
from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import Framework, FrameworkRelease, Occupation, OccupationLabel, Origin

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
TAXI = "http://data.europa.eu/esco/occupation/6f7c1e84-8162-4c20-a575-b57ff624eef5"
ONET = [
    ("53-7051.00", "Industrial Truck and Tractor Operators"),
    ("53-3054.00", "Taxi Drivers"),
    ("53-3033.00", "Light Truck Drivers"),
    ("41-2011.00", "Cashiers"),
]


def _release(key: str, occupations: list[Occupation], labels: list[OccupationLabel]) -> Any:
    built = FrameworkRelease(
        framework=Framework(key, "1", key, "tests", "", "CC BY 4.0", "", Origin.EMBEDDED)
    )
    built.occupations.extend(occupations)
    built.occupation_labels.extend(labels)
    return built


def test_borrowed_phrases_end_in_the_head_noun() -> None:
    labels = [
        "forklift operator",
        "warehouse forklift operator warehouse forklift driver forklift truck operator",
    ]
    phrases = borrowed_phrases("forklift operator", labels)
    assert "forklift truck operator" in phrases and "truck operator" in phrases
    assert all(phrase.endswith("operator") for phrase in phrases)
    assert borrowed_phrases("forklift operator", ["cashier"]) == []


def test_forklift_driver_is_not_coded_as_a_taxi_driver(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    onet = [Occupation(code, f"urn:test:{code}", title, soc2018=code[:7]) for code, title in ONET]
    run_import(engine, lambda _step: _release("onet", onet, []))
    esco = [
        Occupation(FORKLIFT, FORKLIFT, "forklift operator"),
        Occupation(TAXI, TAXI, "taxi driver"),
    ]
    hidden = OccupationLabel(
        FORKLIFT,
        "warehouse forklift operator warehouse forklift driver forklift truck operator "
        "operator of forklift trucks forklift driver",
        "hidden",
    )
    run_import(engine, lambda _step: _release("esco", esco, [hidden]))
    coded = OccupationCoder(engine, "onet", "lexical").code("Forklift Driver", top=3)
    assert coded[0].code == "53-7051.00", coded
    assert OccupationCoder(engine, "onet", "lexical").code("Cashier", top=1)[0].code == (
        "41-2011.00"
    )
    engine.dispose()
