"""Matching accuracy and the whole ranking's speed, with the scoring core (issue 14, goals).

- retrieval: workers drawn from occupation X by `onramp demo population`; every occupation
  of the store is ranked as a job for each worker, by the exact score (coverage only) and by
  the worker's fit order (`MatchRules.fit`: coverage and the share of the worker's skill the
  job uses); top-1, top-5 and MRR of X. The fit weight is chosen on a tuning population (one
  seed) and reported on a separate population (another seed);
- fairness: a population whose group is linked to degree holding (group A holds a degree 40
  points more often) but not to skills; for each of several jobs, the top 50 of all workers
  by the exact score, against the top 50 of degree holders only (what a degree filter does);
  selection rates by group over all jobs, the four-fifths ratio and Fisher's exact test;
- recall: how many of the exact top 50 (the core's score, over every worker) are among the
  index's candidates (the exact sketch over cells), for candidate multiples; and among the
  top by hashed vectors of several sizes, what the vector libraries would see;
- ranking speed (called by `bench/matching.py`): index candidates, then the core's exact
  score, end to end; explaining one match; updating one worker.

    ONRAMP_HOME=/tmp/onet .venv/bin/python bench/matching_eval.py [--workers 300]
        [--only retrieval] [--tune-seed 2] [--report-seed 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import fisher_exact

from matching_data import RESULTS, job_of, occupations, percentiles
from matching_hashing import job_vector, profile_vector
from onramp.matching.index import ProfileIndex
from onramp.matching.population import (
    OccupationSkills,
    PopulationSettings,
    draw_worker,
    population,
    skill_pool,
)
from onramp.matching.scoring import DEFAULT_RULES, JobSpec, SkillProfile, build_profile, match
from onramp.matching.scoring.batch import read_profile_line
from onramp.matching.scoring.match import MatchRules, score_only, score_parts
from onramp.matching.scoring.ranking import related_table
from onramp.matching.scoring.uses import skill_use
from onramp.matching.vectors import needs_of, profile_support, sketch_score

TODAY = PopulationSettings().today
# the grid the tuning split searches; below 1, so the score always counts (`MatchRules`)
FIT_WEIGHTS = tuple(round(0.05 * n, 2) for n in range(20))


def profile_of(line: dict[str, Any], today: date = TODAY) -> SkillProfile:
    _, evidence = read_profile_line(line, "synthetic")
    return build_profile(evidence, today=today)


def exact_scores(job: JobSpec, profiles: Iterable[SkillProfile]) -> list[float]:
    table = related_table(job, [], None)
    return [score_only(job, p, table)[0] for p in profiles]


@dataclass
class Scored:
    """Every job's score parts for each worker of one population, and each worker's source."""

    raw: np.ndarray  # workers x jobs
    blocking: np.ndarray
    uses: np.ndarray
    source: np.ndarray  # the column of each worker's own occupation
    seconds: float


def scored_population(found: list[OccupationSkills], workers: int, seed: int) -> Scored:
    jobs = [job_of(o) for o in found]
    tables = [related_table(job, [], None) for job in jobs]
    column = {o.code: i for i, o in enumerate(found)}
    shape = (workers, len(jobs))
    raw, blocking, uses = np.zeros(shape), np.zeros(shape, np.int32), np.zeros(shape)
    source = np.zeros(workers, np.int32)
    started = time.perf_counter()
    for w, line in enumerate(population(found, workers, seed)):
        profile = profile_of(line)
        source[w] = column[line["synthetic"]["occupation"]]
        for j, (job, table) in enumerate(zip(jobs, tables, strict=True)):
            raw[w, j], _, blocking[w, j] = score_parts(job, profile, table)
            uses[w, j] = skill_use(job, profile).share
    return Scored(raw, blocking, uses, source, time.perf_counter() - started)


def ranks(
    scored: Scored, weight: float, rules: MatchRules = DEFAULT_RULES, full_gate: bool = True
) -> np.ndarray:
    """The rank of each worker's own occupation by fit at `weight` (0: the score alone); a
    tie counts in its favour, as the order among equal fits is by job id. `full_gate=False`
    is the alternative measured beside it: the weighted geometric mean of the gated score and
    `uses`, where a blocking must-have costs the fit only 1 - weight of the gate."""
    if full_gate:  # the core's own formula, over whole arrays at once
        fit = replace(rules, fit_weight=weight).fit(scored.raw, scored.uses, scored.blocking)
    else:
        fit = (scored.raw * rules.gate**scored.blocking) ** (1.0 - weight) * scored.uses**weight
    own = fit[np.arange(len(fit)), scored.source]
    return 1 + (fit > own[:, None]).sum(axis=1)


def accuracy(found_ranks: np.ndarray) -> dict[str, float]:
    return {
        "top1": round(float((found_ranks == 1).mean()), 4),
        "top5": round(float((found_ranks <= 5).mean()), 4),
        "mrr": round(float((1.0 / found_ranks).mean()), 4),
    }


def random_accuracy(jobs: int) -> dict[str, float]:
    """What a random order gets: X is at each rank 1..jobs equally often."""
    return {
        "top1": round(1 / jobs, 4),
        "top5": round(min(5, jobs) / jobs, 4),
        "mrr": round(sum(1 / r for r in range(1, jobs + 1)) / jobs, 4),
    }


def retrieval(
    found: list[OccupationSkills], workers: int, tune_seed: int = 2, report_seed: int = 5
) -> dict[str, Any]:
    """Choose the fit weight by MRR on the tuning population, then report both orders on the
    report population, which played no part in the choice."""
    if tune_seed == report_seed:
        raise ValueError("the tuning and report populations need different seeds")
    tune = scored_population(found, workers, tune_seed)
    report = scored_population(found, workers, report_seed)
    out: dict[str, Any] = {"workers": workers, "occupations": len(found)}
    for name, full_gate in (("fit", True), ("softened_gate", False)):
        curve = {w: accuracy(ranks(tune, w, full_gate=full_gate)) for w in FIT_WEIGHTS}
        chosen = max(FIT_WEIGHTS, key=lambda w: (curve[w]["mrr"], -w))
        out[name] = {
            "chosen_weight": chosen,
            "tuning": curve[chosen],
            "report": accuracy(ranks(report, chosen, full_gate=full_gate)),
            "tuning_mrr_by_weight": {str(w): curve[w]["mrr"] for w in FIT_WEIGHTS},
        }
    out["fit"]["report_at_default_weight"] = accuracy(ranks(report, DEFAULT_RULES.fit_weight))
    out["default_weight"] = DEFAULT_RULES.fit_weight
    out["coverage_only"] = {
        "tuning": accuracy(ranks(tune, 0.0)),
        "report": accuracy(ranks(report, 0.0)),
    }
    out["random"] = random_accuracy(len(found))
    out["seeds"] = {"tuning": tune_seed, "report": report_seed}
    out["seconds"] = round(tune.seconds + report.seconds, 1)
    return out


def fairness(
    found: list[OccupationSkills], workers: int, jobs: int, top: int = 50, seed: int = 3
) -> dict[str, Any]:
    lines = list(population(found, workers, seed))
    profiles = [profile_of(line) for line in lines]
    groups = np.array([line["synthetic"]["group"] for line in lines])
    degrees = np.array([bool(line["synthetic"]["degree"]) for line in lines])
    chosen = random.Random(seed).sample(found, jobs)
    picked = {"skills": np.zeros(2, int), "degree filter": np.zeros(2, int)}
    pools = {"skills": np.zeros(2, int), "degree filter": np.zeros(2, int)}
    for occupation in chosen:
        scores = np.array(exact_scores(job_of(occupation), profiles))
        for name, allowed in (("skills", np.ones(len(lines), bool)), ("degree filter", degrees)):
            order = np.argsort(-np.where(allowed, scores, -np.inf), kind="stable")[:top]
            for g, group in enumerate(("A", "B")):
                picked[name][g] += int((groups[order] == group).sum())
                pools[name][g] += int((groups == group).sum())
    report: dict[str, Any] = {
        "workers": workers,
        "jobs": jobs,
        "top": top,
        "degree_rates": {g: round(float(degrees[groups == g].mean()), 3) for g in ("A", "B")},
    }
    for name in picked:
        rates = picked[name] / pools[name]
        table = [[picked[name][g], pools[name][g] - picked[name][g]] for g in (0, 1)]
        report[name] = {
            "selected": {"A": int(picked[name][0]), "B": int(picked[name][1])},
            "rates": {"A": round(float(rates[0]), 5), "B": round(float(rates[1]), 5)},
            "four_fifths_ratio": round(float(rates.min() / rates.max()), 3),
            "fisher_p": float(f"{fisher_exact(table)[1]:.3g}"),
        }
    return report


def recall(
    found: list[OccupationSkills],
    workers: int,
    jobs: int,
    dims: Iterable[int],
    multiples: Iterable[int],
    top: int = 50,
    seed: int = 4,
) -> dict[str, Any]:
    """The core's exact top-K against the flat vector top-(multiple x K), no index."""
    profiles = [profile_of(line) for line in population(found, workers, seed)]
    chosen = [job_of(o) for o in random.Random(seed).sample(found, jobs)]
    exact = [np.argsort(-np.array(exact_scores(j, profiles)), kind="stable")[:top] for j in chosen]
    out: dict[str, Any] = {"workers": workers, "jobs": jobs, "top": top}
    supports = [profile_support(p) for p in profiles]
    for multiple in multiples:
        found_share = []
        for job, best in zip(chosen, exact, strict=True):
            needs = needs_of(job.requirements)
            scores = np.array([sketch_score(s, needs) for s in supports])
            pool = set(np.argsort(-scores, kind="stable")[: top * multiple].tolist())
            found_share.append(len(pool & set(best.tolist())) / top)
        out[f"cells (the index), {multiple}x"] = round(statistics.mean(found_share), 4)
    for size in dims:
        matrix = np.stack([profile_vector(profile_support(p), size) for p in profiles])
        for multiple in multiples:
            found_share = []
            for job, best in zip(chosen, exact, strict=True):
                scores = matrix @ job_vector(needs_of(job.requirements), size)
                pool = set(np.argsort(-scores, kind="stable")[: top * multiple].tolist())
                found_share.append(len(pool & set(best.tolist())) / top)
            out[f"dims {size}, {multiple}x"] = round(statistics.mean(found_share), 4)
    return out


def ranking_speed(
    found: list[OccupationSkills], index_path: Path, args: argparse.Namespace, queries: int = 20
) -> dict[str, Any]:
    """The whole ranking on the saved 1M index: candidates, then the exact score."""
    started = time.perf_counter()
    index = ProfileIndex.load(index_path)
    load_seconds = time.perf_counter() - started
    pool = skill_pool(found)
    settings = PopulationSettings()
    chosen = [job_of(o) for o in random.Random(11).sample(found, queries)]
    n = args.top * args.multiple
    # the profiles of every candidate, built beforehand: a stand-in for the stored profiles
    candidates = [index.candidates(needs_of(j.requirements), n) for j in chosen]
    profiles: dict[str, SkillProfile] = {}
    for found_ in candidates:
        for c in found_:
            if c.worker not in profiles:
                profiles[c.worker] = profile_of(
                    draw_worker(found, pool, args.seed, int(c.worker), settings)
                )
    total_ms, index_ms, exact_ms = [], [], []
    for job in chosen:
        began = time.perf_counter()
        ids = [c.worker for c in index.candidates(needs_of(job.requirements), n)]
        middle = time.perf_counter()
        table = related_table(job, [], None)
        scored = sorted(((score_only(job, profiles[w], table)[0], w) for w in ids), reverse=True)[
            : args.top
        ]
        ended = time.perf_counter()
        index_ms.append((middle - began) * 1000)
        exact_ms.append((ended - middle) * 1000)
        total_ms.append((ended - began) * 1000)
        assert len(scored) == args.top
    sample = list(profiles.values())[:2000]
    began = time.perf_counter()
    exact_scores(chosen[0], sample)
    per_profile = (time.perf_counter() - began) / len(sample)
    explain_ms = []
    for job, worker in zip(chosen * 10, list(profiles)[:200], strict=False):
        began = time.perf_counter()
        json.dumps(match(job, profiles[worker]).as_json())
        explain_ms.append((time.perf_counter() - began) * 1000)
    update_ms, profile_ms = [], []
    for i in range(100):
        line = draw_worker(found, pool, args.seed + 1, i, settings)
        began = time.perf_counter()
        profile = profile_of(line)
        sketch = profile_support(profile)
        middle = time.perf_counter()
        index.upsert(str(i), sketch)
        update_ms.append((time.perf_counter() - middle) * 1000)
        profile_ms.append((middle - began) * 1000)
    return {
        "queries": queries,
        "candidates": n,
        "index_load_seconds": round(load_seconds, 1),
        "ranking_ms": percentiles(total_ms),
        "index_part_ms": percentiles(index_ms),
        "exact_part_ms": percentiles(exact_ms),
        "brute_force_core_scan_seconds_estimated": round(per_profile * len(index), 1),
        "core_score_us_per_profile": round(per_profile * 1e6, 1),
        "explain_one_match_ms": percentiles(explain_ms),
        "update_one_worker_ms": percentiles(update_ms),
        "rebuild_one_profile_and_vector_ms": percentiles(profile_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=300, help="retrieval: workers per split")
    parser.add_argument("--tune-seed", type=int, default=2, help="retrieval: tuning population")
    parser.add_argument("--report-seed", type=int, default=5, help="retrieval: report population")
    parser.add_argument("--fairness-workers", type=int, default=5000)
    parser.add_argument("--fairness-jobs", type=int, default=20)
    parser.add_argument("--recall-workers", type=int, default=20000)
    parser.add_argument("--recall-jobs", type=int, default=20)
    parser.add_argument("--only", default="retrieval,fairness,recall")
    args = parser.parse_args()
    from onramp.cli.common import engine

    found = occupations(engine())
    report: dict[str, Any] = {}
    parts = args.only.split(",")
    if "retrieval" in parts:
        report["retrieval"] = retrieval(found, args.workers, args.tune_seed, args.report_seed)
        print(json.dumps(report["retrieval"]), flush=True)
    if "fairness" in parts:
        report["fairness"] = fairness(found, args.fairness_workers, args.fairness_jobs)
        print(json.dumps(report["fairness"]), flush=True)
    if "recall" in parts:
        report["recall"] = recall(found, args.recall_workers, args.recall_jobs, (256, 512), (4, 10))
        print(json.dumps(report["recall"]), flush=True)
    out = RESULTS / "matching-eval.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
