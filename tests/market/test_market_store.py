"""Labour-market releases go through the store like any other release."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from market_files import write_package_db
from sqlalchemy import func, select

from onramp.market import read_bls_projections, read_oews
from onramp.store import make_engine, upgrade, write_release
from onramp.store.schema import frameworks, projections, wages


def test_round_trip(tmp_path: Path) -> None:
    plain = write_package_db(tmp_path / "oews.sqlite")
    packed = tmp_path / "oews-2025.sqlite.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    release = read_oews([packed])
    first = write_release(engine, release.framework, release.parts())
    assert first.changed and first.counts == {"wages": 7}
    with engine.connect() as conn:
        rows = conn.execute(select(wages).where(wages.c.framework_id == first.framework_id)).all()
        nurses = conn.execute(
            select(wages).where(wages.c.soc_code == "29-1141", wages.c.area_code == "31080")
        ).one()
        stored = conn.execute(select(frameworks).where(frameworks.c.id == first.framework_id)).one()
    assert len(rows) == 7
    assert (nurses.area_type, nurses.employment, nurses.annual_p90) == ("metro", 109360, None)
    assert "annual_p90: top-coded, at least 239,200" in nurses.notes
    assert (stored.key, stored.version, stored.origin, stored.is_current) == (
        "oews",
        "2025",
        "embedded",
        True,
    )
    # the same content again, even unzipped, changes nothing
    again = read_oews([plain])
    second = write_release(engine, again.framework, again.parts())
    assert second.changed is False and second.framework_id == first.framework_id
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(wages)).scalar_one() == 7
    engine.dispose()


def test_projections_round_trip(tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[2].parent / "shared/data/onet/bls_ep"
    path = shared / "ep_table_1_2_occupational_projections_2024_34.csv"
    if not path.exists():
        import pytest

        pytest.skip(f"reference data not available: {path}")
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    release = read_bls_projections(path)
    assert write_release(engine, release.framework, release.parts()).changed
    with engine.connect() as conn:
        nurses = conn.execute(select(projections).where(projections.c.soc_code == "29-1141")).one()
        total = conn.execute(select(func.count()).select_from(projections)).scalar_one()
    assert total == 1113 and nurses.employment_base == 3391 and nurses.median_annual_wage == 93600
    repeat = read_bls_projections(path)
    assert write_release(engine, repeat.framework, repeat.parts()).changed is False
    engine.dispose()


def test_wage_areas_are_read_through_the_market_use_case(tmp_path: Path) -> None:
    from onramp.errors import NotAvailableError
    from onramp.market.wage_areas import wage_areas

    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    upgrade(engine)
    with pytest.raises(NotAvailableError, match="no wages imported"):
        wage_areas(engine)
    release = read_oews([write_package_db(tmp_path / "oews.sqlite")])
    write_release(engine, release.framework, release.parts())
    found = wage_areas(engine, "cALIF")
    assert [area["type"] for area in found] == sorted(area["type"] for area in found)
    assert {area["name"] for area in found} == {
        "California",
        "North Coast Region of California nonmetropolitan area",
    }
    engine.dispose()
