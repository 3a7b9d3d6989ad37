"""Running `onramp` in this process on a work-based learning world's own store and keys
(SQLite or PostgreSQL), as an operator would with its settings: one start-up, no subprocess."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner
from wbl_world import PUBLIC, World

from onramp.cli import app
from onramp.cli.common import engine as cli_engine
from onramp.config import get_settings

Run = Callable[..., Result]


def _forget() -> None:
    if cli_engine.cache_info().currsize:
        cli_engine().dispose()
    cli_engine.cache_clear()
    get_settings.cache_clear()


@contextmanager
def cli_on(w: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """`run("wbl", ...)` gives the CLI's result; the settings point at the world's store."""
    monkeypatch.setenv("ONRAMP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ONRAMP_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ONRAMP_DATABASE_URL", w.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ONRAMP_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.setenv("ONRAMP_PUBLIC_URL", PUBLIC)
    _forget()
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args))

    try:
        yield run
    finally:
        _forget()
