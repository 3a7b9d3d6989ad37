"""OEWS wages from the official all_data file, as xlsx and as a CSV export."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from market_files import (
    ALL_DATA_HEADER,
    ALL_DATA_ROWS,
    write_all_data_csv,
    write_all_data_xlsx,
)

from onramp.errors import ImportFileError
from onramp.market import Wage, read_oews
from onramp.taxonomy.model import Origin


def _by_key(wages: list[Wage]) -> dict[tuple[str, str], Wage]:
    return {(w.soc_code, w.area_code): w for w in wages}


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    return write_all_data_xlsx(tmp_path / "all_data_M_2025.xlsx")


def test_reads_cross_industry_rows(xlsx: Path) -> None:
    release = read_oews([xlsx])
    framework = release.framework
    assert (framework.key, framework.version, framework.origin) == ("oews", "2025", Origin.OFFICIAL)
    assert framework.attribution == (
        "Occupational Employment and Wage Statistics, U.S. Bureau of Labor Statistics"
    )
    wages = _by_key(release.wages)
    # the major group and the hospitals-only row are left out
    assert set(wages) == {
        ("29-1141", "US"),
        ("29-1141", "06"),
        ("53-7062", "31080"),
        ("25-1011", "0600003"),
    }
    nurses = wages[("29-1141", "US")]
    assert (nurses.area_type, nurses.area_name) == ("national", "United States")
    assert (nurses.employment, nurses.annual_median, nurses.hourly_median) == (3379720, 97550, 46.9)
    assert nurses.notes == ""
    assert wages[("53-7062", "31080")].area_type == "metro"
    assert wages[("25-1011", "0600003")].area_type == "nonmetro"


def test_markers_become_none_with_notes(xlsx: Path) -> None:
    wages = _by_key(read_oews([xlsx]).wages)
    california = wages[("29-1141", "06")]
    assert california.area_type == "state"
    assert california.annual_p90 is None and california.hourly_p90 is None
    assert california.annual_p75 == 173170
    assert california.notes == (
        "annual_p90: top-coded, at least 239,200; hourly_p90: top-coded, at least 115.00"
    )
    laborers = wages[("53-7062", "31080")]
    assert laborers.employment is None and laborers.notes == "employment: not published"
    teachers = wages[("25-1011", "0600003")]
    assert teachers.hourly_mean is None and teachers.annual_mean == 98230
    assert teachers.notes.endswith("hourly_p90: not published (reported as annual salary only)")


def test_top_code_limit_comes_from_the_workbook(tmp_path: Path) -> None:
    notes = [
        ["Notes:", "# = a wage equal to or greater than $100.00 per hour or $208,000 per year"]
    ]
    path = write_all_data_xlsx(tmp_path / "all_data_M_2019.xlsx", notes=notes)
    release = read_oews([path])
    assert release.framework.version == "2019"
    assert "at least 208,000" in _by_key(release.wages)[("29-1141", "06")].notes


def test_csv_export_reads_the_same(xlsx: Path, tmp_path: Path) -> None:
    exported = write_all_data_csv(tmp_path / "all_data_M_2025.csv")
    assert read_oews([exported]).wages == read_oews([xlsx]).wages


def test_lower_case_headers(tmp_path: Path) -> None:
    path = write_all_data_xlsx(
        tmp_path / "all_data_M_2025.xlsx", header=[h.lower() for h in ALL_DATA_HEADER]
    )
    assert len(read_oews([path]).wages) == 4


def test_official_zip(xlsx: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "oesm25all.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(xlsx, "oesm25all/all_data_M_2025.xlsx")
    release = read_oews([bundle])
    assert release.framework.version == "2025" and len(release.wages) == 4


def test_same_file_same_hash(xlsx: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "all_data_M_2025.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(xlsx.read_bytes())
    assert read_oews([copy]).framework.content_sha256 == read_oews([xlsx]).framework.content_sha256


def test_year_is_needed(tmp_path: Path) -> None:
    path = write_all_data_xlsx(tmp_path / "wages.xlsx")
    with pytest.raises(ImportFileError, match="pass --version"):
        read_oews([path])
    assert read_oews([path], version="2025").framework.version == "2025"


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "all_data_M_2025.xlsx"
    path.write_bytes(os.urandom(20_000))
    with pytest.raises(ImportFileError, match="not a readable xlsx") as caught:
        read_oews([path])
    assert caught.value.file.endswith("all_data_M_2025.xlsx")


def test_truncated_xlsx(xlsx: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut" / "all_data_M_2025.xlsx"
    cut.parent.mkdir()
    cut.write_bytes(xlsx.read_bytes()[:-200])
    with pytest.raises(ImportFileError, match="not a readable xlsx"):
        read_oews([cut])


def test_missing_columns(tmp_path: Path) -> None:
    header = [h if h != "A_MEDIAN" else "A_MIDDLE" for h in ALL_DATA_HEADER]
    path = write_all_data_xlsx(tmp_path / "all_data_M_2025.xlsx", header=header)
    with pytest.raises(ImportFileError, match="lacks column.*A_MEDIAN") as caught:
        read_oews([path])
    assert caught.value.line == 1


def test_not_an_oews_workbook(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "value"])
    path = tmp_path / "all_data_M_2025.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError, match="no sheet has the expected header"):
        read_oews([path])


def test_bad_value_names_the_row(tmp_path: Path) -> None:
    rows = [list(r) for r in ALL_DATA_ROWS]
    rows[3][ALL_DATA_HEADER.index("A_MEAN")] = "about 150k"
    path = write_all_data_xlsx(tmp_path / "all_data_M_2025.xlsx", rows=rows)
    with pytest.raises(ImportFileError, match="A_MEAN.*about 150k") as caught:
        read_oews([path])
    assert caught.value.line == 5  # header on row 1, fourth data row
    assert "All May 2025 data" in caught.value.file


def test_truncated_csv_names_the_line(tmp_path: Path) -> None:
    exported = write_all_data_csv(tmp_path / "full.csv")
    data = exported.read_bytes()
    cut = tmp_path / "all_data_M_2025.csv"
    cut.write_bytes(data[: data.rindex(b"\n") - 10])
    with pytest.raises(ImportFileError, match="truncated") as caught:
        read_oews([cut])
    assert caught.value.line == len(ALL_DATA_ROWS) + 1


def test_two_candidate_files(xlsx: Path, tmp_path: Path) -> None:
    write_all_data_csv(tmp_path / "all_data_M_2025.csv")
    with pytest.raises(ImportFileError, match="exactly one OEWS file"):
        read_oews([tmp_path])
