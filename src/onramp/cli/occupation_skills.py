"""`onramp occupations skills`: the skills of one occupation, or of every occupation of a
release, as the job builder, matching and pathways read them (`onramp.nlp.occupation_skills`)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

import typer
from rich.table import Table

from onramp.cli.common import console, count_bar, emit_json, engine, err_console
from onramp.cli.search import occupations_app
from onramp.errors import InvalidInputError
from onramp.nlp.occupation_skills import (
    OccupationSkills,
    all_occupation_skills,
    occupation_codes,
    occupation_skills,
)


@occupations_app.command("skills")
def skills(
    code: str | None = typer.Argument(None, help="O*NET-SOC code or ESCO URI"),
    every: bool = typer.Option(False, "--all", help="Every occupation of the release"),
    framework: str = typer.Option("onet", "--framework", help="The release for --all"),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (with --all, one JSON object per line)"
    ),
) -> None:
    """The skills of an occupation: rated or listed by O*NET and ESCO where they are, else
    guessed from its description and tasks (marked so). With --all, every occupation of the
    release in one pass, with a progress bar and a timing summary on standard error."""
    if every == (code is not None):
        raise InvalidInputError("give an occupation code, or --all, not both")
    store = engine()
    if code is not None:
        started = time.perf_counter()
        found = occupation_skills(store, code)
        seconds = time.perf_counter() - started
        if as_json:
            emit_json({**found.to_dict(), "seconds": round(seconds, 3)})
        else:
            _print(found, seconds)
        return
    total = len(occupation_codes(store, framework))
    started = time.perf_counter()
    with count_bar("occupations", total, enabled=True) as advance:
        found_all = all_occupation_skills(store, framework, advance=advance)
    seconds = time.perf_counter() - started
    if as_json:
        for found in found_all:
            sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
    else:
        for found in found_all:
            names = ", ".join(s.label for s in found.skills[:5])
            console.print(f"{found.code}  {found.title}: {names}", highlight=False)
    methods = Counter(f.method for f in found_all)
    each = seconds / max(1, len(found_all))
    err_console.print(
        f"{len(found_all)} occupations in {seconds:.1f} s ({each * 1000:.0f} ms each): "
        + ", ".join(f"{n} {m}" for m, n in sorted(methods.items())),
        highlight=False,
    )


def _print(found: OccupationSkills, seconds: float) -> None:
    console.print(
        f"[bold]{found.title}[/] ({found.code}, {found.release}, "
        f"job zone {found.job_zone or 'unknown'}): {found.method}, {seconds:.2f} s"
    )
    for note in found.notes:
        err_console.print(f"Note: {note}", highlight=False)
    table = Table("skill", "level", "importance", "basis", "tasks", "source", "uri")
    for s in found.skills:
        importance = "" if s.importance is None else f"{s.importance:.2f}"
        tasks = str(s.support) if s.support else ""
        table.add_row(s.label, str(s.level), importance, s.basis.value, tasks, s.source, s.uri)
    console.print(table)
