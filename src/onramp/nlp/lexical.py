"""Lexical evidence for skill linking: how much of a skill's label a sentence contains.

Why not the catalog search (`onramp.taxonomy.search`)? That index is built for short, typed
queries: it corrects typos and compares each candidate label with the whole query, which costs
tens of milliseconds per sentence. Linking scores whole sentences in batches, so here each
label is a sparse vector of its words weighted by rarity (idf), normalized to sum to one, and a
batch of sentences is one sparse product: the score of a label is the share of its weight the
sentence contains, and a skill takes its best label. "javascript reactjs java" contains all
of "JavaScript" (1.0) and of "Java" but only part of "use Java in web design".

Words use the search index's tokenizer and light stemmer, so both agree on what a word is.
Words in parentheses are qualifiers in ESCO labels ("Java (computer programming)") and are
left out. Alternative labels count slightly less than the preferred label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from onramp.taxonomy.search import tokens

ALTERNATIVE_FACTOR = 0.9
_QUALIFIER = re.compile(r"\([^)]*\)")


def label_words(label: str) -> list[str]:
    return list(dict.fromkeys(tokens(_QUALIFIER.sub(" ", label))))


class LabelContainment:
    """Scores every skill for a batch of texts; build once per release (immutable, thread-safe)."""

    def __init__(
        self, owners: Sequence[int], labels: Sequence[str], preferred: Sequence[bool]
    ) -> None:
        """`owners[n]` is the skill position of `labels[n]`; labels are grouped by owner."""
        if not (len(owners) == len(labels) == len(preferred)):
            raise ValueError("one owner and one preferred flag per label")
        words_of = [label_words(label) for label in labels]
        vocabulary: dict[str, int] = {}
        frequency: dict[int, int] = {}
        for words in words_of:
            for word in words:
                column = vocabulary.setdefault(word, len(vocabulary))
                frequency[column] = frequency.get(column, 0) + 1
        total = max(len(labels), 1)
        idf = np.zeros(len(vocabulary), dtype=np.float32)
        for column, count in frequency.items():
            idf[column] = math.log(1 + total / count)
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for row, (words, is_preferred) in enumerate(zip(words_of, preferred, strict=True)):
            mass = float(sum(idf[vocabulary[w]] for w in words))
            factor = 1.0 if is_preferred else ALTERNATIVE_FACTOR
            for word in words:
                rows.append(row)
                columns.append(vocabulary[word])
                values.append(factor * float(idf[vocabulary[word]]) / mass if mass else 0.0)
        self._vocabulary = vocabulary
        self._labels_by_word = sparse.csc_matrix(
            (values, (rows, columns)), shape=(len(labels), len(vocabulary)), dtype=np.float32
        ).T.tocsr()  # words x labels: one row per word, its weight in each label
        owner_array = np.asarray(owners, dtype=np.int64)
        self._skills = int(owner_array[-1]) + 1 if len(owner_array) else 0
        steps = np.diff(owner_array)
        if len(owner_array) and (owner_array[0] != 0 or np.any((steps != 0) & (steps != 1))):
            raise ValueError("labels must be grouped by owner, owners 0, 1, 2... with none missing")
        self._owners = owner_array

    @classmethod
    def for_skills(cls, labels_by_skill: Sequence[Sequence[str]]) -> LabelContainment:
        """One list of labels per skill, in skill order, the preferred label first."""
        owners, labels, preferred = [], [], []
        for skill, skill_labels in enumerate(labels_by_skill):
            for n, label in enumerate(skill_labels):
                owners.append(skill)
                labels.append(label)
                preferred.append(n == 0)
        return cls(owners, labels, preferred)

    def scores(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Rows: texts; columns: skills; values in 0..1 (share of the best label contained)."""
        rows: list[int] = []
        columns: list[int] = []
        for row, text in enumerate(texts):
            for word in set(tokens(text)):
                column = self._vocabulary.get(word)
                if column is not None:
                    rows.append(row)
                    columns.append(column)
        present = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(texts), len(self._vocabulary)),
        )
        # only labels sharing a word with a text are non-zero: take each skill's best of those
        # (about 5x faster than a dense texts x labels array reduced per skill)
        by_label = (present @ self._labels_by_word).tocoo()
        best = np.zeros((len(texts), self._skills), dtype=np.float32)
        np.maximum.at(best, (by_label.row, self._owners[by_label.col]), by_label.data)
        return np.minimum(best, np.float32(1.0))
