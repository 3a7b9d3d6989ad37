"""The profile index: the pre-filter that lets ranking reach millions of workers (issue 14,
item 7; decisions/0019 says why an exact index over cells, with the measurements).

Ranking is two steps. The index returns the `CANDIDATE_MULTIPLE` x K workers whose sketches
(`onramp.matching.vectors`) have the largest inner product with the job's sketch; the core
then scores those candidates exactly and explainably, and the best K are shown.

The index holds every worker's sketch as one row of a SciPy compressed sparse row matrix:
about 64 numbers a worker (8 bytes each), so 1,000,000 workers take about 0.5 GB. A query is
one compiled sparse product over the rows, split over the machine's cores, and its answer is
exact: no worker whose sketch scores higher is ever left out. (Approximate graph and cluster
indexes were measured and left out 48% of the best; decisions/0019.) The product reads every
stored number, so its time grows with the population: about 30 ms a million on two cores.

Changes go to a small side table first (`upsert`, `remove`: one worker in well under a
millisecond); `compact` folds them into the rows, and `sync`, `save` and large batches call
it. The index is saved to one file under the configured home, beside the store
(`default_path`), with its worker ids and cell names, so a file is never read as another.
"""

from __future__ import annotations

import os
import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from onramp.config import Settings
from onramp.errors import InvalidInputError, OnrampError
from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.vectors import Need, Support, job_weights

CANDIDATE_MULTIPLE = 10  # candidates scored exactly per worker shown (decisions/0019)
COMPACT_ABOVE = 5_000  # workers changed since the last compaction before `sync` folds them in
BULK = 1_000  # a batch this large goes straight into the columns
THREADS = 2  # a query's sparse product is split over at most this many threads
AMONG_SLACK = 4  # asked for among a large pool: look this many times deeper, then filter
INDEX_FILE = "profiles.index.npz"
FORMAT = 2  # 1 was the usearch graph over hashed vectors (decisions/0019)


class IndexFileError(OnrampError):
    """The index file is missing, damaged, or of another kind."""


@dataclass(frozen=True, slots=True)
class Candidate:
    worker: str
    similarity: float


def default_path(settings: Settings) -> Path:
    """Where the index lives: `<home>/matching/profiles.index.npz`, beside the SQLite store
    and the cache (with PostgreSQL, on the application host's disk)."""
    return (settings.home / "matching" / INDEX_FILE).resolve()


def _cell_name(skill: str, level: int) -> str:
    return f"{skill}\x1f{level}"


class ProfileIndex:
    """Workers' sketches, searchable by inner product with a job's sketch."""

    def __init__(self) -> None:
        self._cells: dict[str, int] = {}  # cell name -> column
        self._rows: dict[str, int] = {}  # worker -> row
        self._workers: list[str | None] = []  # row -> worker; None once replaced or removed
        self._base = sparse.csr_array((0, 0), dtype=np.float32)  # rows [0, base rows)
        self._blocks: list[sparse.csr_array] = []  # the base in row blocks, one per thread
        self._current = np.zeros(0, dtype=bool)  # base rows that still hold a live worker
        self._side: dict[int, dict[int, float]] = {}  # rows after the base: column -> value
        self._side_columns: dict[int, dict[int, float]] = {}  # column -> row -> value
        self._lock = threading.RLock()
        self._threads = min(THREADS, os.cpu_count() or 1)
        self._pool: ThreadPoolExecutor | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, worker: object) -> bool:
        return isinstance(worker, str) and worker in self._rows

    def workers(self) -> list[str]:
        """Every worker the index holds."""
        with self._lock:
            return list(self._rows)

    @property
    def pending(self) -> int:
        """Workers changed since the last compaction."""
        return len(self._side)

    # -- changes ------------------------------------------------------------------------
    def upsert(self, worker: str, support: Support) -> None:
        """Add a worker's sketch, or replace it when their profile changed."""
        self.upsert_many([(worker, support)])

    def upsert_many(self, sketches: Iterable[tuple[str, Support]]) -> int:
        """Add or replace many workers' sketches, read one at a time (a million fit: only
        numbers are kept while reading); how many. All are checked before any is stored."""
        workers: list[str] = []
        lengths: list[int] = []
        local: dict[str, int] = {}  # cell name -> number in this batch (few distinct names)
        cells_read = array("i")
        values = array("f")
        for worker, support in sketches:
            cells = self._checked(support)
            workers.append(worker)
            lengths.append(len(cells))
            cells_read.extend(local.setdefault(name, len(local)) for name, _ in cells)
            values.extend(value for _, value in cells)
        if len(set(workers)) != len(workers):
            raise InvalidInputError("the same worker is listed twice")
        with self._lock:
            for worker in workers:
                self._drop(worker)
            to_column = np.fromiter(map(self._column, local), np.int32, len(local))
            read = np.frombuffer(cells_read, np.int32) if cells_read else np.zeros(0, np.int32)
            columns = to_column[read] if len(read) else read
            data = np.frombuffer(values, np.float32) if values else np.zeros(0, np.float32)
            if len(workers) >= BULK:
                self._append_to_base(workers, lengths, columns, data)
                return len(workers)
            start = 0
            for worker, length in zip(workers, lengths, strict=True):
                row = len(self._workers)
                self._workers.append(worker)
                self._rows[worker] = row
                row_cells: dict[int, float] = dict(
                    zip(
                        columns[start : start + length].tolist(),
                        data[start : start + length].tolist(),
                        strict=True,
                    )
                )
                start += length
                self._side[row] = row_cells
                for column, value in row_cells.items():
                    self._side_columns.setdefault(column, {})[row] = value
        return len(workers)

    def remove(self, worker: str) -> bool:
        """Take a worker out (their consent ended, or they left). False if absent."""
        with self._lock:
            return self._drop(worker)

    def compact(self) -> None:
        """Fold the side table into the rows and drop replaced rows: rows are numbered
        again from 0, so this costs a pass over the whole index (seconds at a million)."""
        with self._lock:
            live = [w for w in self._workers if w is not None]
            matrix = self._matrix()
            keep = np.fromiter(
                (w is not None for w in self._workers), dtype=bool, count=len(self._workers)
            )
            self._set_base(matrix[np.flatnonzero(keep)])
            self._workers = list(live)
            self._rows = {w: i for i, w in enumerate(live)}
            self._current = np.ones(len(live), dtype=bool)
            self._side, self._side_columns = {}, {}

    # -- queries ------------------------------------------------------------------------
    def candidates(
        self, needs: Iterable[Need], n: int, among: Collection[str] | None = None
    ) -> list[Candidate]:
        """The `n` workers whose sketches have the largest inner product with the job's,
        best first, among the workers in `among` when it is given (who applied to the job or
        share with its employer). Workers with nothing in common with the job are never
        returned. The answer is exact: nobody scoring higher is left out."""
        if n < 1:
            raise InvalidInputError("ask for one candidate or more")
        weights = job_weights(needs)
        with self._lock:
            columns = {
                self._cells[_cell_name(skill, level)]: weight
                for (skill, level), weight in weights.items()
                if _cell_name(skill, level) in self._cells
            }
            if among is not None and len(among) * 2 < len(self._rows):  # a small pool
                rows = np.fromiter(
                    (r for r in map(self._rows.get, among) if r is not None), np.int64
                )
                scores = self._scores(columns, rows)
                order = self._best(scores, rows[scores[rows] > 0], n).tolist()
            else:
                scores = self._scores(columns)
                wanted = n if among is None else n * AMONG_SLACK
                order = self._top(scores, wanted).tolist()
                if among is not None:
                    kept = [r for r in order if self._workers[r] in among]
                    if len(kept) < n and len(order) == wanted:  # there may be more further down
                        every = self._top(scores, len(scores)).tolist()
                        kept = [r for r in every if self._workers[r] in among]
                    order = kept
            return [Candidate(str(self._workers[r]), float(scores[r])) for r in order[:n]]

    @staticmethod
    def _top(scores: NDArray[np.float32], n: int) -> NDArray[np.int64]:
        """The rows of the `n` best positive scores, best first."""
        rows = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        rows = rows[scores[rows] > 0]
        return rows[np.argsort(-scores[rows], kind="stable")]

    @staticmethod
    def _best(scores: NDArray[np.float32], rows: NDArray[np.int64], n: int) -> NDArray[np.int64]:
        if len(rows) > n:
            rows = rows[np.argpartition(-scores[rows], n - 1)[:n]]
        return rows[np.argsort(-scores[rows], kind="stable")]

    def rank(
        self,
        needs: Sequence[Need],
        top: int,
        score: Callable[[list[str]], Iterable[tuple[str, float]]],
        multiple: int = CANDIDATE_MULTIPLE,
    ) -> list[tuple[str, float]]:
        """The best `top` workers by the exact `score`, among the index's `multiple` x `top`
        candidates. `score` takes worker ids and returns (id, score) pairs."""
        pool = [c.worker for c in self.candidates(needs, top * multiple)]
        scored = sorted(score(pool), key=lambda pair: (-pair[1], pair[0]))
        return scored[:top]

    # -- files --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index to a new file and move it into place, so a crash never leaves
        half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self.compact()
            part = path.with_name(path.name + ".partial.npz")
            names = sorted(self._cells, key=self._cells.__getitem__)
            np.savez(
                part,
                format=np.array(FORMAT),
                data=self._base.data,
                indices=self._base.indices,
                indptr=self._base.indptr,
                shape=np.array(self._base.shape, dtype=np.int64),
                workers=np.array(self._workers, dtype=np.str_),
                cells=np.array(names, dtype=np.str_),
            )
            os.replace(part, path)

    @classmethod
    def load(cls, path: Path) -> ProfileIndex:
        if not path.is_file():
            raise IndexFileError(f"{path}: no profile index here (run `onramp match index`)")
        try:
            with np.load(path, allow_pickle=False) as saved:
                if int(saved["format"]) != FORMAT:
                    raise IndexFileError(f"{path}: an index of another kind; build it again")
                rows, columns = (int(v) for v in saved["shape"])
                base = sparse.csr_array(
                    (saved["data"], saved["indices"], saved["indptr"]), shape=(rows, columns)
                )
                workers = [str(w) for w in saved["workers"]]
                cells = [str(c) for c in saved["cells"]]
        except (OSError, KeyError, ValueError) as exc:
            raise IndexFileError(f"{path}: the index file cannot be read ({exc})") from exc
        if len(workers) != rows or len(cells) != columns or len(set(workers)) != rows:
            raise IndexFileError(f"{path}: the index and its names do not match")
        made = cls()
        made._set_base(base)
        made._workers = list(workers)
        made._rows = {w: i for i, w in enumerate(workers)}
        made._cells = {c: i for i, c in enumerate(cells)}
        made._current = np.ones(rows, dtype=bool)
        return made

    # -- inside ---------------------------------------------------------------------------
    def _checked(self, support: Support) -> list[tuple[str, float]]:
        cells: list[tuple[str, float]] = []
        for skill, levels in support.items():
            if len(levels) > MAX_LEVEL:
                raise InvalidInputError(f"{skill}: support is given for levels 1 to 5 only")
            for level, value in enumerate(levels, 1):
                if not np.isfinite(value) or value < 0:
                    raise InvalidInputError(f"{skill}: support must be a number of 0 or more")
                if value:
                    cells.append((_cell_name(skill, level), float(value)))
        return cells

    def _column(self, name: str) -> int:
        return self._cells.setdefault(name, len(self._cells))

    def _drop(self, worker: str) -> bool:
        row = self._rows.pop(worker, None)
        if row is None:
            return False
        self._workers[row] = None
        if row < len(self._current):
            self._current[row] = False
        for column in self._side.pop(row, {}):
            self._side_columns[column].pop(row, None)
        return True

    def _append_to_base(
        self,
        workers: list[str],
        lengths: list[int],
        columns: NDArray[np.int32],
        data: NDArray[np.float32],
    ) -> None:
        """A large batch: fold the side table in, then add the batch as new rows."""
        self.compact()
        start = len(self._workers)
        indptr = np.zeros(len(workers) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        width = len(self._cells)
        batch = sparse.csr_array((data, columns, indptr), shape=(len(workers), width))
        old = self._base
        old.resize((old.shape[0], width))
        self._set_base(sparse.vstack([old, batch], format="csr"))
        self._workers.extend(workers)
        for offset, worker in enumerate(workers):
            self._rows[worker] = start + offset
        self._current = np.concatenate([self._current, np.ones(len(workers), dtype=bool)])

    def _set_base(self, matrix: sparse.csr_array) -> None:
        """The rows, canonical, and views of them in one block per thread (no copy)."""
        base = sparse.csr_array(matrix, dtype=np.float32)
        base.sum_duplicates()
        self._base = base
        rows = base.shape[0]
        cuts = [rows * part // self._threads for part in range(self._threads + 1)]
        self._blocks = []
        for start, end in zip(cuts, cuts[1:], strict=False):
            first, last = base.indptr[start], base.indptr[end]
            self._blocks.append(
                sparse.csr_array(
                    (
                        base.data[first:last],
                        base.indices[first:last],
                        base.indptr[start : end + 1] - first,
                    ),
                    shape=(end - start, base.shape[1]),
                    copy=False,
                )
            )

    def _matrix(self) -> sparse.csr_array:
        """Base and side table as one matrix, every row, every cell."""
        width = len(self._cells)
        base = self._base.copy()
        base.resize((base.shape[0], width))
        rows, columns, values = [], [], []
        for row, cells in self._side.items():
            for column, value in cells.items():
                rows.append(row - base.shape[0])
                columns.append(column)
                values.append(value)
        side = sparse.csr_array(
            (np.asarray(values, np.float32), (np.asarray(rows, np.int64), np.asarray(columns))),
            shape=(len(self._workers) - base.shape[0], width),
        )
        return sparse.csr_array(sparse.vstack([base, side], format="csr"))

    def _scores(
        self, columns: Mapping[int, float], rows: NDArray[np.int64] | None = None
    ) -> NDArray[np.float32]:
        """Each row's inner product with the job (only `rows`, when given; the others 0)."""
        base_rows, width = self._base.shape
        scores = np.zeros(len(self._workers), dtype=np.float32)
        job = np.zeros(width, dtype=np.float32)
        for column, weight in columns.items():
            if column < width:
                job[column] = weight
        if base_rows and job.any():
            if rows is not None:
                inside = rows[rows < base_rows]
                scores[inside] = self._base[inside] @ job
            elif len(self._blocks) > 1:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self._threads, "profile-index")
                parts = list(self._pool.map(lambda block: block @ job, self._blocks))
                scores[:base_rows] = np.concatenate(parts)
            else:
                scores[:base_rows] = self._base @ job
            scores[:base_rows][~self._current] = 0.0
        for column, weight in columns.items():
            for row, value in self._side_columns.get(column, {}).items():
                scores[row] += weight * value
        return scores
