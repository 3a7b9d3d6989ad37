"""`onramp esf`: the Essential Skills Framework and organizations' customised versions."""

from __future__ import annotations

from pathlib import Path

import typer

from onramp.cli.common import engine, progress_bar
from onramp.cli.taxonomy import JSON, report
from onramp.taxonomy import Catalog, import_esf, run_import
from onramp.taxonomy.esf import ESF_KEY, customize, read_overrides
from onramp.taxonomy.esf.loader import builtin_document

app = typer.Typer(help="The Onramp Essential Skills Framework.", no_args_is_help=True)


@app.command("install")
def install(
    version: str | None = typer.Option(None, "--version", help="Built-in version"),
    as_json: bool = JSON,
) -> None:
    """Load the built-in framework into the store (bootstrap does this too)."""
    with progress_bar(not as_json) as progress:
        result = import_esf(engine(), version, progress)
    report(result, as_json)


@app.command("customize")
def customize_command(
    org: str = typer.Option(..., "--org", help="Organization slug, e.g. acme-health"),
    file: Path = typer.Option(..., "--file", help="YAML: examples: {ESF-01: {2: {sector: text}}}"),
    base: str = typer.Option("1.0.0", "--base", help="Built-in version to start from"),
    as_json: bool = JSON,
) -> None:
    """Save an organization's own examples as a new version; the original stays unchanged."""
    overrides = read_overrides(file)
    existing = [f for f in Catalog(engine()).frameworks() if f.key == ESF_KEY and f.owner == org]
    version = f"{base}+{org}.{len(existing) + 1}"
    release = customize(builtin_document(base), org, overrides, version)
    with progress_bar(not as_json) as progress:
        result = run_import(engine(), lambda _s: release, progress)
    report(result, as_json)
