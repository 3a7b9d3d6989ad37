"""An occupation profile with pay for an area the person typed: forgiving matching, and a
plain note with national pay when nothing matches (issue 12, item 6). Real stores."""

from __future__ import annotations

import sys
from pathlib import Path

from market_files import write_package_db
from sqlalchemy import Engine

from onramp.market import read_oews
from onramp.taxonomy import Catalog, import_onet, run_import

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

NURSES = "29-1141.00"


def fill(engine: Engine, folder: Path) -> Catalog:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), folder / "onet"))
    package = write_package_db(folder / "oews.sqlite")
    run_import(engine, lambda step: read_oews([package], None, step))
    return Catalog(engine)


def test_area_pay_is_found_forgivingly_or_explained(engine: Engine, tmp_path: Path) -> None:
    catalog = fill(engine, tmp_path)
    for typed in ("Los Angeles", "los angeles, ca", "Los Angeles California", "31080"):
        profile = catalog.profile(NURSES, typed)
        assert profile.area_wage is not None, typed
        assert profile.area_wage.area_name == "Los Angeles-Long Beach-Anaheim, CA"
        assert profile.area_note == ""
    for typed in ("CA", "california"):
        state = catalog.profile(NURSES, typed).area_wage
        assert state is not None and state.area_name == "California"
    unknown = catalog.profile(NURSES, "Dayton")  # not in this release: no 404, a plain note
    assert unknown.area_wage is None and unknown.national_wage is not None
    assert "could not find a place called “Dayton”" in unknown.area_note
    assert "whole country" in unknown.area_note and "onramp" not in unknown.area_note
