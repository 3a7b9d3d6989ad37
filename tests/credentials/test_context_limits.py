"""Repeated and excessive @context entries, the verification time budget, and the context cache
keyed by content: a hostile credential is handled quickly and never holds up other
verifications behind pyld's lock."""

from __future__ import annotations

import copy
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pyld.jsonld import JsonLdError, JsonLdProcessor

from onramp.credentials.did.resolver import Resolver
from onramp.credentials.proofs.data_integrity import sign
from onramp.credentials.rdf import jsonld
from onramp.credentials.rdf.contexts import BUILT_IN, PINNED, VC_V2, load_context
from onramp.credentials.rdf.deadline import Deadline, VerificationTimeoutError, within
from onramp.credentials.rdf.jsonld import (
    MAX_CONTEXT_ENTRIES,
    MAX_CONTEXTS_PER_LIST,
    TooManyContextsError,
    canonical_nquads,
)
from onramp.credentials.verify.report import Status
from onramp.credentials.verify.verifier import Verifier

from support import shared

OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _signed_ob3() -> dict[str, Any]:
    """The 1EdTech OB 3.0 vector, re-signed by a did:key so it verifies with no network."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from onramp.credentials.proofs.multikey import multibase_encode

    folder = shared("vc", "1edtech-ob3", "ldp-vector-ob")
    document = json.loads((folder / "signed.json").read_text())
    seed = bytes(range(1, 33))
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    fingerprint = multibase_encode(b"\xed\x01" + public)
    did = f"did:key:{fingerprint}"
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    issuer = unsecured["issuer"]
    unsecured["issuer"] = {**issuer, "id": did} if isinstance(issuer, dict) else did
    unsecured.pop("credentialStatus", None)
    unsecured["validUntil"] = "2099-01-01T00:00:00Z"
    return sign(unsecured, seed, f"{did}#{fingerprint}", created=NOW - timedelta(days=1))


def test_seven_thousand_copies_of_one_context_are_collapsed_to_one() -> None:
    signed = _signed_ob3()
    assert Verifier(now=lambda: NOW).verify(json.dumps(signed)).verified
    repeated = {**signed, "@context": [VC_V2] * 7000 + signed["@context"][1:]}
    assert len(json.dumps(repeated)) > 250_000
    report = Verifier(now=lambda: NOW).verify(json.dumps(repeated))
    proof = report.get("proof")  # the same expansion, so the same signature checks
    assert proof is not None and proof.status is Status.PASS, report.to_json()


def test_many_different_context_entries_are_refused_plainly() -> None:
    signed = _signed_ob3()
    alternating = {**signed, "@context": [VC_V2, OB3] * 3500}
    report = Verifier(now=lambda: NOW).verify(json.dumps(alternating))
    proof = report.get("proof")
    assert proof is not None and proof.status is Status.FAIL
    assert "JSON-LD contexts" in proof.message
    assert proof.plain == TooManyContextsError.plain
    embedded = copy.deepcopy(signed)
    embedded["credentialSubject"]["achievement"]["@context"] = [OB3] * 7000  # not collapsed
    with pytest.raises(TooManyContextsError):
        canonical_nquads(embedded)


def test_the_context_caps_leave_real_credentials_well_inside() -> None:
    folder = shared("vc")
    longest = total = 0
    for path in folder.rglob("*.json"):
        if "contexts" in path.parts:
            continue
        try:
            document = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        depth, entries, widest = jsonld._shape(document) if isinstance(document, dict) else (0,) * 3
        assert depth <= jsonld.MAX_DEPTH
        longest, total = max(longest, widest), max(total, entries)
    assert longest * 3 <= MAX_CONTEXTS_PER_LIST and total * 9 <= MAX_CONTEXT_ENTRIES


def _double_each(contexts: list[Any]) -> list[Any]:
    return [item for context in contexts for item in (context, context)]


@pytest.mark.parametrize("pinned", PINNED, ids=lambda p: p.url)
def test_a_repeated_built_in_context_expands_exactly_as_once(pinned: Any) -> None:
    """Why collapsing is safe: no built-in context sets @base or @import, and applying one twice
    in a row gives pyld's own processor (no collapsing, no cache) the same expansion."""
    document = load_context(pinned.url)["@context"]
    for context in document if isinstance(document, list) else [document]:
        if isinstance(context, dict):
            assert "@base" not in context and "@import" not in context
    folder = shared("vc", "1edtech-ob3")
    examples = [json.loads(p.read_text()) for p in sorted(folder.glob("examples/*.json"))[:3]]
    options = {"documentLoader": BUILT_IN}
    for example in examples:
        given = example["@context"]
        once = {**example, "@context": [*given, pinned.url]}
        twice = {**example, "@context": [*_double_each(given), pinned.url, pinned.url]}
        try:
            expected = JsonLdProcessor().expand(once, options)
        except JsonLdError:  # a context that clashes with the example's own: clashes again
            with pytest.raises(JsonLdError):
                JsonLdProcessor().expand(twice, options)
            continue
        assert JsonLdProcessor().expand(twice, options) == expected


def test_a_verification_stops_at_its_time_budget() -> None:
    signed = _signed_ob3()
    verifier = Verifier(now=lambda: NOW)
    verifier.time_budget = -1.0  # spent before it starts: the first check that looks stops
    report = verifier.verify(json.dumps(signed))
    assert not report.verified
    assert [c.id for c in report.checks] == ["time_budget"]
    assert report.checks[0].plain == "This credential took too long to check."
    assert "time budget" in report.checks[0].message


def test_waiting_for_the_pyld_lock_counts_against_the_budget() -> None:
    signed = _signed_ob3()
    with jsonld._pyld_lock, pytest.raises(VerificationTimeoutError):  # another call holds it
        canonical_nquads(signed, deadline=Deadline.after(0.05))
    with within(-1.0), pytest.raises(VerificationTimeoutError):  # the current budget is read
        canonical_nquads(signed)


class _WatchedLock:
    """pyld's lock, noting when the attacking thread holds it."""

    def __init__(self, lock: Any, attacker: dict[str, Any], inside: threading.Event) -> None:
        self.lock, self.attacker, self.inside = lock, attacker, inside

    def acquire(self, *args: Any, **kwargs: Any) -> bool:
        taken: bool = self.lock.acquire(*args, **kwargs)
        if taken and threading.current_thread() is self.attacker.get("thread"):
            self.inside.set()
        return taken

    def release(self) -> None:
        self.lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def test_a_hostile_credential_does_not_hold_up_another_verification(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The genuine verification starts while the hostile one is inside pyld (or, once it is
    refused before pyld, right after): it must finish, and the hostile one must be refused."""
    signed = _signed_ob3()
    hostile = json.dumps({**signed, "@context": [VC_V2, OB3] * 3500})
    normal = json.dumps(signed)
    results: dict[str, bool] = {}
    attacker: dict[str, Any] = {}
    go = threading.Event()
    monkeypatch.setattr(jsonld, "_pyld_lock", _WatchedLock(jsonld._pyld_lock, attacker, go))

    def attack() -> None:
        results["hostile"] = Verifier(now=lambda: NOW).verify(hostile).verified
        go.set()

    def genuine() -> None:
        go.wait(60)
        results["genuine"] = Verifier(now=lambda: NOW).verify(normal).verified

    attacking = threading.Thread(target=attack, daemon=True)
    attacker["thread"] = attacking
    checking = threading.Thread(target=genuine, daemon=True)
    attacking.start()
    checking.start()
    checking.join(timeout=30)
    assert not checking.is_alive(), "the genuine verification waited behind the hostile one"
    assert results["genuine"] is True
    attacking.join(timeout=30)
    assert results.get("hostile") is False


def test_contexts_a_caller_vouches_for_are_cached_by_content_not_url() -> None:
    url = "https://contexts.example/badge/v1"
    base = {
        "@context": [VC_V2, url],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject", "level": "gold"},
    }
    first = {url: {"@context": {"level": "https://vocab.example/one#level"}}}
    second = {url: {"@context": {"level": "https://vocab.example/two#level"}}}
    for _ in range(2):  # warm: the second round is served from the cache
        assert "one#level" in canonical_nquads(base, extra_contexts=first).nquads
        assert "two#level" in canonical_nquads(base, extra_contexts=second).nquads


def test_network_fetches_do_not_count_against_the_budget() -> None:
    class SlowFetcher:
        def get(self, url: str) -> bytes:
            time.sleep(0.01)  # a fetch waits on the network, bounded by its own timeout
            return json.dumps({"id": url, "revokedCredentials": []}).encode()

    resolver = Resolver(None, SlowFetcher())  # type: ignore[arg-type]
    with within(10.0) as limit:
        before = limit.at
        resolver.document("https://issuer.example/revocations")
        assert limit.at > before  # moved on by the time the fetch took
