"""Bad input gets a clear error that names the file and line, and the store keeps its data."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from onramp.errors import ImportFileError
from onramp.store import schema
from onramp.taxonomy import Catalog, import_onet
from onramp.taxonomy.esco import read_esco
from onramp.taxonomy.onet import read_onet

from onet_files import write_mini_onet
from support import shared


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_mini_onet(shared("onet", "29.3"), tmp_path / "mini")


def _fingerprint(engine: Engine) -> tuple[object, ...]:
    """Counts per release and a sample of values: equal before and after a failed import."""
    rel = schema.occupation_skills
    with engine.connect() as conn:
        values = conn.execute(
            select(rel.c.occupation_code, rel.c.skill_code, rel.c.importance, rel.c.level).order_by(
                rel.c.occupation_code, rel.c.skill_code
            )
        ).all()
        frameworks = conn.execute(
            select(
                schema.frameworks.c.key,
                schema.frameworks.c.version,
                schema.frameworks.c.content_sha256,
            )
        ).all()
    return (repr(Catalog(engine).stats()), tuple(values), tuple(frameworks))


def test_optional_files_are_imported(engine: Engine, mini: Path) -> None:
    report = import_onet(engine, mini)
    assert report.changed
    ratings = schema.ratings
    with engine.connect() as conn:
        abilities = conn.execute(
            select(func.count()).select_from(ratings).where(ratings.c.element_id == "1.A.1.a.1")
        ).scalar_one()
        context = conn.execute(
            select(ratings.c.category, ratings.c.value)
            .where(ratings.c.element_id == "4.C.1.a.2.c")
            .order_by(ratings.c.scale_id)
        ).all()
        suppressed = conn.execute(
            select(ratings.c.recommend_suppress).where(
                ratings.c.occupation_code == "53-7062.00", ratings.c.element_id == "1.A.1.a.1"
            )
        ).scalar_one()
        related = conn.execute(select(schema.related_occupations)).all()
    assert abilities == 3 and suppressed is True
    assert (None, 2.10) in [(c, v) for c, v in context] and (1, 35.0) in context
    assert {(r.occupation_code, r.related_code, r.tier, r.rank) for r in related} == {
        ("29-1141.00", "41-2011.00", "Primary-Short", 1),
        ("53-7062.00", "29-1141.00", "Supplemental", 12),
    }


def test_release_imports_without_optional_files(tmp_path: Path) -> None:
    folder = write_mini_onet(shared("onet", "29.3"), tmp_path / "plain", with_optional=False)
    release = read_onet([folder])
    assert not release.related_occupations
    assert release.framework.version == "29.3"


def _truncate_mid_line(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def test_truncated_file_fails_and_keeps_previous_data(engine: Engine, mini: Path) -> None:
    import_onet(engine, mini)
    before = _fingerprint(engine)
    _truncate_mid_line(mini / "Skills.txt")
    with pytest.raises(ImportFileError) as caught:
        import_onet(engine, mini)
    message = str(caught.value)
    assert "Skills.txt" in message and "line" in message
    assert caught.value.line is not None
    assert _fingerprint(engine) == before


def test_row_with_missing_fields_names_the_line(tmp_path: Path, mini: Path) -> None:
    path = mini / "Task Statements.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "\t".join(lines[3].split("\t")[:4])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_onet([mini])
    assert caught.value.line == 4
    assert "Task Statements.txt" in caught.value.file


def test_bad_number_names_file_line_and_column(mini: Path) -> None:
    path = mini / "Knowledge.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[5].split("\t")
    fields[6] = "high"
    lines[5] = "\t".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"Knowledge.txt, line 6: column 'Data Value'"):
        read_onet([mini])


def test_corrupt_zip_fails_and_keeps_previous_data(
    engine: Engine, mini: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "db_29_3_text.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(mini.iterdir()):
            out.write(file, f"db_29_3_text/{file.name}")
    first = import_onet(engine, archive)
    assert first.version == "29.3"
    assert import_onet(engine, mini).changed is False  # folder and zip hold the same content
    before = _fingerprint(engine)
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 200] = b"\x00" * 200
    archive.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="db_29_3_text.zip"):
        import_onet(engine, archive)
    assert _fingerprint(engine) == before


def test_truncated_zip_fails_clearly(tmp_path: Path, mini: Path) -> None:
    archive = tmp_path / "db_29_3_text.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(mini.iterdir()):
            out.write(file, file.name)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="zip"):
        read_onet([archive])


def test_missing_required_file_is_named(mini: Path) -> None:
    (mini / "Job Zones.txt").unlink()
    with pytest.raises(ImportFileError, match="Job Zones.txt"):
        read_onet([mini])


def test_wrong_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="required O\\*NET file is missing"):
        read_onet([shared("onet", "bls_ep")])
    with pytest.raises(ImportFileError, match="no such file"):
        read_onet([tmp_path / "nothing-here"])


def test_wrong_header_is_explained(mini: Path) -> None:
    path = mini / "Job Zones.txt"
    text = path.read_text(encoding="utf-8").replace("Job Zone\t", "Zone\t", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match="header lacks column"):
        read_onet([mini])


def test_unknown_occupation_in_a_rating_file(mini: Path) -> None:
    path = mini / "Skills.txt"
    with path.open("a", encoding="utf-8") as out:
        out.write(
            "99-9999.00\tNobody\t2.A.1.a\tReading Comprehension\tIM\tImportance\t3.00\t8\t"
            "0.1\t2.9\t3.1\tN\tn/a\t08/2023\tAnalyst\n"
        )
    with pytest.raises(ImportFileError, match="99-9999.00 is not in 'Occupation Data.txt'"):
        read_onet([mini])


def test_esco_needs_both_zips(tmp_path: Path) -> None:
    language = next(p for p in shared("esco").glob("v1.1.1_classification*.zip"))
    with pytest.raises(ImportFileError, match="relations zip"):
        read_esco([language])


def test_esco_corrupt_csv_row(tmp_path: Path) -> None:
    language = next(p for p in shared("esco").glob("v1.1.1_classification*.zip"))
    relations = next(p for p in shared("esco").glob("v1.1.1_relations*.zip"))
    folder = tmp_path / "v1.1.1-relations"
    with zipfile.ZipFile(relations) as archive:
        archive.extractall(folder)
    path = folder / "occupationSkillRelations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace("essential", "sometimes").replace("optional", "sometimes")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"occupationSkillRelations.csv, line 11"):
        read_esco([language, folder])
