"""Quads straight from expanded JSON-LD agree with pyld's toRdf, shape by shape."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from pyld.jsonld import JsonLdError

from onramp.credentials.rdf import jsonld
from onramp.credentials.rdf.context_cache import pinned_loader
from onramp.credentials.rdf.contexts import UnknownContextError, loader_with
from onramp.credentials.rdf.expanded_rdf import quads_from_expanded
from onramp.credentials.rdf.nquads import BlankNode, Quad
from onramp.credentials.rdf.rdfc import canonicalize_quads

from support import shared

V2 = "https://www.w3.org/ns/credentials/v2"
TRICKY = [
    "_:b0",
    "_:shared",
    "relative/path",
    "http://example.org/ok",
    "http://example.org/with space",
    "http://example.org/trailing\n",
    "urn:x",
    "",
    'quote " and \\ backslash',
    "ümlaut \u2028 line",
    "did:example:123",
    "#fragment",
]


def _both(document: dict[str, Any], contexts: dict[str, Any] | None) -> tuple[str | None, str]:
    """(canonical N-Quads from the direct walk or None if it declined, from pyld's toRdf)."""
    loader: Callable[..., Any] = loader_with(contexts) if contexts else pinned_loader
    options = {"documentLoader": loader, "base": jsonld.RELATIVE_BASE}
    processor = jsonld._processor
    with jsonld._pyld_lock:
        direct = quads_from_expanded(processor.expand(document, options))
        reference = jsonld._dataset_quads(processor.to_rdf(document, options))
    if direct is not None:  # the same quads, repeats included, up to blank node labels
        assert _shape(direct) == _shape(reference)
    expected = canonicalize_quads(reference).nquads
    return (None if direct is None else canonicalize_quads(direct).nquads), expected


def _shape(quads: list[Quad]) -> list[str]:
    def text(term: Any) -> str:
        return "_:?" if isinstance(term, BlankNode) else repr(term)

    return sorted(
        " ".join(text(t) for t in (q.subject, q.predicate, q.object, q.graph)) for q in quads
    )


def _corpus(contexts: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    found: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    ob3 = shared("vc", "1edtech-ob3")
    for path in sorted(ob3.glob("examples/*.json")) + sorted(ob3.glob("ldp-vector-*/*.json")):
        document = json.loads(path.read_text())
        if isinstance(document, dict) and "@context" in document:
            found.append((path.name, document, None))
    for folder in ("w3c-vcdm2-examples", "w3c-vc-di-eddsa"):
        for path in sorted(shared("vc", folder).rglob("*.json")):
            document = json.loads(path.read_text())
            if isinstance(document, dict) and "@context" in document:
                found.append((path.name, document, contexts))
    return found


def test_the_walk_matches_pyld_on_the_reference_documents(contexts: dict[str, Any]) -> None:
    compared = walked = 0
    for name, document, extra in _corpus(contexts):
        for variant in (document, {k: v for k, v in document.items() if k != "proof"}):
            try:
                direct, expected = _both(variant, extra)
            except (JsonLdError, UnknownContextError):  # refused: nothing to compare
                continue
            compared += 1
            if direct is not None:
                walked += 1
                assert direct == expected, name
    assert compared > 40 and walked > 20


def test_the_ob3_vector_takes_the_direct_walk() -> None:
    signed = json.loads((shared("vc", "1edtech-ob3", "ldp-vector-ob") / "signed.json").read_text())
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    direct, expected = _both(unsecured, None)
    assert direct is not None and direct == expected


EDGE_CASES: list[dict[str, Any]] = [
    {  # a blank node label used twice, blank types, duplicates, relative subjects and objects
        "@context": {"@vocab": "https://example.org/v#"},
        "@id": "_:shared",
        "@type": ["_:kind", "Thing"],
        "name": ["a", "a", {"@value": "a", "@language": "en"}],
        "knows": [{"@id": "_:shared", "name": "again"}, {"@id": "relative"}, {"@id": "_:other"}],
        "child": {"@id": "relative/child", "name": "skipped", "inner": {"name": "kept"}},
    },
    {  # values pyld keeps twice although they make the same triple, on a blank node
        "@context": {
            "@vocab": "https://example.org/v#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        },
        "@type": "Thing",
        "rdf:type": {"@id": "https://example.org/v#Thing"},
        "name": ["a", {"@value": "a", "@type": "xsd:string"}, "a"],
        "count": [5, {"@value": "5", "@type": "xsd:integer"}, 5.0, True, 1, False],
        "other": {"name": ["b", {"@value": "b", "@type": "xsd:string"}]},
    },
    {  # relative predicates (no vocab), terms that are blank nodes, typed values
        "@context": {"ok": "https://example.org/ok", "blank": "_:predicate"},
        "ok": [{"@value": "1", "@type": "https://example.org/number"}, {"other": "x"}],
        "blank": "value",
        "undefined": "dropped",
    },
    {  # shapes left to pyld: lists, numbers, booleans, JSON literals, direction, graphs
        "@context": {
            "@vocab": "https://example.org/v#",
            "items": {"@container": "@list"},
            "data": {"@type": "@json"},
        },
        "items": ["a", "b"],
        "count": 3,
        "flag": True,
        "ratio": 1.5,
        "data": {"b": 1, "a": [2]},
        "text": {"@value": "x", "@direction": "rtl", "@language": "ar"},
        "@included": [{"@id": "urn:included", "name": "i"}],
    },
    {
        "@context": {"@vocab": "https://example.org/v#"},
        "@id": "urn:graph",
        "@graph": [{"@id": "urn:inside", "name": "in a graph"}],
    },
    {
        "@context": {"@vocab": "https://example.org/v#", "d": {"@type": "xsd:double"}},
        "d": "1.50",
    },
]


@pytest.mark.parametrize("index", range(len(EDGE_CASES)))
def test_edge_cases_agree_or_are_left_to_pyld(index: int) -> None:
    direct, expected = _both(EDGE_CASES[index], None)
    assert direct is None or direct == expected
    if index < 3:
        assert direct is not None  # these shapes are the walk's to handle


def test_random_mutations_agree(contexts: dict[str, Any]) -> None:
    bases = []
    for name, document, extra in _corpus(contexts):
        if extra is None and (name.endswith("-1.json") or name == "unsigned.json"):
            bases.append({k: v for k, v in document.items() if k != "proof"})
    rng = random.Random(20261122)

    def mutate(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v if k == "@context" else mutate(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [mutate(v) for v in value]
        if isinstance(value, str) and rng.random() < 0.08:
            return rng.choice(TRICKY)
        return value

    walked = 0
    for _ in range(150):
        document = mutate(copy.deepcopy(rng.choice(bases)))
        if rng.random() < 0.5:
            document["@context"] = [{"@vocab": "urn:vocab#"}, *document["@context"]]
        try:
            direct, expected = _both(document, None)
        except JsonLdError:  # refused: nothing to compare
            continue
        if direct is not None:
            walked += 1
            assert direct == expected
    assert walked > 20
