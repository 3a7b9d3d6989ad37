"""`onramp demo`: synthetic data for demos and benchmarks, drawn from the current releases."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

import typer

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
