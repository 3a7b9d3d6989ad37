"""Properties of N-Quads and RDFC-1.0: round trips, and canonical output that does not depend
on blank-node names or quad order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.credentials import canonicalize_quads
from onramp.credentials.rdf.nquads import IRI, BlankNode, Literal, Quad, parse, quad_text

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
IRIS = st.sampled_from([IRI(f"urn:ex:{n}") for n in "abcd"])
NODES = st.sampled_from([BlankNode(f"n{i}") for i in range(4)])
LITERALS = (
    st.builds(Literal, TEXT)
    | st.builds(Literal, TEXT, st.just("http://www.w3.org/2001/XMLSchema#integer"))
    | st.builds(
        Literal,
        TEXT,
        st.just("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
        st.sampled_from(["en", "fr-CA"]),
    )
)
QUADS = st.lists(
    st.builds(Quad, IRIS | NODES, IRIS, IRIS | NODES | LITERALS, st.none() | IRIS | NODES),
    max_size=8,
)


@given(QUADS)
def test_serialize_then_parse_is_identity(quads: list[Quad]) -> None:
    text = "".join(quad_text(q) for q in quads)
    assert parse(text) == quads


@settings(max_examples=150, deadline=None)
@given(QUADS, st.randoms(use_true_random=False))
def test_canonical_form_ignores_names_and_order(quads: list[Quad], rng: random.Random) -> None:
    names = {f"n{i}": f"x{rng.randrange(10**6)}_{i}" for i in range(4)}

    def rename(term: object) -> object:
        return BlankNode(names[term.id]) if isinstance(term, BlankNode) else term

    renamed = [
        Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph))  # type: ignore[arg-type]
        for q in quads
    ]
    rng.shuffle(renamed)
    assert canonicalize_quads(quads).nquads == canonicalize_quads(renamed).nquads


def test_control_characters_are_escaped_as_rdfc_requires() -> None:
    quad = Quad(IRI("urn:s"), IRI("urn:p"), Literal('a\tb\x01"\\\x7f\u00e9'))
    assert quad_text(quad) == '<urn:s> <urn:p> "a\\tb\\u0001\\"\\\\\\u007F\u00e9" .\n'
