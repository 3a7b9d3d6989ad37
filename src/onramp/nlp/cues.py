"""Proficiency cues: the level a posting asks for a skill, from the nearest cue before it in its
sentence ("expert in", "basic knowledge of", "3+ years of").

A cue counts when the text from the sentence's start up to the skill reads as one: a cue that
runs on past the skill ("3+ years of Python experience") counts as far as it goes before it
("3+ years"). When a years cue is there, word cues about experience, and word cues inside the
years cue, give way to it. Each sentence is scanned once, however many skills it holds, so a
long sentence full of skills costs its length, not its length times the number of skills.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
YEARS = re.compile(
    rf"(?:(at least|minimum(?: of)?|min\.?|over|more than|a minimum of)\s+)?\b{_NUM}"
    rf"(?:\s*(\+|plus))?(?:\s*(?:-|–|to)\s*{_NUM})?\s*(\+)?\s*(?:years?|yrs?)\b"
    rf"(?:['’]?\s*(?:of\s+)?(?:\w+\s+){{0,3}}?(?:experience|expertise|background|work))?",
    re.I,
)
_CUES = [
    ("expert", r"expert(?:ise)?(?: level)?(?: in| with| knowledge)?|mastery of|guru|authority on|"
     r"deep expertise|in-depth expertise"),
    ("advanced", r"advanced|strong|extensive|in-depth|deep|excellent|proven|expert-level|"
     r"thorough|outstanding|senior-level|highly proficient"),
    ("intermediate", r"good|solid|working knowledge|proficien(?:t|cy)|hands-on|practical|"
     r"experience (?:in|with)|experienced (?:in|with)|sound|fluent"),
    ("basic", r"basic|familiar(?:ity)? with|exposure to|some (?:knowledge|experience)|"
     r"understanding of|fundamentals? of|awareness of|introductory|entry-level|beginner"),
]  # fmt: skip
_CUE = re.compile("|".join(rf"(?P<{n}>\b(?:{p})\b)" for n, p in _CUES), re.I)

Cue = tuple[int, str, int, int]  # start, level, start, end (offsets into the sentence)


def number(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else _NUMBER_WORDS[value.lower()]


def years_level(years: int) -> str:
    if years >= 8:
        return "expert"
    if years >= 5:
        return "advanced"
    if years >= 2:
        return "intermediate"
    return "basic"


def _years_cue(match: re.Match[str] | None) -> Cue | None:
    years = number(match.group(2)) if match else None
    if match is None or years is None or years > 40:
        return None
    return (match.start(), years_level(years), match.start(), match.end())


def _word_cue(match: re.Match[str] | None) -> Cue | None:
    if match is None:
        return None
    return (match.start(), match.lastgroup or "intermediate", match.start(), match.end())


@dataclass(slots=True)
class _Sentence:
    """One sentence's cues, found once: years cues, word cues, the years cue each word cue
    starts inside (-1: none), and the word cues that may stand beside a years cue (no
    "experience" in them, not inside a years cue)."""

    text: str
    years: list[Cue]
    words: list[Cue]
    inside: list[int]
    kept: list[Cue]

    @classmethod
    def scan(cls, text: str) -> _Sentence:
        years = [cue for m in YEARS.finditer(text) if (cue := _years_cue(m))]
        words = [cue for m in _CUE.finditer(text) if (cue := _word_cue(m))]
        inside: list[int] = []
        kept: list[Cue] = []
        at = 0
        for cue in words:
            while at < len(years) and years[at][3] <= cue[2]:
                at += 1
            inside.append(at if at < len(years) and years[at][2] <= cue[2] else -1)
            if inside[-1] < 0 and "experience" not in text[cue[2] : cue[3]].lower():
                kept.append(cue)
        return cls(text, years, words, inside, kept)

    def nearest(self, until: int) -> Cue | None:
        """The cue that the text up to `until` ends on (None: no cue)."""
        year, cut, last = self._last_years(until)
        words, text = self.words, self.text
        index = bisect_left(words, until, key=_start) - 1
        word: Cue | None = None
        # a word cue that runs past `until`, and word cues after the cut of a years cue that
        # runs past it, are judged on the text up to `until`; the others as scanned
        while index >= 0 and (words[index][2] >= cut or words[index][3] > until):
            scanned = words[index]
            cue: Cue | None = scanned
            if scanned[3] > until:
                cue = _word_cue(_CUE.match(text, scanned[2], until))
            if cue is not None and (year is None or self._beside(cue, index, year, last)):
                word = cue
                break
            index -= 1
        if word is None and index >= 0:
            if year is None:
                word = words[index]
            else:
                kept = bisect_right(self.kept, words[index][2], key=_start) - 1
                word = self.kept[kept] if kept >= 0 else None
        found = [cue for cue in (year, word) if cue is not None]
        return max(found) if found else None

    def _beside(self, cue: Cue, index: int, year: Cue, last: int) -> bool:
        """Whether a word cue judged on the cut text stands beside the years cues before it."""
        if "experience" in self.text[cue[2] : cue[3]].lower():
            return False
        container = self.inside[index]
        if 0 <= container < last:  # inside a years cue that ends before the cut one
            return False
        return not year[2] <= cue[2] < year[3]

    def _last_years(self, until: int) -> tuple[Cue | None, int, int]:
        """The last years cue before `until` (cut at `until` if it runs past it); where word
        cues stop being judged as scanned (`until`, or where a cut years cue ends); and the
        index of the years cue that was cut (len(years) if none)."""
        index = bisect_left(self.years, until, key=_start) - 1
        if index < 0:
            return None, until, len(self.years)
        cue = self.years[index]
        if cue[3] <= until:
            return cue, until, len(self.years)
        cut = _years_cue(YEARS.match(self.text, cue[2], until))
        if cut is not None:
            return cut, cut[3], index
        return (self.years[index - 1] if index > 0 else None), cue[2], index


def _start(cue: Cue) -> int:
    return cue[2]


class CueIndex:
    """Proficiency cues of a document's sentences, each sentence scanned on first use."""

    def __init__(self, text: str, sentence_spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = sentence_spans
        self.starts = [start for start, _ in sentence_spans]
        self.scanned: dict[int, _Sentence] = {}

    def level(self, spans: list[tuple[int, int]]) -> dict[str, Any] | None:
        """The level asked for a skill found at `spans`: from the cue nearest before one of
        them in its sentence (the first span wins a tie)."""
        best: tuple[int, dict[str, Any]] | None = None
        for start, end in spans:
            index = bisect_right(self.starts, start) - 1
            if index < 0:
                continue
            s_start, s_end = self.spans[index]
            if end > s_end:
                continue
            sentence = self.scanned.get(index)
            if sentence is None:
                sentence = self.scanned[index] = _Sentence.scan(self.text[s_start:s_end])
            cue = sentence.nearest(start - s_start)
            if cue is None:
                continue
            _pos, level, c_start, c_end = cue
            distance = start - (s_start + c_end)
            if best is None or distance < best[0]:
                found = {
                    "level": level,
                    "cue": sentence.text[c_start:c_end],
                    "span": [s_start + c_start, s_start + c_end],
                }
                best = (distance, found)
        return best[1] if best else None


def proficiency(
    text: str, sentence_spans: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> dict[str, Any] | None:
    """The level a posting asks for, from the nearest cue before a span in its sentence."""
    return CueIndex(text, sentence_spans).level(spans)
