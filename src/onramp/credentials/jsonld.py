"""JSON-LD to canonical N-Quads, safely: local contexts, a safe mode, a budget, and a lock.

JSON-LD 1.1 Processing Algorithms: https://www.w3.org/TR/json-ld11-api/ (via pyld).
- Safe mode: pyld drops undefined terms and resolves relative IRIs against a base without a
  word, and the result still signs. Here the document is expanded with a sentinel vocabulary
  placed before its own contexts and a sentinel base; any IRI that ends up in either (or in the
  VC 2.0 "issuer-dependent" vocabulary) means an undefined term or a relative IRI, and the
  document is refused.
- pyld keeps a process-wide context cache, so calls are serialized with a lock (the caches
  below have their own locking as well).
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
from collections.abc import Mapping
from typing import Any

from onramp.credentials.context_cache import CachingProcessor, pinned_loader
from onramp.credentials.contexts import UnknownContextError, loader_with
from onramp.credentials.expanded_rdf import quads_from_expanded
from onramp.credentials.nquads import IRI, BlankNode, Literal, Quad
from onramp.credentials.rdfc import Budget, Canonical, canonicalize_quads
from onramp.errors import InvalidInputError

UNDEFINED_VOCAB = "urn:onramp:undefined-term#"
RELATIVE_BASE = "https://relative-iri.onramp.invalid/"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
MAX_BYTES = 2_000_000
MAX_DEPTH = 64

_pyld_lock = threading.Lock()
_processor = CachingProcessor()
_SAFE_CONTEXT = {"@vocab": UNDEFINED_VOCAB}


class UnsafeJsonLdError(InvalidInputError):
    code = "unsafe_jsonld"


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


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
) -> list[Quad]:
    try:
        size = len(json.dumps(document, ensure_ascii=False).encode())
    except UnicodeEncodeError:
        # JSON can escape a lone UTF-16 surrogate ("\ud800"); no RDF string may hold one
        raise InvalidInputError("the document holds text that is not valid Unicode") from None
    if size > MAX_BYTES or _depth(document) > MAX_DEPTH:
        raise InvalidInputError("the document is too large or too deeply nested to process")
    from pyld.jsonld import JsonLdError

    working = document  # pyld expands a deep copy: the caller's document is never changed
    if safe:
        contexts = document.get("@context", [])
        contexts = contexts if isinstance(contexts, list) else [contexts]
        working = {**document, "@context": [_SAFE_CONTEXT, *contexts]}
    loader = loader_with(extra_contexts) if extra_contexts else pinned_loader
    options = {"documentLoader": loader, "base": RELATIVE_BASE}
    with _pyld_lock:
        try:
            quads = quads_from_expanded(_processor.expand(working, options))
            if quads is None:  # a shape the direct walk leaves to pyld's toRdf
                quads = _dataset_quads(_processor.to_rdf(working, options))
        except JsonLdError as error:
            cause = _root_cause(error)
            if isinstance(cause, UnknownContextError):
                raise cause from None
            raise InvalidInputError(f"the JSON-LD cannot be processed: {cause}") from None
    if safe:
        _check_safe(quads)
    return quads


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
) -> Canonical:
    quads = to_quads(document, safe=safe, extra_contexts=extra_contexts)
    return canonicalize_quads(quads, budget=budget)
