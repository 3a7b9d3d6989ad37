"""Benchmark: how well the skills guessed from an occupation's tasks match what ESCO lists for
it, and how long guessing takes (docs/benchmarks.md, "Skills of an occupation").

    ONRAMP_HOME=/tmp/embedded .venv/bin/python bench/occupation_skills.py [--limit N]

Needs a store holding the embedded default (`onramp data bootstrap`): O*NET occupations with
tasks but no ratings, ESCO skills with label vectors. The reference is public data under
../shared/data, read here only: the ESCO-O*NET crosswalk (exact, close and narrow matches) and
ESCO v1.1.1's occupation-skill relations. For each O*NET occupation with a linked ESCO
occupation, the skills guessed from its texts (`onramp.nlp.occupation_skills`) are compared
with the essential and optional skills ESCO lists for the linked occupations (skills the
embedded ESCO lacks are dropped from the reference). Texts are ranked once (top 20 each);
floors and per-text depths are then tried on the same ranking, chosen on the occupations at
even positions (by code) and reported on those at odd positions. A baseline with no text at all
proposes the ten skills ESCO lists most often.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from onramp.config import get_settings
from onramp.nlp import embedding
from onramp.nlp.linking import Linker
from onramp.nlp.occupation_skills import infer_skills, occupation_codes, occupation_texts
from onramp.store import make_engine, upgrade
from onramp.taxonomy import Catalog

ESCO = Path(__file__).resolve().parents[2] / "shared" / "data" / "esco"
SAME_JOB = {"exactMatch", "closeMatch", "narrowMatch"}
FLOORS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
DEPTHS = (5, 10, 20)


def reference(known: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]], list[str]]:
    """O*NET code -> ESCO essential skills, -> essential and optional skills; and the ten
    skills ESCO lists most often (the no-text baseline)."""
    with (ESCO / "crosswalk_esco_onet.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    start = next(n for n, row in enumerate(rows) if row and row[0] == "O*NET Id")
    links = defaultdict(set)
    for row in rows[start + 1 :]:
        if len(row) >= 7 and row[6] in SAME_JOB:
            links[row[0]].add(row[3])
    [relations] = ESCO.glob("v1.1.1_relations_*.zip")
    essential, listed = defaultdict(set), defaultdict(set)
    with zipfile.ZipFile(relations) as archive, archive.open("occupationSkillRelations.csv") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            if row["skillUri"] in known:
                listed[row["occupationUri"]].add(row["skillUri"])
                if row["relationType"] == "essential":
                    essential[row["occupationUri"]].add(row["skillUri"])
    popular = Counter(uri for skills in listed.values() for uri in skills)
    top = [uri for uri, _n in popular.most_common(10)]
    gold_essential = {c: set().union(*(essential[u] for u in us)) for c, us in links.items()}
    gold_listed = {c: set().union(*(listed[u] for u in us)) for c, us in links.items()}
    return gold_essential, gold_listed, top


def precision(found: list[str], gold: set[str], k: int) -> float:
    return sum(1 for uri in found[:k] if uri in gold) / k


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="Occupations (0: all)")
    args = parser.parse_args()
    engine = make_engine(get_settings().effective_database_url)
    upgrade(engine)
    catalog = Catalog(engine)
    codes = occupation_codes(engine, "onet")
    codes = codes[: args.limit] if args.limit else codes
    started = time.perf_counter()
    profiles = [catalog.profile(code) for code in codes]
    profile_seconds = time.perf_counter() - started
    texts = [occupation_texts(p) for p in profiles]
    started = time.perf_counter()
    linker = Linker.for_framework(engine, "esco")
    embedding.warm_up()
    load_seconds = time.perf_counter() - started
    flat = [t for group in texts for t in group]
    started = time.perf_counter()
    ranked = linker.rank(flat, top=max(DEPTHS))
    rank_seconds = time.perf_counter() - started
    gold_essential, gold_listed, popular = reference(set(linker.matrix.uris))
    evaluated = [n for n, code in enumerate(codes) if gold_listed.get(code)]
    spans, at = [], 0
    for group in texts:
        spans.append((at, at + len(group)))
        at += len(group)
    halves = {"tune": evaluated[0::2], "held out": evaluated[1::2]}
    results = []
    for floor in FLOORS:
        for depth in DEPTHS:
            row: dict[str, object] = {"floor": floor, "per_text": depth}
            for half, members in halves.items():
                p5, p10, p10e, r25, counts = [], [], [], [], []
                for n in members:
                    start, end = spans[n]
                    hits = [found[:depth] for found in ranked[start:end]]
                    guessed = infer_skills(
                        texts[n], hits, floor=floor, job_zone=None, source="", limit=25
                    )
                    uris = [s.uri for s in guessed]
                    gold = gold_listed[codes[n]]
                    counts.append(len(uris))
                    p5.append(precision(uris, gold, 5))
                    p10.append(precision(uris, gold, 10))
                    p10e.append(precision(uris, gold_essential[codes[n]], 10))
                    r25.append(len(set(uris) & gold) / len(gold))
                row[half] = {
                    "P@5": round(statistics.mean(p5), 3),
                    "P@10": round(statistics.mean(p10), 3),
                    "P@10 essential": round(statistics.mean(p10e), 3),
                    "R@25": round(statistics.mean(r25), 3),
                    "none found": sum(1 for c in counts if c == 0),
                }
            results.append(row)
    best = max(results, key=lambda r: r["tune"]["P@10"])  # type: ignore[index]
    baseline = statistics.mean(precision(popular, gold_listed[codes[n]], 10) for n in evaluated)
    print(
        json.dumps(
            {
                "occupations": len(codes),
                "with reference": len(evaluated),
                "texts": len(flat),
                "seconds": {
                    "profiles": round(profile_seconds, 1),
                    "model and skill vectors": round(load_seconds, 1),
                    "ranking": round(rank_seconds, 1),
                    "per occupation (ranking)": round(rank_seconds / max(1, len(codes)), 3),
                },
                "no-text baseline P@10": round(baseline, 3),
                "chosen on the tuning half": best,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
