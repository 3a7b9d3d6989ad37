"""The guide of the career advancement plan (issue 15, item 4): the employment lifecycle's stages,
and for each one the questions a worker should ask themselves and an employer, with short help.

Onramp's own guide is package data (`guide.yaml`), written by the project at grade 8 or below.
An organization that works with job seekers (a community organization, a training provider or
a workforce board) may adapt it, stage by stage: add its own questions to Onramp's, or replace
them, and replace the help text. A worker sees an adapted guide only when they pick it, and
only while they share their plan with that organization (decisions/0026).

Adapted words are read for grade level when saved (Flesch-Kincaid, textstat): above grade 8
the organization is warned, line by line; above grade 10 the save is refused, because a worker
cannot use a question they cannot read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import textstat
import yaml

from onramp.errors import InvalidInputError
from onramp.vocabulary import LabeledEnum

GRADE_GOAL = 8.0  # what Onramp writes to; adapted text above it gets a warning
GRADE_CEILING = 10.0  # adapted text above it is refused
MAX_QUESTION_CHARS = 200
MAX_QUESTIONS = 12  # per stage and kind
MAX_HELP_CHARS = 600


class Stage(LabeledEnum):
    """The employment lifecycle, in order: a plan moves through these."""

    EXPLORE = "explore", "Find out which jobs fit you and what they pay."
    PREPARE = "prepare", "Build the skills and proof you need for the job you want."
    APPLY = "apply", "Find openings, apply and get hired."
    START = "start", "Settle into a new job in the first weeks."
    GROW = "grow", "Get better at your job and show what you can do."
    ADVANCE = "advance", "Take the next step up, or move on to a better job."

    @property
    def number(self) -> int:
        """1 for the first stage, 6 for the last."""
        return list(Stage).index(self) + 1


class QuestionKind(LabeledEnum):
    SELF = "self", "Questions to ask yourself."
    EMPLOYER = "employer", "Questions to ask an employer."


class AdaptMode(LabeledEnum):
    ADD = "add", "Show our questions after the Onramp questions."
    REPLACE = "replace", "Show only our questions for this stage."


@dataclass(frozen=True, slots=True)
class StageGuide:
    stage: Stage
    title: str
    help: str
    self_questions: tuple[str, ...]
    employer_questions: tuple[str, ...]

    def questions(self, kind: QuestionKind) -> tuple[str, ...]:
        return self.self_questions if kind is QuestionKind.SELF else self.employer_questions


@dataclass(frozen=True, slots=True)
class Guide:
    """The guide a worker reads: Onramp's (org_id None) or an organization's version."""

    org_id: str | None
    source: str  # "Onramp" or the organization's name
    stages: tuple[StageGuide, ...]

    def of(self, stage: Stage) -> StageGuide:
        return self.stages[stage.number - 1]


@dataclass(frozen=True, slots=True)
class StageAdaptation:
    """One organization's change to one stage of the guide."""

    stage: Stage
    mode: AdaptMode
    self_questions: tuple[str, ...] = ()
    employer_questions: tuple[str, ...] = ()
    help: str = ""  # "" keeps Onramp's help text

    def contract(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "self": list(self.self_questions),
            "employer": list(self.employer_questions),
            "help": self.help,
        }


def stage_titles() -> dict[Stage, str]:
    return {s.stage: s.title for s in default_guide().stages}


@functools.cache
def default_guide() -> Guide:
    """Onramp's own guide, read once from the package."""
    text = resources.files("onramp.pathways").joinpath("guide.yaml").read_text("utf-8")
    data = yaml.safe_load(text)["stages"]
    stages = tuple(
        StageGuide(
            stage,
            data[stage.value]["title"],
            " ".join(data[stage.value]["help"].split()),
            tuple(data[stage.value]["self"]),
            tuple(data[stage.value]["employer"]),
        )
        for stage in Stage
    )
    return Guide(None, "Onramp", stages)


def adapt(base: Guide, org_id: str, org_name: str, changes: list[StageAdaptation]) -> Guide:
    """Onramp's guide with one organization's changes laid over it, stage by stage."""
    by_stage = {c.stage: c for c in changes}
    stages = []
    for part in base.stages:
        change = by_stage.get(part.stage)
        if change is None:
            stages.append(part)
            continue
        keep = change.mode is AdaptMode.ADD
        stages.append(
            StageGuide(
                part.stage,
                part.title,
                change.help or part.help,
                (part.self_questions if keep else ()) + change.self_questions,
                (part.employer_questions if keep else ()) + change.employer_questions,
            )
        )
    return Guide(org_id, org_name, tuple(stages))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade level of a text (textstat)."""
    return float(textstat.flesch_kincaid_grade(text))


def clean_lines(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(" ".join(str(line).split()) for line in lines if str(line).strip())


def check_adaptation(change: StageAdaptation) -> list[str]:
    """Plain warnings for lines above grade 8; refused (InvalidInputError) when a line is
    too long, there are too many, or a line reads above grade 10."""
    lines = [*change.self_questions, *change.employer_questions]
    for kind, questions in (
        ("yourself", change.self_questions),
        ("employer", change.employer_questions),
    ):
        if len(questions) > MAX_QUESTIONS:
            raise InvalidInputError(f"Give at most {MAX_QUESTIONS} {kind} questions for a stage.")
    if any(len(line) > MAX_QUESTION_CHARS for line in lines):
        raise InvalidInputError(f"Keep each question under {MAX_QUESTION_CHARS} letters.")
    if len(change.help) > MAX_HELP_CHARS:
        raise InvalidInputError(f"Keep the help text under {MAX_HELP_CHARS} letters.")
    if change.mode is AdaptMode.REPLACE and not (
        change.self_questions or change.employer_questions
    ):
        raise InvalidInputError("To replace the questions, write at least one of your own.")
    warnings = []
    for line in [*lines, *([change.help] if change.help else [])]:
        level = grade(line)
        if level > GRADE_CEILING:
            raise InvalidInputError(
                f'This is too hard to read (grade {level:.0f}): "{line}". '
                "Use shorter words and sentences."
            )
        if level > GRADE_GOAL:
            warnings.append(f'Grade {level:.0f}, a bit hard to read: "{line}"')
    return warnings


def adaptation_of(stage: Stage, data: dict[str, Any]) -> StageAdaptation:
    return StageAdaptation(
        stage,
        AdaptMode(data.get("mode", AdaptMode.ADD.value)),
        clean_lines(data.get("self", [])),
        clean_lines(data.get("employer", [])),
        " ".join(str(data.get("help", "")).split()),
    )
