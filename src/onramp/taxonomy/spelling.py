"""Spelling correction for search, from the words of the taxonomy's own labels.

Word search already tolerates typos (`taxonomy.search`), but a sentence encoder does not:
"custmer servise" is, to the model, closer to "SMED" than to "customer service". So a query
is corrected before it is encoded. The vocabulary is every word of the current releases'
skill and occupation labels (not descriptions), counted; a word the vocabulary lacks becomes
the closest word it has (fewest edits, a swap of two letters counting as one; at most one
edit in a word of up to 7 letters, two in a longer one); on a tie, a word the typo drops a
letter from ("registerd" → "registered", not "register"), then the more frequent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LENGTH = 4  # shorter words are too ambiguous to correct ("cpr", "sql")
LONG_WORD = 8  # from this length on, two edits are allowed ("recepshonist")
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Speller:
    counts: dict[str, int]
    words: tuple[str, ...]
    # words of the descriptions: spelt right, so never corrected, but never proposed either
    # ("writing web page scripts" must not become "web cage script" where no label says page)
    known: frozenset[str] = frozenset()

    @classmethod
    def from_labels(cls, labels: Iterable[str], prose: Iterable[str] = ()) -> Speller:
        counts: Counter[str] = Counter()
        for label in labels:
            counts.update(word.lower() for word in _LETTERS.findall(label))
        known = {word.lower() for text in prose for word in _LETTERS.findall(text)}
        return cls(dict(counts), tuple(sorted(counts)), frozenset(known | everyday_words()))

    def is_known(self, lowered: str) -> bool:
        """A word of the labels or descriptions, or the plural of one."""
        return any(
            w in self.counts or w in self.known
            for w in (lowered, lowered[:-1] if lowered.endswith("s") else lowered)
        )

    def word(self, word: str) -> str:
        """The vocabulary word `word` most likely stands for (itself when known or unsure)."""
        lowered = word.lower()
        if len(lowered) < MIN_LENGTH or not lowered.isalpha() or self.is_known(lowered):
            return word
        edits = 2 if len(lowered) >= LONG_WORD else 1
        found = process.extract(
            lowered, self.words, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        if not found:
            return word
        best, _edits, _position = min(
            found,
            key=lambda item: (
                item[1],
                not _drops_from(lowered, item[0]),
                -math.log(self.counts[item[0]]),
            ),
        )
        return best

    def correct(self, text: str) -> str:
        """`text` with each unknown word replaced; spacing and punctuation kept."""
        return _LETTERS.sub(lambda match: self.word(match.group(0)), text)


@cache
def everyday_words() -> frozenset[str]:
    """The Dale-Chall list of about 3,000 words most readers know, as textstat ships it (a
    runtime dependency already): "page" or "store" is never a typo for a taxonomy word."""
    try:
        text = resources.files("textstat").joinpath("resources/en/easy_words.txt").read_text()
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - a changed package
        return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _drops_from(typo: str, word: str) -> bool:
    """Whether `typo` is `word` with letters left out."""
    letters = iter(word)
    return len(typo) < len(word) and all(letter in letters for letter in typo)
