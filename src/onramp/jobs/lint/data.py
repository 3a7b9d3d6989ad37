"""The rule data in `rules.yaml`, read once per process and compiled into patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from onramp.jobs.lint.findings import RuleId, Severity


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _terms(mapping: dict[str, str | None]) -> list[tuple[re.Pattern[str], str | None]]:
    return [(re.compile(rf"\b(?:{k})\b", re.I), v) for k, v in mapping.items()]


def _words(mapping: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in mapping.items()}


@dataclass(frozen=True)
class RuleData:
    raw: dict[str, Any]
    degree: re.Pattern[str]
    degree_required: re.Pattern[str]
    degree_not_required: re.Pattern[str]
    degree_strongly_required: re.Pattern[str]
    years_not_required: re.Pattern[str]
    gender_words: dict[str, tuple[str, str]]  # word -> (kind, neutral word)
    gender: re.Pattern[str]
    gender_not_about_person: re.Pattern[str]
    exclusionary: list[tuple[re.Pattern[str], str | None]]
    physical: re.Pattern[str]
    task_reasons: re.Pattern[str]
    desk_roles: re.Pattern[str]
    jargon: list[tuple[re.Pattern[str], str | None]]
    known_acronyms: frozenset[str]
    entry_level: re.Pattern[str]
    senior_cues: re.Pattern[str]

    def severity(self, rule: RuleId) -> Severity:
        return Severity(self.raw[rule.value]["severity"])

    def message(self, rule: RuleId, key: str = "message") -> str:
        return " ".join(str(self.raw[rule.value][key]).split())

    def setting(self, rule: RuleId, key: str) -> Any:
        return self.raw[rule.value][key]


@cache
def rule_data() -> RuleData:
    raw = yaml.safe_load(resources.files(__package__).joinpath("rules.yaml").read_text("utf-8"))
    degree = raw["degree-requirement"]
    gender = raw["gender-coded"]
    words = {w: ("masculine", n) for w, n in _words(gender["masculine"]).items()}
    words |= {w: ("feminine", n) for w, n in _words(gender["feminine"]).items()}
    by_length = sorted(words, key=len, reverse=True)
    excl = raw["exclusionary"]
    seniority = raw["seniority-mismatch"]
    return RuleData(
        raw=raw,
        degree=re.compile(r"\b(?:" + "|".join(f"(?:{t})" for t in degree["terms"]) + r")", re.I),
        degree_required=_any(degree["required"]),
        degree_not_required=_any(degree["not_required"]),
        degree_strongly_required=_any(degree["strongly_required"]),
        years_not_required=_any(raw["years-of-experience"]["not_required"]),
        gender_words=words,
        gender=re.compile(r"\b(" + "|".join(re.escape(w) for w in by_length) + r")\b", re.I),
        gender_not_about_person=_any(gender["not_about_person"]),
        exclusionary=_terms(excl["terms"]),
        physical=_any(excl["physical"]),
        desk_roles=re.compile(r"\b(?:" + "|".join(excl["desk_roles"]) + r")", re.I),
        task_reasons=re.compile(r"\b(?:" + "|".join(excl["task_reasons"]) + r")", re.I),
        jargon=_terms(raw["jargon"]["phrases"]),
        known_acronyms=frozenset(str(a) for a in raw["jargon"]["known_acronyms"]),
        entry_level=re.compile(rf"\b(?:{seniority['entry_level']})\b", re.I),
        senior_cues=re.compile(rf"\b(?:{seniority['senior_cues']})\b", re.I),
    )
