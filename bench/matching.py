"""Benchmark: ranking candidates for a job among a synthetic state population (issue 14,
item 7), with the vector index libraries compared in one run (decisions/0019).

For N workers drawn by `onramp demo population` (seed 1) from the occupations of an O*NET
store, and Q jobs (occupations drawn at random, their builder requirements):

- baselines measured in the same run: the brute-force scan of every profile vector (numpy,
  one thread), and the brute-force exact scan of every worker's covered share of the job
  (a sparse product over exact (skill, level) support, no hashing, no index);
- per library, in a fresh process each (so peak memory is its own): build time, memory,
  query p50/p95 for the top `multiple` x K candidates, recall of the exact vector top-N,
  recall of the exact top-K (covered share) among the candidates, and the time to add,
  update and remove one worker;
- with the `onramp` index (`onramp.matching.index`, usearch) saved and loaded again: the whole
  ranking, index candidates then the exact score of the scoring core, p50/p95, and explaining
  one match (see `bench/matching_eval.py`).

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

from matching_data import (
    RESULTS,
    Drawn,
    job_of,
    occupations,
    percentiles,
    population_vectors,
    vectors_for,
)
from matching_libraries import library
from onramp.matching.population import OccupationSkills
from onramp.matching.vectors import DIMENSIONS, Need, job_vector, level_weights, needs_of

HERE = Path(__file__).resolve().parent
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
    flat_ms, exact_ms, flat_top, exact_top = [], [], [], []
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
    sketch_recall = [
        len(set(e.tolist()) & set(f.tolist())) / k for e, f in zip(exact_top, flat_top, strict=True)
    ]
    return {
        "jobs": jobs,
        "flat_top": np.stack(flat_top),
        "exact_top": np.stack(exact_top),
        "report": {
            "brute_force_vector_scan_ms": percentiles(flat_ms),
            "brute_force_exact_scan_ms": percentiles(exact_ms),
            "sketch_recall_exact_top_k_in_flat_top_n": round(statistics.mean(sketch_recall), 4),
        },
    }


def measure_library(name: str, truth_path: Path, vectors_path: Path, save: Path | None) -> None:
    """Run in a fresh process: build one library's index and measure it; print JSON."""
    vectors = np.load(vectors_path)
    truth = np.load(truth_path)
    n_rows, dims = vectors.shape
    keys = np.arange(n_rows, dtype=np.uint64)
    before = rss_mb()
    started = time.perf_counter()
    if name == "onramp":
        from onramp.matching.index import ProfileIndex

        index = ProfileIndex(dims, exact_below=0)
        ids = [str(i) for i in range(n_rows)]
        index.upsert_many(ids, vectors)
    else:
        lib = library(name, dims)
        lib.build(vectors, keys)
    build = time.perf_counter() - started
    after = rss_mb()
    jobs, flat_top, exact_top = truth["jobs"], truth["flat_top"], truth["exact_top"]
    n, k = flat_top.shape[1], exact_top.shape[1]
    query_ms, ann_recall, pipeline_recall = [], [], []
    for job, flat, exact in zip(jobs, flat_top, exact_top, strict=True):
        started = time.perf_counter()
        if name == "onramp":
            found = np.array([int(c.worker) for c in index.candidates(job, n)])
        else:
            found = lib.query(job, n)
        query_ms.append((time.perf_counter() - started) * 1000)
        got = set(found.tolist())
        ann_recall.append(len(got & set(flat.tolist())) / n)
        pipeline_recall.append(len(got & set(exact.tolist())) / k)
    rng = np.random.default_rng(5)
    fresh = rng.random((CHANGES, dims), dtype=np.float32) * vectors[:CHANGES].max()
    changes: dict[str, list[float]] = {"add": [], "update": [], "remove": []}
    target = index if name == "onramp" else lib
    for i in range(CHANGES):
        key, old = n_rows + i, int(rng.integers(n_rows))
        for what, change, changed in (("add", _add, key), ("update", _update, old)):
            started = time.perf_counter()
            try:
                change(name, target, changed, fresh[i])
            except NotImplementedError:
                continue
            changes[what].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        try:
            _remove(name, target, key)
        except NotImplementedError:
            continue
        changes["remove"].append((time.perf_counter() - started) * 1000)
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
        "recall_of_vector_top_n": round(statistics.mean(ann_recall), 4),
        "recall_of_exact_top_k": round(statistics.mean(pipeline_recall), 4),
        "change_ms": {what: percentiles(ms) for what, ms in changes.items() if ms},
    }
    if save is not None and name == "onramp":
        started = time.perf_counter()
        index.save(save)
        report["save_seconds"] = round(time.perf_counter() - started, 1)
        report["file_mb"] = round(save.stat().st_size / 2**20)
    print(json.dumps(report))


def _add(name: str, target: Any, key: int, vector: np.ndarray) -> None:
    if name == "onramp":
        target.upsert(str(key), vector)
    else:
        target.add(vector.reshape(1, -1), np.array([key], dtype=np.uint64))


def _update(name: str, target: Any, key: int, vector: np.ndarray) -> None:
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
    parser.add_argument("--libraries", default="onramp,hnswlib,faiss-ivf")
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
    needs = job_needs(found, args.queries)
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
    index_path = RESULTS / "matching-index" / "profiles.usearch"
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
