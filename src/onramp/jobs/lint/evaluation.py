"""Precision and recall of the linter per rule on a labelled set of job-ad snippets.

The set is JSON lines: `{"id", "split", "text", "rules": [rule ids it should trigger]}`. A
snippet counts as a hit for a rule when the linter reports at least one finding of that rule
on it; the unit is the snippet, as in the labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onramp.errors import InvalidInputError
from onramp.jobs.lint.engine import lint_text
from onramp.jobs.lint.findings import RuleId


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    split: str
    text: str
    rules: frozenset[RuleId]


def read_labelled(path: Path, split: str | None = None) -> list[Labelled]:
    out: list[Labelled] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                example = Labelled(
                    str(row["id"]),
                    str(row.get("split", "")),
                    str(row["text"]),
                    frozenset(RuleId(r) for r in row.get("rules", [])),
                )
            except (ValueError, KeyError, TypeError) as error:
                raise InvalidInputError(f"{path}, line {number}: {error}") from error
            if split is None or example.split == split:
                out.append(example)
    return out


def evaluate(examples: list[Labelled]) -> dict[str, Any]:
    """Per rule: true and false positives, false negatives, precision and recall."""
    counts = {rule: [0, 0, 0] for rule in RuleId}  # tp, fp, fn
    errors: list[dict[str, Any]] = []
    for example in examples:
        found = {f.rule for f in lint_text(example.text)}
        for rule in RuleId:
            if rule in found and rule in example.rules:
                counts[rule][0] += 1
            elif rule in found:
                counts[rule][1] += 1
            elif rule in example.rules:
                counts[rule][2] += 1
        if found != example.rules:
            errors.append(
                {
                    "id": example.id,
                    "missed": sorted(r.value for r in example.rules - found),
                    "extra": sorted(r.value for r in found - example.rules),
                }
            )
    rules = {}
    for rule, (tp, fp, fn) in counts.items():
        rules[rule.value] = {
            "support": tp + fn,
            "true_positives": tp,
            "false_positives": fp,
            "false_negatives": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }
    return {"snippets": len(examples), "rules": rules, "errors": errors}
