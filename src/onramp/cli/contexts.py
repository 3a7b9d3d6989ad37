"""`onramp credentials contexts add|list|remove`: JSON-LD contexts an operator pins, so
credentials that name a context Onramp does not ship can be checked without a code change.
Nothing is ever fetched. A platform admin acts (`--as EMAIL`), and each change is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from onramp.cli.common import console, emit_json, engine
from onramp.cli.issuing import acting_member
from onramp.config import get_settings
from onramp.credentials.rdf.context_registry import (
    MAX_CONTEXT_BYTES,
    ContextRegistry,
    StoredContext,
)
from onramp.errors import ImportFileError, InvalidInputError
from onramp.platform import Platform, Principal
from onramp.serialize import to_plain

app = typer.Typer(
    help="JSON-LD contexts pinned by an operator (stored with their SHA-256; never fetched).",
    no_args_is_help=True,
)

AS = typer.Option(..., "--as", help="Email of a platform admin")
JSON_OUT = typer.Option(False, "--json", help="Machine-readable output")


def _acting(email: str) -> Principal:
    return acting_member(Platform(engine()), email)


def _show(entry: StoredContext, as_json: bool, verb: str = "") -> None:
    if as_json:
        emit_json(to_plain(entry))
    else:
        console.print(
            f"{verb}{entry.url}  sha256 {entry.sha256}  ({entry.size:,} bytes)", highlight=False
        )


@app.command("add")
def add(
    file: Path = typer.Argument(..., help="The context document (JSON with an @context)"),
    url: str = typer.Option(..., "--url", help="The URL credentials name this context by"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Pin a context: store the document and its SHA-256 for every verifier."""
    try:
        if file.stat().st_size > MAX_CONTEXT_BYTES:
            raise InvalidInputError(f"{file}: larger than {MAX_CONTEXT_BYTES:,} bytes")
        data = file.read_bytes()
    except OSError as error:
        raise ImportFileError(str(file), f"cannot be read ({error.strerror})") from None
    entry = ContextRegistry(engine()).add(_acting(acting), url, data)
    _show(entry, as_json, "Pinned ")


@app.command("list")
def list_contexts(acting: str = AS, as_json: bool = JSON_OUT) -> None:
    """The pinned contexts, with their SHA-256 and who added them."""
    entries = ContextRegistry(engine()).entries(_acting(acting))
    if as_json:
        emit_json(to_plain(entries))
        return
    if not entries:
        console.print("No contexts are pinned; Onramp uses only the ones it ships.")
    for entry in entries:
        _show(entry, False)


@app.command("remove")
def remove(
    url: str = typer.Argument(..., help="The URL of a pinned context"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Stop using a pinned context (credentials that name it are then refused)."""
    ContextRegistry(engine()).remove(_acting(acting), url)
    if as_json:
        emit_json({"removed": url.strip()})
    else:
        console.print(f"Removed {url.strip()}", highlight=False)


def stored_contexts() -> dict[str, Any] | None:
    """The pinned contexts for `credentials verify`, when this instance has a store. A default
    SQLite store that does not exist yet is not created just to verify a file."""
    settings = get_settings()
    if not settings.database_url and not (settings.home / "onramp.db").exists():
        return None
    return ContextRegistry(engine()).documents() or None
