"""`onramp demo`: synthetic data for demos and benchmarks, drawn from the current releases."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

import typer

from onramp import errors
from onramp.cli.common import console, count_bar, emit_json, engine
from onramp.matching.population import PopulationSettings, occupation_skills, population

app = typer.Typer(help="Synthetic data for demos and benchmarks.", no_args_is_help=True)


@app.command("population")
def population_command(
    n: int = typer.Option(..., "--n", min=0, max=100_000_000, help="How many workers"),
    seed: int = typer.Option(0, "--seed", help="The same seed gives the same workers"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the JSONL here (default: standard output)"
    ),
    framework: str = typer.Option("onet", "--framework", help="Draw from this framework's jobs"),
    degree_gap: float = typer.Option(
        0.4,
        "--degree-gap",
        min=0.0,
        max=1.0,
        help="How much more often group A holds a degree than group B (0: no link)",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Draw N synthetic workers from occupation skill profiles, one PROFILES line each (the
    `onramp match batch` contract). Group and source occupation sit under "synthetic", which
    scoring never reads; the group is linked to degree holding, never to skills."""
    settings = PopulationSettings(degree_gap=degree_gap)
    occupations = occupation_skills(engine(), framework)
    groups: Counter[str] = Counter()
    degrees: Counter[str] = Counter()
    to_file = output is not None

    def write(out: TextIO, advance: object) -> None:
        step = advance if callable(advance) else None
        for line in population(occupations, n, seed, settings):
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
            group = line["synthetic"]["group"]
            groups[group] += 1
            degrees[group] += bool(line["synthetic"]["degree"])
            if step is not None:
                step(1)

    if output is None:
        write(sys.stdout, None)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with (
            count_bar("drawing workers", n, enabled=not as_json) as advance,
            partial.open("w", encoding="utf-8") as out,
        ):
            write(out, advance)
        partial.replace(output)
    summary = {
        "workers": n,
        "seed": seed,
        "occupations": len(occupations),
        "output": str(output) if output else "-",
        "groups": {
            group: {
                "workers": count,
                "degree_rate": round(degrees[group] / count, 3) if count else None,
            }
            for group, count in sorted(groups.items())
        },
    }
    if as_json and to_file:
        emit_json(summary)
    elif to_file:
        rates = ", ".join(
            f"group {g}: {v['workers']} workers, {v['degree_rate']} with a degree"
            for g, v in summary["groups"].items()  # type: ignore[attr-defined]
        )
        console.print(f"Wrote {n} workers drawn from {len(occupations)} jobs to {output}. {rates}")


@app.command("postings")
def postings_command(
    n: int = typer.Option(..., "--n", min=0, max=100_000_000, help="How many postings"),
    seed: int = typer.Option(0, "--seed", help="The same seed gives the same postings"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the JSONL here (default: standard output)"
    ),
    occupations: int = typer.Option(
        60, "--occupations", min=1, max=2_000, help="How many occupations to draw jobs from"
    ),
    start: str = typer.Option("2025-01-01", "--start", help="The first posting date"),
    days: int = typer.Option(365, "--days", min=1, help="Dates spread over this many days"),
    repost_share: float = typer.Option(
        0.12, "--repost-share", min=0.0, max=1.0, help="Share of reposts with small edits"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Write N synthetic job postings (JSONL, the `onramp market ingest` keys) built from
    the tasks and skills of occupations of the current release, in OEWS areas when wages are
    imported, with dates over a span and a share of reposts."""
    from datetime import date

    from onramp.errors import InvalidInputError
    from onramp.market import synthetic_postings as synthetic
    from onramp.market.wage_areas import wage_areas

    try:
        first = date.fromisoformat(start)
    except ValueError as error:
        raise InvalidInputError(f"--start {start!r} is not a date (use YYYY-MM-DD)") from error
    settings = synthetic.Settings(start=first, days=days, repost_share=repost_share)
    settings.check()
    store = engine()
    with count_bar("reading occupations", occupations, enabled=not as_json) as advance:
        sketches = synthetic.sketches(store, occupations, seed, advance)
    try:
        places = synthetic.places_from(wage_areas(store))
    except errors.NotAvailableError:
        places = synthetic.places_from([])
    counts: Counter[str] = Counter()

    def write(out: TextIO, step: Any) -> None:
        for made in synthetic.postings(sketches, places, n, seed, settings):
            out.write(json.dumps(made, separators=(",", ":")) + "\n")
            mark = made["synthetic"]
            counts[
                "copies" if "copy_of" in mark else "reposts" if "repost_of" in mark else "new"
            ] += 1
            step(1)

    if output is None:
        write(sys.stdout, lambda _n=1: None)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with (
            count_bar("writing postings", n, enabled=not as_json) as advance,
            partial.open("w", encoding="utf-8") as out,
        ):
            write(out, advance)
        partial.replace(output)
    summary = {
        "postings": n,
        "seed": seed,
        "occupations": len(sketches),
        "places": len(places),
        "new": counts["new"],
        "reposts": counts["reposts"],
        "exact_copies": counts["copies"],
        "output": str(output) if output else "-",
    }
    if as_json and output is not None:
        emit_json(summary)
    elif output is not None:
        console.print(
            f"Wrote {n:,} postings from {len(sketches)} jobs in {len(places)} places to "
            f"{output}: {counts['reposts']:,} reposts and {counts['copies']:,} exact copies.",
            highlight=False,
        )
