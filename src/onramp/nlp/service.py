"""Skill intelligence as the API, the pages and the CLI use it: one place that chooses the
lexical and dense parts, and says plainly when the dense part is missing and why."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError
from onramp.nlp.documents import TextDocument
from onramp.nlp.extract import Extraction, Linker
from onramp.nlp.jobs import ExtractionJob as ExtractionJob  # the edges build jobs from here
from onramp.nlp.jobs import analyse
from onramp.nlp.limits import check_input_bytes
from onramp.nlp.occupations import CodedOccupation, OccupationCoder, TitleQuery, default_method
from onramp.nlp.sections import check_kind

if TYPE_CHECKING:
    from onramp.nlp.workers import ExtractionPool

DENSE_FRAMEWORK = "esco"
# The lowest score worth listing as close in meaning, per list and method, learnt on the
# everyday queries' calibration split over the embedded default: just above what nonsense
# reaches, keeping at least 95 in 100 right answers (`onramp eval everyday-search`, see
# docs/benchmarks.md). Below it, results are noise.
MEANING_FLOORS: dict[tuple[str, str, str], float] = {
    ("skills", "esco", "dense"): 0.578,
    ("occupations", "onet", "hybrid"): 0.656,
    ("occupations", "esco", "hybrid"): 1.153,
    ("occupations", "onet", "lexical"): 0.211,
    ("occupations", "esco", "lexical"): 0.345,
}
log = logging.getLogger(__name__)
_lock = threading.Lock()
_dense_ready: set[tuple[str, str]] = set()


def extract_document(
    engine: Engine,
    document: TextDocument,
    kind: str,
    *,
    frameworks: Sequence[str] | None = None,
    dense: bool = True,
    off_reason: str = "turned off",
    excluded_reason: str = "ESCO is not among the chosen frameworks",
) -> Extraction:
    """Skills a document evidences: exact and near label matches with precise offsets, plus
    dense ranking of clauses against ESCO when its skill vectors are stored. When the dense
    part cannot run, the result carries a note saying why. Runs here, in this process (the
    CLI); the server sends documents to its workers with `extract_in_worker`."""
    chosen = tuple(frameworks) if frameworks else None
    linker, why_not = dense_linker(engine, chosen, dense, off_reason, excluded_reason)
    return analyse(engine, document, kind, chosen, linker, why_not)


def dense_linker(
    engine: Engine,
    frameworks: Sequence[str] | None,
    dense: bool,
    off_reason: str = "turned off",
    excluded_reason: str = "ESCO is not among the chosen frameworks",
) -> tuple[Linker | None, str]:
    """The default skill linker when dense linking can run (None otherwise), and why not."""
    if not dense:
        return None, off_reason
    if frameworks and DENSE_FRAMEWORK not in frameworks:
        return None, excluded_reason
    from onramp.nlp.linking import Linker as DenseLinker

    try:
        # the default linker (dense + containment): its threshold and confidence line were
        # measured on it (bench/extract.py --dense)
        return DenseLinker.for_framework(engine, DENSE_FRAMEWORK), ""
    except (NotFoundError, NotAvailableError) as error:
        return None, str(error)


def extract_in_worker(pool: ExtractionPool, engine: Engine, job: ExtractionJob) -> bytes:
    """Extract in one of the server's worker processes, within its time budget; the result
    in its JSON form (`Extraction.to_dict`), made in the worker. The dense linker stays here
    (one copy of the model; ONNX leaves the GIL while it works) and answers the worker's
    ranking requests. Raises BusyError when every worker is taken, and TooLargeError for a
    file past MAX_INPUT_BYTES before a worker is taken for it."""
    check_kind(job.kind)
    if isinstance(job.data, bytes):
        check_input_bytes(len(job.data), "This file")
    linker, why_not = dense_linker(engine, job.frameworks, job.dense)
    return pool.run(replace(job, dense=linker is not None, no_dense_reason=why_not), linker)


def link_texts(
    engine: Engine, texts: Sequence[str], *, framework: str = "esco", top: int = 10
) -> list[list[dict[str, Any]]]:
    """The best skills of a framework for each text (needs its stored skill vectors)."""
    from onramp.nlp.linking import Linker

    linker = Linker.for_framework(engine, framework)
    return [[link.as_json() for link in links] for links in linker.rank(list(texts), top=top)]


@dataclass(frozen=True)
class MeaningHit:
    """A concept close in meaning to a search: what the search pages list beside lexical hits."""

    code: str
    title: str
    framework: str
    score: float


def by_meaning(engine: Engine, query: str, what: str, *, limit: int = 10) -> list[MeaningHit]:
    """Skills (ESCO, by stored vectors) or occupations (ESCO and O*NET, by the title coder)
    close in meaning to `query`. Raises NotAvailableError or NotFoundError, saying why, when
    the vectors or the frameworks are missing; callers show that plainly."""
    return by_meaning_scored(engine, query, what, limit=limit)[1]


def by_meaning_scored(
    engine: Engine, query: str, what: str, *, limit: int = 10
) -> tuple[list[MeaningHit], list[MeaningHit]]:
    """What `by_meaning` ranks (after spelling correction: a sentence encoder reads
    "custmer servise" as something else), and what it keeps to show: the results at or above
    the floor measured for that list (`MEANING_FLOORS`)."""
    from onramp.taxonomy.catalog import Catalog

    catalog = Catalog(engine)
    corrected = catalog.speller().correct(query)
    if what == "skills":
        from onramp.nlp.linking import Linker

        linker = Linker.for_framework(engine, DENSE_FRAMEWORK)
        listed = [
            MeaningHit(link.code, link.label, DENSE_FRAMEWORK, round(link.score, 3))
            for link in linker.rank([corrected], top=limit)[0]
        ]
        floor = MEANING_FLOORS.get(("skills", DENSE_FRAMEWORK, "dense"), 0.0)
        return listed, [hit for hit in listed if hit.score >= floor]
    if what != "occupations":
        raise InvalidInputError(f"search by meaning covers skills or occupations, not {what!r}")
    current = {f.key for f in catalog.frameworks() if f.is_current}
    schemes = [scheme for scheme in ("onet", "esco") if scheme in current]
    if not schemes:
        raise NotFoundError("no O*NET or ESCO release is imported, so there are no occupations")
    share = max(1, limit // len(schemes))
    listed, shown = [], []
    for scheme in schemes:
        ranked = coder(engine, scheme)
        floor = MEANING_FLOORS.get(("occupations", scheme, ranked.method), 0.0)
        for found in ranked.code_many([TitleQuery("q", corrected)], share)[0]:
            hit = MeaningHit(found.code, found.title, scheme, found.score)
            listed.append(hit)
            if hit.score >= floor:
                shown.append(hit)
    return listed, shown


def coder(engine: Engine, scheme: str) -> OccupationCoder:
    """A coder over the current releases; its indexes are cached per release, so building
    one per call is cheap and never stale. The dense part joins only once `warm_up` has built
    it: encoding every title never happens inside a request."""
    with _lock:
        ready = (str(engine.url), scheme) in _dense_ready
    return OccupationCoder(engine, scheme, "hybrid" if ready else "lexical")


def warm_up(engine: Engine, schemes: Sequence[str] = ("esco", "onet")) -> list[str]:
    """Load the embedding model and build the dense occupation indexes, for a server to run
    in the background at start; returns what is ready. Until then requests use the lexical
    coder, and skill linking loads the model on first use."""
    if default_method() != "hybrid":
        return []
    done = []
    try:
        from onramp.nlp.linking import Linker

        Linker.for_framework(engine, DENSE_FRAMEWORK)  # loads the vectors and the word index
        from onramp.nlp import embedding

        embedding.warm_up()
        done.append("skills")
    except (NotFoundError, NotAvailableError) as error:
        log.info("skill linking is not available: %s", error)
    for scheme in schemes:
        try:
            OccupationCoder(engine, scheme, "hybrid").prepare()
        except (NotFoundError, NotAvailableError, InvalidInputError) as error:
            log.info("dense occupation coding for %s is not available: %s", scheme, error)
            continue
        with _lock:
            _dense_ready.add((str(engine.url), scheme))
        done.append(scheme)
    return done


def code_titles(
    engine: Engine, queries: Sequence[TitleQuery], *, scheme: str = "esco", top: int = 10
) -> list[list[CodedOccupation]]:
    return coder(engine, scheme).code_many(list(queries), top)
