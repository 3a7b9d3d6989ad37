"""Skill-linking evaluation on the Decorte et al. (2022) format.

Files are `<name>_annotations.csv` (for example `tech_validation_annotations.csv`) with the
columns `sentence, span, sub_span, label`, where `label` is an ESCO 1.1.0 preferred label.
Protocol (Decorte et al.): drop the rows labelled `LABEL NOT PRESENT` or `UNDERSPECIFIED`,
group the rows by sentence (the gold set is every label of that sentence), rank all skills,
and report RP@5, RP@10 and MRR, where RP@K = gold skills in the top K / min(K, number of gold
skills) and MRR is the mean over sentences of 1 / rank of the first gold skill.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from onramp.errors import ImportFileError

DROPPED = frozenset(["LABEL NOT PRESENT", "UNDERSPECIFIED"])
COLUMNS = ("sentence", "label")
SUFFIX = "_annotations.csv"


@dataclass
class Example:
    sentence: str
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Metrics:
    sentences: int
    rp5: float
    rp10: float
    mrr: float

    def as_json(self) -> dict[str, float | int]:
        return {
            "sentences": self.sentences,
            "rp@5": round(self.rp5 * 100, 2),
            "rp@10": round(self.rp10 * 100, 2),
            "mrr": round(self.mrr * 100, 2),
        }


def read_annotations(path: Path) -> list[Example]:
    """Sentences with their gold labels, in the order sentences first appear."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFileError(str(path), f"missing column(s) {', '.join(missing)}", line=1)
        examples: dict[str, Example] = {}
        for row in reader:
            sentence, label = (row["sentence"] or "").strip(), (row["label"] or "").strip()
            if not sentence or not label:
                raise ImportFileError(str(path), "empty sentence or label", line=reader.line_num)
            example = examples.setdefault(sentence, Example(sentence))
            if label not in DROPPED and label not in example.labels:
                example.labels.append(label)
    return [e for e in examples.values() if e.labels]


def datasets(folder: Path) -> dict[str, Path]:
    """`{name: file}` for each `*_annotations.csv` in `folder` (name: the part before)."""
    found = {p.name[: -len(SUFFIX)]: p for p in sorted(folder.glob(f"*{SUFFIX}"))}
    if not found:
        raise ImportFileError(str(folder), f"no *{SUFFIX} file in this folder")
    return found


def r_precision_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Gold items in the top k / min(k, number of gold items)."""
    if not gold or k < 1:
        raise ValueError("R-precision needs a gold set and k >= 1")
    hits = sum(1 for item in ranked[:k] if item in gold)
    return hits / min(k, len(gold))


def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    """1 / the rank of the first gold item; 0 when none is ranked."""
    for position, item in enumerate(ranked, start=1):
        if item in gold:
            return 1.0 / position
    return 0.0


def score(
    rankings: Sequence[Sequence[str]],
    golds: Sequence[set[str]],
    first_ranks: Sequence[int | None] | None = None,
) -> Metrics:
    """Mean RP@5, RP@10 and MRR over examples (each a ranking and its non-empty gold set).

    `first_ranks` (1-based rank of the best-ranked gold item over the full ranking, None when
    absent) gives the MRR when the rankings are truncated; by default it comes from them.
    """
    if len(rankings) != len(golds) or (first_ranks is not None and len(first_ranks) != len(golds)):
        raise ValueError("one ranking per gold set")
    if not golds:
        return Metrics(0, 0.0, 0.0, 0.0)
    n = len(golds)
    pairs = list(zip(rankings, golds, strict=True))
    if first_ranks is None:
        reciprocal = [reciprocal_rank(r, g) for r, g in pairs]
    else:
        reciprocal = [1.0 / rank if rank else 0.0 for rank in first_ranks]
    return Metrics(
        sentences=n,
        rp5=sum(r_precision_at(r, g, 5) for r, g in pairs) / n,
        rp10=sum(r_precision_at(r, g, 10) for r, g in pairs) / n,
        mrr=sum(reciprocal) / n,
    )
