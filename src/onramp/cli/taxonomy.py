"""`onramp taxonomy`: import, list, count, pin and remove framework releases."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer
from rich.table import Table

from onramp.cli.common import console, count_bar, emit_json, engine, progress_bar
from onramp.errors import NotFoundError
from onramp.nlp.embedding_runs import plan_embedding
from onramp.store import remove_release, set_current
from onramp.taxonomy import (
    Catalog,
    ImportReport,
    import_crosswalk,
    import_esco,
    import_onet,
    run_import,
)

app = typer.Typer(
    help="Skills frameworks: O*NET, ESCO, crosswalks, projections.", no_args_is_help=True
)
import_app = typer.Typer(help="Import official files.", no_args_is_help=True)
app.add_typer(import_app, name="import")

JSON = typer.Option(False, "--json", help="Print a JSON report instead of text.")
VERSION = typer.Option(None, "--version", help="Release number, when the files do not say.")
EMBED = typer.Option(
    True,
    "--embed/--no-embed",
    help="Store the skills' label vectors for semantic linking right after the import "
    "(preferred labels; `onramp skills embed` adds alternative labels and descriptions).",
)


def embed_after_import(key: str, as_json: bool) -> dict[str, object]:
    """Skill vectors for the release just imported, so linking never encodes the taxonomy
    inside a request. The import itself is already committed when this runs."""
    return store_vectors(key, descriptions=False, alternatives=False, show=not as_json)


def store_vectors(
    framework: str, *, descriptions: bool, alternatives: bool, show: bool
) -> dict[str, object]:
    """Encode and store a framework's skill texts, with a progress bar when `show`."""
    run = plan_embedding(engine(), framework, descriptions=descriptions, alternatives=alternatives)
    with count_bar(f"embedding {framework} skills", run.size, enabled=show) as advance:
        shown = [0]

        def on_progress(done: int) -> None:
            advance(done - shown[0])
            shown[0] = done

        return run.store(on_progress)


def report(result: ImportReport, as_json: bool, vectors: dict[str, object] | None = None) -> None:
    if as_json:
        emit_json({**asdict(result), "vectors": vectors} if vectors else result)
        return
    console.print(result.summary(), highlight=False)
    for name, count in result.counts.items():
        console.print(f"  {name}: {count:,}", highlight=False)
    for warning in result.warnings:
        console.print(f"  [yellow]warning:[/] {warning}", highlight=False)
    for limit in result.limitations:
        console.print(f"  [yellow]lacks:[/] {limit}", highlight=False)
    console.print(f"  read {result.read_seconds}s, write {result.write_seconds}s", highlight=False)
    if vectors:
        console.print(
            f"  stored {vectors['vectors']:,} skill vectors ({vectors['model']}) "
            f"in {vectors['seconds']}s",
            highlight=False,
        )


@import_app.command("onet")
def onet(
    path: Path = typer.Argument(..., help="O*NET text database: folder or db_XX_X_text.zip"),
    version: str | None = VERSION,
    as_json: bool = JSON,
    embed: bool = EMBED,
) -> None:
    """Import the official O*NET database (text format)."""
    with progress_bar(not as_json) as progress:
        result = import_onet(engine(), path, version, progress)
    report(result, as_json, embed_after_import("onet", as_json) if embed else None)


@import_app.command("esco")
def esco(
    paths: list[Path] = typer.Argument(..., help="ESCO CSV zips or folders: language + relations"),
    version: str | None = VERSION,
    as_json: bool = JSON,
    embed: bool = EMBED,
) -> None:
    """Import the official ESCO classification (CSV)."""
    with progress_bar(not as_json) as progress:
        result = import_esco(engine(), paths, version, progress)
    report(result, as_json, embed_after_import("esco", as_json) if embed else None)


@import_app.command("crosswalk")
def crosswalk(
    path: Path = typer.Argument(..., help="ESCO-O*NET crosswalk CSV"),
    version: str | None = VERSION,
    as_json: bool = JSON,
) -> None:
    """Import the ESCO <-> O*NET occupation crosswalk."""
    with progress_bar(not as_json) as progress:
        result = import_crosswalk(engine(), path, version, progress)
    report(result, as_json)


@import_app.command("bls-projections")
def bls_projections(
    path: Path = typer.Argument(..., help="BLS Employment Projections table 1.2 (CSV or xlsx)"),
    version: str | None = VERSION,
    as_json: bool = JSON,
) -> None:
    """Import BLS Employment Projections (growth, openings, typical education)."""
    from onramp.market import read_bls_projections

    with progress_bar(not as_json) as progress:
        result = run_import(engine(), lambda _step: read_bls_projections(path, version), progress)
    report(result, as_json)


@app.command("list")
def list_frameworks(as_json: bool = JSON) -> None:
    """List framework releases, which is current, and what each lacks."""
    frameworks = Catalog(engine()).frameworks()
    if as_json:
        emit_json(frameworks)
        return
    if not frameworks:
        console.print("No frameworks yet. Run `onramp data bootstrap` or an import.")
        return
    table = Table("key", "version", "owner", "origin", "current", "imported")
    for f in frameworks:
        table.add_row(
            f.key,
            f.version,
            f.owner or "-",
            str(f.origin),
            "yes" if f.is_current else "",
            f.imported_at.isoformat()[:19] if f.imported_at else "",
        )
    console.print(table)
    for f in frameworks:
        if f.limitations:
            console.print(f"[bold]{f.key} {f.version} lacks:[/]")
            for line in f.limitations:
                console.print(f"  - {line}", highlight=False)


@app.command("stats")
def stats(as_json: bool = JSON) -> None:
    """Counts per framework release and entity."""
    data = Catalog(engine()).stats()
    if as_json:
        emit_json(data)
        return
    for release in data:
        mark = " (current)" if release["current"] else ""
        console.print(
            f"[bold]{release['key']} {release['version']}[/] {release['origin']}{mark}",
            highlight=False,
        )
        for name, count in sorted(release["counts"].items()):
            console.print(f"  {name}: {count:,}", highlight=False)


@app.command("use")
def use(key: str, version: str, owner: str = typer.Option("", "--owner")) -> None:
    """Make one release the current one for its framework."""
    if not set_current(engine(), key, version, owner):
        raise NotFoundError(f"no release {key} {version}")
    console.print(f"{key} {version} is now current")


@app.command("remove")
def remove(key: str, version: str, owner: str = typer.Option("", "--owner")) -> None:
    """Delete one release and all its data."""
    if not remove_release(engine(), key, version, owner):
        raise NotFoundError(f"no release {key} {version}")
    console.print(f"removed {key} {version}")
