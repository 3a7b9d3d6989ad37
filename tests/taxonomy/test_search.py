"""Lexical search: properties over random input, and typo tolerance on a known corpus."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.taxonomy import Catalog, import_esf
from onramp.taxonomy.search import Document, SearchIndex, normalize, tokens

CORPUS = [
    ("nurse", "registered nurse", ["RN", "staff nurse"], "Care for patients in hospitals."),
    ("forklift", "forklift operator", ["lift truck driver"], "Move pallets with a forklift."),
    ("cashier", "cashier", ["checkout operator"], "Take payments from customers."),
    ("dev", "software developer", ["programmer"], "Write and test computer programs."),
    ("welder", "welder", ["welding technician"], "Join metal parts with heat."),
    ("cook", "line cook", ["short order cook"], "Prepare meals in a restaurant kitchen."),
]


def _index() -> SearchIndex:
    return SearchIndex.build(
        Document(
            key,
            label,
            "test",
            "occupation" if key != "welder" else "trade",
            {"preferred": [label], "alternative": alts, "description": [text]},
        )
        for key, label, alts, text in CORPUS
    )


INDEX = _index()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("registered nurse", "nurse"),
        ("regsitered nurse", "nurse"),
        ("forklfit operator", "forklift"),
        ("lift truck", "forklift"),
        ("programmer", "dev"),
        ("softwre develop", "dev"),
        ("pallets", "forklift"),
        ("cash", "cashier"),
    ],
)
def test_finds_despite_typos_and_partial_words(query: str, expected: str) -> None:
    hits = INDEX.search(query, limit=3)
    assert hits and hits[0].key == expected, [h.key for h in hits]


def test_filters_by_framework_and_kind() -> None:
    assert not INDEX.search("welder", frameworks=["other"])
    assert [h.key for h in INDEX.search("welder", kinds=["trade"])] == ["welder"]
    assert not INDEX.search("welder", kinds=["occupation"])


def test_explains_which_label_matched() -> None:
    hit = INDEX.search("short order cook")[0]
    assert hit.key == "cook" and hit.matched == "short order cook"


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_is_safe(query: str) -> None:
    hits = INDEX.search(query, limit=4)
    assert len(hits) <= 4
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.score > 0 for h in hits)


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "Z"]), max_size=40))
def test_tokens_are_lowercase_and_stable(text: str) -> None:
    words = tokens(text)
    assert all(w == w.lower() and w for w in words)
    assert tokens(" ".join(words)) == [normalize(w) for w in words]


def test_catalog_search_reads_the_store(engine: Engine) -> None:
    import_esf(engine)
    catalog = Catalog(engine)
    hits = catalog.search_skills("lisening", frameworks=["onramp-esf"])
    assert hits and "listen" in hits[0].title.lower()
    assert not catalog.search_skills("listening", kinds=["technology"])
