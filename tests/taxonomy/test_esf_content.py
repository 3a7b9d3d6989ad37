"""Content checks for the Onramp Essential Skills Framework (ESF) 1.0.0 data file."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
import textstat
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
ESF_PATH = REPO_ROOT / "src/onramp/taxonomy/esf/esf-1.0.0.yaml"

SHARED_DATA = REPO_ROOT.parent / "shared/data"
ESCO_ZIP = (
    SHARED_DATA / "esco/v1.1.1_classification_ESCO_dataset_-_v1.1.1_-_classification_-_en_-_csv.zip"
)
ONET_CONTENT_MODEL = SHARED_DATA / "onet/29.3/Content Model Reference.txt"

REQUIRED_SECTORS = {"retail", "health care", "warehousing"}
MAX_FK_GRADE = 8.0
ESCO_URI_RE = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")
ONET_ID_RE = re.compile(r"^[1-4]\.[A-D](\.[0-9a-z]+)*$")


@pytest.fixture(scope="module")
def esf() -> dict:
    with ESF_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _readable_texts(esf: dict) -> list[tuple[str, str]]:
    """Every plain-language text that must read at grade 8 or below, with a label."""
    texts: list[tuple[str, str]] = []
    for level in esf["levels"]:
        texts.append((f"level {level['level']} description", level["description"]))
    for group in esf["groups"]:
        texts.append((f"{group['code']} description", group["description"]))
    for skill in esf["skills"]:
        texts.append((f"{skill['code']} definition", skill["definition"]))
        for level in skill["levels"]:
            for sector, example in level["examples"].items():
                texts.append((f"{skill['code']} level {level['level']} {sector}", example))
    return texts


def _fk_grade(text: str) -> float:
    try:
        return textstat.flesch_kincaid_grade(text)
    except LookupError as exc:  # newer textstat needs the NLTK cmudict corpus
        pytest.fail(
            "textstat could not load its syllable dictionary "
            f"(try `python -m nltk.downloader cmudict`): {exc}"
        )


def test_framework_header(esf: dict) -> None:
    framework = esf["framework"]
    assert framework["key"] == "onramp-esf"
    assert framework["version"] == "1.0.0"
    assert framework["name"]
    assert framework["description"].strip()


def test_proficiency_levels(esf: dict) -> None:
    assert [level["level"] for level in esf["levels"]] == [1, 2, 3, 4]
    assert [level["name"] for level in esf["levels"]] == [
        "Starting",
        "Building",
        "Skilled",
        "Leading",
    ]


def test_structure(esf: dict) -> None:
    groups = esf["groups"]
    group_codes = [group["code"] for group in groups]
    assert len(group_codes) == len(set(group_codes)), "duplicate group codes"

    skills = esf["skills"]
    assert 20 <= len(skills) <= 30, f"expected 20-30 skills, found {len(skills)}"

    codes = [skill["code"] for skill in skills]
    assert len(codes) == len(set(codes)), "duplicate skill codes"

    used_groups = set()
    for skill in skills:
        code = skill["code"]
        assert skill["group"] in group_codes, f"{code}: unknown group {skill['group']}"
        used_groups.add(skill["group"])
        assert skill["name"].strip(), f"{code}: empty name"
        assert skill["definition"].strip(), f"{code}: empty definition"

        levels = skill["levels"]
        assert [level["level"] for level in levels] == [1, 2, 3, 4], f"{code}: levels"
        for level in levels:
            examples = level["examples"]
            missing = REQUIRED_SECTORS - set(examples)
            assert not missing, f"{code} level {level['level']}: missing {sorted(missing)}"
            assert len(set(examples)) >= 3, f"{code} level {level['level']}: sectors"
            for sector, text in examples.items():
                assert isinstance(text, str) and text.strip(), (
                    f"{code} level {level['level']} {sector}: empty example"
                )

    assert used_groups == set(group_codes), "every group should hold at least one skill"


def test_readability(esf: dict) -> None:
    offenders = []
    for label, text in _readable_texts(esf):
        grade = _fk_grade(text)
        if grade > MAX_FK_GRADE:
            offenders.append(f"  {grade:.1f}  {label}: {text}")
    assert not offenders, (
        f"{len(offenders)} text(s) above Flesch-Kincaid grade {MAX_FK_GRADE:g}:\n"
        + "\n".join(offenders)
    )


def test_mapping_shape(esf: dict) -> None:
    problems = []
    for skill in esf["skills"]:
        code = skill["code"]
        esco = skill.get("esco") or []
        onet = skill.get("onet") or []
        if not esco:
            problems.append(f"{code}: no ESCO URI")
        if not onet:
            problems.append(f"{code}: no O*NET ID")
        problems += [f"{code}: bad ESCO URI {u!r}" for u in esco if not ESCO_URI_RE.match(u)]
        problems += [f"{code}: bad O*NET ID {i!r}" for i in onet if not ONET_ID_RE.match(i)]
    assert not problems, "\n".join(problems)


def test_mappings_exist_in_reference_data(esf: dict) -> None:
    if not (ESCO_ZIP.is_file() and ONET_CONTENT_MODEL.is_file()):
        pytest.skip(
            f"reference data not found ({ESCO_ZIP} / {ONET_CONTENT_MODEL}); "
            "skipping ESCO and O*NET existence checks"
        )

    with zipfile.ZipFile(ESCO_ZIP) as zf, zf.open("skills_en.csv") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        esco_uris = {row["conceptUri"] for row in reader}

    with ONET_CONTENT_MODEL.open(encoding="utf-8", errors="replace") as fh:
        next(fh)  # header: Element ID, Element Name, Description
        onet_ids = {line.split("\t", 1)[0].strip() for line in fh if line.strip()}

    problems = []
    for skill in esf["skills"]:
        code = skill["code"]
        problems += [
            f"{code}: ESCO URI not in ESCO 1.1.1: {u}" for u in skill["esco"] if u not in esco_uris
        ]
        problems += [
            f"{code}: O*NET ID not in 29.3: {i}" for i in skill["onet"] if i not in onet_ids
        ]
    assert not problems, "\n".join(problems)
