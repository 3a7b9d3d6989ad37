"""Skill linking: rank every skill of a framework release against a sentence or a phrase.

The score of a skill for a text is a weighted blend of:

- the best cosine between the text's vector and the skill's stored label vectors ("max over
  labels", the zero-shot reference method);
- lexical containment (`onramp.nlp.lexical`): the share of the skill's best label, preferred
  or alternative, that the text contains, squared, so whole labels count far more than
  scattered words;
- optionally, the cosine with the skill's description vector.

Weights were chosen on the Decorte TECH and HOUSE validation sets (see docs/benchmarks.md and
docs/decisions/0007-embedding-model.md). Vectors come from the store (`onramp.nlp.vectors`);
the model encodes only the incoming texts, and a batch of texts is scored in one matrix product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine

from onramp.nlp import embedding
from onramp.nlp.lexical import LabelContainment
from onramp.nlp.vectors import KINDS, SkillMatrix, current_framework, skill_matrix, skill_texts
from onramp.store.release_cache import ReleaseCache

DESCRIPTION = KINDS.index("description")
QUERY_BATCH = 128
WINDOW = 16  # batches sorted together by length


@dataclass(frozen=True)
class Weights:
    """How the label and description similarities combine (chosen on validation data)."""

    label: float = 1.0
    description: float = 0.0
    preferred_bonus: float = 0.0
    lexical: float = 0.0  # weight of lexical containment (0..1), raised to lexical_power
    lexical_power: float = 2.0


@dataclass(frozen=True)
class Link:
    code: str
    uri: str
    label: str
    score: float

    def as_json(self) -> dict[str, object]:
        return {"uri": self.uri, "label": self.label, "score": round(self.score, 6)}


DEFAULT_WEIGHTS = Weights(label=1.0, description=0.0, lexical=0.5)  # measured best
DENSE = Weights()
_CONTAINMENTS: ReleaseCache[LabelContainment] = ReleaseCache()


class Linker:
    """Ranks the skills of one release; build it once, call `rank` many times (thread-safe)."""

    def __init__(
        self,
        matrix: SkillMatrix,
        *,
        weights: Weights = DENSE,
        encode: Callable[[list[str]], NDArray[np.float32]] | None = None,
        lexical: LabelContainment | None = None,
    ) -> None:
        """`lexical` scores the same skills as `matrix`, in the same order."""
        if weights.lexical and lexical is None:
            raise ValueError("a lexical weight needs a lexical scorer")
        self.matrix = matrix
        self.weights = weights
        self._encode = encode or embedding.encode
        self._lexical = lexical
        is_label = matrix.kinds != DESCRIPTION
        label_rows = np.flatnonzero(is_label)
        self._label_vectors = np.ascontiguousarray(matrix.vectors[label_rows])
        owners = matrix.skill_of[label_rows]
        if len(label_rows) == 0 or set(owners.tolist()) != set(range(matrix.size)):
            raise ValueError("every skill needs a label vector")
        # rows are grouped by skill in skill order, so each group starts where the owner changes
        self._label_starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        self._one_label_each = len(self._label_starts) == len(label_rows)
        preferred = KINDS.index("preferred")
        self._preferred_mask = (matrix.kinds[label_rows] == preferred).astype(np.float32)
        description_rows = np.flatnonzero(~is_label)
        self._description_vectors = np.ascontiguousarray(matrix.vectors[description_rows])
        self._description_owner = matrix.skill_of[description_rows]

    @classmethod
    def for_framework(
        cls, engine: Engine, key: str = "esco", weights: Weights = DEFAULT_WEIGHTS
    ) -> Linker:
        framework = current_framework(engine, key)
        matrix = skill_matrix(engine, framework, embedding.MODEL_ID)
        lexical = containment(engine, matrix) if weights.lexical else None
        return cls(matrix, weights=weights, lexical=lexical)

    # -- scoring ------------------------------------------------------------------------------
    def scores(self, vectors: NDArray[np.float32]) -> NDArray[np.float32]:
        """Scores of every skill (columns) for each query vector (rows)."""
        w = self.weights
        similarity = vectors @ self._label_vectors.T
        if w.preferred_bonus:
            np.add(similarity, np.float32(w.preferred_bonus) * self._preferred_mask, out=similarity)
        if self._one_label_each:
            best = similarity  # one label vector per skill: nothing to take the best of
        else:
            best = np.maximum.reduceat(similarity, self._label_starts, axis=1)
        result: NDArray[np.float32] = (np.float32(w.label) * best).astype(np.float32, copy=False)
        if w.description and len(self._description_owner):
            described = vectors @ self._description_vectors.T
            result[:, self._description_owner] += w.description * described
        return result

    def scores_for(self, texts: list[str]) -> NDArray[np.float32]:
        """Scores of every skill for each text: dense, plus the lexical part when weighted."""
        result = self.scores(self._encode(texts))
        if self.weights.lexical and self._lexical is not None:
            contained = self._lexical.scores(texts)
            if contained.shape != result.shape:
                raise ValueError("the lexical scorer covers other skills than the vectors")
            if self.weights.lexical_power != 1.0:
                contained **= np.float32(self.weights.lexical_power)
            result += np.float32(self.weights.lexical) * contained
        return result

    def rank(self, texts: Sequence[str], *, top: int = 100) -> list[list[Link]]:
        """The `top` skills for each text, best first."""
        return [links for _, links in self.rank_batches(texts, top=top)]

    def rank_batches(
        self, texts: Sequence[str], *, top: int = 100, batch: int = QUERY_BATCH
    ) -> Iterator[tuple[int, list[Link]]]:
        """Yields (position, links) for each text in input order.

        Texts are taken WINDOW batches at a time and encoded shortest first, so each batch
        pads to similar lengths; results are yielded in input order as each window finishes.
        """
        if top < 1:
            raise ValueError("top must be at least 1")
        keep = min(top, self.matrix.size)
        window = batch * WINDOW
        for base in range(0, len(texts), window):
            span = list(texts[base : base + window])
            order = sorted(range(len(span)), key=lambda n: len(span[n]))
            found: dict[int, list[Link]] = {}
            for start in range(0, len(order), batch):
                positions = order[start : start + batch]
                scores = self.scores_for([span[n] for n in positions])
                for n, row in zip(positions, scores, strict=True):
                    found[n] = self._top(row, keep)
            for n in range(len(span)):
                yield base + n, found.pop(n)

    def _top(self, row: NDArray[np.float32], keep: int) -> list[Link]:
        if keep == 1:  # extraction asks for the best skill only; argmax keeps the code order
            candidates = np.asarray([int(np.argmax(row))])
        elif keep < row.shape[0]:
            candidates = np.argpartition(-row, keep - 1)[:keep]
        else:
            candidates = np.arange(row.shape[0])
        # best first; equal scores in code order so the output is deterministic
        order = sorted(candidates.tolist(), key=lambda n: (-float(row[n]), self.matrix.codes[n]))
        m = self.matrix
        return [Link(m.codes[n], m.uris[n], m.labels[n], float(row[n])) for n in order]


def containment(engine: Engine, matrix: SkillMatrix) -> LabelContainment:
    """The lexical scorer over the preferred and alternative labels of the matrix's skills
    (all of them, embedded or not), cached per release."""
    framework = matrix.framework
    if framework.id is None:
        raise ValueError("the release has no id")
    release_id = framework.id

    def build() -> LabelContainment:
        position = {code: n for n, code in enumerate(matrix.codes)}
        texts = [
            t for t in skill_texts(engine, release_id, descriptions=False) if t.code in position
        ]
        texts.sort(key=lambda t: (position[t.code], t.kind != "preferred", t.ordinal))
        labels_by_skill: list[list[str]] = [[] for _ in matrix.codes]
        for text in texts:
            labels_by_skill[position[text.code]].append(text.text)
        return LabelContainment.for_skills(labels_by_skill)

    stamp = (str(framework.imported_at), matrix.size)
    return _CONTAINMENTS.current(engine, release_id, build, stamp)


def evaluate_ranking(
    linker: Linker, sentences: Sequence[str], golds: Sequence[set[int]], *, depth: int = 10
) -> tuple[list[list[int]], list[int | None]]:
    """For each sentence: the top `depth` skill positions, and the 1-based rank over all skills
    of its best-ranked gold skill (positions index `linker.matrix.codes`; None: no gold).

    A gold skill tied with others ranks after them (the pessimistic convention).
    """
    tops: list[list[int]] = []
    ranks: list[int | None] = []
    for start in range(0, len(sentences), QUERY_BATCH):
        chunk = list(sentences[start : start + QUERY_BATCH])
        scores = linker.scores_for(chunk)
        for row, gold in zip(scores, golds[start : start + QUERY_BATCH], strict=True):
            keep = min(depth, row.shape[0])
            candidates = np.argpartition(-row, keep - 1)[:keep]
            tops.append(sorted(candidates.tolist(), key=lambda n: (-float(row[n]), n)))
            if gold:
                best = max(float(row[n]) for n in gold)
                ranks.append(int(np.count_nonzero(row >= best)))
            else:
                ranks.append(None)
    return tops, ranks
