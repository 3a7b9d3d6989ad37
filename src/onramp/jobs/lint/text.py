"""Where things are in a job ad's text: sentences, clauses and the section each sentence sits
in, all as offsets into the text exactly as given (nothing is normalized first, so every
finding's `start` and `end` point into what the employer wrote)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! or ? before a space and a capital, digit or bullet, and at every line
# end: a list item or heading is its own sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=[A-Z0-9\"'“(•*-])|\n+")
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+(?:and|but|while|whereas)\s+", re.I)
_LIST_NUMBER = re.compile(r"\s*\d{1,2}[.)]$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣+]|\d{1,2}[.)]|[a-z][.)])\s+")
_HEADING = re.compile(r"^\s*#*\s*(?P<words>[A-Za-z0-9'’/&(), -]{3,70}?)\s*:?\s*$")
_REQUIREMENT_HEADING = re.compile(
    r"requir|qualification|what you(?:['’]ll)? (?:\w+ )?(?:need|bring|have)|must\b|mandatory|"
    r"non-negotiable|essential|minimum|quals\b|criteria|"
    r"who you are|about you|you have|you bring|skills|experience|we(?:['’]re| are) looking for|"
    r"what we(?:['’]re| are) looking for|ideal candidate|your profile|competenc",
    re.I,
)
# "Bachelor's degree required" or "5 years experience required" on a line of its own states a
# requirement; it is no heading, although it is short and names one. A heading that ends in
# "required" names a section ("Skills required", "Experience required").
_REQUIREMENT_STATEMENT = re.compile(
    r"^(?!(?:skills?|qualifications?|experience|education|knowledge|competenc\w*|abilities|"
    r"attributes|documents?|certifications?|training)\b).+?\s(?:is\s+)?"
    r"(?:required|a\s+must|mandatory)\s*$",
    re.I,
)
_NICE_HEADING = re.compile(
    r"nice[- ]to[- ]have|bonus|preferred|desirable|plus(?:es)?\b|good to have|ideally|extra|"
    r"none required|not required|what helps|helpful|optional",
    re.I,
)
_OTHER_HEADING = re.compile(
    r"benefit|perk|what we offer|we offer|about (?:us|the)|who we are|our (?:company|team)|"
    r"why (?:join|work)|compensation|pay\b|salary|schedule|how to apply|location|duties|"
    r"responsibilit|what you(?:['’]ll| will) do|the role|the job|day to day|summary",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    section: str  # "requirements", "nice_to_have", "other" or "none" (no heading yet)
    bullet: bool
    heading: bool


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    section = "none"
    position = 0
    line_start = True
    for match in _SENTENCE_END.finditer(text):
        if _LIST_NUMBER.match(text, position, match.start()):
            continue  # "1. Weld" is one item, not the sentence "1." and then "Weld"
        _add(text, position, match.start(), line_start, out, section)
        if out and out[-1].heading:
            section = _heading_kind(text[out[-1].start : out[-1].end])
        line_start = "\n" in match.group()
        position = match.end()
    _add(text, position, len(text), line_start, out, section)
    return out


def _add(
    text: str, start: int, end: int, line_start: bool, out: list[Sentence], section: str
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    piece = text[start:end]
    bullet = line_start and bool(_BULLET.match(piece))
    heading = (
        line_start
        and not bullet
        and (piece.endswith(":") or (len(piece) < 40 and not piece.endswith(".")))
        and bool(_HEADING.match(piece))
        and _heading_kind(piece) != "unknown"
        and not _REQUIREMENT_STATEMENT.match(piece)
    )
    out.append(Sentence(start, end, section, bullet, heading))


def _heading_kind(heading: str) -> str:
    if _NICE_HEADING.search(heading):
        return "nice_to_have"
    if _REQUIREMENT_HEADING.search(heading):
        return "requirements"
    if _OTHER_HEADING.search(heading):
        return "other"
    return "unknown"


def clause_around(text: str, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause of `sentence` that holds text[start:end]."""
    left, right = sentence.start, sentence.end
    for match in _CLAUSE_END.finditer(text, sentence.start, sentence.end):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return left, right


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", text))
