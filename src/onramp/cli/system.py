"""`onramp config` and `onramp db`."""

from __future__ import annotations

import typer

from onramp.cli.common import console, emit_json, engine
from onramp.config import get_settings
from onramp.store import current_revision, head_revision

config_app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the store's schema.", no_args_is_help=True)


@config_app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the effective configuration, with secrets masked."""
    values = get_settings().masked()
    if as_json:
        emit_json(values)
        return
    for key, value in values.items():
        console.print(f"[bold]{key}[/]: {value}", highlight=False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply any pending migrations (the other commands also do this on first use)."""
    built = engine()
    console.print(f"schema at revision {current_revision(built)}")


@db_app.command("status")
def db_status(as_json: bool = typer.Option(False, "--json")) -> None:
    built = engine()
    status = {"current": current_revision(built), "head": head_revision(built)}
    if as_json:
        emit_json(status)
    else:
        console.print(f"schema revision {status['current']} (latest {status['head']})")
