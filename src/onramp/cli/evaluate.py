"""`onramp eval`: evaluations of skill intelligence on published data sets.

`onramp eval skill-linking --data DIR` reads Decorte-format `*_annotations.csv` files (TECH and
HOUSE), maps the gold ESCO preferred labels to the current ESCO release's skills, ranks all of
its skills for each sentence and prints RP@5, RP@10 and MRR (in percent) per file.
"""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from onramp.cli.common import console, count_bar, emit_json, engine, input_file
from onramp.errors import NotFoundError
from onramp.jobs.lint.evaluation import evaluate, read_labelled
from onramp.nlp.evaluation import datasets, read_annotations, score
from onramp.nlp.linking import DEFAULT_WEIGHTS, Linker, evaluate_ranking

app = typer.Typer(help="Evaluate skill linking and title coding.", no_args_is_help=True)


def label_index(linker: Linker) -> dict[str, int]:
    """Preferred label (exact, then case-folded) to the skill's position."""
    index: dict[str, int] = {}
    for position, label in enumerate(linker.matrix.labels):
        index.setdefault(label, position)
    for position, label in enumerate(linker.matrix.labels):
        index.setdefault(label.casefold(), position)
    return index


def evaluate_file(linker: Linker, path: Path) -> dict[str, Any]:
    examples = read_annotations(path)
    labels = label_index(linker)
    golds: list[set[int]] = []
    unmapped: set[str] = set()
    for example in examples:
        gold: set[int] = set()
        for label in example.labels:
            position = labels.get(label, labels.get(label.casefold()))
            if position is None:
                unmapped.add(label)
            else:
                gold.add(position)
        golds.append(gold)
    kept = [n for n, gold in enumerate(golds) if gold]
    started = time.perf_counter()
    tops, ranks = evaluate_ranking(
        linker, [examples[n].sentence for n in kept], [golds[n] for n in kept]
    )
    metrics = score(
        [[str(p) for p in top] for top in tops],
        [{str(p) for p in golds[n]} for n in kept],
        ranks,
    )
    return {
        "file": path.name,
        **metrics.as_json(),
        "sentences_without_mapped_gold": len(examples) - len(kept),
        "gold_labels_unmapped": sorted(unmapped),
        "seconds": round(time.perf_counter() - started, 2),
    }


@app.command("skill-linking")
def skill_linking(
    data: Path = typer.Option(..., "--data", help="Folder with *_annotations.csv (Decorte)"),
    framework: str = typer.Option("esco", "--framework", help="Framework whose skills rank"),
    lexical: float = typer.Option(
        DEFAULT_WEIGHTS.lexical, "--lexical-weight", min=0.0, help="Weight of the lexical score"
    ),
    description: float = typer.Option(
        DEFAULT_WEIGHTS.description, "--description-weight", min=0.0, help="Weight of descriptions"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON"),
) -> None:
    """RP@5, RP@10 and MRR of skill linking on the Decorte TECH/HOUSE format."""
    if not data.is_dir():
        raise NotFoundError(f"{data}: no such folder")
    files = datasets(data)
    weights = replace(DEFAULT_WEIGHTS, lexical=lexical, description=description)
    linker = Linker.for_framework(engine(), framework, weights)
    release = linker.matrix.framework
    results: dict[str, Any] = {}
    with count_bar("evaluating", len(files), enabled=not as_json) as advance:
        for name, path in files.items():
            results[name] = evaluate_file(linker, path)
            advance(1)
    report = {
        "framework": release.key,
        "version": release.version,
        "model": linker.matrix.model,
        "skills": linker.matrix.size,
        "weights": asdict(linker.weights),
        "datasets": results,
    }
    if as_json:
        emit_json(report)
        return
    table = Table("data set", "sentences", "RP@5", "RP@10", "MRR", "unmapped gold labels")
    for name, r in results.items():
        table.add_row(
            name,
            str(r["sentences"]),
            f"{r['rp@5']:.2f}",
            f"{r['rp@10']:.2f}",
            f"{r['mrr']:.2f}",
            str(len(r["gold_labels_unmapped"])),
        )
    console.print(table)
    console.print(
        f"ranked all {linker.matrix.size} skills of {release.key} {release.version} "
        f"with {linker.matrix.model}",
        highlight=False,
    )


@app.command("job-lint")
def job_lint(
    data: Path = typer.Argument(..., help="Labelled snippets (JSON lines)"),
    split: str | None = typer.Option(None, "--split", help="Only this split (dev or test)"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report instead of text."),
) -> None:
    """Precision and recall of the job-ad linter per rule on a labelled set."""
    report = evaluate(read_labelled(input_file(data), split))
    if as_json:
        emit_json({"file": str(data), "split": split, **report})
        return
    table = Table("rule", "support", "precision", "recall", "fp", "fn")
    for rule, row in report["rules"].items():
        table.add_row(
            rule,
            str(row["support"]),
            "-" if row["precision"] is None else f"{row['precision']:.3f}",
            "-" if row["recall"] is None else f"{row['recall']:.3f}",
            str(row["false_positives"]),
            str(row["false_negatives"]),
        )
    console.print(f"{report['snippets']} snippets" + (f" ({split})" if split else ""))
    console.print(table)


@app.command("everyday-search")
def everyday_search(
    data: Path = typer.Option(
        Path("tests/nlp/data/everyday_queries.jsonl"), "--data", help="The everyday query set"
    ),
    warm: bool = typer.Option(
        True, "--warm/--cold", help="Dense occupation coding ready (a served site after start-up)"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report instead of text."),
) -> None:
    """Hit rates of the search pages on everyday queries: word matches and close in meaning,
    first 5 each, per split, and the meaning floors the calibration split gives."""
    from onramp.nlp import everyday
    from onramp.nlp.service import warm_up

    queries = everyday.read_queries(input_file(data))
    if warm:
        warm_up(engine())
    started = time.perf_counter()
    outcomes = everyday.evaluate(engine(), queries)
    seconds = time.perf_counter() - started
    rates = [everyday.rates(outcomes, split) for split in (None, *everyday.SPLITS)]
    report = {
        "rates": rates,
        "floors": {
            f"{what}/{scheme}": everyday.calibrate_floor(outcomes, what, scheme)
            for what in everyday.WHAT
            for scheme in ("onet", "esco")
        },
        "seconds": round(seconds, 1),
    }
    if as_json:
        emit_json(report)
        return
    table = Table("split", "query × scheme", "hit@5", "words@5", "meaning@5", "nonsense quiet")
    for row in rates:
        table.add_row(
            row["split"],
            str(row["pairs"]),
            f"{row['hit@5']:.1f}",
            f"{row['words@5']:.1f}",
            f"{row['meaning@5']:.1f}",
            f"{row['nonsense_quiet']:.0f}% of {row['nonsense']}",
        )
    console.print(table)
    console.print("misses: " + "; ".join(rates[0]["misses"]), highlight=False)
