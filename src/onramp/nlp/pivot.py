"""Titles borrowed from ESCO when O*NET has none but its own.

On the embedded default O*NET occupations have no alternate titles and there is no ESCO–O*NET
crosswalk, so "forklift driver" shares no word with "Industrial Truck and Tractor Operators"
and is coded as a taxi driver. ESCO's labels often bridge the gap ("forklift truck operator").
When ESCO's best occupation for a title matches it well, the phrases of its labels that end in
its head noun are coded into O*NET too, and count a little less than the title itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from onramp.nlp.titles import fold
from onramp.taxonomy.search import tokens

PIVOT_MIN = 0.7  # ESCO's best occupation must match the title this well (lexical score)
PIVOT_WEIGHT = 0.9  # an occupation found through a borrowed phrase counts this much
MOST_PHRASES = 6
SIZES = (3, 2)  # words per phrase, the head noun last


def borrowed_phrases(title: str, labels: Iterable[str]) -> list[str]:
    """Phrases of 2 or 3 words from `labels` that end in the head noun of `title` (the ESCO
    occupation's own title), longest first; at most `MOST_PHRASES`."""
    head = tokens(fold(title))[-1:] if tokens(fold(title)) else []
    found: dict[str, None] = {}
    for label in labels:
        words = fold(label).split()
        for end, word in enumerate(words):
            if tokens(word) != head:
                continue
            for size in SIZES:
                if end + 1 >= size:
                    found.setdefault(" ".join(words[end + 1 - size : end + 1]), None)
    ranked = sorted(found, key=lambda phrase: -len(phrase.split()))
    return ranked[:MOST_PHRASES]
