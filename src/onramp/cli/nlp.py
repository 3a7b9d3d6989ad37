"""`onramp skills embed` and `onramp skills link-batch`: stored skill vectors and batch linking."""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from onramp.cli.common import console, count_bar, emit_json, engine, input_file
from onramp.cli.search import skills_app
from onramp.cli.taxonomy import store_vectors
from onramp.nlp import embedding
from onramp.nlp.batch import output_line, parse_lines
from onramp.nlp.linking import Linker

FRAMEWORK = typer.Option("esco", "--framework", help="Framework key (its current release)")


@skills_app.command("embed")
def embed(
    framework: str = FRAMEWORK,
    descriptions: bool = typer.Option(
        True, "--descriptions/--no-descriptions", help="Also embed descriptions (the slow part)"
    ),
    alternatives: bool = typer.Option(
        True,
        "--alternative-labels/--no-alternative-labels",
        help="Also embed alternative labels (most of the texts)",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Compute and store the skill vectors of a framework's current release (once per release).

    Replaces the release's vectors for the current model in one transaction.
    """
    summary = store_vectors(
        framework, descriptions=descriptions, alternatives=alternatives, show=not as_json
    )
    if as_json:
        emit_json(summary)
    else:
        console.print(
            f"Stored {summary['vectors']} vectors for {summary['framework']} "
            f"{summary['version']} ({summary['model']}) in {summary['seconds']} s",
            highlight=False,
        )


@skills_app.command("link-batch")
def link_batch(
    input: Path = typer.Option(..., "--input", "-i", help='JSONL: {"id": str, "text": str}'),
    output: Path = typer.Option(..., "--output", "-o", help='JSONL: {"id": str, "skills": [...]}'),
    top: int = typer.Option(100, "--top", min=1, max=1000, help="Skills per text"),
    framework: str = FRAMEWORK,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors"),
) -> None:
    """Rank a framework's skills for each text, best first, one JSON line per input line.

    The input is checked in full first; a bad line stops the run naming the line, and the
    output is written to a temporary file renamed into place at the end, so it is never partial.
    """
    input_file(input)
    with input.open(encoding="utf-8") as lines:
        items = parse_lines(lines, str(input))
    linker = Linker.for_framework(engine(), framework)
    embedding.warm_up()  # the rate below is the linking rate, without the one-off model load
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with (
            partial.open("w", encoding="utf-8") as out,
            count_bar("linking", len(items), enabled=not quiet) as advance,
        ):
            for position, links in linker.rank_batches([i.text for i in items], top=top):
                out.write(output_line(items[position].id, [link.as_json() for link in links]))
                advance(1)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    if not quiet:
        console.print(
            f"Linked {len(items)} texts to {framework} in {seconds:.1f} s "
            f"({len(items) / max(seconds, 1e-9):.0f}/s): {output}",
            highlight=False,
        )
