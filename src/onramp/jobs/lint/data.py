"""The rule data in `rules.yaml`, read once per process and compiled into patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from onramp.jobs.lint.findings import RuleId, Severity


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern[str]
    suggestion: str | None
    clues: tuple[str, ...] | None  # lowercase text one of which any match must contain


@dataclass(frozen=True)
class Terms:
    """Term patterns, each with the literal clues its matches must contain: a text is searched
    for a term only when one of its clues is in it, so most terms cost one substring test."""

    terms: tuple[Term, ...]

    @classmethod
    def of(cls, mapping: dict[str, str | None], escape: bool = False) -> Terms:
        terms = []
        for key, suggestion in mapping.items():
            # each top-level alternative on its own, so each gets its own clues
            for part in [re.escape(key.strip())] if escape else _split_top(key):
                pattern = re.compile(rf"\b(?:{part})\b", re.I)
                clues = clues_of(key.strip().lower()) if escape else clues_of(part)
                terms.append(Term(pattern, suggestion, clues))
        return cls(tuple(terms))

    def finditer(self, text: str) -> Iterator[tuple[re.Match[str], str | None]]:
        """Matches of every term, left to right, without overlaps (the first term wins)."""
        lowered = text.lower()
        found: list[tuple[int, int, re.Match[str], str | None]] = []
        for order, term in enumerate(self.terms):
            if term.clues is not None and not any(c in lowered for c in term.clues):
                continue
            found.extend(
                (m.start(), order, m, term.suggestion) for m in term.pattern.finditer(text)
            )
        end = -1
        for start, _order, match, suggestion in sorted(found, key=lambda f: (f[0], f[1])):
            if start >= end:
                end = match.end()
                yield match, suggestion


_META = set("\\.^$*+?{}[]()|")


def clues_of(source: str) -> tuple[str, ...] | None:
    """Literal text every match of a pattern contains: for each top-level alternative, its
    longest literal run outside optional parts (or the clues of a leading group). None when
    some alternative has no such literal of at least four characters: then the pattern is
    always tried."""
    clues: list[str] = []
    for alternative in _split_top(source):
        found = _mandatory_literal(alternative)
        found_list = [found] if found else _leading_literals(alternative)
        if found_list is None:
            return None
        clues.extend(found_list)
    return tuple(dict.fromkeys(clues))


def _mandatory_literal(alternative: str) -> str | None:
    """The longest run of plain characters at the top level that every match contains."""
    runs, run, i, n = [], "", 0, len(alternative)
    while i < n:
        char = alternative[i]
        if char == "\\":
            runs.append(run)
            run, i = "", i + 2
            continue
        if char in "([":
            close = _closing(alternative, i)
            if close < 0:
                return None
            runs.append(run)
            run, i = "", _after_quantifier(alternative, close + 1)
            continue
        if char in "?*{+":
            run = run[:-1]  # the character before is optional or repeated
            runs.append(run)
            run, i = "", _after_quantifier(alternative, i)
            continue
        if char in ".^$":
            runs.append(run)
            run, i = "", i + 1
            continue
        run += char
        i += 1
    runs.append(run)
    best = max(runs, key=lambda r: len(r.strip())).lower()
    return best if len(best.strip()) >= 4 else None


def _after_quantifier(source: str, i: int) -> int:
    """Where the text goes on after a quantifier at i (?, *, +, {m,n}, and a lazy ?)."""
    if source[i : i + 1] == "{":
        end = source.find("}", i)
        i = end + 1 if end >= 0 else len(source)
    elif source[i : i + 1] in ("?", "*", "+"):
        i += 1
    if source[i : i + 1] == "?":
        i += 1
    return i


def _closing(source: str, start: int) -> int:
    depth, escaped = 0, False
    for i in range(start, len(source)):
        char = source[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_top(source: str) -> list[str]:
    """The top-level alternatives of a pattern (a | inside a group or class stays put)."""
    parts, start, i = [], 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            close = _closing(source, i)
            i = close + 1 if close >= 0 else len(source)
            continue
        if char == "|":
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _leading_literals(alternative: str) -> list[str] | None:
    if alternative.startswith("(?:"):
        depth, escaped = 0, False
        for i, char in enumerate(alternative):
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    if alternative[i + 1 : i + 2] in ("?", "*", "{"):
                        return None
                    inner = clues_of(alternative[3:i])
                    return list(inner) if inner is not None else None
        return None
    # the leading literal run, cut at separator classes such as "[- ]" into segments that
    # every match contains; the longest segment is the clue
    segments, literal, i = [], "", 0
    while i < len(alternative):
        char = alternative[i]
        if char == "[":
            close = alternative.find("]", i)
            if close < 0 or any(c.isalnum() for c in alternative[i + 1 : close]):
                break
            if alternative[close + 1 : close + 2] in ("?", "*", "{"):
                break
            segments.append(literal)
            literal, i = "", close + 1
            continue
        if char in _META:
            if char in ("?", "*", "{") and literal:
                literal = literal[:-1]  # the character before is optional
            break
        literal += char
        i += 1
    segments.append(literal)
    best = max(segments, key=len).lower()
    return [best] if len(best.strip()) >= 4 else None


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
    gender_not_about_person: Terms
    exclusionary: Terms
    physical: re.Pattern[str]
    task_reasons: re.Pattern[str]
    desk_roles: re.Pattern[str]
    jargon: Terms
    known_acronyms: frozenset[str]
    entry_level: re.Pattern[str]
    senior_cues: re.Pattern[str]
    short_training: re.Pattern[str]

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
        gender_not_about_person=Terms.of(dict.fromkeys(gender["not_about_person"])),
        exclusionary=Terms.of(excl["terms"]),
        physical=_any(excl["physical"]),
        desk_roles=re.compile(r"\b(?:" + "|".join(excl["desk_roles"]) + r")", re.I),
        task_reasons=re.compile(r"\b(?:" + "|".join(excl["task_reasons"]) + r")", re.I),
        jargon=Terms.of(raw["jargon"]["phrases"]),
        known_acronyms=frozenset(str(a) for a in raw["jargon"]["known_acronyms"]),
        entry_level=re.compile(rf"\b(?:{seniority['entry_level']})\b", re.I),
        senior_cues=re.compile(rf"\b(?:{seniority['senior_cues']})\b", re.I),
        short_training=re.compile(rf"\b(?:{seniority['short_training_roles']})\b", re.I),
    )
