"""The profile vector index: the pre-filter that lets ranking reach millions of workers
(issue 14, item 7; decisions/0019 says why usearch, with the measurements).

Ranking is two steps. The index returns the `CANDIDATE_MULTIPLE` x K workers whose profile
vectors (`onramp.matching.vectors`) have the largest inner product with the job's vector; the
core then scores those candidates exactly and explainably, and the best K are shown. A worker
the index misses is never shown, so the multiple is set from measured recall, not guessed.

The index changes one worker at a time when a profile changes (`upsert`, `remove`), and is
saved to one file under the configured home, beside the store (`default_path`). Worker ids are
kept beside it, so a file from another population is never read as this one.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from onramp.config import Settings
from onramp.errors import InvalidInputError, OnrampError
from onramp.matching.vectors import DIMENSIONS

CANDIDATE_MULTIPLE = 10  # candidates scored exactly per worker shown (decisions/0019)
EXACT_BELOW = 20_000  # fewer workers than this: search every vector exactly
CONNECTIVITY = 16  # HNSW links per node ("M")
EXPANSION_ADD = 128  # HNSW search depth while adding ("efConstruction")
MIN_EXPANSION_SEARCH = 64  # HNSW search depth while querying; at least the candidates asked
INDEX_FILE = "profiles.usearch"
IDS_SUFFIX = ".ids.npy"


class IndexFileError(OnrampError):
    """The index file is missing a part, or belongs to another index."""


@dataclass(frozen=True, slots=True)
class Candidate:
    worker: str
    similarity: float


def default_path(settings: Settings) -> Path:
    """Where the index lives: `<home>/matching/profiles.usearch`, beside the SQLite store and
    the cache (with PostgreSQL, on the application host's disk)."""
    return (settings.home / "matching" / INDEX_FILE).resolve()


def worker_key(worker: str) -> int:
    """A stable 63-bit key for a worker id (usearch keys are integers)."""
    digest = hashlib.blake2b(worker.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


class ProfileIndex:
    """Workers' profile vectors, searchable by inner product with a job's vector."""

    def __init__(
        self, dims: int = DIMENSIONS, threads: int = 0, exact_below: int = EXACT_BELOW
    ) -> None:
        from usearch.index import Index

        self.dims = dims
        self.exact_below = exact_below
        self.threads = threads or min(2, os.cpu_count() or 1)
        self._index: Any = Index(
            ndim=dims,
            metric="ip",
            dtype="f32",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=MIN_EXPANSION_SEARCH,
        )
        self._workers: dict[int, str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._workers)

    def __contains__(self, worker: object) -> bool:
        return isinstance(worker, str) and self._workers.get(worker_key(worker)) == worker

    # -- changes ------------------------------------------------------------------------
    def upsert(self, worker: str, vector: NDArray[np.float32]) -> None:
        """Add a worker's vector, or replace it when their profile changed."""
        self.upsert_many([worker], np.asarray(vector, dtype=np.float32).reshape(1, -1))

    def upsert_many(self, workers: Sequence[str], vectors: NDArray[np.float32]) -> None:
        matrix = self._checked(vectors, len(workers))
        keys = np.fromiter((worker_key(w) for w in workers), dtype=np.uint64, count=len(workers))
        if len(set(keys.tolist())) != len(keys):
            raise InvalidInputError("the same worker is listed twice")
        with self._lock:
            for key, worker in zip(keys.tolist(), workers, strict=True):
                known = self._workers.get(key)
                if known is not None and known != worker:
                    raise InvalidInputError(f"two worker ids share an index key: {worker!r}")
            present = np.array([k in self._workers for k in keys.tolist()], dtype=bool)
            if present.any():
                self._index.remove(keys[present])
            self._index.add(keys, matrix, threads=self.threads if len(keys) > 1 else 1)
            for key, worker in zip(keys.tolist(), workers, strict=True):
                self._workers[key] = worker

    def remove(self, worker: str) -> bool:
        """Take a worker out (their consent ended, or they left). False if absent."""
        key = worker_key(worker)
        with self._lock:
            if self._workers.get(key) != worker:
                return False
            self._index.remove(key)
            del self._workers[key]
            return True

    # -- queries ------------------------------------------------------------------------
    def candidates(self, job: NDArray[np.float32], n: int) -> list[Candidate]:
        """The `n` workers whose vectors have the largest inner product with `job`."""
        if n < 1:
            raise InvalidInputError("ask for one candidate or more")
        query = self._checked(job, 1)[0]
        if not self._workers:
            return []
        count = min(n, len(self._workers))
        exact = len(self._workers) < self.exact_below
        with self._lock:
            self._index.expansion_search = max(count, MIN_EXPANSION_SEARCH)
            found = self._index.search(query, count, threads=1, exact=exact)
            keys = np.asarray(found.keys).tolist()
            distances = np.asarray(found.distances).tolist()
            # usearch's inner-product distance is 1 - similarity
            return [
                Candidate(self._workers[key], 1.0 - distance)
                for key, distance in zip(keys, distances, strict=True)
                if key in self._workers
            ]

    def rank(
        self,
        job: NDArray[np.float32],
        top: int,
        score: Callable[[list[str]], Iterable[tuple[str, float]]],
        multiple: int = CANDIDATE_MULTIPLE,
    ) -> list[tuple[str, float]]:
        """The best `top` workers by the exact `score`, among the index's `multiple` x `top`
        candidates. `score` takes worker ids and returns (id, score) pairs."""
        pool = [c.worker for c in self.candidates(job, top * multiple)]
        scored = sorted(score(pool), key=lambda pair: (-pair[1], pair[0]))
        return scored[:top]

    # -- files --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index and its worker ids, each to a new file moved into place."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            keys = np.fromiter(self._workers, dtype=np.uint64, count=len(self._workers))
            ids = np.array(list(self._workers.values()), dtype=np.str_)
            index_part = path.with_name(path.name + ".partial")
            ids_path = path.with_name(path.name + IDS_SUFFIX)
            ids_part = path.with_name(path.name + ".ids.partial.npy")
            self._index.save(str(index_part))
            rows = np.empty(len(keys), dtype=[("key", np.uint64), ("worker", ids.dtype)])
            rows["key"], rows["worker"] = keys, ids
            np.save(ids_part, rows)
            os.replace(index_part, path)
            os.replace(ids_part, ids_path)

    @classmethod
    def load(cls, path: Path, dims: int = DIMENSIONS) -> ProfileIndex:
        ids_path = path.with_name(path.name + IDS_SUFFIX)
        if not path.is_file() or not ids_path.is_file():
            raise IndexFileError(f"{path}: no profile index here (run the index build first)")
        made = cls(dims)
        made._index.load(str(path))
        if made._index.ndim != dims:
            raise IndexFileError(f"{path}: the index has {made._index.ndim} dimensions, not {dims}")
        rows = np.load(ids_path, allow_pickle=False)
        made._workers = dict(zip(rows["key"].tolist(), rows["worker"].tolist(), strict=True))
        if len(made._workers) != len(made._index):
            raise IndexFileError(f"{path}: the index and its worker ids do not match")
        return made

    def _checked(self, vectors: NDArray[np.float32], rows: int) -> NDArray[np.float32]:
        matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(rows, -1)
        if matrix.shape[1] != self.dims:
            raise InvalidInputError(f"a profile vector has {self.dims} numbers")
        if not np.isfinite(matrix).all():
            raise InvalidInputError("a profile vector holds a number that is not finite")
        return matrix
