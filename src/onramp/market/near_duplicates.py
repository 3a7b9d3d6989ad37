"""Telling a reposted job from a new one (decisions/0029).

- **Exact**: a posting's key is the SHA-256 of its normalized fields (title, employer,
  location, date, salary, description; case and spacing ignored). The same key is the same
  posting, and is stored once: this is what makes re-ingesting a file change nothing.
- **Near**: the same job posted again with small edits (a new date, a changed line, a typo
  fixed). Its title, employer and description are cut into word shingles of `SHINGLE` words;
  a MinHash signature of `PERMUTATIONS` values estimates the Jaccard similarity of two shingle
  sets. A posting is a repost of an earlier one when the estimate reaches `THRESHOLD`, the two
  are in the same place (the same location text, normalized: one job posted in five towns
  is five jobs), and their titles share at least `TITLE_OVERLAP` of their words once cleaned
  ("Sr." and "Senior" dropped): two roles of one employer share its long "about us" text.
  Locality-sensitive hashing finds the earlier ones without comparing against all: the
  signature is cut into `BANDS` bands of `ROWS` values, each band hashed with the place to a
  bucket stored in the `posting_bands` table; postings sharing any bucket are the candidates.

The threshold was chosen on a hand-built set of duplicate and distinct pairs
(tests/market/posting_pairs.py; the measurement is in the ADR). The MinHash is written here
with numpy (multiply-shift hashing: the high 32 bits of a x + b modulo 2^64, for random odd
64-bit a and random b) rather than taken from `datasketch`: the store keeps the LSH index, so
only the signature itself was needed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from onramp.market.posting_model import RawPosting
from onramp.nlp.titles import clean_title

SHINGLE = 3  # words per shingle
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS  # 4: a pair at Jaccard 0.5 shares a band 64% of the time
THRESHOLD = 0.7  # estimated Jaccard at or above which a posting is a repost (ADR 0029)
TITLE_OVERLAP = 0.75  # Jaccard of the cleaned title words (ADR 0029)
_MAX = np.uint64((1 << 32) - 1)
_SHIFT = np.uint64(32)
_rng = np.random.Generator(np.random.PCG64(20261206))  # fixed: signatures must never change
_A = _rng.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False) | np.uint64(1)
_B = _rng.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False)
_WORD = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")

Signature = NDArray[np.uint64]


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def shingles(posting: RawPosting) -> set[int]:
    """32-bit hashes of the word shingles of the title, employer and description."""
    tokens = words(f"{posting.title} {posting.employer} {posting.description}")
    if len(tokens) < SHINGLE:
        tokens = tokens + ["_"] * (SHINGLE - len(tokens))
    return {
        zlib.crc32(" ".join(tokens[n : n + SHINGLE]).encode())
        for n in range(len(tokens) - SHINGLE + 1)
    }


def signature(hashes: Iterable[int]) -> Signature:
    """The MinHash signature of a set of 32-bit hashes: per permutation, the least of
    ((a x + b) mod 2^64) >> 32 (numpy's uint64 arithmetic wraps modulo 2^64)."""
    values = np.fromiter(hashes, dtype=np.uint64)
    if values.size == 0:
        return np.full(PERMUTATIONS, _MAX, dtype=np.uint64)
    with np.errstate(over="ignore"):
        permuted = (np.outer(_A, values) + _B[:, None]) >> _SHIFT
    return permuted.min(axis=1).astype(np.uint64)


def similarity(left: Signature, right: Signature) -> float:
    """The estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(left == right)) / PERMUTATIONS


def place_key(posting: RawPosting) -> bytes:
    """The place a repost must share: the location's words, lower case."""
    return " ".join(words(posting.location)).encode()


def title_words(title: str) -> frozenset[str]:
    return frozenset(clean_title(title).split())


def titles_close(left: frozenset[str], right: frozenset[str]) -> bool:
    if not left and not right:
        return True
    return len(left & right) / len(left | right) >= TITLE_OVERLAP


def buckets(sig: Signature, place: bytes) -> list[tuple[int, int]]:
    """(band, bucket) pairs: each band's values, with the place, hashed to a signed 64-bit
    number."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(place + b"\x1f" + chunk, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What repost detection keeps of a posting."""

    sig: Signature
    place: bytes
    title: frozenset[str]

    @property
    def buckets(self) -> list[tuple[int, int]]:
        return buckets(self.sig, self.place)


def fingerprint(posting: RawPosting) -> Fingerprint:
    return Fingerprint(signature(shingles(posting)), place_key(posting), title_words(posting.title))


def repost_score(new: Fingerprint, earlier: Fingerprint) -> float | None:
    """The estimated similarity when `new` is a repost of `earlier` (same place, close
    titles, estimate at or above the threshold); None otherwise."""
    if new.place != earlier.place or not titles_close(new.title, earlier.title):
        return None
    score = similarity(new.sig, earlier.sig)
    return score if score >= THRESHOLD else None


def to_bytes(sig: Signature) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> Signature:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def exact_key(posting: RawPosting) -> str:
    """The SHA-256 of the posting's normalized fields: its identity in the store."""
    parts = [
        " ".join(posting.title.lower().split()),
        " ".join(posting.employer.lower().split()),
        " ".join(posting.location.lower().split()),
        posting.posted_on.isoformat() if posting.posted_on else "",
        repr(posting.salary_min),
        repr(posting.salary_max),
        str(posting.salary_period or ""),
        " ".join(posting.description.lower().split()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
