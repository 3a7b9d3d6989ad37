"""Pinned JSON-LD contexts: local only, checked by hash, equal to the upstream documents."""

from __future__ import annotations

import json

import pytest

from onramp.credentials.rdf import contexts
from onramp.credentials.rdf.contexts import PINNED, UnknownContextError, load_context
from onramp.errors import StoreError

from support import shared


def test_every_pinned_context_loads_and_matches_upstream() -> None:
    folder = shared("vc", "contexts")
    index = json.loads((folder / "index.json").read_text())
    for pinned in PINNED:
        document = load_context(pinned.url)
        assert "@context" in document
        upstream = index.get(pinned.url)
        if upstream and "ob/v3p0/context" not in pinned.url:
            assert json.loads((folder / upstream).read_text()) == document, pinned.url


def test_unknown_contexts_are_refused_not_fetched() -> None:
    with pytest.raises(UnknownContextError, match="never fetched"):
        load_context("https://example.org/my-context.jsonld")


def test_a_changed_local_copy_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://w3id.org/security/multikey/v1"
    monkeypatch.setattr(contexts, "_cache", {})
    altered = [
        p if p.url != url else contexts.PinnedContext(p.url, p.package, p.resource, "0" * 64)
        for p in PINNED
    ]
    monkeypatch.setattr(contexts, "_BY_URL", {p.url: p for p in altered})
    with pytest.raises(StoreError, match="does not match its pinned hash"):
        load_context(url)
