"""The linter's rules: each a small function over the text's sentences and the rule data in
`rules.yaml`. A rule returns its findings; `lint_text` runs the ones an organization has on."""

from __future__ import annotations

import re
from collections.abc import Callable

import textstat

from onramp.jobs.lint.data import RuleData, Terms
from onramp.jobs.lint.findings import Finding, RuleId
from onramp.jobs.lint.settings import LintSettings
from onramp.jobs.lint.text import Sentence, clause_around, word_count

Rule = Callable[[str, list[Sentence], RuleData, LintSettings], list[Finding]]

_FIELD = re.compile(r"\s+in\s+(?:[A-Z][\w&/-]*)(?:\s+(?:[A-Z][\w&/-]*|and|of|or))*")
_NOT_A_DEGREE_BEFORE = re.compile(
    r"(?:\d\s*|\w-|°\s*|\b(?:to|within|by) (?:a|one|some|any|what|that|this|the|an) )$", re.I
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# "5+ years", "at least three years", "3-5 yrs", "two-plus years", "two or more years of ..."
YEARS = re.compile(
    rf"(?:(?:at least|minimum(?: of)?|min\.?|over|more than|a minimum of)\s+)?\b{_NUM}"
    rf"(?:\s*\+|[- ]?plus)?(?:\s*(?:-|–|to)\s*{_NUM})?\s*\+?\s*(?:or more\s+)?"
    rf"(?:full(?:[- ]time)?\s+)?(?:years?|yrs?)\b(?!['’]?\s*old)(?:[- ]?plus)?"
    rf"(?:['’]?\s*(?:of\s+)?(?:[\w-]+\s+){{0,3}}?(?:experience|expertise|background|work)\b)?",
    re.I,
)
# what follows a number of years when it is about the person's past work
_YEARS_OF_WORK = re.compile(
    r"\s*(?:of\b|in\b|on\b|at\b|as\b|with\b|behind\b|under\b|around\b|[a-z]+ing\b|"
    r"experience|exp\b|"
    r"relevant|related|professional|hands-on|prior|previous|direct|proven|combined|post|"
    r"minimum\b|min\b|required\b|\()",
    re.I,
)
_WORK_AT_END = re.compile(r"(?:experience|expertise|background|work)$", re.I)
# a minimum said outright: "5+ years", "at least 3 years", "2 years minimum"
_YEARS_MINIMUM = re.compile(r"\+|plus|at least|minimum|min\b|more than|over\b", re.I)
_EXPERIENCE_BEFORE = re.compile(r"(?:experience|years of experience)\W{0,3}$", re.I)
# "at least a year of", "a decade of experience", "Years of experience: 3+"
YEAR_WORDS = re.compile(
    r"\b(?:(?:at least|a minimum of|minimum of|more than|over) a year|a full year|a decade|"
    r"(?:two|three) decades)\b|\byears of (?:\w+ )?experience\s*:\s*(\d{1,2})\s*\+?",
    re.I,
)


def years_number(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else _NUMBER_WORDS[value.lower()]


_EXPERIENCE = re.compile(r"experience|expertise|background|\bworking\b|in (?:a|the) \w+ role", re.I)
# an acronym that names a licence, certificate or test is the job's own term, not jargon
_CREDENTIAL_AFTER = re.compile(
    r"\s*(?:certifi|certificate|credential|licen[cs]e|card|test|endorsement|exam|registration)",
    re.I,
)
# "Power BI", "Google GCP": an acronym after a capitalized word inside a sentence is a name
_PRODUCT_BEFORE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+ $")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,6}(?:s|'s)?\b")
_PAY = re.compile(
    r"[$£€]\s?\d|\d[\d,.]*\s?[kK]?\s*(?:-|–|to)\s*[$£€]?\s?\d[\d,.]*\s?[kK]?\s*"
    r"(?:per|an|a|/)\s*(?:hour|hr|year|yr|annum|month|week)|\d[\d,.]*\s*(?:usd|eur|gbp|dollars)"
    r"|\d[\d,.]*\s?(?:/|per |an |a )(?:hour|hr)\b",
    re.I,
)
_MUST_CUE = re.compile(r"\b(?:must|required|requirement|mandatory|essential|need)\b", re.I)
_NICE_CUE = re.compile(
    r"\b(?:nice to have|a plus|plus\b|bonus|preferred|desirable|ideally|not required|helpful)",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:[,;]|\band\b)\s*", re.I)


def _finding(
    data: RuleData,
    rule: RuleId,
    text: str,
    start: int,
    end: int,
    suggestion: str | None = None,
    message: str | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=data.severity(rule),
        start=start,
        end=end,
        text=text[start:end],
        message=message or data.message(rule),
        suggestion=suggestion,
    )


def _section_requires(sentence: Sentence) -> bool:
    return sentence.section == "requirements" or sentence.bullet


# -- degree-requirement ----------------------------------------------------------------------
def degree_requirement(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    out: list[Finding] = []
    for index, sentence in enumerate(sentences):
        body = text[sentence.start : sentence.end]
        # the next sentence can take it back: "Do you have a degree? Don't have one? Fine."
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        context = text[sentence.start : following.end] if following else body
        spans = [
            (m.start(), m.end())
            for m in data.degree.finditer(body)
            if not _NOT_A_DEGREE_BEFORE.search(body[: m.start()])
        ]
        if not spans or sentence.heading:
            continue
        if data.degree_not_required.search(context) and not data.degree_strongly_required.search(
            body
        ):
            continue
        starts = not body[: spans[0][0]].strip(" -*•·\t(")  # a bare line: "PhD in chemistry."
        if not (starts or data.degree_required.search(body) or _section_requires(sentence)):
            continue
        first, last = spans[0][0], spans[-1][1]
        field = _FIELD.match(body, last)
        if field:
            last = field.end()
        start, end = sentence.start + first, sentence.start + last
        out.append(
            _finding(
                data, RuleId.DEGREE, text, start, end, text[start:end] + " or equivalent experience"
            )
        )
    return out


# -- years-of-experience ---------------------------------------------------------------------
def years_of_experience(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    return [f for f, _ in _years(text, sentences, data)]


def _years(text: str, sentences: list[Sentence], data: RuleData) -> list[tuple[Finding, int]]:
    """Each required number of years, with its minimum."""
    out: list[tuple[Finding, int]] = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        found: list[tuple[re.Match[str], int]] = []
        for match in YEARS.finditer(body):
            low, high = years_number(match.group(1)), years_number(match.group(2))
            if not low or low > 40 or (high is not None and high > 40):
                continue  # "0 to 2 years" asks for none
            said = match.group()
            if (
                _EXPERIENCE.search(said)
                or _WORK_AT_END.search(said)
                or _YEARS_OF_WORK.match(body, match.end())
                or _YEARS_MINIMUM.search(said)
                or _EXPERIENCE_BEFORE.search(body, 0, match.start())
            ):
                found.append((match, low))
        for match in YEAR_WORDS.finditer(body):
            words = match.group().lower()
            low = int(match.group(1)) if match.group(1) else 10 if "decade" in words else 1
            found.append(
                (match, low * (2 if "two decades" in words else 3 if "three" in words else 1))
            )
        for match, low in found:
            start, end = sentence.start + match.start(), sentence.start + match.end()
            c_start, c_end = clause_around(text, sentence, start, end)
            clause = text[c_start:c_end]
            if data.years_not_required.search(clause) or data.years_not_required.search(
                text[max(sentence.start, start - 30) : min(sentence.end, end + 30)]
            ):
                continue
            says_experience = bool(re.search(r"experience\s*$", match.group(), re.I))
            suggestion = "hands-on experience" if says_experience else None
            finding = _finding(data, RuleId.YEARS, text, start, end, suggestion)
            out.append((finding, low))
    return out


# -- gender-coded ----------------------------------------------------------------------------
def gender_coded(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    out: list[Finding] = []
    elsewhere = [(m.start(), m.end()) for m, _ in data.gender_not_about_person.finditer(text)]
    for match in data.gender.finditer(text):
        if any(s <= match.start() < e for s, e in elsewhere):
            continue
        word = match.group()
        neutral = data.gender_words[word.lower()][1]
        out.append(
            _finding(
                data, RuleId.GENDER, text, match.start(), match.end(), _same_case(word, neutral)
            )
        )
    for match, _ in _extra(settings, RuleId.GENDER).finditer(text):
        out.append(_finding(data, RuleId.GENDER, text, match.start(), match.end()))
    return out


def _same_case(original: str, word: str) -> str:
    return word[:1].upper() + word[1:] if original[:1].isupper() else word


def _extra(settings: LintSettings, rule: RuleId) -> Terms:
    return Terms.of(dict.fromkeys(settings.extra_terms.get(rule, ())), escape=True)


# -- exclusionary ----------------------------------------------------------------------------
_PHYSICAL_MESSAGE = (
    "This physical demand is not tied to a task of the job. Say which task needs it, or take "
    "it out."
)


def exclusionary(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    out = [
        _finding(data, RuleId.EXCLUSIONARY, text, m.start(), m.end(), suggestion)
        for m, suggestion in data.exclusionary.finditer(text)
    ]
    taken = [(f.start, f.end) for f in out]
    for match, _ in _extra(settings, RuleId.EXCLUSIONARY).finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            out.append(_finding(data, RuleId.EXCLUSIONARY, text, match.start(), match.end()))
    if not data.task_reasons.search(text) or data.desk_roles.search(text):
        for match in data.physical.finditer(text):
            out.append(
                _finding(
                    data,
                    RuleId.EXCLUSIONARY,
                    text,
                    match.start(),
                    match.end(),
                    message=_PHYSICAL_MESSAGE,
                )
            )
    return sorted(out, key=lambda f: f.start)


# -- jargon ----------------------------------------------------------------------------------
def jargon(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    out = [
        _finding(data, RuleId.JARGON, text, m.start(), m.end(), suggestion)
        for terms in (data.jargon, _extra(settings, RuleId.JARGON))
        for m, suggestion in terms.finditer(text)
    ]
    seen: set[str] = set()
    for match in _ACRONYM.finditer(text):
        word = match.group()
        bare = re.sub(r"(?:'s|s)$", "", word) if len(word) > 2 else word
        if (
            bare in seen
            or word in data.known_acronyms
            or bare in data.known_acronyms
            or not any(c.isalpha() for c in bare)
            or _spelled_out(text, bare)
            or _shouting(text, match.start(), match.end())
            or _CREDENTIAL_AFTER.match(text, match.end())
            or _PRODUCT_BEFORE.search(text, 0, match.start())
        ):
            continue
        seen.add(bare)
        out.append(
            _finding(
                data,
                RuleId.JARGON,
                text,
                match.start(),
                match.end(),
                message=f"Not every reader knows what {word} means. Spell it out the first time.",
            )
        )
    return sorted(out, key=lambda f: f.start)


def _spelled_out(text: str, acronym: str) -> bool:
    return (
        f"({acronym})" in text
        or f"({acronym}s)" in text
        or bool(re.search(rf"\b{re.escape(acronym)}s?\s*\((?!\s*\))", text))
    )


def _shouting(text: str, start: int, end: int) -> bool:
    """An acronym inside a run of capital words is a heading or shouting, not jargon."""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    near = (before[-1:] + after[:1]) if before or after else []
    return any(w.isupper() and len(w) > 2 and w.isalpha() for w in near)


# -- reading-level ---------------------------------------------------------------------------
def reading_level(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    prose = [s for s in sentences if not s.heading and word_count(text[s.start : s.end]) >= 4]
    if not prose or word_count(text) < data.setting(RuleId.READING_LEVEL, "min_words"):
        return []
    joined = " ".join(_as_sentence(text[s.start : s.end]) for s in prose)
    grade = textstat.flesch_kincaid_grade(joined)
    if grade <= data.setting(RuleId.READING_LEVEL, "max_grade"):
        return []
    # the longest sentence: sentence length drives the grade, and grading each one is costly
    hardest = max(prose, key=lambda s: word_count(text[s.start : s.end]))
    message = f"This text reads at about grade {round(grade)}. " + data.message(
        RuleId.READING_LEVEL
    )
    return [_finding(data, RuleId.READING_LEVEL, text, hardest.start, hardest.end, message=message)]


def _as_sentence(piece: str) -> str:
    return piece if piece.rstrip()[-1:] in ".!?" else piece + "."


# -- must-have-inflation ---------------------------------------------------------------------
def must_have_inflation(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    limit = settings.max_must_haves or data.setting(RuleId.MUST_HAVE_INFLATION, "max_must_haves")
    items: list[tuple[int, int]] = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        if (
            sentence.heading
            or sentence.section in ("nice_to_have", "other")
            or _NICE_CUE.search(body)
        ):
            continue
        if sentence.bullet and (sentence.section == "requirements" or _MUST_CUE.search(body)):
            items.append((sentence.start, sentence.end))
        elif _MUST_CUE.search(body) and ":" in body:
            head, _, rest = body.partition(":")
            if not _MUST_CUE.search(head):
                continue
            parts = [p for p in _LIST_SPLIT.split(rest) if word_count(p) >= 1]
            if len(parts) >= 3:
                offset = sentence.start + len(head) + 1
                items.extend((offset, sentence.end) for _ in parts)
    if len(items) <= limit:
        return []
    start, end = items[limit][0], items[-1][1]
    message = f"This job has {len(items)} must-haves. " + data.message(RuleId.MUST_HAVE_INFLATION)
    return [_finding(data, RuleId.MUST_HAVE_INFLATION, text, start, end, message=message)]


_LEAD_ROLE = re.compile(r"\b(?:senior|lead|supervisor|manager|head|chief)\b", re.I)


# -- seniority-mismatch ----------------------------------------------------------------------
def seniority_mismatch(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    entry = data.entry_level.search(text)
    if entry:
        limit = data.setting(RuleId.SENIORITY, "max_entry_years")
    elif data.short_training.search(text) and not (
        sentences and _LEAD_ROLE.search(text, sentences[0].start, sentences[0].end)
    ):
        limit = data.setting(RuleId.SENIORITY, "max_short_training_years")
    else:
        return []
    out = [
        _finding(data, RuleId.SENIORITY, text, f.start, f.end)
        for f, low in _years(text, sentences, data)
        if low > limit
    ]
    if entry:
        for sentence in sentences:
            body = text[sentence.start : sentence.end]
            if _NICE_CUE.search(body):
                continue
            for match in data.senior_cues.finditer(body):
                start = sentence.start + match.start()
                out.append(
                    _finding(data, RuleId.SENIORITY, text, start, sentence.start + match.end())
                )
    return sorted(out, key=lambda f: f.start)


# -- missing-information ---------------------------------------------------------------------
def missing_information(
    text: str, sentences: list[Sentence], data: RuleData, settings: LintSettings
) -> list[Finding]:
    words = word_count(text)
    whole = words >= data.setting(RuleId.MISSING, "posting_words_untitled") or (
        not (sentences and sentences[0].heading)
        and _has_title(text, data.setting(RuleId.MISSING, "title_words"))
        and words >= data.setting(RuleId.MISSING, "posting_words")
    )
    if not whole or _PAY.search(text) or not sentences:
        return []
    first = sentences[0]
    return [
        _finding(
            data,
            RuleId.MISSING,
            text,
            first.start,
            first.end,
            message=data.message(RuleId.MISSING, "message_pay"),
        )
    ]


def _has_title(text: str, max_words: int) -> bool:
    """A first line that reads as a job title: short, on its own line, not a heading."""
    first, newline, rest = text.strip().partition("\n")
    first = first.strip()
    return bool(
        newline
        and rest.strip()
        and 0 < word_count(first) <= max_words
        and first[-1:] not in ".:;!?"
    )


RULES: dict[RuleId, Rule] = {
    RuleId.DEGREE: degree_requirement,
    RuleId.YEARS: years_of_experience,
    RuleId.GENDER: gender_coded,
    RuleId.EXCLUSIONARY: exclusionary,
    RuleId.JARGON: jargon,
    RuleId.READING_LEVEL: reading_level,
    RuleId.MUST_HAVE_INFLATION: must_have_inflation,
    RuleId.SENIORITY: seniority_mismatch,
    RuleId.MISSING: missing_information,
}
