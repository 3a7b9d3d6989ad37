"""BLS Employment Projections table 1.2, from the shared CSV export and the official workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from onramp.errors import ImportFileError
from onramp.market import Projection, read_bls_projections

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data"
CSV_NAME = "ep_table_1_2_occupational_projections_2024_34.csv"
XLSX_NAME = "occupation_2024-34.xlsx"


def _shared(name: str) -> Path:
    path = SHARED / "onet" / "bls_ep" / name
    if not path.exists():
        pytest.skip(f"reference data not available: {path} (see ../shared/data/README.md)")
    return path


def _check_counts(projections: list[Projection]) -> None:
    assert len(projections) == 1113
    assert sum(p.occupation_type == "line item" for p in projections) == 832
    assert sum(p.occupation_type == "summary" for p in projections) == 281


def test_csv() -> None:
    release = read_bls_projections(_shared(CSV_NAME))
    framework = release.framework
    assert (framework.key, framework.version) == ("bls-projections", "2024-34")
    assert framework.publisher == "U.S. Bureau of Labor Statistics"
    assert len(framework.content_sha256) == 64
    _check_counts(release.projections)
    assert release.counts() == {"projections": 1113}
    assert any("top-coded" in w for w in release.warnings)
    titles = {p.soc_code: p.title for p in release.projections}
    assert titles["11-0000"] == "Management occupations"  # indentation stripped
    assert titles["00-0000"] == "Total, all occupations"


def test_registered_nurses_match_the_csv() -> None:
    path = _shared(CSV_NAME)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        published = next(r for r in csv.reader(stream) if r[1] == "29-1141")
    nurses = next(p for p in read_bls_projections(path).projections if p.soc_code == "29-1141")
    assert nurses.title == published[0].strip() == "Registered nurses"
    assert nurses.occupation_type == "line item"
    assert (nurses.base_year, nurses.projected_year) == (2024, 2034)
    assert nurses.employment_base == float(published[3]) == 3391.0
    assert nurses.employment_projected == float(published[4])
    assert nurses.change_numeric == float(published[7])
    assert nurses.change_percent == float(published[8])
    assert nurses.self_employed_percent == float(published[9])
    assert nurses.annual_openings == float(published[10])
    assert nurses.median_annual_wage == float(published[11]) == 93600
    assert nurses.typical_education == published[12] == "Bachelor's degree"
    assert (nurses.work_experience, nurses.on_the_job_training) == (published[13], published[14])


def test_dashes_and_top_codes_are_missing() -> None:
    projections = {p.soc_code: p for p in read_bls_projections(_shared(CSV_NAME)).projections}
    summary = projections["11-0000"]
    assert summary.occupation_type == "summary"
    assert (summary.typical_education, summary.work_experience) == ("", "")
    assert sum(p.median_annual_wage is None for p in projections.values()) == 19 + 9
    assert sum(p.self_employed_percent is None for p in projections.values()) == 219


def test_workbook_matches_the_csv() -> None:
    from_csv = read_bls_projections(_shared(CSV_NAME))
    from_xlsx = read_bls_projections(_shared(XLSX_NAME))
    assert from_xlsx.framework.version == "2024-34"
    _check_counts(from_xlsx.projections)
    assert from_xlsx.projections == from_csv.projections


def test_title_row_above_the_header(tmp_path: Path) -> None:
    text = _shared(CSV_NAME).read_text(encoding="utf-8-sig")
    path = tmp_path / "table_1_2.csv"
    path.write_text(
        "Table 1.2 Occupational projections (Employment in thousands),,,\n" + text, encoding="utf-8"
    )
    assert len(read_bls_projections(path).projections) == 1113


def test_truncated_copy(tmp_path: Path) -> None:
    data = _shared(CSV_NAME).read_bytes()
    cut_at = len(data) * 2 // 3
    while data[cut_at - 1 : cut_at] in (b"\n", b"\r"):
        cut_at += 1
    path = tmp_path / "cut_table_1_2.csv"
    path.write_bytes(data[:cut_at])
    with pytest.raises(ImportFileError) as caught:
        read_bls_projections(path)
    assert "cut_table_1_2.csv" in str(caught.value)
    assert caught.value.line == data[:cut_at].count(b"\n") + 1
    assert f"line {caught.value.line}" in str(caught.value)


def test_wrong_file(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,value\nnurse,3\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="table 1.2"):
        read_bls_projections(path)


def test_header_without_a_required_column(tmp_path: Path) -> None:
    lines = _shared(CSV_NAME).read_text(encoding="utf-8-sig").splitlines()
    rows = [r[:2] + r[3:] for r in csv.reader(lines[:4])]  # drop "Occupation type"
    path = tmp_path / "no_type.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    with pytest.raises(ImportFileError, match="lacks column.*occupation_type") as caught:
        read_bls_projections(path)
    assert caught.value.line == 1


def test_footnote_markers_and_dashes_in_headers(tmp_path: Path) -> None:
    text = _shared(CSV_NAME).read_text(encoding="utf-8-sig")
    header, _, body = text.partition("\n")
    header = header.replace("Employment, 2034", "Employment, 2034[2]").replace("\u2013", "-")
    path = tmp_path / "marked.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    release = read_bls_projections(path)
    assert release.framework.version == "2024-34" and len(release.projections) == 1113


def test_bad_number_names_the_line(tmp_path: Path) -> None:
    lines = _shared(CSV_NAME).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[5] = lines[5].replace(",Line item,", ",Line item,lots", 1)
    path = tmp_path / "bad.csv"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError, match="should be a number") as caught:
        read_bls_projections(path)
    assert caught.value.line == 6


def test_corrupt_workbook(tmp_path: Path) -> None:
    path = tmp_path / "occupation.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 500)
    with pytest.raises(ImportFileError, match="not a readable xlsx"):
        read_bls_projections(path)
