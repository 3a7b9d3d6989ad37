"""Benchmark: ranking candidates for a job among a synthetic state population (issue 14,
item 7), with the vector index libraries compared in one run (decisions/0019).

For N workers drawn by `onramp demo population` (seed 1) from the occupations of an O*NET
store, and Q jobs (occupations drawn at random, their builder requirements):

- baselines measured in the same run: the brute-force scan of every profile vector (numpy,
  one thread), and the brute-force exact scan of every worker's covered share of the job
  (a sparse product over exact (skill, level) support, no hashing, no index);
- per index, in a fresh process each (so peak memory is its own): build time, memory,
  query p50/p95 for the top `multiple` x K candidates, recall of the exact top-N, recall of
  the exact top-K (covered share) among the candidates, and the time to add, update and
  remove one worker. `onramp` is the product's exact cell index (`onramp.matching.index`),
  built from every worker's sketch as the store's `sync` reads them; the others (usearch,
  hnswlib, FAISS) are vector libraries given the hashed sketches (`matching_hashing`);
- with the `onramp` index saved and loaded again: the whole ranking, index candidates then
  the exact score of the scoring core, p50/p95, and explaining one match (see
  `bench/matching_eval.py`).

The store needs official O*NET imported (never read at run time):

    ONRAMP_HOME=/tmp/onet onramp taxonomy import onet ../shared/data/onet/29.3 --no-embed
    ONRAMP_HOME=/tmp/onet .venv/bin/python bench/matching.py              # 1,000,000 workers
    ONRAMP_HOME=/tmp/onet .venv/bin/python bench/matching.py --n 50000    # a quick run

The population is drawn once and cached in bench/results/ (about 15 minutes for 1M on one
core). Results go to bench/results/matching-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matching_data import (
    RESULTS,
    Drawn,
    job_of,
    occupations,
    percentiles,
    population_vectors,
    vectors_for,
)
from matching_hashing import job_vector
from matching_libraries import library
from onramp.matching.index import INDEX_FILE
from onramp.matching.population import OccupationSkills
from onramp.matching.vectors import Need, level_weights, needs_of

HERE = Path(__file__).resolve().parent
DIMENSIONS = 512  # hashed sketch size for the vector libraries (decisions/0019)
CHANGES = 200  # incremental adds, updates and removes timed per library


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def job_needs(found: list[OccupationSkills], queries: int, seed: int = 11) -> list[list[Need]]:
    rng = random.Random(seed)
    chosen = rng.sample(range(len(found)), queries)
    return [needs_of(job_of(found[i]).requirements) for i in chosen]


def cell_weights(needs: list[Need], cells: dict[str, int]) -> np.ndarray:
    """The job as weights over exact (skill, level) cells: the sketch's score, unhashed."""
    weights = np.zeros(len(cells), dtype=np.float32)
    total = sum(n.weight for n in needs)
    for need in needs:
        for step, share in enumerate(level_weights(need.level), 1):
            column = cells.get(f"{need.skill}\x1f{step}")
            if column is not None:
                weights[column] += need.weight * share / total
    return weights


def top(scores: np.ndarray, n: int) -> np.ndarray:
    part = np.argpartition(-scores, n)[:n]
    return part[np.argsort(-scores[part], kind="stable")]


def ground_truth(
    drawn: Drawn, needs: list[list[Need]], k: int, n: int, dims: int
) -> dict[str, Any]:
    """The exact answers and the two brute-force scans, timed."""
    jobs = np.stack([job_vector(j, dims) for j in needs])
    flat_ms, exact_ms, flat_top, exact_top, exact_top_n = [], [], [], [], []
    for job, job_needs_ in zip(jobs, needs, strict=True):
        started = time.perf_counter()
        scores = drawn.vectors @ job
        flat_top.append(top(scores, n))
        flat_ms.append((time.perf_counter() - started) * 1000)
        weights = cell_weights(job_needs_, drawn.cells)
        started = time.perf_counter()
        covered = drawn.support @ weights
        exact_top.append(top(covered, k))
        exact_ms.append((time.perf_counter() - started) * 1000)
        exact_top_n.append(top(covered, n))
    sketch_recall = [
        len(set(e.tolist()) & set(f.tolist())) / k for e, f in zip(exact_top, flat_top, strict=True)
    ]
    return {
        "jobs": jobs,
        "flat_top": np.stack(flat_top),
        "exact_top": np.stack(exact_top),
        "exact_top_n": np.stack(exact_top_n),
        "report": {
            "brute_force_vector_scan_ms": percentiles(flat_ms),
            "brute_force_exact_scan_ms": percentiles(exact_ms),
            "sketch_recall_exact_top_k_in_flat_top_n": round(statistics.mean(sketch_recall), 4),
        },
    }


def measure_library(name: str, truth_path: Path, vectors_path: Path, save: Path | None) -> None:
    """Run in a fresh process: build one index and measure it; print JSON."""
    truth = np.load(truth_path)
    before = rss_mb()
    if name == "onramp":
        target, n_rows, dims, build = _build_cell_index(truth_path)
        top_n = truth["exact_top_n"]
    else:
        vectors = np.load(vectors_path)
        n_rows, dims = vectors.shape
        before = rss_mb()
        started = time.perf_counter()
        target = library(name, dims)
        target.build(vectors, np.arange(n_rows, dtype=np.uint64))
        build = time.perf_counter() - started
        top_n = truth["flat_top"]
    after = rss_mb()
    exact_top = truth["exact_top"]
    needs = _needs(truth_path)
    n, k = top_n.shape[1], exact_top.shape[1]
    query_ms, ann_recall, pipeline_recall = [], [], []
    for job, job_needs_, flat, exact in zip(truth["jobs"], needs, top_n, exact_top, strict=True):
        started = time.perf_counter()
        if name == "onramp":
            found = np.array([int(c.worker) for c in target.candidates(job_needs_, n)])
        else:
            found = target.query(job, n)
        query_ms.append((time.perf_counter() - started) * 1000)
        got = set(found.tolist())
        ann_recall.append(len(got & set(flat.tolist())) / n)
        pipeline_recall.append(len(got & set(exact.tolist())) / k)
    changes = _changes(name, target, n_rows, dims)
    report: dict[str, Any] = {
        "library": name,
        "workers": n_rows,
        "dims": dims,
        "build_seconds": round(build, 1),
        "rss_mb_before_build": round(before),
        "rss_mb_after_build": round(after),
        "index_mb": round(after - before),
        "peak_rss_mb": round(rss_mb("VmHWM")),
        "query_ms": percentiles(query_ms),
        "candidates": n,
        "recall_of_exact_top_n": round(statistics.mean(ann_recall), 4),
        "recall_of_exact_top_k": round(statistics.mean(pipeline_recall), 4),
        "change_ms": {what: percentiles(ms) for what, ms in changes.items() if ms},
    }
    if name == "onramp":
        started = time.perf_counter()
        target.compact()  # fold the side table of changes into the rows
        report["compact_seconds"] = round(time.perf_counter() - started, 1)
    if save is not None and name == "onramp":
        started = time.perf_counter()
        target.save(save)
        report["save_seconds"] = round(time.perf_counter() - started, 1)
        report["file_mb"] = round(save.stat().st_size / 2**20)
    print(json.dumps(report))


def _support_path(truth_path: Path) -> Path:
    return truth_path.with_name(truth_path.name.replace("truth", "support"))


def _needs(truth_path: Path) -> list[list[Need]]:
    saved = json.loads(truth_path.with_suffix(".needs.json").read_text())
    return [[Need(*need) for need in job] for job in saved]


def _build_cell_index(truth_path: Path) -> tuple[Any, int, int, float]:
    """The product's index, built the way `ProfileVectors.sync` builds it: every worker's
    stored sketch read one at a time (here from the drawn support instead of the store)."""
    from onramp.matching.index import ProfileIndex

    with np.load(_support_path(truth_path), allow_pickle=False) as saved:
        support = sparse.csr_matrix(
            (saved["data"], saved["indices"], saved["indptr"]), shape=tuple(saved["shape"])
        )
        names = [str(c).rsplit("\x1f", 1) for c in saved["cells"]]
    columns = [(skill, int(level) - 1) for skill, level in names]

    def sketches() -> Any:
        indptr, indices, data = support.indptr, support.indices, support.data
        for row in range(support.shape[0]):
            start, end = indptr[row], indptr[row + 1]
            levels: dict[str, list[float]] = {}
            for column, value in zip(
                indices[start:end].tolist(), data[start:end].tolist(), strict=True
            ):
                skill, step = columns[column]
                levels.setdefault(skill, [0.0] * 5)[step] = value
            yield str(row), levels

    index = ProfileIndex()
    started = time.perf_counter()
    index.upsert_many(sketches())
    build = time.perf_counter() - started
    return index, support.shape[0], len(columns), build


def _changes(name: str, target: Any, n_rows: int, dims: int) -> dict[str, list[float]]:
    """Time adding, updating and removing one worker, `CHANGES` times each."""
    rng = np.random.default_rng(5)
    changes: dict[str, list[float]] = {"add": [], "update": [], "remove": []}
    for i in range(CHANGES):
        key, old = n_rows + i, int(rng.integers(n_rows))
        if name == "onramp":
            fresh: Any = {f"https://example.org/s{j}": [0.9, 0.5] for j in range(25)}
        else:
            fresh = rng.random(dims, dtype=np.float32)
        for what, change, changed in (("add", _add, key), ("update", _update, old)):
            started = time.perf_counter()
            try:
                change(name, target, changed, fresh)
            except NotImplementedError:
                continue
            changes[what].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        try:
            _remove(name, target, key)
        except NotImplementedError:
            continue
        changes["remove"].append((time.perf_counter() - started) * 1000)
    return changes


def _add(name: str, target: Any, key: int, vector: Any) -> None:
    if name == "onramp":
        target.upsert(str(key), vector)
    else:
        target.add(vector.reshape(1, -1), np.array([key], dtype=np.uint64))


def _update(name: str, target: Any, key: int, vector: Any) -> None:
    if name == "onramp":
        target.upsert(str(key), vector)
    else:
        target.update(vector.reshape(1, -1), np.array([key], dtype=np.uint64))


def _remove(name: str, target: Any, key: int) -> None:
    if name == "onramp":
        target.remove(str(key))
    else:
        target.remove(np.array([key], dtype=np.uint64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=50, help="jobs asked for")
    parser.add_argument("--top", type=int, default=50, help="K: workers shown")
    parser.add_argument("--multiple", type=int, default=10, help="candidates per worker shown")
    parser.add_argument("--dims", type=int, default=DIMENSIONS)
    parser.add_argument("--libraries", default="onramp,usearch,hnswlib,faiss-ivf")
    parser.add_argument("--no-ranking", action="store_true", help="skip the whole-ranking part")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    truth_path = RESULTS / f"matching-truth-{args.n}.npz"
    vectors_path = RESULTS / f"matching-vectors-{args.n}-{args.seed}-{args.dims}.npy"
    if args.measure:
        measure_library(args.measure, truth_path, vectors_path, args.save)
        return
    from onramp.cli.common import engine

    found = occupations(engine())
    print(f"{len(found)} occupations; drawing or loading {args.n:,} workers", flush=True)
    drawn = population_vectors(found, args.n, args.seed)
    if args.dims != drawn.vectors.shape[1]:
        drawn.vectors = vectors_for(drawn, args.dims)
    np.save(vectors_path, drawn.vectors)
    names = sorted(drawn.cells, key=drawn.cells.__getitem__)
    np.savez(
        _support_path(truth_path),
        data=drawn.support.data,
        indices=drawn.support.indices,
        indptr=drawn.support.indptr,
        shape=np.array(drawn.support.shape),
        cells=np.array(names, dtype=np.str_),
    )
    needs = job_needs(found, args.queries)
    truth_path.with_suffix(".needs.json").write_text(
        json.dumps([[[n.skill, n.level, n.weight] for n in job] for job in needs])
    )
    truth = ground_truth(drawn, needs, args.top, args.top * args.multiple, args.dims)
    np.savez(truth_path, **{k: v for k, v in truth.items() if k != "report"})
    report: dict[str, Any] = {
        "workers": args.n,
        "jobs": args.queries,
        "top": args.top,
        "multiple": args.multiple,
        "dims": args.dims,
        "draw_ms_per_worker": round(drawn.seconds_per_worker * 1000, 3),
        **truth["report"],
        "libraries": [],
    }
    print(json.dumps(truth["report"]), flush=True)
    del drawn
    index_path = RESULTS / "matching-index" / INDEX_FILE
    for name in args.libraries.split(","):
        command = [sys.executable, __file__, "--n", str(args.n), "--seed", str(args.seed)]
        command += ["--dims", str(args.dims), "--measure", name, "--save", str(index_path)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(row), flush=True)
        report["libraries"].append(row)
    try:
        from matching_eval import ranking_speed
    except ImportError:
        ranking_speed = None
    if ranking_speed is not None and index_path.exists() and not args.no_ranking:
        report["ranking"] = ranking_speed(found, index_path, args)
        print(json.dumps(report["ranking"]), flush=True)
    out = RESULTS / f"matching-{args.n}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
