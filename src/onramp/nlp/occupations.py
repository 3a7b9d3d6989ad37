"""Occupation coding: a job title, with an optional description, to ranked ESCO or O*NET-SOC
occupations.

Every occupation of the target scheme is represented by its *title variants*: its preferred
title, its alternative labels (ESCO) or alternate, reported and short titles (O*NET), and the
titles of the other scheme's occupations the ESCO–O*NET crosswalk links it to, each weighted by
how much it speaks for the occupation. A title is cleaned (`onramp.nlp.titles`) and compared with
every variant that shares a word (or a near spelling of one):

- **lexical**: an IDF-weighted Dice overlap between the title's words and the variant's, with
  the head noun (the last word: "marketing *executive*") counting more, plus a little for words
  the occupation uses in any of its variants. The best variant speaks for the occupation.
- **dense** (when `onramp.nlp.embedding` is installed): cosine similarity between the title's
  sentence vector and each variant's; the best variant speaks for the occupation.
- **hybrid**: the lexical score plus the dense one, weighted.

A description, when given, adds its TF-IDF cosine with the occupation's own description.

The index is built once per process and scheme, and rebuilt when a current release changes.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from sqlalchemy import Engine, select

from onramp.config import get_settings
from onramp.errors import InvalidInputError, NotAvailableError
from onramp.nlp.pivot import PIVOT_MIN, PIVOT_WEIGHT, borrowed_phrases
from onramp.nlp.titles import clean_title, fold, title_variants
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache
from onramp.store.rows import tuples_of
from onramp.taxonomy.search import tokens

Scheme = Literal["esco", "onet"]
Method = Literal["lexical", "dense", "hybrid"]
SCHEMES: tuple[str, ...] = ("esco", "onet")
METHODS: tuple[str, ...] = ("lexical", "dense", "hybrid")
CROSSWALK_KEY = "crosswalk-esco-onet"

# How much a variant speaks for its occupation, by where it comes from.
LABEL_WEIGHTS: dict[str, float] = {
    "preferred": 1.0,
    "alternative": 0.97,
    "alternate": 0.95,
    "reported": 0.95,
    "short": 0.9,
    "hidden": 0.85,
}
# A title of a crosswalked occupation of the other scheme, by the crosswalk's match type.
CROSSWALK_WEIGHTS: dict[str, float] = {
    "exactMatch": 0.9,
    "closeMatch": 0.82,
    "narrowMatch": 0.72,
    "broadMatch": 0.7,
}
HEAD_WEIGHT = 1.0  # weight of the head noun against a modifier (more measured worse)
COVERAGE_WEIGHT = 0.15  # share of the title's words the occupation uses anywhere
SUPPORT_WEIGHT = 0.1  # many good variants: a common reading of the title
PART_FACTOR = 0.92  # a part of a combined title ("cook" in "cook / helper") counts a bit less
DESCRIPTION_WEIGHT = 0.8
DENSE_WEIGHT = 2.0  # hybrid = lexical + DENSE_WEIGHT * dense (0.5, 1, 2 measured: 2 best)
FUZZY_CUTOFF = 85


@dataclass(frozen=True, slots=True)
class CodedOccupation:
    """One ranked answer: the ESCO URI or O*NET-SOC code, the title, and the score."""

    code: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class TitleQuery:
    id: str
    title: str
    description: str = ""


@dataclass(slots=True)
class Target:
    code: str
    title: str
    description: str


@dataclass
class LexicalIndex:
    """Title variants of the target occupations in an inverted index of words.

    Variants are numbered target by target, so the best variant of each target is one
    `maximum.reduceat` over the variant scores.
    """

    targets: list[Target]
    variant_target: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    variant_weight: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    variant_mass: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    variant_text: list[str] = field(default_factory=list)
    # word -> (variants holding it, its weight in each: idf, times HEAD_WEIGHT as head noun)
    postings: dict[str, tuple[NDArray[np.int64], NDArray[np.float64]]] = field(default_factory=dict)
    target_words: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    description_postings: dict[str, tuple[NDArray[np.int64], NDArray[np.float64]]] = field(
        default_factory=dict
    )
    description_idf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(
        cls, targets: list[Target], variants: Iterable[tuple[int, str, float]]
    ) -> LexicalIndex:
        index = cls(targets)
        best: dict[tuple[int, tuple[str, ...]], tuple[float, str]] = {}
        for target, text, weight in variants:
            words = tuple(dict.fromkeys(tokens(fold(text))))
            if not words:
                continue
            key = (target, words)
            if key not in best or best[key][0] < weight:
                best[key] = (weight, text)
        ordered = sorted(best.items(), key=lambda item: item[0][0])
        target_words: dict[str, set[int]] = defaultdict(set)
        for (target, words), _ in ordered:
            for word in words:
                target_words[word].add(target)
        total = max(len(targets), 1)
        index.idf = {w: math.log(1 + total / len(ts)) for w, ts in target_words.items()}
        index.target_words = {
            w: np.fromiter(sorted(ts), dtype=np.int64) for w, ts in target_words.items()
        }
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        weights: list[float] = []
        masses: list[float] = []
        for number, ((_, words), (weight, text)) in enumerate(ordered):
            weights.append(weight)
            index.variant_text.append(text)
            masses.append(
                sum(index.idf[w] for w in words) + (HEAD_WEIGHT - 1) * index.idf[words[-1]]
            )
            for word in words:
                slot = postings[word]
                slot[0].append(number)
                slot[1].append(index.idf[word] * (HEAD_WEIGHT if word == words[-1] else 1.0))
        index.variant_target = np.array([target for (target, _), _ in ordered], dtype=np.int64)
        index.variant_weight = np.array(weights)
        index.variant_mass = np.array(masses)
        index.postings = {
            w: (np.array(ids, dtype=np.int64), np.array(values))
            for w, (ids, values) in postings.items()
        }
        index.vocabulary = sorted(postings)
        index._build_descriptions()
        return index

    def _build_descriptions(self) -> None:
        counts = [Counter(tokens(fold(t.description))) for t in self.targets]
        document_frequency: Counter[str] = Counter()
        for count in counts:
            document_frequency.update(count.keys())
        total = max(len(self.targets), 1)
        self.description_idf = {w: math.log(1 + total / n) for w, n in document_frequency.items()}
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for number, count in enumerate(counts):
            weights = {w: (1 + math.log(n)) * self.description_idf[w] for w, n in count.items()}
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            for word, value in weights.items():
                postings[word][0].append(number)
                postings[word][1].append(value / norm)
        self.description_postings = {
            w: (np.array(ids, dtype=np.int64), np.array(values))
            for w, (ids, values) in postings.items()
        }

    # -- scoring ----------------------------------------------------------------------------
    def _expand(self, word: str) -> dict[str, float]:
        """Vocabulary words a title word stands for: itself, or near spellings of it."""
        if word in self.postings:
            return {word: 1.0}
        if len(word) < 4:
            return {}
        found = process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
        )
        return {candidate: (score / 100) ** 2 for candidate, score, _ in found}

    def score_text(self, text: str) -> NDArray[np.float64]:
        """The score of every target for one cleaned title (0 where no word is shared)."""
        words = list(dict.fromkeys(tokens(text)))
        out = np.zeros(len(self.targets))
        if not words:
            return out
        default_idf = math.log(1 + len(self.targets))
        matched = np.zeros(len(self.variant_weight))
        covered = np.zeros(len(self.targets))
        query_mass = 0.0
        coverage_mass = 0.0
        for word in words:
            expanded = self._expand(word)
            own = max((self.idf[c] for c in expanded), default=default_idf)
            factor_q = HEAD_WEIGHT if word == words[-1] else 1.0
            query_mass += own * factor_q
            coverage_mass += own
            if not expanded:
                continue
            if len(expanded) == 1:
                ((candidate, factor),) = expanded.items()
                ids, values = self.postings[candidate]
                matched[ids] += factor * (own * factor_q + values)
                covered[self.target_words[candidate]] += factor * own
                continue
            best = np.zeros_like(matched)
            best_targets = np.zeros_like(covered)
            for candidate, factor in expanded.items():
                ids, values = self.postings[candidate]
                np.maximum.at(best, ids, factor * (own * factor_q + values))
                np.maximum.at(best_targets, self.target_words[candidate], factor * own)
            matched += best
            covered += best_targets
        touched = np.flatnonzero(matched)
        similarity = (
            matched[touched]
            / (query_mass + self.variant_mass[touched])
            * self.variant_weight[touched]
        )
        owners = self.variant_target[touched]
        if not len(owners):
            return out
        segments = np.flatnonzero(np.diff(owners, prepend=-1))
        reached = owners[segments]
        out[reached] = np.maximum.reduceat(similarity, segments)
        out[reached] += COVERAGE_WEIGHT * covered[reached] / coverage_mass
        support = np.add.reduceat(similarity**4, segments)
        out[reached] += SUPPORT_WEIGHT * np.log1p(support)
        return out

    def score_title(self, title: str) -> NDArray[np.float64]:
        """The score of every target: the best over the whole title and its parts."""
        scores = np.zeros(len(self.targets))
        for position, text in enumerate(title_variants(title)):
            factor = 1.0 if position == 0 else PART_FACTOR
            np.maximum(scores, self.score_text(text) * factor, out=scores)
        return scores

    def score_description(self, description: str) -> NDArray[np.float64]:
        """Cosine between the description and each occupation's own description."""
        out = np.zeros(len(self.targets))
        count = Counter(tokens(fold(description)))
        weights = {
            w: (1 + math.log(n)) * self.description_idf[w]
            for w, n in count.items()
            if w in self.description_idf
        }
        norm = math.sqrt(sum(v * v for v in weights.values()))
        for word, value in weights.items():
            ids, values = self.description_postings[word]
            out[ids] += value / norm * values
        return out


# -- the store ------------------------------------------------------------------------------
def _current(engine: Engine) -> dict[str, int]:
    table = schema.frameworks
    with engine.connect() as conn:
        rows = tuples_of(
            conn.execute(
                select(table.c.key, table.c.id).where(
                    table.c.is_current.is_(True), table.c.owner == ""
                )
            ).all()
        )
    return {key: framework_id for key, framework_id in rows}


def _occupations(conn: Any, framework_id: int) -> list[Target]:
    table = schema.occupations
    rows = conn.execute(
        select(table.c.code, table.c.title, table.c.description)
        .where(table.c.framework_id == framework_id, table.c.kind == "occupation")
        .order_by(table.c.code)
    ).all()
    return [Target(code, title, description or "") for code, title, description in rows]


def _labels(conn: Any, framework_id: int) -> list[tuple[str, str, str]]:
    table = schema.occupation_labels
    return [
        tuple(row)
        for row in conn.execute(
            select(table.c.occupation_code, table.c.label, table.c.kind).where(
                table.c.framework_id == framework_id
            )
        )
    ]


def load_variants(
    engine: Engine,
    scheme: str,
    kinds: frozenset[str] | None = None,
    foreign_kinds: frozenset[str] | None = None,
) -> tuple[list[Target], list[tuple[int, str, float]]]:
    """The target occupations of `scheme` and their weighted title variants, from the store:
    their titles and labels of the `kinds` given (all when None), and the titles and labels of
    the crosswalked occupations of the other scheme of the `foreign_kinds` given ("preferred"
    for titles; all when None)."""
    if scheme not in SCHEMES:
        raise InvalidInputError(f"unknown scheme {scheme!r}: use esco or onet")
    current = _current(engine)
    if scheme not in current:
        raise NotAvailableError(
            f"no current {scheme.upper()} release: import it first "
            f"(onramp taxonomy import {scheme} ...)"
        )
    other = "onet" if scheme == "esco" else "esco"
    variants: list[tuple[int, str, float]] = []
    with engine.connect() as conn:
        targets = _occupations(conn, current[scheme])
        position = {t.code: n for n, t in enumerate(targets)}
        own: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for target in targets:
            own[target.code].append((target.title, LABEL_WEIGHTS["preferred"]))
        for code, label, kind in _labels(conn, current[scheme]):
            if code in position and (kinds is None or kind in kinds):
                own[code].append((label, LABEL_WEIGHTS.get(kind, 0.85)))
        for code, labels in own.items():
            variants.extend((position[code], label, weight) for label, weight in labels)
        if CROSSWALK_KEY in current and other in current:
            foreign: dict[str, list[tuple[str, float]]] = defaultdict(list)
            for target in _occupations(conn, current[other]):
                foreign.setdefault(target.code, [])
                if foreign_kinds is None or "preferred" in foreign_kinds:
                    foreign[target.code].append((target.title, LABEL_WEIGHTS["preferred"]))
            for code, label, kind in _labels(conn, current[other]):
                if code in foreign and (foreign_kinds is None or kind in foreign_kinds):
                    foreign[code].append((label, LABEL_WEIGHTS.get(kind, 0.85)))
            table = schema.crosswalk
            links = tuples_of(
                conn.execute(
                    select(
                        table.c.from_scheme,
                        table.c.from_code,
                        table.c.to_scheme,
                        table.c.to_code,
                        table.c.match_type,
                    ).where(table.c.framework_id == current[CROSSWALK_KEY])
                ).all()
            )
            for from_scheme, from_code, to_scheme, to_code, match_type in links:
                if {from_scheme, to_scheme} != {"esco", "onet"}:
                    continue
                mine, theirs = (
                    (from_code, to_code) if from_scheme == scheme else (to_code, from_code)
                )
                if mine not in position:
                    continue
                factor = CROSSWALK_WEIGHTS.get(match_type, 0.7)
                variants.extend(
                    (position[mine], label, weight * factor) for label, weight in foreign[theirs]
                )
    return targets, variants


# -- the coder ------------------------------------------------------------------------------
_INDEXES: ReleaseCache[Any] = ReleaseCache()


def cached(engine: Engine, scheme: str, what: str, build: Callable[[], Any]) -> Any:
    """`build()` once per store, scheme and kind of index; again when a release changes."""
    return _INDEXES.current(engine, (scheme, what), build)


def lexical_index(engine: Engine, scheme: str) -> LexicalIndex:
    def build() -> LexicalIndex:
        targets, variants = load_variants(engine, scheme)
        return LexicalIndex.build(targets, variants)

    index: LexicalIndex = cached(engine, scheme, "lexical", build)
    return index


# -- the dense index ------------------------------------------------------------------------
DENSE_KINDS = frozenset(["alternative", "short", "reported"])
BATCH = 256


def dense_available() -> bool:
    """Whether the sentence-embedding model (`onramp.nlp.embedding` and its weights package)
    is installed; loading it is left for the first use."""
    if importlib.util.find_spec("onramp.nlp.embedding") is None:
        return False
    embedding = importlib.import_module("onramp.nlp.embedding")
    return importlib.util.find_spec(str(embedding.PACKAGE)) is not None


def _encode(texts: list[str]) -> NDArray[np.float32]:
    if not dense_available():
        raise NotAvailableError(
            "the dense and hybrid methods need the embedding model (onramp.nlp.embedding); "
            "use --method lexical"
        )
    embedding = importlib.import_module("onramp.nlp.embedding")
    vectors: NDArray[np.float32] = np.asarray(embedding.encode(texts), dtype=np.float32)
    return vectors


@dataclass
class DenseIndex:
    """Sentence vectors of the preferred and alternative titles, numbered target by target."""

    vectors: NDArray[np.float32]
    weights: NDArray[np.float32]
    starts: NDArray[np.int64]

    @classmethod
    def build(cls, variants: list[tuple[int, str, float]], count: int) -> DenseIndex:
        best: dict[tuple[int, str], float] = {}
        for target, text, weight in variants:
            key = (target, fold(text).strip())
            if key[1] and best.get(key, 0.0) < weight:
                best[key] = weight
        ordered = sorted(best.items())
        if {target for (target, _), _ in ordered} != set(range(count)):
            raise InvalidInputError("every occupation needs at least one title")
        texts = sorted({text for (_, text), _ in ordered})
        row = {text: n for n, text in enumerate(texts)}
        unique = _cached_vectors(texts)
        vectors = unique[[row[text] for (_, text), _ in ordered]]
        starts = [n for n, ((t, _), _) in enumerate(ordered) if n == 0 or ordered[n - 1][0][0] != t]
        return cls(
            vectors=vectors,
            weights=np.array([w for _, w in ordered], dtype=np.float32),
            starts=np.array(starts, dtype=np.int64),
        )

    def score(self, queries: NDArray[np.float32]) -> NDArray[np.float32]:
        """Targets' best weighted cosine for each query vector (rows: queries)."""
        similarity = (queries @ self.vectors.T) * self.weights
        result: NDArray[np.float32] = np.maximum.reduceat(similarity, self.starts, axis=1)
        return result


def _cached_vectors(texts: list[str]) -> NDArray[np.float32]:
    """Vectors of `texts`, from the cache folder when the same texts were encoded before."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:24]
    embedding = importlib.import_module("onramp.nlp.embedding") if dense_available() else None
    model = str(getattr(embedding, "MODEL_ID", "model"))
    folder = get_settings().effective_cache_dir / "occupation-vectors"
    path = folder / f"{re.sub(r'[^A-Za-z0-9.-]+', '-', model)}-{digest}.npy"
    if path.is_file():
        cached_vectors: NDArray[np.float32] = np.load(path)
        if cached_vectors.shape[0] == len(texts):
            return cached_vectors
    vectors = (
        np.concatenate([_encode(texts[i : i + 4096]) for i in range(0, len(texts), 4096)])
        if texts
        else np.zeros((0, 1), dtype=np.float32)
    )
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npy")
    np.save(partial, vectors)
    partial.replace(path)
    return vectors


def dense_index(engine: Engine, scheme: str, lexical: LexicalIndex) -> DenseIndex:
    def build() -> DenseIndex:
        # Own titles and labels, and the crosswalked occupations' titles (not O*NET's 56k
        # alternate titles: the lexical index has them).
        _, variants = load_variants(engine, scheme, DENSE_KINDS, frozenset(["preferred"]))
        return DenseIndex.build(variants, len(lexical.targets))

    index: DenseIndex = cached(engine, scheme, "dense", build)
    return index


class OccupationCoder:
    """Codes titles to one scheme's occupations; cheap to create, the indexes are shared."""

    def __init__(self, engine: Engine, scheme: str = "esco", method: str = "lexical") -> None:
        if scheme not in SCHEMES:
            raise InvalidInputError(f"unknown scheme {scheme!r}: use esco or onet")
        if method not in METHODS:
            raise InvalidInputError(f"unknown method {method!r}: use {', '.join(METHODS)}")
        self.engine = engine
        self.scheme = scheme
        self.method = method
        self.lexical = lexical_index(engine, scheme)
        self.dense: DenseIndex | None = None
        self._position = {target.code: n for n, target in enumerate(self.lexical.targets)}
        # set only in a detached coder: the ESCO index O*NET borrows titles from (or None)
        self._borrow_from: tuple[LexicalIndex | None] | None = None

    def detached(self) -> OccupationCoder:
        """This lexical coder without its store, small enough to pickle and send to other
        processes (a Spark job's executors) that cannot reach the store: it carries the
        indexes it reads, and codes every title exactly as this one does."""
        if self.method != "lexical":
            raise InvalidInputError("only the lexical occupation coder can be detached")
        copy = object.__new__(OccupationCoder)
        copy.__dict__.update(self.__dict__)
        copy.engine = None  # type: ignore[assignment]  # never read: lexical, borrowing below
        esco = None
        if self.scheme == "onet":
            try:
                esco = lexical_index(self.engine, "esco")
            except NotAvailableError:
                esco = None
        copy._borrow_from = (esco,)
        return copy

    def prepare(self) -> None:
        """Build every index this coder needs now, out of the per-title path."""
        if self.method != "lexical":
            self.dense = dense_index(self.engine, self.scheme, self.lexical)
            _encode(["warm up"])  # the model's first load, too

    def codes(self) -> set[str]:
        return {target.code for target in self.lexical.targets}

    def ranks(self, queries: Sequence[TitleQuery], codes: Sequence[str]) -> list[int | None]:
        """The 1-based rank each gold code gets, as `code` orders ties; None if unreached."""
        out: list[int | None] = []
        scores = self.scores_batch(queries)
        for row, code in zip(scores, codes, strict=True):
            position = self._position.get(code)
            if position is None or row[position] <= 0:
                out.append(None)
                continue
            gold = row[position]
            ahead = int(np.count_nonzero(row > gold))
            tied = int(np.count_nonzero(row[:position] == gold))
            out.append(1 + ahead + tied)
        return out

    def scores_batch(self, queries: Sequence[TitleQuery]) -> NDArray[np.float64]:
        """The score of every target occupation (columns) for each query (rows); O*NET
        without titles of its own also gets titles borrowed from ESCO (`nlp.pivot`)."""
        scores = self._title_scores(queries)
        if self.scheme == "onet" and len(self.lexical.variant_text) <= len(self.lexical.targets):
            for row, phrases in enumerate(self._borrowed(queries)):
                if phrases:
                    borrowed = self._title_scores([TitleQuery("", p) for p in phrases])
                    np.maximum(scores[row], PIVOT_WEIGHT * borrowed.max(axis=0), out=scores[row])
        for row, query in enumerate(queries):
            if query.description.strip():
                scores[row] += DESCRIPTION_WEIGHT * self.lexical.score_description(
                    query.description
                )
        return scores

    def _borrowed(self, queries: Sequence[TitleQuery]) -> list[list[str]]:
        if self._borrow_from is not None:
            esco = self._borrow_from[0]
        else:
            try:
                esco = lexical_index(self.engine, "esco")
            except NotAvailableError:
                esco = None
        if esco is None:
            return [[] for _ in queries]
        out: list[list[str]] = []
        for query in queries:
            found = esco.score_title(query.title)
            best = int(np.argmax(found)) if len(found) else -1
            if best < 0 or found[best] < PIVOT_MIN:
                out.append([])
                continue
            mine = esco.variant_target == best
            labels = [text for text, keep in zip(esco.variant_text, mine, strict=True) if keep]
            out.append(borrowed_phrases(esco.targets[best].title, labels))
        return out

    def _title_scores(self, queries: Sequence[TitleQuery]) -> NDArray[np.float64]:
        """Scores from the titles alone: lexical, dense (on spelling-corrected titles) or both."""
        scores = np.zeros((len(queries), len(self.lexical.targets)))
        if self.method != "dense":
            for row, query in enumerate(queries):
                scores[row] = self.lexical.score_title(query.title)
        if self.method != "lexical" and queries:
            if self.dense is None:
                self.prepare()
            assert self.dense is not None
            speller = _speller(self.engine)
            texts = [speller.correct(clean_title(q.title) or fold(q.title)) for q in queries]
            dense = self.dense.score(_encode(texts)).astype(np.float64)
            scores += dense if self.method == "dense" else DENSE_WEIGHT * dense
        return scores

    def code(self, title: str, description: str = "", top: int = 20) -> list[CodedOccupation]:
        return self.code_many([TitleQuery("", title, description)], top)[0]

    def code_many(
        self,
        queries: Sequence[TitleQuery],
        top: int = 20,
        advance: Callable[[int], Any] | None = None,
    ) -> list[list[CodedOccupation]]:
        out: list[list[CodedOccupation]] = []
        targets = self.lexical.targets
        top = min(top, len(targets))
        for start in range(0, len(queries), BATCH):
            batch = queries[start : start + BATCH]
            for scores in self.scores_batch(batch):
                best = np.argpartition(-scores, top - 1)[:top]
                ranked = sorted(
                    (int(n) for n in best if scores[n] > 0), key=lambda n: (-scores[n], n)
                )
                out.append(
                    [
                        CodedOccupation(
                            targets[n].code, targets[n].title, round(float(scores[n]), 4)
                        )
                        for n in ranked
                    ]
                )
            if advance is not None:
                advance(len(batch))
        return out


def _speller(engine: Engine) -> Any:
    from onramp.taxonomy.catalog import Catalog  # the catalog's import chain is heavy

    return Catalog(engine).speller()


def default_method() -> str:
    """hybrid when the embedding model is installed, else lexical."""
    return "hybrid" if dense_available() else "lexical"
