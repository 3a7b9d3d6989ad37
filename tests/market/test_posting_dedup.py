"""Repost detection: the threshold on the hand-built pairs, the MinHash estimate against the
true Jaccard similarity, and the exact key."""

from __future__ import annotations

import random
from dataclasses import replace

from posting_pairs import NURSE, PAIRS

from onramp.market.near_duplicates import (
    BANDS,
    THRESHOLD,
    exact_key,
    fingerprint,
    repost_score,
    shingles,
    signature,
    similarity,
)


def test_the_hand_built_pairs_are_all_told_apart_at_the_threshold() -> None:
    said = {
        name: repost_score(fingerprint(b), fingerprint(a)) is not None for name, a, b, _ in PAIRS
    }
    wrong = [name for name, _, _, repost in PAIRS if said[name] != repost]
    assert wrong == []
    assert sum(repost for *_, repost in PAIRS) >= 10 and sum(not r for *_, r in PAIRS) >= 7


def test_without_the_place_and_title_checks_the_text_alone_would_merge_distinct_jobs() -> None:
    """Why the checks exist: one template in two towns has the same text."""
    lookalikes = [(a, b) for name, a, b, repost in PAIRS if not repost and "town" in name]
    assert lookalikes
    for a, b in lookalikes:
        assert similarity(fingerprint(a).sig, fingerprint(b).sig) >= THRESHOLD
        assert repost_score(fingerprint(b), fingerprint(a)) is None


def test_the_minhash_estimate_follows_the_true_jaccard() -> None:
    """A regression: hashing modulo 2^61 - 1 with small multipliers never wrapped, so the
    least shingle hash won every permutation and two postings sharing it looked alike."""
    rng = random.Random(7)
    for shared_share in (0.0, 0.1, 0.5, 0.9):
        shared = {rng.randrange(1 << 32) for _ in range(int(400 * shared_share))}
        left = shared | {rng.randrange(1 << 32) for _ in range(400 - len(shared))}
        right = shared | {rng.randrange(1 << 32) for _ in range(400 - len(shared))}
        true = len(left & right) / len(left | right)
        assert abs(similarity(signature(left), signature(right)) - true) < 0.2
    tiny = {5}  # the one shared shingle has the least hash of both sets
    left = tiny | {rng.randrange(1 << 20, 1 << 32) for _ in range(500)}
    right = tiny | {rng.randrange(1 << 20, 1 << 32) for _ in range(500)}
    assert similarity(signature(left), signature(right)) < 0.2


def test_signatures_and_buckets_are_stable_and_the_place_is_in_the_bucket() -> None:
    found = fingerprint(NURSE)
    assert (found.sig == fingerprint(NURSE).sig).all() and len(found.buckets) == BANDS
    moved = fingerprint(replace(NURSE, location="Austin, TX"))
    assert (moved.sig == found.sig).all()
    assert not set(moved.buckets) & set(found.buckets)
    assert shingles(replace(NURSE, description="")) != set()


def test_the_exact_key_ignores_case_and_spacing_but_not_content() -> None:
    key = exact_key(NURSE)
    assert exact_key(replace(NURSE, title="  registered NURSE -  medical surgical")) == key
    assert exact_key(replace(NURSE, description=NURSE.description + " More.")) != key
    assert exact_key(replace(NURSE, salary_min=1.0)) != key
