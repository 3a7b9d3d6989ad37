"""Job titles as people write them, turned into the words a classification uses.

Vacancy titles carry noise the occupation does not depend on: seniority ("Senior", "Jr"),
contract terms ("Internship", "Part Time"), locations in brackets, hiring calls ("URGENT"),
abbreviations ("Exec", "Mgr", "HR") and several titles in one ("Account cum Admin Executive",
"Cook / Kitchen Helper"). `title_variants` returns the cleaned title plus each part of a
combined title, so a matcher can score every reading and keep the best one.
"""

from __future__ import annotations

import re
import unicodedata

from onramp.taxonomy.search import tokens

# Words that say nothing about the occupation itself.
_NOISE_WORDS = """
    urgent urgently hiring hire vacancy vacancies wanted needed required require requirement
    position positions job jobs opening openings immediate immediately opportunity career careers
    senior snr sr junior jnr jr intern interns internship internships trainee trainees
    apprentice fresh graduate graduates grad entry level lvl grade experienced
    part full time parttime fulltime contract contractor permanent temporary temp freelance
    freelancer based remote onsite male female only malaysian local
    expat expatriate expatriates foreigner foreigners candidate candidates walk interview
    new staff team member members ii iii iv vi i cum
"""
NOISE = frozenset(_NOISE_WORDS.split())

# Abbreviations and spellings in vacancies, mapped to the words the classifications use.
ABBREVIATIONS: dict[str, str] = {
    "exec": "executive",
    "execs": "executive",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "asst": "assistant",
    "assit": "assistant",
    "admin": "administrative",
    "adm": "administrative",
    "acct": "accounting",
    "accts": "accounts",
    "acc": "accounts",
    "hr": "human resources",
    "hrd": "human resources",
    "it": "ict",
    "qa": "quality assurance",
    "qc": "quality control",
    "sw": "software",
    "dev": "developer",
    "devs": "developer",
    "eng": "engineer",
    "engr": "engineer",
    "tech": "technician",
    "techn": "technician",
    "rep": "representative",
    "reps": "representative",
    "svc": "service",
    "cust": "customer",
    "cs": "customer service",
    "csr": "customer service representative",
    "f&b": "food beverage",
    "fnb": "food beverage",
    "pa": "personal assistant",
    "gm": "general manager",
    "coo": "chief operating officer",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "ui": "user interface",
    "ux": "user experience",
    "seo": "search engine optimisation",
    "sem": "search engine marketing",
    "r&d": "research development",
    "ops": "operations",
    "op": "operator",
    "supv": "supervisor",
    "spv": "supervisor",
    "coord": "coordinator",
    "ast": "assistant",
    "nurse aide": "nursing aide",
    "sales girl": "sales assistant",
    "salesgirl": "sales assistant",
    "promoter": "promotion assistant",
}

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>")
_SPLIT = re.compile(r"\s*(?:/|\||;|,|\s-\s|\s–\s|\bcum\b|\bor\b|&(?=\s))\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\b\d+\b")
_MULTI = {key: value for key, value in ABBREVIATIONS.items() if " " in key}


def fold(text: str) -> str:
    """Lowercase ASCII: accents dropped ("Protégé" -> "protege")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def clean_title(text: str) -> str:
    """The title in lowercase words, without brackets, noise words, numbers or abbreviations."""
    text = _BRACKETS.sub(" ", fold(text))
    text = _DIGITS.sub(" ", text)
    for phrase, replacement in _MULTI.items():
        text = text.replace(phrase, replacement)
    words = []
    for raw in re.split(r"[\s.:!?*\"'_+/|]+", text):
        word = raw.strip("-,;/|()#")
        if not word or word in NOISE:
            continue
        words.append(ABBREVIATIONS.get(word, word))
    return _SPACES.sub(" ", " ".join(words)).strip()


def title_variants(text: str) -> list[str]:
    """The cleaned title, then each part of a combined title, without repeats.

    A one-word part is also read with the head noun of the last part: "Account cum Admin
    Executive" gives "account executive" and "administrative executive"; "Cook / Kitchen
    Helper" gives "cook" and "cook helper".
    """
    whole = clean_title(text)
    out = [whole] if whole else []
    parts = [clean_title(part) for part in _SPLIT.split(fold(_BRACKETS.sub(" ", text)))]
    parts = [part for part in parts if part]
    if len(parts) > 1:
        head = parts[-1].split()[-1] if len(parts[-1].split()) > 1 else ""
        for part in parts:
            readings = [part]
            if head and len(part.split()) == 1 and part != head:
                readings.append(f"{part} {head}")
            out.extend(reading for reading in readings if reading not in out)
    if not out:
        fallback = " ".join(tokens(fold(text)))
        if fallback:
            out.append(fallback)
    return out
