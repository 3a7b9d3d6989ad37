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
    parser.add_argument("--roadmap-runs", type=int, default=21, help="roadmap builds timed")
    args = parser.parse_args()
    from onramp.cli.common import engine

    store = engine()
    config = TransitionConfig()
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


if __name__ == "__main__":
    main()
