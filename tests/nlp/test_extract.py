"""The extraction pipeline: lexical linking with offsets, merging, confidence, roles, levels,
hot technologies, a dense linker behind the protocol, the store, and real ESCO."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.nlp.extract import (
    CONFIDENCE,
    DENSE_AT_THRESHOLD,
    DENSE_SLOPE,
    DENSE_THRESHOLD,
    Extractor,
    LexicalLinker,
    Lexicon,
    SkillInfo,
)
from onramp.nlp.sections import requirements_of
from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import (
    Framework,
    FrameworkRelease,
    Occupation,
    Origin,
    Skill,
    SkillLabel,
    SkillType,
    TechnologySkill,
)

from support import shared

SKILLS = [
    ("py", "Python (computer programming)", "knowledge", ["Python"], []),
    ("sql", "SQL", "knowledge", ["structured query language"], []),
    ("r", "R", "knowledge", [], []),
    ("go", "Go", "knowledge", ["golang"], []),
    ("lead", "lead a team", "skill", ["team leadership"], ["leading"]),
    ("perf", "performance testing", "skill", [], []),
    ("cust", "customer service", "skill", ["serve customers"], []),
    ("source", "Source", "knowledge", [], []),
    ("src", "source code review", "skill", [], []),
    ("forklift", "operate forklift", "skill", ["forklift operation"], []),
    ("clean", "clean rooms", "skill", [], []),
    ("cook", "cook meals", "skill", [], []),
    ("drive", "drive vehicles", "skill", [], []),
]


def lexicon() -> Lexicon:
    infos = [SkillInfo(uri, label, "esco", kind) for uri, label, kind, _, _ in SKILLS]
    labels = [(uri, alt, "alternative") for uri, _, _, alts, _ in SKILLS for alt in alts]
    labels += [(uri, hid, "hidden") for uri, _, _, _, hidden in SKILLS for hid in hidden]
    return Lexicon.build(infos, labels, ["a note"])


EXTRACTOR = Extractor(lexicon())


def _found(text: str, kind: str = "posting") -> dict[str, list[tuple[str, str]]]:
    result = EXTRACTOR.extract_bytes(text, kind, format="text")
    return {s.skill.uri: [(e.text, e.match) for e in s.evidence] for s in result.skills}


def test_exact_labels_with_offsets_and_merge() -> None:
    text = "Requirements\n- Python and SQL.\n- More Python, plus structured query languages."
    result = EXTRACTOR.extract_bytes(text, "posting", format="text")
    by_uri = {s.skill.uri: s for s in result.skills}
    python = by_uri["py"]
    assert [(e.text, e.match) for e in python.evidence] == [("Python", "name")] * 2
    assert [e.start for e in python.evidence] == [text.index("Python"), text.rindex("Python")]
    single = CONFIDENCE["name"]
    assert python.confidence == pytest.approx(1 - (1 - single) ** 2, abs=1e-3)
    assert [(e.text, e.match) for e in by_uri["sql"].evidence] == [
        ("SQL", "name"),
        ("structured query languages", "alternative"),
    ]
    assert python.section == "requirement"


def test_short_labels_need_their_own_case_and_common_words_need_capitals() -> None:
    found = _found("Use R and Go daily. We go far; r&d matters. Open source projects.")
    assert [t for t, _ in found["r"]] == ["R"]
    assert [t for t, _ in found["go"]] == ["Go"]
    assert "source" not in found  # "source" is an ordinary word inside another label
    assert "source" in _found("Experience with Source engine mods.")


def test_stemming_near_and_hidden_matches() -> None:
    found = _found("Skills: performance and security testing, leading people, serving customers.")
    assert found["perf"] == [("performance and security testing", "near")]
    assert found["lead"] == [("leading", "hidden")]
    assert found["cust"] == [("serving customers", "alternative")]


def test_roles_by_kind() -> None:
    resume = "Work experience\nForklift operation at a warehouse\nEducation\nPython course\n"
    result = EXTRACTOR.extract_bytes(resume, "resume", format="text")
    assert {s.skill.uri: s.section for s in result.skills} == {
        "forklift": "experience",
        "py": "education",
    }
    course = "Overview\nA course on SQL.\nLearning outcomes\n- Write Python scripts\n"
    result = EXTRACTOR.extract_bytes(course, "course", format="text")
    assert {s.skill.uri: s.section for s in result.skills} == {
        "sql": "description",
        "py": "learning_outcome",
    }
    posting = "Requirements\nSQL\nNice to have\nPython\nSQL\n"
    sections = {
        s.skill.uri: s.section
        for s in EXTRACTOR.extract_bytes(posting, "posting", format="text").skills
    }
    assert sections == {"sql": "requirement", "py": "nice_to_have"}  # strongest role wins
    with pytest.raises(InvalidInputError):
        EXTRACTOR.extract_bytes(posting, "memo", format="text")


def test_levels_and_flags_in_the_json_shape() -> None:
    text = (
        "Requirements:\n- Bachelor's degree in Computer Science.\n"
        "- 5+ years of experience with SQL\n- Basic knowledge of Python is a plus\n"
    )
    result = EXTRACTOR.extract_bytes(text, "posting", format="text").to_dict()
    assert set(result) == {"kind", "format", "sections", "skills", "requirements", "notes", "text"}
    skills = {s["uri"]: s for s in result["skills"]}
    assert skills["sql"]["level"]["level"] == "advanced"
    assert skills["py"]["level"]["level"] == "basic" and skills["py"]["section"] == "nice_to_have"
    assert skills["py"]["hot_technology"] is None
    kinds = [(r["kind"], r["required"]) for r in result["requirements"]]
    assert kinds == [("degree", True), ("experience_years", True)]
    assert result["requirements"][0]["level"] == "bachelor"
    assert "a note" in result["notes"]
    assert any("no dense linker" in note for note in result["notes"])


WORDS = ["Python", "SQL", "R", "Go", "golang", "lead a team", "forklift operation", "and"]
NOISE = ["the", "with", "r", "go", ",", ".", "\n", "- ", "é", "3+ years of", "expert in"]


@given(st.lists(st.sampled_from(WORDS + NOISE), max_size=40))
@settings(max_examples=200, deadline=None)
def test_every_evidence_span_points_at_its_text(parts: list[str]) -> None:
    text = " ".join(parts)
    result = EXTRACTOR.extract_bytes(text, "posting", format="text")
    assert result.document.text == text.replace("\r", "\n")
    for skill in result.skills:
        assert 0 < skill.confidence <= 0.99
        starts = [(e.start, e.end) for e in skill.evidence]
        assert len(starts) == len(set(starts))  # merged: each span once per skill
        for evidence in skill.evidence:
            assert result.document.text[evidence.start : evidence.end] == evidence.text
        if skill.level:
            start, end = skill.level["span"]
            assert result.document.text[start:end] == skill.level["cue"]
    for flag in result.requirements:
        start, end = flag["span"]
        assert result.document.text[start:end] == flag["text"]


@dataclass(frozen=True)
class Link:
    uri: str
    label: str
    score: float


class WordLinker:
    """A linker that knows a few skills by one word each, scoring by word presence; it answers
    with triples or, like onramp.nlp.linking, with objects."""

    def __init__(self, objects: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.objects = objects

    def rank(self, texts: list[str], *, top: int) -> list[list[Any]]:
        self.calls.append(texts)
        out = []
        for text in texts:
            hits = []
            if "pallets" in text:
                hits.append(("forklift", "operate forklift", 0.8))
            if "nonsense" in text:
                hits.append(("unknown-uri", "not in the lexicon", 0.99))
            if "customers" in text:
                hits.append(("cust", "customer service", 0.45))
            out.append([Link(*h) if self.objects else h for h in hits[:top]])
        return out


@pytest.mark.parametrize("objects", [False, True])
def test_dense_linker_adds_recall_on_units(objects: bool) -> None:
    linker = WordLinker(objects)
    extractor = Extractor(lexicon(), linker, dense_threshold=0.5)
    text = (
        "Duties\nMove heavy pallets safely; talk to customers. Some nonsense here.\n"
        "What we offer\nFree pallets of fruit\n"
    )
    result = extractor.extract_bytes(text, "posting", format="text")
    by_uri = {s.skill.uri: s for s in result.skills}
    assert set(by_uri) == {"forklift"}  # below threshold and unknown URIs are dropped
    evidence = by_uri["forklift"].evidence
    assert all(e.match == "dense" and "pallets" in e.text for e in evidence)
    assert all(text[e.start : e.end] == e.text for e in evidence)
    assert by_uri["forklift"].confidence == pytest.approx(
        DENSE_AT_THRESHOLD + DENSE_SLOPE * (0.8 - DENSE_THRESHOLD)
    )
    assert [e.text for e in evidence] == ["Move heavy pallets safely"]  # not the benefits
    assert linker.calls and not any("no dense linker" in n for n in result.notes)
    capped = Extractor(lexicon(), WordLinker(), max_dense_units=0)
    assert not capped.extract_bytes(text, "posting", format="text").skills


def test_lexical_linker_ranks_texts() -> None:
    ranked = LexicalLinker(lexicon()).rank(["Python", "we need SQL", "nothing"], top=1)
    assert [[uri for uri, _, _ in hits] for hits in ranked] == [["py"], ["sql"], []]
    label, score = ranked[0][0][1], ranked[0][0][2]
    assert label == "Python (computer programming)" and 0 < score <= 1


def _release(origin: Origin, hot: bool) -> FrameworkRelease:
    release = FrameworkRelease(
        framework=Framework("onet", "29.3", "O*NET", "DOL", "", "CC BY 4.0", "", origin=origin)
    )
    release.occupations.append(Occupation("15-1252.00", "15-1252.00", "Software Developers"))
    for code, label in (("tech-excel", "Microsoft Excel"), ("tech-vim", "Vim")):
        release.skills.append(Skill(code, code, label, SkillType.TECHNOLOGY))
        release.technology_skills.append(
            TechnologySkill("15-1252.00", label, "43232110", "Spreadsheets", hot, False, code)
        )
    release.skills.append(
        Skill("2.A.1.a", "onet:2.A.1.a", "Reading Comprehension", SkillType.SKILL)
    )
    release.skill_labels.append(SkillLabel("2.A.1.a", "reading", "alternative"))
    return release


def test_hot_technology_flags_and_notes() -> None:
    official = Extractor(Lexicon.from_releases([_release(Origin.OFFICIAL, True)]))
    result = official.extract_bytes("Microsoft Excel and Vim; reading.", "posting", format="text")
    hot = {s.skill.label: s.skill.hot for s in result.skills}
    assert hot == {"Microsoft Excel": True, "Vim": True, "Reading Comprehension": None}
    assert not any("Hot Technology" in n for n in result.notes)
    embedded = Extractor(Lexicon.from_releases([_release(Origin.EMBEDDED, True)]))
    result = embedded.extract_bytes("Microsoft Excel", "posting", format="text")
    assert result.skills[0].skill.hot is None
    assert any("embedded default" in n for n in result.notes)
    nothing = Lexicon.from_releases([])
    assert any("no O*NET release" in n for n in nothing.notes)


def test_lexicon_from_store_follows_imports(engine: Engine) -> None:
    run_import(engine, lambda _step: _release(Origin.OFFICIAL, False))
    lexicon = Lexicon.from_store(engine)
    assert Lexicon.from_store(engine) is lexicon  # cached while nothing changes
    assert lexicon.skills["tech-excel"].hot is False and not lexicon.notes
    assert lexicon.skills["onet:2.A.1.a"].skill_type == "skill"
    result = Extractor(lexicon).extract_bytes("Reading and Vim", "posting", format="text")
    assert {s.skill.uri for s in result.skills} == {"onet:2.A.1.a", "tech-vim"}
    release = _release(Origin.OFFICIAL, True)
    release.framework.version = "30.0"
    run_import(engine, lambda _step: release)
    again = Lexicon.from_store(engine)
    assert again is not lexicon and again.skills["tech-excel"].hot is True
    assert not Lexicon.from_store(engine, ["esco"]).skills


@pytest.fixture(scope="module")
def esco_extractor() -> Extractor:
    from onramp.taxonomy.esco import read_esco

    folder = shared("esco")
    return Extractor(Lexicon.from_releases([read_esco(sorted(folder.glob("v1.1.1*.zip")))]))


def test_real_esco_posting(esco_extractor: Extractor, tmp_path: Path) -> None:
    text = (
        "Warehouse Associate\nResponsibilities\n- Operate a forklift and load trucks.\n"
        "- Provide excellent customer service.\nRequirements\n- High school diploma or GED.\n"
        "- 2+ years of experience in a warehouse; Microsoft Excel is a plus.\n"
    )
    result = esco_extractor.extract_bytes(text, "posting", format="text")
    labels = {s.skill.label: s for s in result.skills}
    assert "customer service" in labels and labels["customer service"].section == "requirement"
    assert any("forklift" in label for label in labels)
    assert labels["customer service"].level["level"] == "advanced"  # "excellent"
    assert {r["kind"] for r in result.requirements} == {"degree", "experience_years"}
    assert any("no O*NET release" in n for n in result.notes)
    for item in result.skills:
        assert all(text[e.start : e.end] == e.text for e in item.evidence)


def test_requirements_without_a_store() -> None:
    text = "Qualifications\n- MBA preferred\n- At least 10 years of experience in finance\n"
    flags = requirements_of(text)
    assert [(f["kind"], f["required"]) for f in flags] == [
        ("degree", False),
        ("experience_years", True),
    ]
    assert flags[0]["level"] == "master" and flags[1]["min"] == 10
    assert all(text[f["span"][0] : f["span"][1]] == f["text"] for f in flags)
    with pytest.raises(InvalidInputError):
        requirements_of(text, "memo")
