"""HR Open 4.5 schemas: import (checked, transactional, hashed) and offline LER-RS validation."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from onramp.cli.ler import app
from onramp.credentials.did.did_key import did_key_from_public
from onramp.credentials.formats import hropen, ler_rs
from onramp.credentials.proofs.data_integrity import sign
from onramp.errors import ImportFileError, StoreError

from support import shared

SAMPLES = [
    "LER-RS_V2_UC008_portability.json",
    "LER-RS_V2_UC009_exchanging.json",
    "LER-RS_V2_UC010_applying.json",
    "LER-RS_V2_VCwrapper.json",
]
NARRATIVE = "www.hropenstandards.org/recruiting/json/ler-rs/NarrativeType.json"


@pytest.fixture(scope="module")
def source() -> Path:
    return shared("vc", "hropen-ler-rs-schemas")


@pytest.fixture(scope="module")
def imported(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("home") / "hropen" / "4.5"
    hropen.import_schemas(source, dest)
    return dest


def _resume() -> dict[str, Any]:
    resume = ler_rs.Resume(
        person=ler_rs.Person("Ana", "Silva", contact=ler_rs.Contact(emails=["ana@example.org"])),
        narratives=[ler_rs.Narrative("Summary", ["Five years in home care."])],
        employment=[ler_rs.Employment("Sunrise Care", "Home Health Aide", "2019-04", "2024")],
        education=[
            ler_rs.Education("Metro College", degree="Certificate", degree_status="Granted")
        ],
        certifications=[ler_rs.Certification("CPR", "Red Cross", issued="2023-02-01")],
        licenses=[ler_rs.Certification("CNA", "State Board", expires="2026-01")],
        skills=[
            ler_rs.Skill("patient care", uri="https://www.onetonline.org/link/summary/31-1121.00")
        ],
    )
    return ler_rs.build_ler_rs(resume)


def test_import_copies_checks_and_hashes(source: Path, imported: Path) -> None:
    manifest = json.loads((imported / hropen.MANIFEST).read_text())
    assert manifest["version"] == "4.5" and manifest["root"] == hropen.ROOT
    assert len(manifest["sha256"]) == 329
    root = (imported / hropen.ROOT).read_bytes()
    assert manifest["sha256"][hropen.ROOT] == hashlib.sha256(root).hexdigest()
    assert root == (source / hropen.ROOT).read_bytes()
    assert not [p for p in imported.parent.iterdir() if p.name.startswith(".")]


def test_import_reports_what_it_skipped(source: Path, tmp_path: Path) -> None:
    result = hropen.import_schemas(source, tmp_path / "schemas")
    assert result.files == 329
    assert result.skipped == [
        "www.hropenstandards.org/common/json/samples/person/PersonNameType/SpanishName2"
    ]
    # One HR Open file outside LER-RS points at a file the set lacks; LER-RS never reaches it.
    assert len(result.notes) == 1 and "messageBaseType.json" in result.notes[0]


def test_import_from_a_zip(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "hropen-4.5.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(source.rglob("*.json")):
            out.write(path, "HROpen-4.5/" + path.relative_to(source).as_posix())
    result = hropen.import_schemas(archive, tmp_path / "schemas")
    assert result.files == 329
    assert hropen.validate_ler_rs(_resume(), tmp_path / "schemas") == []


def test_zip_with_an_unsafe_path_is_refused(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(source / hropen.ROOT, hropen.ROOT)
        out.writestr("www.hropenstandards.org/../../evil.json", "{}")
    with pytest.raises(ImportFileError, match="unsafe path"):
        hropen.import_schemas(archive, tmp_path / "schemas")
    assert not (tmp_path / "schemas").exists()


def test_built_documents_pass(imported: Path) -> None:
    document = _resume()
    assert hropen.validate_ler_rs(document, imported) == []
    credential = ler_rs.as_credential(document, "did:example:college", "did:example:ana")
    assert hropen.validate_ler_rs(hropen.ler_rs_part(credential), imported) == []


@pytest.mark.parametrize("name", SAMPLES)
def test_1edtech_ler_rs_samples_as_they_are(imported: Path, name: str) -> None:
    """The samples name LER-RS 4.5 in `type`, but the root schema in the 4.5 package only
    allows the 4.4 URL; and one embedded education credential breaks its own schema."""
    document = json.loads(shared("vc", "1edtech-validator", "ler-rs", name).read_text())
    problems = hropen.validate_ler_rs(hropen.ler_rs_part(document), imported)
    assert len(problems) == 2, problems
    assert problems[1].startswith("type: 'http://schema.hropenstandards.org/4.5/")
    assert "educationAndLearnings[" in problems[0]
    assert "matches none of the allowed forms" in problems[0]


def test_broken_documents_get_named_problems(imported: Path) -> None:
    document = _resume()
    document["skills"][0]["yearsOfExperience"] = "three"
    document["narratives"][0].pop("texts")
    del document["type"]
    problems = hropen.validate_ler_rs(document, imported)
    assert "the document: 'type' is a required property" in problems
    assert any(p.startswith("narratives[0]: 'texts' is a required property") for p in problems)
    assert any(p.startswith("skills[0] matches none of the allowed forms") for p in problems)
    assert "yearsOfExperience: 'three' is not of type 'integer'" in " ".join(problems)
    assert hropen.validate_ler_rs([], imported) == ["the document: [] is not of type 'object'"]


def test_not_imported_never_passes(tmp_path: Path) -> None:
    with pytest.raises(hropen.SchemasNotImportedError, match="onramp ler schemas import DIR"):
        hropen.validate_ler_rs(_resume(), tmp_path / "nothing")
    assert not hropen.is_imported(tmp_path / "nothing")


def _copy(source: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    return copy


def test_corrupt_file_leaves_the_previous_import(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "home" / "hropen" / "4.5"
    hropen.import_schemas(source, dest)
    before = (dest / hropen.MANIFEST).read_bytes()
    broken = _copy(source, tmp_path)
    (broken / NARRATIVE).write_text('{\n "type": "object",\n "properties": {\n')
    with pytest.raises(ImportFileError, match=r"NarrativeType\.json, line 4: is not valid JSON"):
        hropen.import_schemas(broken, dest)
    assert (dest / hropen.MANIFEST).read_bytes() == before
    assert hropen.validate_ler_rs(_resume(), dest) == []
    assert sorted(p.name for p in dest.parent.iterdir()) == ["4.5"]


def test_missing_referenced_file_is_named(source: Path, tmp_path: Path) -> None:
    broken = _copy(source, tmp_path)
    (broken / NARRATIVE).unlink()
    with pytest.raises(ImportFileError, match=r"LER-RSType\.json: refers to ler-rs/Narrative"):
        hropen.import_schemas(broken, tmp_path / "schemas")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportFileError, match="has no www.hropenstandards.org"):
        hropen.import_schemas(empty, tmp_path / "schemas")
    with pytest.raises(ImportFileError, match="does not exist"):
        hropen.import_schemas(tmp_path / "missing", tmp_path / "schemas")


def test_files_changed_after_import_are_refused(source: Path, tmp_path: Path) -> None:
    dest = tmp_path / "schemas"
    hropen.import_schemas(source, dest)
    with (dest / NARRATIVE).open("a") as handle:
        handle.write(" ")
    with pytest.raises(StoreError, match="changed after import"):
        hropen.validate_ler_rs(_resume(), dest)


def test_cli_import_and_validate(source: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    dest = tmp_path / "schemas"
    done = runner.invoke(app, ["schemas", "import", str(source), "--dest", str(dest), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["files"] == 329

    good = tmp_path / "resume.json"
    good.write_text(json.dumps(_resume()))
    ok = runner.invoke(app, ["validate", str(good), "--schemas", str(dest), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout) == {
        "file": str(good),
        "valid": True,
        "problems": [],
    }

    sample = shared("vc", "1edtech-validator", "ler-rs", SAMPLES[0])
    bad = runner.invoke(app, ["validate", str(sample), "--schemas", str(dest)])
    assert bad.exit_code == 1 and "2 problem(s)" in bad.stdout

    missing = runner.invoke(app, ["validate", str(good), "--schemas", str(tmp_path / "none")])
    assert isinstance(missing.exception, hropen.SchemasNotImportedError)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
    str.strip
)
DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def resumes(draw: st.DrawFn) -> ler_rs.Resume:
    contact = ler_rs.Contact(
        emails=draw(st.lists(st.emails(), max_size=2)),
        phones=draw(st.lists(TEXT, max_size=2)),
        city=draw(st.text(max_size=10)),
        country_code=draw(st.sampled_from(["", "US", "de", "MX"])),
    )
    return ler_rs.Resume(
        person=ler_rs.Person(draw(TEXT), draw(st.text(max_size=10)), contact=contact),
        narratives=draw(st.lists(st.builds(ler_rs.Narrative, TEXT, st.lists(TEXT)), max_size=2)),
        employment=draw(
            st.lists(
                st.builds(
                    ler_rs.Employment,
                    TEXT,
                    TEXT,
                    st.none() | DAY,
                    st.none() | DAY.map(lambda d: d.strftime("%Y-%m")),
                    st.booleans(),
                    st.lists(TEXT, max_size=3),
                ),
                max_size=3,
            )
        ),
        education=draw(
            st.lists(
                st.builds(
                    ler_rs.Education,
                    TEXT,
                    st.lists(TEXT, max_size=2),
                    st.just("") | TEXT,
                    st.sampled_from(["", *ler_rs.DEGREE_STATUSES]),
                    st.none() | DAY.map(lambda d: str(d.year)),
                ),
                max_size=2,
            )
        ),
        certifications=draw(
            st.lists(st.builds(ler_rs.Certification, TEXT, TEXT, st.none() | DAY), max_size=2)
        ),
        licenses=draw(
            st.lists(st.builds(ler_rs.Certification, TEXT, TEXT, expires=DAY), max_size=2)
        ),
        skills=draw(
            st.lists(
                st.builds(
                    ler_rs.Skill,
                    TEXT,
                    st.text(max_size=20),
                    st.sampled_from(["", "urn:onramp:esf:ESF-01", "http://data.europa.eu/esco/x"]),
                    st.none() | st.integers(0, 60),
                ),
                max_size=3,
            )
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resumes())
def test_every_built_resume_passes_the_hr_open_schemas(imported: Path, resume: Any) -> None:
    assert hropen.validate_ler_rs(ler_rs.build_ler_rs(resume), imported) == []


SEED = bytes(range(32))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resumes())
def test_every_built_resume_signs_in_safe_mode(resume: Any) -> None:
    """The LER-RS context defines every term the builder can emit (safe mode refuses others)."""
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key()
    did = did_key_from_public(public.public_bytes(Encoding.Raw, PublicFormat.Raw))
    credential = ler_rs.as_credential(ler_rs.build_ler_rs(resume), did, "did:example:worker")
    signed = sign(credential, SEED, f"{did}#{did[8:]}")
    assert signed["proof"]["proofValue"].startswith("z")
