"""JSON-LD to canonical N-Quads, safely: local contexts, a safe mode, a budget, and a lock.

JSON-LD 1.1 Processing Algorithms: https://www.w3.org/TR/json-ld11-api/ (via pyld).
- Safe mode: pyld drops undefined terms and resolves relative IRIs against a base without a
  word, and the result still signs. Here the document is expanded with a sentinel vocabulary
  placed before its own contexts and a sentinel base; any IRI that ends up in either (or in the
  VC 2.0 "issuer-dependent" vocabulary) means an undefined term or a relative IRI, and the
  document is refused.
- pyld keeps a process-wide context cache, so calls are serialized with a lock, held only while
  pyld runs (the caches below have their own locking as well). Work that does not need it (the
  shape checks, building quads, safe-mode checks, RDFC) runs outside it.
- Hostile shapes are refused before pyld sees them, with an iterative walk: nesting deeper than
  64 levels, more than 16 entries in one `@context`, or more than 256 in the whole document.
  Consecutive repeats of one built-in context URL in the top-level `@context` are collapsed
  first: a context without `@base` or `@import` applied twice in a row gives the same active
  context (JSON-LD 1.1 API, 4.1.2; protected terms may be redefined identically), so the
  expansion is the same (tests/credentials/test_context_limits.py shows it for each one).
- Every call runs under the verification's time budget (`deadline`): waiting for the lock,
  expansion, and canonicalization stop once it has passed.
- Processed contexts and IRI expansions are memoized across calls (`context_cache`): without
  that, pyld re-processes every OB 3.0 type-scoped context on every node, which was most of the
  cost of a verification.
- Quads are built straight from pyld's expanded form for the plain shapes credentials use
  (`expanded_rdf`), else from pyld's RDF dataset; either way they go through Onramp's RDFC-1.0
  under a budget, so escaping and the poison-graph guard are ours.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from onramp.credentials.rdf import deadline as time_budget
from onramp.credentials.rdf.context_cache import CachingProcessor
from onramp.credentials.rdf.contexts import UnknownContextError, is_built_in, loader_with
from onramp.credentials.rdf.deadline import Deadline, VerificationTimeoutError
from onramp.credentials.rdf.expanded_rdf import quads_from_expanded
from onramp.credentials.rdf.nquads import IRI, BlankNode, Literal, Quad
from onramp.credentials.rdf.rdfc import Budget, Canonical, canonicalize_quads
from onramp.credentials.rdf.values import as_list
from onramp.errors import InvalidInputError

UNDEFINED_VOCAB = "urn:onramp:undefined-term#"
RELATIVE_BASE = "https://relative-iri.onramp.invalid/"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_CONTEXTS_PER_LIST = 16  # real credentials use at most 5 (../shared/data/vc)
MAX_CONTEXT_ENTRIES = 256  # in the whole document; a real CLR 2.0 with 6 credentials uses 27

_pyld_lock = threading.Lock()
_processor = CachingProcessor()
_SAFE_CONTEXT = {"@vocab": UNDEFINED_VOCAB}


class UnsafeJsonLdError(InvalidInputError):
    code = "unsafe_jsonld"


class TooManyContextsError(UnsafeJsonLdError):
    code = "too_many_contexts"
    plain = "This credential lists too many formats to check safely."


def _collapse(contexts: list[Any]) -> list[Any]:
    """The list without consecutive repeats of a built-in context URL."""
    kept: list[Any] = []
    for item in contexts:
        if not (kept and isinstance(item, str) and item == kept[-1] and is_built_in(item)):
            kept.append(item)
    return kept


def _shape(document: dict[str, Any]) -> tuple[int, int, int]:
    """(depth, @context entries, longest @context list), walked iteratively over containers
    only; the walk stops as soon as it is deeper than MAX_DEPTH. A value inside n containers is
    at depth n. The top-level list counts as collapsed."""
    top = document.get("@context")
    entries = longest = len(_collapse(as_list(top))) if "@context" in document else 0
    depth = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, level = stack.pop()
        if level > depth:
            depth = level
            if depth > MAX_DEPTH:
                break
        if isinstance(value, dict):
            if value is not document and "@context" in value:
                given = value["@context"]
                count = len(given) if isinstance(given, list) else 1
                entries += count
                longest = max(longest, count)
            children: Any = value.values()
        else:
            children = value
        below = level + 1
        for item in children:
            if isinstance(item, dict | list):
                stack.append((item, below))
    return depth, entries, longest


def _checked_shape(document: dict[str, Any]) -> dict[str, Any]:
    """The document to expand: refused when too deep or naming too many contexts. Only the
    top-level @context is collapsed: deeper down an "@context" key may sit inside a JSON
    literal, whose text is signed as it is."""
    depth, entries, longest = _shape(document)
    if depth > MAX_DEPTH:
        raise InvalidInputError("the document is too large or too deeply nested to process")
    if longest > MAX_CONTEXTS_PER_LIST or entries > MAX_CONTEXT_ENTRIES:
        raise TooManyContextsError(
            f"the document names {entries} JSON-LD contexts ({longest} in one @context); "
            f"Onramp reads at most {MAX_CONTEXTS_PER_LIST} in one @context and "
            f"{MAX_CONTEXT_ENTRIES} in all"
        )
    given = document.get("@context")
    if isinstance(given, list):
        kept = _collapse(given)
        if len(kept) != len(given):
            return {**document, "@context": kept}
    return document


class _Terms:
    """pyld's RDF terms as `nquads` terms; IRIs and blank nodes are made once per dataset."""

    def __init__(self) -> None:
        self.iris: dict[str, IRI] = {}
        self.blanks: dict[str, BlankNode] = {}

    def iri(self, value: str) -> IRI:
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = IRI(value)
        return found

    def node(self, value: str) -> IRI | BlankNode:
        if not value.startswith("_:"):
            return self.iri(value)
        found = self.blanks.get(value)
        if found is None:
            found = self.blanks[value] = BlankNode(value[2:])
        return found

    def term(self, node: dict[str, Any]) -> IRI | BlankNode | Literal:
        kind, value = node["type"], node["value"]
        if kind == "IRI":
            return self.iri(value)
        if kind == "blank node":
            found = self.blanks.get(value)
            if found is None:
                found = self.blanks[value] = BlankNode(value[2:] if value[:2] == "_:" else value)
            return found
        datatype = node.get("datatype")
        if not datatype:
            return Literal(value)
        return Literal(value, datatype, node.get("language") or "")


def to_quads(
    document: dict[str, Any],
    *,
    safe: bool = True,
    extra_contexts: Mapping[str, dict[str, Any]] | None = None,
    deadline: Deadline | None = None,
) -> list[Quad]:
    """The document as RDF quads; `deadline` defaults to the current verification's."""
    working = _checked_shape(document)  # first: iterative, so deep input cannot recurse below
    try:
        size = len(json.dumps(document, ensure_ascii=False).encode())
    except UnicodeEncodeError:
        # JSON can escape a lone UTF-16 surrogate ("\ud800"); no RDF string may hold one
        raise InvalidInputError("the document holds text that is not valid Unicode") from None
    if size > MAX_BYTES:
        raise InvalidInputError("the document is too large or too deeply nested to process")
    limit = deadline or time_budget.current()
    if safe:
        contexts = working.get("@context", [])
        working = {**working, "@context": [_SAFE_CONTEXT, *as_list(contexts)]}
    options = {"documentLoader": loader_with(extra_contexts), "base": RELATIVE_BASE}
    expanded = _run_pyld(lambda: _processor.expand(working, options), limit)
    quads = quads_from_expanded(expanded)
    if quads is None:  # a shape the direct walk leaves to pyld's toRdf
        quads = _dataset_quads(_run_pyld(lambda: _processor.to_rdf(working, options), limit))
    if limit is not None:
        limit.check()
    if safe:
        _check_safe(quads)
    return quads


def _run_pyld(work: Callable[[], Any], limit: Deadline | None) -> Any:
    """Run pyld under its lock, for as long as the time budget allows (the wait included).
    pyld expands a deep copy: the caller's document is never changed."""
    from pyld.jsonld import JsonLdError

    if limit is None:
        _pyld_lock.acquire()
    elif not _pyld_lock.acquire(timeout=limit.remaining()):
        limit.check()  # the budget ran out while waiting
        raise VerificationTimeoutError("checking stopped: the JSON-LD processor stayed busy")
    # a plain pyld processor (the tests' uncached reference) has no deadline to set
    set_deadline = getattr(_processor, "set_deadline", None)
    try:
        if set_deadline is not None:
            set_deadline(limit)
        return work()
    except JsonLdError as error:
        cause = _root_cause(error)
        if isinstance(cause, UnknownContextError | VerificationTimeoutError):
            raise cause from None
        raise InvalidInputError(f"the JSON-LD cannot be processed: {cause}") from None
    finally:
        try:
            if set_deadline is not None:
                set_deadline(None)
        finally:
            _pyld_lock.release()  # whatever happened above


def _dataset_quads(dataset: dict[str, list[dict[str, Any]]]) -> list[Quad]:
    """pyld's RDF dataset (dictionaries) as quads."""
    terms = _Terms()
    quads = []
    for graph_name, triples in dataset.items():
        graph = None if graph_name == "@default" else terms.node(graph_name)
        for triple in triples:
            subject = terms.term(triple["subject"])
            predicate = terms.term(triple["predicate"])
            assert not isinstance(subject, Literal) and isinstance(predicate, IRI)
            quads.append(Quad(subject, predicate, terms.term(triple["object"]), graph))
    return quads


def _root_cause(error: BaseException) -> BaseException:
    seen = error
    while True:
        nested = getattr(seen, "cause", None) or seen.__cause__ or seen.__context__
        if nested is None or nested is seen:
            return seen
        seen = nested


def _check_safe(quads: list[Quad]) -> None:
    """Refuse the first IRI (or literal datatype) that safe mode's sentinels caught."""
    checked: set[str] = set()
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph):
            if isinstance(term, IRI):
                iri = term.value
            elif isinstance(term, Literal):
                iri = term.datatype
            else:
                continue
            if iri in checked:
                continue
            checked.add(iri)
            if iri.startswith((UNDEFINED_VOCAB, ISSUER_DEPENDENT)):
                name = iri.split("#", 1)[1]
                raise UnsafeJsonLdError(f"the term '{name}' is not defined by any context")
            if iri.startswith(RELATIVE_BASE):
                raise UnsafeJsonLdError(
                    f"'{iri[len(RELATIVE_BASE) :]}' is a relative IRI; "
                    "only absolute IRIs are allowed"
                )


def canonical_nquads(
    document: dict[str, Any],
    *,
    safe: bool = True,
    budget: Budget | None = None,
    extra_contexts: Mapping[str, dict[str, Any]] | None = None,
    deadline: Deadline | None = None,
) -> Canonical:
    limit = deadline or time_budget.current()
    quads = to_quads(document, safe=safe, extra_contexts=extra_contexts, deadline=limit)
    return canonicalize_quads(quads, budget=budget, deadline=limit)
