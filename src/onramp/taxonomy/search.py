"""Lexical search over concept labels and descriptions, tolerant of typos.

A weighted inverted index: a match in the preferred label counts more than one in an alternative
label, which counts more than one in the description. Each query word also matches vocabulary
words within a small edit distance (rapidfuzz), and the last word matches as a prefix, so
"regsitered nurs" still finds "registered nurse". Pure Python over plain records, so it runs the
same over SQLite or PostgreSQL.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

RERANK = 300  # candidates whose labels are compared with the whole query
LABEL_BONUS = 6.0
EXACT_BONUS = 4.0
FIELD_WEIGHTS = {"preferred": 3.0, "alternative": 2.0, "hidden": 1.2, "description": 0.6}
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "without",
    ]
)


def normalize(word: str) -> str:
    """A light, predictable stemmer: plural and common verb endings."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [normalize(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@dataclass(slots=True)
class Document:
    """One searchable concept: its key, filters and texts by field."""

    key: str
    title: str
    framework: str
    kind: str
    texts: dict[str, list[str]]  # field -> texts


@dataclass(slots=True)
class Hit:
    key: str
    title: str
    framework: str
    kind: str
    score: float
    matched: str  # the label or text that matched best, to show why


@dataclass
class SearchIndex:
    documents: list[Document] = field(default_factory=list)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: Iterable[Document]) -> SearchIndex:
        index = cls()
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for number, doc in enumerate(documents):
            index.documents.append(doc)
            for field_name, texts in doc.texts.items():
                weight = FIELD_WEIGHTS[field_name]
                for text in texts:
                    for word in set(tokens(text)):
                        slot = postings[word]
                        if slot.get(number, 0.0) < weight:
                            slot[number] = weight
        index.postings = dict(postings)
        index.vocabulary = sorted(postings)
        total = max(len(index.documents), 1)
        index.idf = {w: math.log(1 + total / len(docs)) for w, docs in postings.items()}
        return index

    def _expand(self, word: str, last: bool) -> dict[str, float]:
        """Vocabulary words a query word stands for, with how much each counts."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 1.0
        if len(word) >= 4:
            cutoff = 84 if len(word) < 7 else 80
            for candidate, score, _ in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=6
            ):
                found.setdefault(candidate, (score / 100) ** 3 * 0.85)
        if last and len(word) >= 3:
            start = bisect.bisect_left(self.vocabulary, word)
            for candidate in self.vocabulary[start : start + 40]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, 0.7)
        return found

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        frameworks: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> list[Hit]:
        words = tokens(query)
        if not words:
            return []
        allowed_frameworks = set(frameworks) if frameworks else None
        allowed_kinds = set(kinds) if kinds else None
        scores: dict[int, float] = defaultdict(float)
        matched_words: dict[int, int] = defaultdict(int)
        for position, word in enumerate(words):
            best: dict[int, float] = {}
            for candidate, factor in self._expand(word, position == len(words) - 1).items():
                idf = self.idf[candidate]
                for doc_id, weight in self.postings[candidate].items():
                    value = factor * idf * weight
                    if value > best.get(doc_id, 0.0):
                        best[doc_id] = value
            for doc_id, value in best.items():
                scores[doc_id] += value
                matched_words[doc_id] += 1
        phrase = " ".join(self._corrected(words))
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        candidates: list[tuple[Hit, Document]] = []
        for doc_number, score in ranked:
            doc = self.documents[doc_number]
            if allowed_frameworks is not None and doc.framework not in allowed_frameworks:
                continue
            if allowed_kinds is not None and doc.kind not in allowed_kinds:
                continue
            coverage = matched_words[doc_number] / len(words)
            hit = Hit(doc.key, doc.title, doc.framework, doc.kind, score * coverage**2, doc.title)
            candidates.append((hit, doc))
            if len(candidates) >= RERANK:
                break
        for hit, doc in candidates:
            hit.matched, bonus = self._best_label(doc, phrase)
            hit.score = round(hit.score + bonus, 3)
        hits = sorted((hit for hit, _ in candidates), key=lambda h: (-h.score, h.title))
        return hits[:limit]

    def _corrected(self, words: list[str]) -> list[str]:
        """Each query word replaced by the vocabulary word it most likely meant."""
        out = []
        for position, word in enumerate(words):
            expanded = self._expand(word, position == len(words) - 1)
            out.append(max(expanded.items(), key=lambda kv: kv[1])[0] if expanded else word)
        return out

    @staticmethod
    def _best_label(doc: Document, phrase: str) -> tuple[str, float]:
        """How close the query is to a whole label: exact labels first, then near ones, and
        shorter labels before longer ones that merely contain the words."""
        best_label, best_bonus = doc.title, 0.0
        for field_name, weight in (("preferred", 1.0), ("alternative", 0.85), ("hidden", 0.6)):
            for label in doc.texts.get(field_name, ()):
                normalized = " ".join(tokens(label))
                similarity = fuzz.token_sort_ratio(phrase, normalized) / 100
                bonus = LABEL_BONUS * weight * similarity**3
                if normalized == phrase:
                    bonus += EXACT_BONUS * weight
                if bonus > best_bonus:
                    best_label, best_bonus = label, bonus
        return best_label, best_bonus
