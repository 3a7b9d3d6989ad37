"""`onramp occupations code-batch` and `onramp eval title-coding`: job titles to occupations."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from onramp.cli.common import console, count_bar, emit_json, engine, err_console, input_file
from onramp.errors import InvalidInputError, NotFoundError
from onramp.nlp.batch import records
from onramp.nlp.occupations import (
    BATCH,
    METHODS,
    OccupationCoder,
    TitleQuery,
    default_method,
)

METHOD = typer.Option(
    "auto",
    "--method",
    help="lexical, dense, hybrid, or auto (hybrid when the embedding model is installed)",
)


def _method(value: str) -> str:
    if value == "auto":
        return default_method()
    if value not in METHODS:
        raise InvalidInputError(f"unknown method {value!r}: use auto, {', '.join(METHODS)}")
    return value


def ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """MRR and Recall@1/5/10 from the 1-based rank of each gold answer (None: not ranked)."""
    total = len(ranks)
    if not total:
        raise InvalidInputError("no titles to evaluate")
    found = [r for r in ranks if r is not None]
    return {
        "mrr": sum(1 / r for r in found) / total,
        "recall@1": sum(r <= 1 for r in found) / total,
        "recall@5": sum(r <= 5 for r in found) / total,
        "recall@10": sum(r <= 10 for r in found) / total,
    }


def read_queries(path: Path) -> list[TitleQuery]:
    """IN.jsonl lines `{"id": str, "title": str, "description"?: str}`; errors name the line."""
    input_file(path)
    queries: list[TitleQuery] = []
    with path.open(encoding="utf-8") as lines:
        for where, identifier, title, item in records(lines, str(path), "title"):
            description = item.get("description") or ""
            if not isinstance(description, str):
                raise InvalidInputError(f"{where}: 'description' must be a string")
            queries.append(TitleQuery(identifier, title, description))
    return queries


def code_batch(
    input: Path = typer.Option(..., "--input", "-i", help="JSONL: {id, title, description?}"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL: {id, occupations}"),
    scheme: str = typer.Option("esco", "--scheme", help="esco (ESCO URIs) or onet (O*NET-SOC)"),
    top: int = typer.Option(20, "--top", min=1, max=500, help="Occupations per title"),
    method: str = METHOD,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Code job titles to ranked ESCO or O*NET-SOC occupations, one JSON line per title."""
    if scheme not in ("esco", "onet"):
        raise InvalidInputError(f"unknown scheme {scheme!r}: use esco or onet")
    queries = read_queries(input)
    started = time.perf_counter()
    chosen = _method(method)
    if chosen != "lexical" and not (quiet or as_json):
        err_console.print("Loading the occupation index (the first run encodes every title).")
    coder = OccupationCoder(engine(), scheme, chosen)
    coder.prepare()
    ready = time.perf_counter()
    with count_bar("coding titles", len(queries), enabled=not (quiet or as_json)) as advance:
        results = coder.code_many(queries, top, advance)
    done = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for query, found in zip(queries, results, strict=True):
            occupations = [{"code": o.code, "title": o.title, "score": o.score} for o in found]
            out.write(json.dumps({"id": query.id, "occupations": occupations}) + "\n")
    summary = {
        "titles": len(queries),
        "scheme": scheme,
        "method": coder.method,
        "output": str(output),
        "index_seconds": round(ready - started, 2),
        "coding_seconds": round(done - ready, 2),
        "titles_per_second": round(len(queries) / max(done - ready, 1e-9), 1),
    }
    if as_json:
        emit_json(summary)
    elif not quiet:
        console.print(
            f"Coded {len(queries)} titles to {scheme} ({coder.method}) in "
            f"{summary['coding_seconds']} s ({summary['titles_per_second']} titles/s): {output}",
            highlight=False,
        )


def read_jobbert(data: Path) -> list[tuple[str, str]]:
    """(title, ESCO occupation URI) pairs from JobBERT's titles.csv (or the file itself)."""
    path = data / "titles.csv" if data.is_dir() else data
    if not path.is_file():
        raise NotFoundError(f"{path}: no JobBERT titles.csv here")
    pairs: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"vacancyTitle", "conceptUri"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInputError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, 2):
            title, uri = (row["vacancyTitle"] or "").strip(), (row["conceptUri"] or "").strip()
            if not title or not uri:
                raise InvalidInputError(f"{path}, line {number}: empty title or conceptUri")
            pairs.append((title, uri))
    if not pairs:
        raise InvalidInputError(f"{path}: no titles")
    return pairs


def evaluate_titles(
    coder: OccupationCoder, pairs: list[tuple[str, str]], advance: Any
) -> dict[str, Any]:
    """MRR and Recall@1/5/10 of the gold URI among all the scheme's occupations."""
    known = coder.codes()
    ranks: list[int | None] = []
    started = time.perf_counter()
    for start in range(0, len(pairs), BATCH):
        batch = pairs[start : start + BATCH]
        queries = [TitleQuery(str(start + n), title) for n, (title, _) in enumerate(batch)]
        ranks.extend(coder.ranks(queries, [uri for _, uri in batch]))
        advance(len(batch))
    seconds = time.perf_counter() - started
    metrics = ranking_metrics(ranks)
    return {
        "titles": len(pairs),
        "gold_not_in_release": sum(uri not in known for _, uri in pairs),
        "method": coder.method,
        **{key: round(value, 4) for key, value in metrics.items()},
        "titles_per_second": round(len(pairs) / max(seconds, 1e-9), 1),
    }


def title_coding(
    data: Path = typer.Option(..., "--data", help="JobBERT folder with titles.csv"),
    method: str = METHOD,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON"),
) -> None:
    """Title coding on the JobBERT format: MRR and Recall@1/5/10 against ESCO occupations."""
    pairs = read_jobbert(data)
    coder = OccupationCoder(engine(), "esco", _method(method))
    coder.prepare()
    with count_bar("ranking titles", len(pairs), enabled=not as_json) as advance:
        report = evaluate_titles(coder, pairs, advance)
    report["data"] = str(data)
    if as_json:
        emit_json(report)
        return
    table = Table("titles", "method", "MRR", "R@1", "R@5", "R@10", "titles/s")
    table.add_row(
        str(report["titles"]),
        report["method"],
        *(f"{report[key]:.4f}" for key in ("mrr", "recall@1", "recall@5", "recall@10")),
        f"{report['titles_per_second']:.0f}",
    )
    console.print(table)
    if report["gold_not_in_release"]:
        console.print(
            f"{report['gold_not_in_release']} gold URIs are not in the current ESCO release "
            "(counted as misses).",
            highlight=False,
        )
