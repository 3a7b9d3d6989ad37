"""Occupation coding on the real ESCO 1.1.1, O*NET 29.3 and crosswalk files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from onramp.cli.coding import ranking_metrics
from onramp.errors import InvalidInputError, NotAvailableError
from onramp.nlp.occupations import (
    DenseIndex,
    OccupationCoder,
    TitleQuery,
    lexical_index,
    load_variants,
)
from onramp.nlp.titles import clean_title, title_variants
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_crosswalk, import_esco, import_onet

from support import shared

SOFTWARE_DEVELOPER = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("coding")
    engine = make_engine(f"sqlite:///{folder / 'onramp.db'}")
    upgrade(engine)
    import_esco(engine, sorted(shared("esco").glob("v1.1.1_*.zip")))
    import_onet(engine, shared("onet", "29.3"))
    import_crosswalk(engine, shared("esco", "crosswalk_esco_onet.csv"))
    yield engine
    engine.dispose()


def _codes(coder: OccupationCoder, title: str, description: str = "", top: int = 5) -> list[str]:
    return [o.code for o in coder.code(title, description, top)]


# -- titles, without data --------------------------------------------------------------------
def test_clean_title_drops_noise_brackets_and_numbers_and_expands_abbreviations() -> None:
    assert clean_title("URGENT!! Senior HR Exec (Kuala Lumpur) 2") == "human resources executive"
    assert clean_title("Protégé Logistic") == "protege logistic"
    assert clean_title("F&B Mgr") == "food beverage manager"


def test_combined_titles_give_each_part_and_borrow_the_head_noun() -> None:
    variants = title_variants("Account cum Admin Executive")
    assert variants[0] == "account administrative executive"
    assert "account executive" in variants and "administrative executive" in variants
    assert title_variants("Cook / Kitchen Helper")[1:] == ["cook", "cook helper", "kitchen helper"]
    assert title_variants("Internship - Junior Developer") == ["developer"]
    assert title_variants("Senior Intern") == ["senior intern"]  # all noise: keep the words
    assert title_variants("(?)") == []


def test_ranking_metrics_by_hand() -> None:
    metrics = ranking_metrics([1, 2, None, 10])
    assert metrics["mrr"] == pytest.approx((1 + 0.5 + 0 + 0.1) / 4)
    assert metrics["recall@1"] == 0.25
    assert metrics["recall@5"] == 0.5
    assert metrics["recall@10"] == 0.75
    with pytest.raises(InvalidInputError):
        ranking_metrics([])


# -- coding ---------------------------------------------------------------------------------
def test_titles_find_their_esco_and_onet_occupations(store: Engine) -> None:
    esco = OccupationCoder(store, "esco")
    onet = OccupationCoder(store, "onet")
    assert _codes(esco, "Software Developer")[0] == SOFTWARE_DEVELOPER
    assert esco.code("Barista", top=1)[0].title == "barista"
    assert esco.code("forklift driver", top=1)[0].title == "forklift operator"
    assert _codes(onet, "Registered Nurse")[0] == "29-1141.00"
    assert _codes(onet, "Physician Assistant")[0] == "29-1071.00"
    found = esco.code("Software Developer", top=3)
    assert [o.score for o in found] == sorted((o.score for o in found), reverse=True)
    assert all(o.code.startswith("http://data.europa.eu/esco/occupation/") for o in found)


def test_typos_abbreviations_and_noise_are_tolerated(store: Engine) -> None:
    esco = OccupationCoder(store, "esco")
    assert SOFTWARE_DEVELOPER in _codes(esco, "Sofware Develper", top=3)
    onet = OccupationCoder(store, "onet")
    assert "29-1141.00" in _codes(onet, "URGENT: RN (night shift, Penang)", top=3)


def test_the_crosswalk_answers_with_the_other_schemes_titles(store: Engine) -> None:
    """ "Registered nurse" is an O*NET title; ESCO's label is "nurse responsible for general
    care". Without the crosswalk's O*NET titles ESCO would not reach it first."""
    esco = OccupationCoder(store, "esco")
    assert esco.code("Registered Nurse", top=1)[0].title == "nurse responsible for general care"
    _, own_only = load_variants(store, "esco", None, frozenset())  # no crosswalk titles
    _, with_foreign = load_variants(store, "esco")
    assert len(with_foreign) > len(own_only)
    assert not any(text == "Registered Nurses" for _, text, _ in own_only)
    assert any(text == "Registered Nurses" for _, text, _ in with_foreign)


def test_a_description_can_decide_between_readings(store: Engine) -> None:
    esco = OccupationCoder(store, "esco")
    bus = "Drive a bus on scheduled city routes, collect fares and help passengers board."
    assert esco.code("Driver", top=1)[0].title != "bus driver"
    assert esco.code("Driver", bus, top=1)[0].title == "bus driver"
    assert esco.code("Driver", "   ", top=3) == esco.code("Driver", top=3)


def test_ranks_agree_with_code(store: Engine) -> None:
    esco = OccupationCoder(store, "esco")
    titles = ["Software Developer", "Sales Executive", "Kitchen Assistant"]
    coded = [esco.code(t, top=10) for t in titles]
    golds = [found[3].code for found in coded]
    ranks = esco.ranks([TitleQuery(str(n), t) for n, t in enumerate(titles)], golds)
    assert ranks == [4, 4, 4]
    assert esco.ranks([TitleQuery("x", "Software Developer")], ["no-such-code"]) == [None]


def test_the_index_is_built_once_and_again_when_a_release_changes(
    store: Engine, tmp_path: Path
) -> None:
    first = lexical_index(store, "esco")
    assert lexical_index(store, "esco") is first
    import_crosswalk(store, shared("esco", "crosswalk_esco_onet.csv"), version="2")
    assert lexical_index(store, "esco") is not first


def test_unknown_scheme_method_and_missing_release(tmp_path: Path) -> None:
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(empty)
    with pytest.raises(NotAvailableError, match="import"):
        OccupationCoder(empty, "esco")
    with pytest.raises(InvalidInputError):
        OccupationCoder(empty, "isco")
    with pytest.raises(InvalidInputError):
        OccupationCoder(empty, "esco", "magic")
    empty.dispose()


def test_dense_index_takes_each_occupations_best_weighted_variant() -> None:
    """Three occupations with 2, 1 and 2 title vectors; a query scores each by its best one."""
    vectors = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.6, 0.8, 0], [0, 0.6, 0.8]])
    index = DenseIndex(
        vectors=vectors.astype(np.float32),
        weights=np.array([1.0, 0.5, 1.0, 1.0, 0.9], dtype=np.float32),
        starts=np.array([0, 2, 3], dtype=np.int64),
    )
    queries = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
    scores = index.score(queries)
    assert scores.shape == (2, 3)
    np.testing.assert_allclose(scores[0], [1.0, 0.0, 0.6], atol=1e-6)
    np.testing.assert_allclose(scores[1], [0.5, 0.0, 0.8], atol=1e-6)
