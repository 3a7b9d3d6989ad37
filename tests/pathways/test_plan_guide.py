"""The plan guide (issue 15, item 4): Onramp's own words read at grade 8 or below (textstat),
one entry per lifecycle stage; an organization's changes laid over it; adapted words warned
above grade 8 and refused above grade 10."""

from __future__ import annotations

import re

import pytest
import textstat

from onramp.errors import InvalidInputError
from onramp.pathways.guide import (
    GRADE_CEILING,
    GRADE_GOAL,
    AdaptMode,
    QuestionKind,
    Stage,
    StageAdaptation,
    adapt,
    check_adaptation,
    default_guide,
)

HARD = (
    "Notwithstanding organizational considerations, what institutional accreditation "
    "requirements necessitate comprehensive documentation prior to consideration?"
)
WORDY = "What training would prepare you for a supervisor position?"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_every_line_of_the_guide_reads_at_grade_8_or_below() -> None:
    guide = default_guide()
    assert [s.stage for s in guide.stages] == list(Stage)
    too_hard = []
    for part in guide.stages:
        # a one- or two-word title has no grade worth reading (as in test_plain_language)
        lines = [*_sentences(part.help), *part.self_questions, *part.employer_questions]
        assert len(part.self_questions) >= 4 and len(part.employer_questions) >= 4
        for line in lines:
            level = textstat.flesch_kincaid_grade(line)
            if level > GRADE_GOAL:
                too_hard.append(f"{part.stage}: {level:.1f}: {line}")
    assert not too_hard, "\n".join(too_hard)


def test_the_whole_guide_reads_easily() -> None:
    text = " ".join(
        " ".join([p.help, *p.self_questions, *p.employer_questions]) for p in default_guide().stages
    )
    assert textstat.flesch_kincaid_grade(text) <= 6
    assert textstat.flesch_reading_ease(text) >= 70


def test_an_organization_adds_to_or_replaces_a_stage() -> None:
    base = default_guide()
    changes = [
        StageAdaptation(Stage.PREPARE, AdaptMode.ADD, ("Did you visit our job club?",)),
        StageAdaptation(
            Stage.APPLY, AdaptMode.REPLACE, (), ("Do you hire people with a record?",), "Ask us."
        ),
    ]
    theirs = adapt(base, "org1", "Northside", changes)
    assert theirs.source == "Northside" and theirs.org_id == "org1"
    prepare = theirs.of(Stage.PREPARE)
    assert prepare.self_questions[:-1] == base.of(Stage.PREPARE).self_questions
    assert prepare.self_questions[-1] == "Did you visit our job club?"
    apply = theirs.of(Stage.APPLY)
    assert apply.questions(QuestionKind.SELF) == ()
    assert apply.questions(QuestionKind.EMPLOYER) == ("Do you hire people with a record?",)
    assert apply.help == "Ask us."
    assert theirs.of(Stage.GROW) == base.of(Stage.GROW)
    assert base.of(Stage.APPLY).self_questions  # Onramp's own is untouched


def test_adapted_words_are_warned_above_grade_8_and_refused_above_grade_10() -> None:
    assert textstat.flesch_kincaid_grade(HARD) > GRADE_CEILING
    assert GRADE_GOAL < textstat.flesch_kincaid_grade(WORDY) <= GRADE_CEILING
    plain = StageAdaptation(Stage.GROW, AdaptMode.ADD, ("Who can help you learn?",))
    assert check_adaptation(plain) == []
    warned = check_adaptation(StageAdaptation(Stage.GROW, AdaptMode.ADD, (WORDY,)))
    assert len(warned) == 1 and "hard to read" in warned[0]
    with pytest.raises(InvalidInputError, match="too hard to read"):
        check_adaptation(StageAdaptation(Stage.GROW, AdaptMode.ADD, (HARD,)))
    with pytest.raises(InvalidInputError, match="at least one"):
        check_adaptation(StageAdaptation(Stage.GROW, AdaptMode.REPLACE))
    with pytest.raises(InvalidInputError, match="under 200"):
        check_adaptation(StageAdaptation(Stage.GROW, AdaptMode.ADD, ("Why? " * 50,)))
