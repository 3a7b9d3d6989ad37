"""`onramp pathways batch`: what a typical worker in each occupation can move to (issue 15)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from onramp.cli.common import console, count_bar, emit_json, engine, input_file
from onramp.pathways import transition_matrix
from onramp.pathways.batch import MAX_TOP, batch_lines, parse_codes
from onramp.pathways.store import occupation_count

app = typer.Typer(help="Career pathways: moves between occupations.", no_args_is_help=True)


@app.command("batch")
def batch(
    input: Path = typer.Option(..., "--input", "-i", help="One O*NET-SOC code per line"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL: {from, transitions}"),
    top: int = typer.Option(20, "--top", min=1, max=MAX_TOP, help="Transitions per code"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """The best moves from each occupation, best first, one JSON line per input code.

    The input is checked in full first; a bad line stops the run naming the line, and the
    output is written to a temporary file renamed into place at the end, so it is never partial.
    """
    input_file(input)
    with input.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    parse_codes(lines, str(input))  # the form of every line, before the slow part
    store = engine()
    started = time.perf_counter()
    with count_bar("reading occupations", 2 * occupation_count(store), not as_json) as advance:
        matrix = transition_matrix(store, advance=advance)
    codes = parse_codes(lines, str(input), matrix.codes)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            out.writelines(batch_lines(matrix, codes, top))
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    summary = {
        "codes": len(codes),
        "top": top,
        "output": str(output),
        "occupations": len(matrix.codes),
        "seconds": round(time.perf_counter() - started, 2),
        "lacks": [{"code": lack.value, "text": lack.label} for lack in matrix.lacks],
    }
    if as_json:
        emit_json(summary)
        return
    console.print(
        f"Wrote the best {top} moves from {len(codes)} occupations to {output} "
        f"in {summary['seconds']} s",
        highlight=False,
    )
    for lack in matrix.lacks:
        console.print(f"  missing: {lack.label}", highlight=False)
