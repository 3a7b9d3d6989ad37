"""Sections, span proposals, requirement flags and proficiency cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.nlp.documents import read_document
from onramp.nlp.sections import (
    classify_heading,
    detect_sections,
    proficiency,
    requirement_flags,
    role,
    section_at,
    sentences,
    units,
)

POSTING = """Senior Data Analyst
About us
We are a growing logistics company.
Responsibilities
- Build dashboards in Tableau for the sales team.
Requirements:
- Bachelor's degree in Statistics or equivalent experience.
- 3+ years of experience with SQL; expert in Python.
- Basic knowledge of Spark is a plus.
Nice to have
- Master's degree in Economics
What we offer
- A yearly training budget.
"""


def _sections(text: str, kind: str) -> list[tuple[str, str]]:
    doc = read_document(text, format="text")
    return [(s.kind, s.heading) for s in detect_sections(doc, kind)]


def test_posting_sections() -> None:
    assert _sections(POSTING, "posting") == [
        ("other", ""),
        ("about", "About us"),
        ("responsibilities", "Responsibilities"),
        ("requirements", "Requirements"),
        ("nice_to_have", "Nice to have"),
        ("benefits", "What we offer"),
    ]


def test_resume_and_course_sections_and_inline_headings() -> None:
    resume = "Jane Doe\nSummary\nCook.\nWork Experience:\nLine cook\nEDUCATION\nGED, 2015\n"
    assert _sections(resume, "resume") == [
        ("other", ""),
        ("summary", "Summary"),
        ("experience", "Work Experience"),
        ("education", "EDUCATION"),
    ]
    course = "Welding 101\nLearning outcomes: weld steel plates safely.\nAssessment\nA test.\n"
    assert _sections(course, "course") == [
        ("other", ""),
        ("learning_outcome", "Learning outcomes"),
        ("assessment", "Assessment"),
    ]


def test_html_headings_open_sections_even_when_unknown() -> None:
    doc = read_document("<h1>Barista</h1><h2>Your profile</h2><ul><li>Latte art</li></ul>")
    found = detect_sections(doc, "posting")
    assert [(s.kind, s.heading) for s in found] == [
        ("other", "Barista"),
        ("requirements", "Your profile"),
    ]
    assert section_at(found, doc.text.index("Latte")).kind == "requirements"


def test_heading_classification_and_bad_kind() -> None:
    assert classify_heading("What you'll do", "posting") == "responsibilities"
    assert classify_heading("Preferred qualifications", "posting") == "nice_to_have"
    assert classify_heading("Professional experience", "resume") == "experience"
    assert classify_heading("By the end", "course") == "learning_outcome"
    assert classify_heading("We build robots for farms", "posting") is None
    with pytest.raises(InvalidInputError, match="unknown document kind"):
        classify_heading("Skills", "memo")


def test_roles() -> None:
    doc = read_document(POSTING, format="text")
    found = detect_sections(doc, "posting")

    def role_of(fragment: str) -> str:
        start = doc.text.index(fragment)
        return role("posting", section_at(found, start), fragment)

    assert role_of("Build dashboards in Tableau") == "requirement"
    assert role_of("3+ years of experience with SQL") == "requirement"
    assert role_of("Basic knowledge of Spark is a plus") == "nice_to_have"
    assert role_of("Master's degree in Economics") == "nice_to_have"
    assert role_of("A yearly training budget") == "other"


def test_units_cut_sentences_clauses_and_chunks() -> None:
    doc = read_document(
        "Experience with SQL and Python; strong Excel skills. Team player", format="text"
    )
    texts = {(u.kind, doc.text[u.start : u.end]) for u in units(doc)}
    assert ("sentence", "Experience with SQL and Python; strong Excel skills") in texts
    assert ("clause", "Experience with SQL and Python") in texts
    assert ("clause", "strong Excel skills") in texts
    assert ("chunk", "SQL") in texts and ("chunk", "Python") in texts
    assert ("sentence", "Team player") in texts


@given(st.text(alphabet=st.sampled_from(list("ab ,;.:-()\n*•AB1")), max_size=200))
@settings(max_examples=300, deadline=None)
def test_units_are_trimmed_and_inside_the_text(text: str) -> None:
    doc = read_document(text, format="text")
    for unit in units(doc):
        piece = doc.text[unit.start : unit.end]
        assert 0 <= unit.start < unit.end <= len(doc.text)
        assert piece == piece.strip() and "\n" not in piece
    for start, end in sentences(doc):
        assert doc.text[start:end].strip()


def test_degree_and_years_flags() -> None:
    doc = read_document(POSTING, format="text")
    found = detect_sections(doc, "posting")
    flags = requirement_flags(doc.text, sentences(doc), found, "posting")
    degrees = [f for f in flags if f["kind"] == "degree"]
    years = [f for f in flags if f["kind"] == "experience_years"]
    assert [(d["level"], d["required"], d["or_equivalent"], d["field"]) for d in degrees] == [
        ("bachelor", True, True, "Statistics"),
        ("master", False, False, "Economics"),
    ]
    assert [(y["min"], y["max"], y["required"]) for y in years] == [(3, None, True)]
    for flag in flags:
        start, end = flag["span"]
        assert doc.text[start:end] == flag["text"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("PhD or MSc in Physics required", ("doctorate", "master")),
        ("High school diploma or GED", ("high_school",)),
        ("Associate's degree in nursing", ("associate",)),
        ("A degree in Computer Science or related field", ("unspecified",)),
        ("Must be able to lift 50 pounds to a high degree of accuracy", ()),
        ("The 360 degree view of customers", ()),
    ],
)
def test_degree_levels(sentence: str, expected: tuple[str, ...]) -> None:
    doc = read_document("Requirements\n" + sentence, format="text")
    flags = requirement_flags(doc.text, sentences(doc), detect_sections(doc, "posting"), "posting")
    levels = [f["level"] for f in flags if f["kind"] == "degree"]
    lowest = {
        ("doctorate", "master"): ["master"],
        ("high_school",): ["high_school"],
        ("associate",): ["associate"],
        ("unspecified",): ["unspecified"],
        (): [],
    }
    assert levels == lowest[expected]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Two to four years of work experience in retail", (2, 4)),
        ("Minimum of 5 yrs experience", (5, None)),
        ("5-7 years' professional experience in sales", (5, 7)),
        ("We have been in business for 20 years", None),
        ("Must be 18 years old", None),
    ],
)
def test_years_of_experience(sentence: str, found: tuple[int, int | None] | None) -> None:
    doc = read_document(sentence, format="text")
    flags = requirement_flags(doc.text, sentences(doc), detect_sections(doc, "posting"), "posting")
    years = [(f["min"], f["max"]) for f in flags if f["kind"] == "experience_years"]
    assert years == ([found] if found else [])


@pytest.mark.parametrize(
    ("sentence", "skill", "level", "cue"),
    [
        ("Expert in Python and SQL", "SQL", "expert", "Expert in"),
        ("Basic knowledge of Excel", "Excel", "basic", "Basic"),
        ("3+ years of experience with Java", "Java", "intermediate", "3+ years of experience"),
        ("8 years of experience with Java", "Java", "expert", "8 years of experience"),
        ("Strong communication skills", "communication", "advanced", "Strong"),
        ("Python is used here", "Python", None, None),
    ],
)
def test_proficiency_cues(sentence: str, skill: str, level: str | None, cue: str | None) -> None:
    doc = read_document(sentence, format="text")
    start = doc.text.index(skill)
    found = proficiency(doc.text, sentences(doc), [(start, start + len(skill))])
    if level is None:
        assert found is None
        return
    assert found is not None and found["level"] == level and found["cue"] == cue
    assert doc.text[found["span"][0] : found["span"][1]] == cue
