"""Benchmark: the occupation transition matrix (issue 15, item 1).

On a store with official O*NET imported (and, for the wage and growth checks, OEWS wages and
BLS projections), measured in one run:

- reading the features of every occupation through the store adapter (not part of the 20 s
  budget: it is done once per release and cached with the matrix);
- the vectorized matrix of every pair (similarity parts, combination, transition scores), best
  of `--repeat` runs;
- the naive baseline: `naive_pair` in a pure Python loop, one pair at a time, over `--naive`
  origin rows against every occupation, extrapolated to the full matrix (the whole loop takes
  minutes); its values are checked against the matrix;
- a cached lookup of one occupation's top 20;
- sanity: the share of viable moves (at most one job zone up) among each occupation's top 20
  that pay at least 75% of the origin's wage, and where the well-known ladders rank;
- talent development roadmaps (issue 15, item 3) of two hand-made employers, a hospital and
  a warehouse, once the matrix is built: their ladders, whether the expected ones come out,
  a missing rung filled between a nursing assistant and a registered nurse, and the median
  time of one roadmap build (`build_roadmap`, the matrix cached) over `--roadmap-runs` runs.

Open a copy of the store (opening one runs migrations):

    cp -r /tmp/onet1m /tmp/onet-pathways
    ONRAMP_HOME=/tmp/onet-pathways onramp wages import oews-2025.sqlite    # optional
    ONRAMP_HOME=/tmp/onet-pathways onramp taxonomy import bls-projections \
        ../shared/data/onet/bls_ep/ep_table_1_2_occupational_projections_2024_34.csv
    ONRAMP_HOME=/tmp/onet-pathways .venv/bin/python bench/pathways.py

Results go to bench/results/pathways.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from onramp.jobs.model import CareerLevel, Job, JobDraft, JobState, PayRange
from onramp.pathways import TransitionConfig, TransitionMatrix, build_matrix, load_features
from onramp.pathways.roadmap import build_roadmap
from onramp.pathways.similarity import naive_similarity

RESULTS = Path(__file__).resolve().parent / "results"
LADDERS = (
    ("31-1131.00", "29-2061.00"),  # nursing assistants -> licensed practical nurses
    ("29-2061.00", "29-1141.00"),  # licensed practical nurses -> registered nurses
    ("41-2031.00", "43-4051.00"),  # retail salespersons -> customer service representatives
    ("43-4051.00", "41-1011.00"),  # customer service -> first-line supervisors of retail sales
    ("41-2031.00", "41-1011.00"),  # retail salespersons -> first-line supervisors (direct)
)
TOP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="matrix builds (best is kept)")
    parser.add_argument("--naive", type=int, default=40, help="origin rows of the naive loop")
    parser.add_argument("--workers", type=int, default=50, help="synthetic workers (item 2)")
    parser.add_argument("--only-workers", action="store_true", help="only worker pathways (item 2)")
    parser.add_argument("--roadmap-runs", type=int, default=21, help="roadmap builds timed")
    args = parser.parse_args()
    from onramp.cli.common import engine

    store = engine()
    config = TransitionConfig()
    if args.only_workers:
        from onramp.pathways import transition_matrix

        started = time.perf_counter()
        cached = transition_matrix(store, config)
        print(f"matrix read and built in {time.perf_counter() - started:.1f} s")
        _write_workers(worker_bench(store, cached, args.workers))
        return
    started = time.perf_counter()
    features, lacks = load_features(store, config)
    read_seconds = time.perf_counter() - started
    n = len(features)

    builds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        matrix = build_matrix(features, config, lacks)
        builds.append(time.perf_counter() - started)
    matrix_seconds = min(builds)

    rows = np.random.default_rng(1).choice(n, size=min(args.naive, n), replace=False)
    started = time.perf_counter()
    naive = naive_similarity(features, config, [int(r) for r in rows])
    naive_sample = time.perf_counter() - started
    naive_full = naive_sample * n / len(rows)
    max_diff = float(np.abs(naive - matrix.similarity[rows]).max())

    started = time.perf_counter()
    for code in matrix.codes[:100]:
        matrix.top(code, TOP)
    lookup_ms = (time.perf_counter() - started) * 1000 / 100

    viable, paying = _paying(matrix)
    # the same check with pay left out of the score (similarity and zones only), to show how
    # much of the share the wage part of the score makes
    plain = replace(config, wage_share=0.0, growth_share=0.0, wage_cut=1.0)
    plain_viable, plain_paying = _paying(build_matrix(features, plain, lacks))
    ranks = {}
    for origin, target in LADDERS:
        order = [t.to_code for t in matrix.top(origin, n)]
        ranks[f"{origin} -> {target}"] = order.index(target) + 1
    result = {
        "occupations": n,
        "cores": os.cpu_count(),
        "lacks": [lack.value for lack in matrix.lacks],
        "read_seconds": round(read_seconds, 2),
        "matrix_seconds": round(matrix_seconds, 3),
        "matrix_runs": [round(b, 3) for b in builds],
        "naive_rows": len(rows),
        "naive_sample_seconds": round(naive_sample, 2),
        "naive_full_seconds_extrapolated": round(naive_full, 1),
        "speedup": round(naive_full / matrix_seconds, 1),
        "naive_max_difference": max_diff,
        "top20_lookup_ms": round(lookup_ms, 3),
        "viable_top20_with_wages": viable,
        "viable_top20_paying_75pct": round(paying / viable, 4) if viable else None,
        "viable_top20_paying_75pct_without_pay_in_score": (
            round(plain_paying / plain_viable, 4) if plain_viable else None
        ),
        "ladder_ranks": ranks,
        "roadmaps": _roadmaps(matrix, args.roadmap_runs),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pathways.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    from onramp.pathways import transition_matrix

    _write_workers(worker_bench(store, transition_matrix(store, config), args.workers))


def _write_workers(result: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(result, indent=2) + "\n"
    (RESULTS / "pathways_worker.json").write_text(text, encoding="utf-8")
    print(text)


# Hand-made employers: (title, O*NET-SOC code, career level, hourly pay)
HOSPITAL = (
    ("Nursing Assistant", "31-1131.00", CareerLevel.ENTRY, 18.0),
    ("Licensed Practical Nurse", "29-2061.00", CareerLevel.DEVELOPING, 28.0),
    ("Registered Nurse", "29-1141.00", CareerLevel.PROFICIENT, 42.0),
    ("Patient Services Representative", "43-4051.00", CareerLevel.ENTRY, 18.0),
    ("Medical Secretary", "43-6013.00", CareerLevel.ENTRY, 19.0),
    ("Patient Services Supervisor", "43-1011.00", CareerLevel.SENIOR, 28.0),
    ("Environmental Services Associate", "37-2011.00", CareerLevel.ENTRY, 17.5),
)
WAREHOUSE = (
    ("Order Picker", "53-7065.00", CareerLevel.ENTRY, 17.0),
    ("Warehouse Associate", "53-7062.00", CareerLevel.ENTRY, 18.0),
    ("Warehouse Lead", "53-7062.00", CareerLevel.PROFICIENT, 21.0),
    ("Forklift Operator", "53-7051.00", CareerLevel.DEVELOPING, 20.0),
    ("Warehouse Supervisor", "53-1042.00", CareerLevel.SENIOR, 27.0),
)
GAP = (HOSPITAL[0], HOSPITAL[2])  # a nursing assistant and a registered nurse, no LPN
EXPECTED = {
    "hospital": ("31-1131.00", "29-2061.00", "29-1141.00"),
    "warehouse": ("53-7062.00", "53-1042.00"),
    "gap": ("31-1131.00", "29-2061.00", "29-1141.00"),
}


def _jobs(spec: tuple[tuple[str, str, CareerLevel, float], ...]) -> list[Job]:
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    return [
        Job(
            id=f"job-{n}",
            org_id="bench",
            org_name="Bench",
            draft=JobDraft(
                title=title,
                occupations=(code,),
                career_level=level,
                pay=PayRange(low=pay, high=pay + 2),
            ),
            state=JobState.OPEN,
            history=(),
            created_at=moment,
            updated_at=moment,
        )
        for n, (title, code, level, pay) in enumerate(spec)
    ]


def _in_order(codes: list[str], wanted: tuple[str, ...]) -> bool:
    """Whether `wanted` appear in `codes` in that order (other rungs may sit between)."""
    found = iter(codes)
    return all(code in found for code in wanted)


def _roadmaps(matrix: TransitionMatrix, runs: int) -> dict[str, object]:
    """The roadmaps of the hand-made employers on the cached matrix (see the docstring)."""
    out: dict[str, object] = {}
    for name, spec in (("hospital", HOSPITAL), ("warehouse", WAREHOUSE), ("gap", GAP)):
        jobs = _jobs(spec)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            roadmap = build_roadmap("bench", name, jobs, matrix, lambda _uris: {})
            times.append((time.perf_counter() - started) * 1000)
        ladders = [
            [f"{r.occupation} {r.title}{'' if r.here else ' (not here yet)'}" for r in f.rungs]
            for f in roadmap.families
        ]
        out[name] = {
            "ladders": ladders,
            "up_and_out": {
                f.name: [f"{m.code} {m.title}" for m in f.up_and_out] for f in roadmap.families
            },
            "expected_ladder_found": any(
                _in_order([r.occupation for r in f.rungs], EXPECTED[name]) for f in roadmap.families
            ),
            "build_ms_median": round(statistics.median(times), 2),
        }
    return out


def _paying(matrix: TransitionMatrix) -> tuple[int, int]:
    """(viable moves among each occupation's top 20 with both wages known, those paying at
    least 75% of the origin's wage)."""
    viable = paying = 0
    for code in matrix.codes:
        for move in matrix.top(code, TOP):
            if move.viable and move.job_zone_change is not None and move.wage_ratio is not None:
                viable += 1
                paying += move.wage_ratio >= 0.75
    return viable, paying


# -- worker pathways (issue 15, item 2) ---------------------------------------------------------
WORKER_EMAIL = "bench-worker@pathways.example"


def worker_bench(store: Any, matrix: TransitionMatrix, samples: int) -> dict[str, Any]:
    """One worker's pathways and the three-step search, on `samples` synthetic workers (each
    holds most of a random occupation's skills, some a level lower), against pure Python
    loops over the same work measured in the same run; then the use case end to end (store
    reads included) for one real worker."""
    from onramp.market.area_pay import Pay
    from onramp.pathways.search import search
    from onramp.pathways.worker import (
        PathwayConfig,
        build_index,
        naive_fit,
        next_steps_and_stretch,
        score_worker,
    )
    from onramp.pathways.worker_views import step_view

    config = PathwayConfig()
    started = time.perf_counter()
    index = build_index(matrix, config)
    index_seconds = time.perf_counter() - started
    rng = np.random.default_rng(2)
    n = len(matrix.features)

    def pay_of(code: str) -> Pay | None:
        wage = matrix.features[matrix.index(code)].wage
        return None if wage is None else Pay(wage, "the whole country", False)

    one, naive_one, searches, naive_searches, steps = [], [], [], [], []
    for _ in range(samples):
        origin = int(rng.integers(n))
        held = {
            s.uri: float(max(1, s.level - int(rng.integers(0, 2))))
            for s in matrix.features[origin].skills
            if rng.random() < 0.8
        }
        code = matrix.features[origin].code
        started = time.perf_counter()
        scores = score_worker(matrix, index, held, [code], config)
        nexts, stretch = next_steps_and_stretch(index, scores, config)
        for j in [*nexts, *stretch]:
            step_view(
                matrix, index, scores, held, None, j, pay_of=pay_of, programs={}, config=config
            )
        one.append(time.perf_counter() - started)
        started = time.perf_counter()
        naive_fit(matrix, held, config)
        naive_one.append(time.perf_counter() - started)
        target = int(rng.integers(n))
        while target == origin:
            target = int(rng.integers(n))
        started = time.perf_counter()
        found = search(matrix, index, scores, target, config)
        searches.append(time.perf_counter() - started)
        steps.append(max(len(f.path) - 1 for f in found))
        started = time.perf_counter()
        _naive_search(matrix, index, scores, origin, target, config)
        naive_searches.append(time.perf_counter() - started)
    return {
        "samples": samples,
        "index_seconds": round(index_seconds, 3),
        "edges_per_occupation": round(float(index.edge.sum()) / n, 1),
        "one_worker_ms_median": round(1000 * float(np.median(one)), 2),
        "one_worker_naive_fit_ms_median": round(1000 * float(np.median(naive_one)), 2),
        "three_step_search_ms_median": round(1000 * float(np.median(searches)), 2),
        "three_step_search_ms_max": round(1000 * float(np.max(searches)), 2),
        "three_step_naive_loop_ms_median": round(1000 * float(np.median(naive_searches)), 2),
        "longest_pathway_found_steps": int(max(steps)),
        "use_case": _use_case_bench(store, matrix),
    }


def _naive_search(
    matrix: TransitionMatrix, index: Any, scores: Any, start: int, target: int, config: Any
) -> float:
    """The same paths and objective as `search`, one path at a time in Python."""
    from onramp.pathways.search import RISK_FLOOR
    from onramp.pathways.worker import detour_gaps, preparation_months

    zones, lw = index.zones, scores.log_wages
    gaps = detour_gaps(index, scores.short, target)
    gaps[target] = scores.gaps[target]
    edge = index.edge

    def gain(j: int) -> float:
        value = lw[j] - scores.start_log_wage
        return 0.0 if np.isnan(value) else float(value)

    def cost(i: int, j: int) -> float:
        months = preparation_months(float(zones[i]), float(zones[j]), config)
        return (
            config.months_weight * months
            - config.risk_weight * np.log(max(matrix.score[i, j], RISK_FLOOR))
            + config.gap_weight * gaps[j]
        )

    n = len(matrix.features)
    best = -np.inf
    if edge[start, target]:
        best = gain(target) - cost(start, target)
    for a in range(n):
        if a in (start, target) or not edge[start, a]:
            continue
        if edge[a, target]:
            value = (gain(a) + gain(target)) / 2 - cost(start, a) - cost(a, target)
            best = max(best, value)
        for b in range(n):
            if b in (start, target, a) or not edge[a, b] or not edge[b, target]:
                continue
            value = (gain(a) + gain(b) + gain(target)) / 3
            best = max(best, value - cost(start, a) - cost(a, b) - cost(b, target))
    return float(best)


def _use_case_bench(store: Any, matrix: TransitionMatrix, calls: int = 20) -> dict[str, Any]:
    """`WorkerPathways.mine` for one worker with a past job, once the matrix is cached: the
    worker's evidence, past jobs and profile from the store, pay where they live, programs."""
    from datetime import date

    from onramp.config import get_settings
    from onramp.credentials.service import CredentialService
    from onramp.jobs.service import Jobs
    from onramp.matching.services import matching_services
    from onramp.pathways.worker_service import WorkerPathways, matrix_and_index
    from onramp.platform import Platform

    secrets = get_settings().effective_secrets_dir  # the store's own: the worker's keys are sealed
    platform = Platform(store, secrets_dir=secrets)
    credentials = CredentialService(
        store, platform.mailer, platform.consents, secrets_dir=secrets,
        public_url="http://127.0.0.1",
    )  # fmt: skip
    jobs = Jobs(store, platform.consents, credentials.wallet)
    books = matching_services(store, platform.consents, credentials.wallet, jobs).evidence
    user = platform.accounts.user_by_email(WORKER_EMAIL)
    if user is None:
        user = platform.accounts.sign_up(WORKER_EMAIL, "bench password 1", "Bench Worker")
        worker = platform.accounts.principal(user)
        platform.workers.update(worker, location="Dayton, OH")
        books.add_work_history(
            worker, title="Nursing assistant", occupation_code=LADDERS[0][0],
            started_on=date(2021, 1, 1),
        )  # fmt: skip
    worker = platform.accounts.principal(user)
    pathways = WorkerPathways(store, books, platform.workers, public_url="http://127.0.0.1")
    started = time.perf_counter()
    matrix_and_index(store)  # the matrix is cached; this builds the index beside it
    warm = time.perf_counter() - started
    mine, aimed = [], []
    for _ in range(calls):
        started = time.perf_counter()
        pathways.mine(worker)
        mine.append(time.perf_counter() - started)
        started = time.perf_counter()
        view = pathways.mine(worker, target=LADDERS[1][1])
        aimed.append(time.perf_counter() - started)
    return {
        "calls": calls,
        "index_build_seconds": round(warm, 2),
        "mine_ms_median": round(1000 * float(np.median(mine)), 1),
        "mine_with_target_ms_median": round(1000 * float(np.median(aimed)), 1),
        "pay_note": view.pay_note,
        "pathway_to_rn": [[s.code for s in p.steps] for p in view.pathways],
    }


if __name__ == "__main__":
    main()
