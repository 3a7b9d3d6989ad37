"""Where things are in a document: sections, and the text units skills are looked for in.

Sections come from headings: explicit ones (HTML `h1`-`h6`, DOCX heading styles) and lines
that read like headings (short, ending in a colon, or a known heading phrase such as
"Requirements" or "Work experience"); "Requirements: Python, SQL" opens a section inline. Each
heading is classified for the document kind:

- posting: requirements, nice_to_have, responsibilities, benefits, about, other;
- resume: experience, education, skills, summary, other;
- course: learning_outcome, description, prerequisites, assessment, other.

Units (span proposals) are sentences (list items count as sentences), clauses (sentences cut at
semicolons and at coordinating commas) and chunks (clauses cut at prepositions and
conjunctions that usually separate one skill phrase from the next). All are offsets into the
document's text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from onramp.errors import InvalidInputError
from onramp.nlp.cues import YEARS
from onramp.nlp.cues import number as years_number
from onramp.nlp.cues import proficiency as proficiency  # where it has always been imported from
from onramp.nlp.documents import TextDocument, read_text
from onramp.taxonomy.search import normalize

KINDS = ("posting", "resume", "course")

_HEADINGS: dict[str, list[tuple[str, str]]] = {
    "posting": [
        (
            "nice_to_have",
            r"nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?: qualifications| skills)?|"
            r"desirable|good to have|pluses|plus points|extra credit|ideally",
        ),
        (
            "requirements",
            r"requirements?|qualifications?|what you (?:bring|need|have|offer)|who you are|"
            r"your (?:profile|skills|background|experience|qualifications)|must[- ]haves?|"
            r"what we(?:'re| are) looking for|we(?:'re| are) looking for|you (?:have|bring|are)|"
            r"skills(?: and experience)?|experience|knowledge|competenc(?:y|ies)|"
            r"technologies|tech stack|about you|(?:minimum|basic|required) qualifications",
        ),
        (
            "responsibilities",
            r"responsibilities|duties|what you(?:'ll| will) do|your (?:tasks|role|mission|job)|"
            r"the role|role|tasks|job description|description|key accountabilities|"
            r"day[- ]to[- ]day|what the job involves|the job|position|summary",
        ),
        (
            "benefits",
            r"benefits|what we offer|we offer|perks|compensation|salary|why (?:join|work)|"
            r"our offer|what's in it for you|package",
        ),
        ("about", r"about (?:us|the company|the team)|company|who we are|our company|the team"),
    ],
    "resume": [
        (
            "experience",
            r"(?:work|professional|employment|relevant|career)? ?(?:experience|history)|"
            r"employment|work|projects|positions?",
        ),
        (
            "education",
            r"education|training|academic|qualifications|certifications?|licen[cs]es|courses|"
            r"degrees?",
        ),
        ("skills", r"(?:technical |core |key )?(?:skills|competenc(?:y|ies)|expertise|tools)"),
        ("summary", r"summary|profile|objective|about me|personal statement"),
    ],
    "course": [
        (
            "learning_outcome",
            r"(?:intended |expected |student |course )?(?:learning )?(?:outcomes?|objectives?)|"
            r"what you(?:'ll| will) learn|by the end|students will|competenc(?:y|ies)|"
            r"skills you(?:'ll| will) gain",
        ),
        ("prerequisites", r"prerequisites?|requirements|entry requirements|before you start"),
        ("assessment", r"assessments?|grading|evaluation|exams?"),
        ("description", r"(?:course )?(?:description|overview|content|topics|syllabus|about)"),
    ],
}
_COMPILED = {
    kind: [(name, re.compile(rf"^(?:{pattern})$", re.I)) for name, pattern in rules]
    for kind, rules in _HEADINGS.items()
}
_INLINE = re.compile(r"^([A-Za-z][A-Za-z' /&-]{2,40}):\s*\S")
_NICE_CUE = re.compile(
    r"\b(?:is|are|would be|will be) (?:a )?(?:big |huge |strong )?(?:plus|bonus|advantage|"
    r"benefit|asset)|nice[- ]to[- ]have|\bpreferred\b|\bpreferably\b|\bideally\b|\bdesirable\b|"
    r"\bbonus\b|\boptional\b|\bnot required\b|\ba plus\b",
    re.I,
)
_OUTCOME_CUE = re.compile(
    r"\b(?:students|learners|participants|you) will (?:be able to|learn|gain|develop|understand)|"
    r"\bby the end of (?:the|this) (?:course|module|program)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    kind: str
    heading: str  # the heading's text, "" before the first heading


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    kind: str  # sentence | clause | chunk


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInputError(f"unknown document kind {kind!r}; use one of {', '.join(KINDS)}")
    return kind


def classify_heading(heading: str, kind: str) -> str | None:
    """The section a heading opens, or None if it does not read like a known heading."""
    words = re.sub(r"[^a-z0-9'&/ -]+", " ", heading.lower().replace("’", "'"))
    words = re.sub(r"\s+", " ", words).strip(" -/&")
    for name, pattern in _COMPILED[check_kind(kind)]:
        if pattern.match(words):
            return name
    return None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 60 or len(stripped.split()) > 7:
        return False
    return stripped.endswith(":") or stripped.isupper() or stripped[-1] not in ".;,"


def detect_sections(document: TextDocument, kind: str) -> list[Section]:
    """The document cut into sections, in order, covering all of the text."""
    check_kind(kind)
    text = document.text
    openings: list[tuple[int, int, str, str]] = []  # start, body start, kind, heading
    for block in document.blocks:
        content = text[block.start : block.end]
        name = None
        if block.kind != "item" and (block.kind == "heading" or _looks_like_heading(content)):
            name = classify_heading(content.strip().rstrip(":"), kind)
            if name is None and block.kind == "heading":
                name = "other"
            if name is not None:
                openings.append((block.start, block.end, name, content.strip().rstrip(":")))
                continue
        inline = _INLINE.match(content)
        if inline and block.kind != "item":
            name = classify_heading(inline.group(1), kind)
            if name is not None:
                openings.append((block.start, block.start + inline.end(1) + 1, name, inline[1]))
    sections: list[Section] = []
    if not openings or openings[0][0] > 0:
        first = openings[0][0] if openings else len(text)
        sections.append(Section(0, first, "other", ""))
    for number, (start, _body, name, heading) in enumerate(openings):
        end = openings[number + 1][0] if number + 1 < len(openings) else len(text)
        sections.append(Section(start, end, name, heading))
    return sections


def section_at(sections: list[Section], offset: int) -> Section:
    return sections[section_index(sections, offset)]


def section_index(sections: list[Section], offset: int) -> int:
    """The index of the section holding `offset` (sections in order, as detect_sections gives
    them): a binary search, so a lookup per match stays cheap on long documents."""
    return max(0, bisect_right(sections, offset, key=_start) - 1)


def _start(section: Section) -> int:
    return section.start


def role(kind: str, section: Section, sentence: str) -> str:
    """The role the issue asks for: a posting's requirement or nice-to-have, a resume's
    experience or education (or skills, summary), a course's learning outcome (or other)."""
    if kind == "posting":
        if section.kind == "nice_to_have" or _NICE_CUE.search(sentence):
            return "nice_to_have"
        if section.kind in ("benefits", "about"):
            return "other"
        return "requirement"
    if kind == "resume":
        return section.kind
    if section.kind == "learning_outcome" or _OUTCOME_CUE.search(sentence):
        return "learning_outcome"
    return section.kind


# -- units -----------------------------------------------------------------------------------
# A cut that starts with white space looks back over at most 4 spaces ({0,4}, not *):
# tried from every space of a long run, an unbounded \s* would scan the rest of the run each
# time, and one line of spaces would cost its length squared inside the regex engine (which
# holds the GIL). A longer run still cuts; its extra spaces stay in the piece and are trimmed.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“])|\s{0,4}\n\s*|(?<=\s[.!?])\s+")
_CLAUSE_CUT = re.compile(
    r"\s{0,4};\s*|\s{0,4}:\s+|\s{1,4}[-–—]\s+|,\s*(?:and |or |but |while |which |where |"
    r"as well as )?|\s{1,4}(?:while|whereas|which|where|so that|in order to)\s+",
    re.I,
)
_CHUNK_CUT = re.compile(
    r"\s{1,4}(?:and|or|with|using|including|such as|like|for|in|on|of|to|through|via|within|"
    r"across|from|by|at|into|as|e\.g\.|i\.e\.|etc\.?|&|/)\s+|\s{0,4}\(\s*|\s{0,4}\)\s*",
    re.I,
)
_EDGE = frozenset(".,;:!?()[]\"'“”‘’*•-")


def _is_edge(char: str) -> bool:
    return char in _EDGE or char.isspace()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A piece without the punctuation and spaces at its end; a piece that starts with them
    is dropped (returned empty), as it always has been. One pass, no regex: a regex anchored
    at the end is tried from every position of a long run of punctuation."""
    if start < end and _is_edge(text[start]):
        return start, start
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    position = start
    for match in pattern.finditer(text, start, end):
        out.append((position, match.start()))
        position = match.end()
    out.append((position, end))
    trimmed = [_trim(text, s, e) for s, e in out]
    return [(s, e) for s, e in trimmed if e > s]


def sentences(document: TextDocument) -> list[tuple[int, int]]:
    """Sentences; a block (line, item, heading) never spans two sentences."""
    text = document.text
    blocks = document.blocks or ()
    ranges = [(b.start, b.end) for b in blocks] if blocks else [(0, len(text))]
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        out.extend(_cut(text, start, end, _SENTENCE_END))
    return out


def units(document: TextDocument) -> list[Unit]:
    """Sentences, then the clauses and chunks inside each, all distinct, in text order."""
    text = document.text
    found: dict[tuple[int, int], str] = {}
    for s_start, s_end in sentences(document):
        found.setdefault((s_start, s_end), "sentence")
        for c_start, c_end in _cut(text, s_start, s_end, _CLAUSE_CUT):
            found.setdefault((c_start, c_end), "clause")
            for k_start, k_end in _cut(text, c_start, c_end, _CHUNK_CUT):
                found.setdefault((k_start, k_end), "chunk")
    return [Unit(s, e, kind) for (s, e), kind in sorted(found.items())]


# -- requirement flags and proficiency cues --------------------------------------------------
_EXPERIENCE_WORD = re.compile(r"experience|expertise|background|working|in (?:a|the) ", re.I)
_DEGREES = [
    ("doctorate", r"ph\.?\s?d\.?|doctorate|doctoral degree"),
    ("master", r"master['’]?s?(?: degree)?|m\.?sc\.?|m\.?eng\.?|mba|m\.s\.|m\.a\."),
    (
        "bachelor",
        r"bachelor['’]?s?(?: degree)?|b\.?sc\.?|b\.?eng\.?|b\.s\.|b\.a\.|bs/ba|ba/bs|"
        r"(?:university|undergraduate|college|4[- ]year|four[- ]year) degree",
    ),
    ("associate", r"associate['’]?s? degree|associate of (?:arts|science)|2[- ]year degree"),
    ("high_school", r"high[- ]school(?: diploma)?|ged\b|secondary school"),
    ("unspecified", r"(?:academic )?degree (?:in|from|or)|\bdegree\b(?= required)|diploma in"),
]
_DEGREE = re.compile("|".join(rf"(?P<{name}>\b(?:{pattern}))" for name, pattern in _DEGREES), re.I)
_EQUIVALENT = re.compile(r"equivalent|or (?:related|relevant|similar) (?:work )?experience", re.I)
_FIELD = re.compile(
    r"\s{1,4}(?:degree\s+)?in\s+([A-Z][\w&/ -]{2,60}?)(?=\s*(?:,|\.|;|\(| or | and |$))"
)
_LEVEL_ORDER = ("high_school", "associate", "unspecified", "bachelor", "master", "doctorate")


def requirement_flags(
    text: str, sentence_spans: list[tuple[int, int]], found: list[Section], kind: str
) -> list[dict[str, Any]]:
    """Degree and years-of-experience requirements, each with its span and whether it is
    required (not marked as a plus, preferred or nice-to-have)."""
    out: list[dict[str, Any]] = []
    for s_start, s_end in sentence_spans:
        sentence = text[s_start:s_end]
        part = role(kind, section_at(found, s_start), sentence)
        last_word = -1  # where the sentence's last experience word starts, found once
        for word in _EXPERIENCE_WORD.finditer(sentence):
            last_word = word.start()
        required = part not in ("nice_to_have", "other")
        levels: list[tuple[str, int, int]] = []
        for match in _DEGREE.finditer(sentence):
            name = match.lastgroup or "unspecified"
            levels.append((name, match.start(), match.end()))
        if levels:
            name = min(levels, key=lambda item: _LEVEL_ORDER.index(item[0]))[0]
            named = [lv for lv in levels if lv[0] != "unspecified"]
            level = min(named, key=lambda i: _LEVEL_ORDER.index(i[0]))[0] if named else name
            first, last = min(lv[1] for lv in levels), max(lv[2] for lv in levels)
            field_match = _FIELD.match(sentence, last) or _FIELD.search(sentence, first)
            out.append(
                {
                    "kind": "degree",
                    "level": level,
                    "required": required,
                    "or_equivalent": bool(_EQUIVALENT.search(sentence)),
                    "field": field_match.group(1).strip() if field_match else None,
                    "span": [s_start + first, s_start + last],
                    "text": sentence[first:last],
                    "section": part,
                }
            )
        for match in YEARS.finditer(sentence):
            if last_word < match.start():  # no experience word from here on
                continue
            low = years_number(match.group(2))
            high = years_number(match.group(4))
            if low is None or low > 40 or (high is not None and high > 40):
                continue
            out.append(
                {
                    "kind": "experience_years",
                    "min": low,
                    "max": high,
                    "required": required,
                    "span": [s_start + match.start(), s_start + match.end()],
                    "text": match.group(),
                    "section": part,
                }
            )
    return out


def requirements_of(document: TextDocument | str, kind: str = "posting") -> list[dict[str, Any]]:
    """Degree and years-of-experience requirements alone, with no skills store: for the job
    linter. Plain text is read as it is; offsets point into `document.text` (or the string)."""
    check_kind(kind)
    doc = read_text(document) if isinstance(document, str) else document
    return requirement_flags(doc.text, sentences(doc), detect_sections(doc, kind), kind)


# -- tokens ----------------------------------------------------------------------------------
_TOKEN = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9+#]*(?:[.'][A-Za-z0-9]+)*[+#]*")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    key: str  # lowercase, light stemming (plurals, -ing, -ed)
    raw: str
    plain: str  # lowercase, plurals only: single words match on this


def tokenize(text: str) -> list[Token]:
    out = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        lower = raw.lower()
        if raw.isupper() or not lower.isalpha():  # acronyms and names stay as written
            key = plain = lower
        else:
            key = normalize(lower)
            if len(key) > 3 and key.endswith("e"):  # serve, serving -> serv
                key = key[:-1]
            plain = _singular(lower) if lower.endswith("s") else lower
        out.append(Token(match.start(), match.end(), key, raw, plain))
    return out


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def proper_label(label: str, cased: bool) -> bool:
    """A one-word label that names something: inner capitals, digits, + or # (SQL, C++,
    Node.js), or a capital letter in a framework whose labels are otherwise lowercase."""
    if any(c.isupper() or c.isdigit() or c in "+#." for c in label[1:]) or label[:1] == ".":
        return True
    return cased and label[:1].isupper()
