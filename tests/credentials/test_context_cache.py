"""The processed-context cache: same results as without it, no cross-talk, bounded, thread-safe."""

from __future__ import annotations

import copy
import json
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pyld.jsonld import JsonLdProcessor

from onramp.credentials.proofs.data_integrity import sign, verify
from onramp.credentials.rdf import context_cache, jsonld
from onramp.credentials.rdf.context_cache import clear_caches, memo
from onramp.credentials.rdf.contexts import load_context
from onramp.credentials.rdf.jsonld import UnsafeJsonLdError, canonical_nquads
from onramp.errors import InvalidInputError

from support import shared

V2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# any extra context makes jsonld use a loader outside the cache: the uncached reference path
UNCACHED = {"urn:onramp:test:unused": {"@context": {}}}


def _ob3_documents() -> list[dict[str, Any]]:
    folder = shared("vc", "1edtech-ob3")
    found = [json.loads(path.read_text()) for path in sorted(folder.glob("examples/*.json"))]
    for name in ("ldp-vector-ob", "ldp-vector-clr"):
        signed = json.loads((folder / name / "signed.json").read_text())
        found.append({k: v for k, v in signed.items() if k != "proof"})
    return found


def _inline_documents() -> list[dict[str, Any]]:
    """Documents with their own contexts: scoped, nested, non-propagating, protected."""
    term = {
        "@context": [
            V2,
            {
                "Thing": {
                    "@id": "https://example.org/vocab#Thing",
                    "@context": {"label": "https://example.org/vocab#thingLabel"},
                },
                "label": "https://example.org/vocab#label",
                "part": {
                    "@id": "https://example.org/vocab#part",
                    "@context": {"label": "https://example.org/vocab#partLabel"},
                },
            },
        ],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {
            "id": "did:example:subject",
            "label": "outer",
            "part": {"type": "Thing", "label": "inner", "part": {"label": "deep"}},
        },
    }
    non_propagating = copy.deepcopy(term)
    non_propagating["@context"][1]["@propagate"] = False
    other_iri = copy.deepcopy(term)
    other_iri["@context"][1]["label"] = "https://example.net/other#label"
    ob3 = {
        "@context": [V2, OB3, {"note": "https://example.org/vocab#note"}],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": "Profile", "name": "Issuer"},
        "name": "With a note",
        "note": "a local term",
        "credentialSubject": {
            "type": "AchievementSubject",
            "achievement": {
                "id": "urn:example:achievement",
                "type": "Achievement",
                "name": "A",
                "criteria": {"narrative": "Do it."},
            },
        },
    }
    return [term, non_propagating, other_iri, ob3]


def _outcome(document: dict[str, Any], *, safe: bool, cached: bool) -> str:
    try:
        return canonical_nquads(
            document, safe=safe, extra_contexts=None if cached else UNCACHED
        ).nquads
    except InvalidInputError as error:
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("safe", [True, False])
def test_cached_and_uncached_processing_agree(safe: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    undefined = copy.deepcopy(_inline_documents()[3])
    undefined["credentialSubject"]["favoriteColor"] = "blue"  # refused in safe mode only
    documents = [*_ob3_documents(), *_inline_documents(), undefined]
    with monkeypatch.context() as patch:  # the reference: pyld's own processor, no memo at all
        patch.setattr(jsonld, "_processor", JsonLdProcessor())
        expected = [_outcome(d, safe=safe, cached=False) for d in documents]
    clear_caches()
    assert [_outcome(d, safe=safe, cached=True) for d in documents] == expected  # cold
    order = list(range(len(documents))) * 3
    random.Random(7).shuffle(order)
    for index in order:  # warm, in another order
        assert _outcome(documents[index], safe=safe, cached=True) == expected[index]
    assert memo.hits > 0


def test_inline_contexts_do_not_leak_into_each_other() -> None:
    term, _non_propagating, other_iri, _ob3 = _inline_documents()
    first = canonical_nquads(term).nquads
    second = canonical_nquads(other_iri).nquads
    assert "https://example.org/vocab#label" in first
    assert "https://example.net/other#label" in second
    assert 'https://example.org/vocab#label> "outer"' not in second
    assert canonical_nquads(term).nquads == first


def test_a_warm_cache_processes_no_context_again() -> None:
    document = _ob3_documents()[0]
    canonical_nquads(document)
    misses = memo.misses
    varied = copy.deepcopy(document)
    varied["name"] = "Another name"
    canonical_nquads(varied)
    assert memo.misses == misses


def test_safe_mode_holds_with_a_warm_cache() -> None:
    document = _inline_documents()[3]
    canonical_nquads(document)
    undefined = copy.deepcopy(document)
    undefined["credentialSubject"]["favoriteColor"] = "blue"
    with pytest.raises(UnsafeJsonLdError, match="favoriteColor"):
        canonical_nquads(undefined)
    relative = copy.deepcopy(document)
    relative["credentialSubject"]["id"] = "subjects/42"
    with pytest.raises(UnsafeJsonLdError, match="relative IRI"):
        canonical_nquads(relative)


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "size", 16)
    monkeypatch.setattr(context_cache, "MAX_IRI_ENTRIES", 32)
    base = _inline_documents()[0]
    for number in range(40):
        document = copy.deepcopy(base)
        document["@context"][1]["label"] = f"https://example.org/vocab#label{number}"
        assert f"#label{number}>" in canonical_nquads(document).nquads
    assert len(memo.entries) <= 16
    assert len(context_cache._iri_memo) <= 32
    long_term = {**base, "credentialSubject": {"id": "did:example:" + "x" * 600}}
    canonical_nquads(long_term)
    assert all(len(key[1]) <= context_cache.MAX_IRI_LENGTH for key in context_cache._iri_memo)


def test_the_loader_registers_pinned_objects_only() -> None:
    canonical_nquads(_ob3_documents()[0])
    inline = _inline_documents()[0]["@context"][1]
    assert context_cache._local_key(inline)[0] == "json"
    assert context_cache._local_key(OB3) == ("url", OB3)


def test_concurrent_verification_is_correct() -> None:
    folder = shared("vc", "1edtech-ob3", "ldp-vector-ob")
    signed = json.loads((folder / "signed.json").read_text())
    keys = json.loads((folder / "keypair.json").read_text())
    public = bytes.fromhex(keys["publicKeyHex"])
    seed = bytes.fromhex(keys["privateKeyHex(seed||pub)"])[:32]
    method = signed["proof"]["verificationMethod"]
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    start = datetime(2025, 1, 1, tzinfo=UTC)
    credentials = []
    for number in range(12):
        document = copy.deepcopy(unsecured)
        document["name"] = f"Badge {number}"
        credentials.append(sign(document, seed, method, created=start + timedelta(days=number)))
    tampered = []
    for credential in credentials:
        changed = copy.deepcopy(credential)
        changed["credentialSubject"]["achievement"]["name"] = "Changed"
        tampered.append(changed)
    inline = _inline_documents()
    expected_inline = [canonical_nquads(d).nquads for d in inline]

    def work(number: int) -> bool:
        if number % 17 == 0:
            clear_caches()
        index = number % len(credentials)
        if not verify(credentials[index], public) or verify(tampered[index], public):
            return False
        which = number % len(inline)
        return canonical_nquads(inline[which]).nquads == expected_inline[which]

    clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(240)))


def test_pinned_objects_are_known_however_they_were_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_cache, "_registered_urls", set())
    monkeypatch.setattr(context_cache, "_pinned_objects", {})
    document = _ob3_documents()[0]
    reference = canonical_nquads(document, extra_contexts=UNCACHED).nquads  # another loader
    scoped = load_context(OB3)["@context"]["Achievement"]["@context"]
    assert context_cache._local_key(scoped) == ("pinned", id(scoped))
    clear_caches()
    assert canonical_nquads(document).nquads == reference
    misses = memo.misses
    assert canonical_nquads(document).nquads == reference
    assert memo.misses == misses
