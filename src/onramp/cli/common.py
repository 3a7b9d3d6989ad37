"""Shared CLI plumbing: the store, JSON output, progress bars and the one error mapping."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from sqlalchemy import Engine

from onramp import errors
from onramp.config import get_settings
from onramp.serialize import to_json
from onramp.store import make_engine, upgrade
from onramp.taxonomy.importing import Progress

PIPED_WIDTH = 100_000  # piped or redirected output: tables as wide as their content


def _stdout_console() -> Console:
    """Whole lines ("did:key:" is not an emoji). On a terminal, tables fit its width; piped
    or redirected, they are as wide as their content, so codes and labels are never cut (a
    script or the next command needs them whole)."""
    built = Console(soft_wrap=True, emoji=False)
    if not built.is_terminal:
        built.width = PIPED_WIDTH
    return built


console = _stdout_console()
err_console = Console(stderr=True, emoji=False)

EXIT_CODES: dict[type[errors.OnrampError], int] = {
    errors.ImportFileError: 3,
    errors.InvalidInputError: 2,
    errors.NotFoundError: 4,
    errors.NotAvailableError: 5,
    errors.ConfigError: 6,
    errors.StoreError: 7,
    errors.AuthenticationError: 8,
    errors.PermissionDeniedError: 9,
    errors.RateLimitedError: 10,
}


def exit_code(error: errors.OnrampError) -> int:
    return errors.mapped(error, EXIT_CODES, 1)


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The configured store, migrated to the latest schema on first use."""
    settings = get_settings()
    built = make_engine(settings.effective_database_url)
    upgrade(built)
    return built


def emit_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Progress]:
    """Rich progress on a terminal; silent when scripting (--json) or piped."""
    if not enabled or not err_console.is_terminal:
        yield Progress()
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=err_console, transient=False) as bar:
        reading = bar.add_task("reading files", total=None)
        tasks: dict[str, Any] = {}

        def step(name: str) -> None:
            bar.update(reading, description=f"read {name}", advance=1)

        def rows(name: str, done: int, total: int) -> None:
            if name not in tasks:
                bar.update(reading, total=bar.tasks[reading].completed)
                tasks[name] = bar.add_task(f"write {name}", total=total)
            bar.update(tasks[name], completed=done)

        yield Progress(step=step, rows=rows)


@contextmanager
def count_bar(description: str, total: int, enabled: bool = True) -> Iterator[Any]:
    """A bar over `total` items; yields `advance(n)`. Silent for --json or when piped."""
    if not enabled or not err_console.is_terminal:
        yield lambda _n=1: None
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=err_console) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def input_file(path: Path) -> Path:
    """A JSONL input to read: a file, or a stream such as /dev/stdin (not a folder)."""
    if not path.exists():
        raise errors.NotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise errors.InvalidInputError(f"{path}: is a folder, not a file")
    return path
