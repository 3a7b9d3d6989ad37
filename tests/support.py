"""Helpers shared by the tests: reference data paths and fresh databases on each backend."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


def shared(*parts: str) -> Path:
    """A file under ../shared/data, or skip the test with a clear reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not available: {path} (see ../shared/data/README.md)")
    return path


def new_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'onramp-{next(_counter)}.db'}"
    cluster = request.getfixturevalue("pg_cluster")
    return str(cluster.create_database(f"t{os.getpid()}_{next(_counter)}"))


def run_cli(
    home: Path,
    *args: str,
    check: bool = True,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`onramp ARGS` in a real process on a store under `home` (no config file, no outside
    database)."""
    environment = {
        **os.environ,
        "ONRAMP_HOME": str(home),
        "ONRAMP_CONFIG": str(home / "none.toml"),
        **(env or {}),
    }
    environment.pop("ONRAMP_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "onramp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@dataclass
class Letters:
    """A mailer that keeps what it sends in memory (claim and confirmation links)."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    def send(self, to: str, subject: str, body: str, kind: object = None) -> None:
        self.sent.append((to, body))

    def token_for(self, email: str) -> str:
        body = next(b for to, b in reversed(self.sent) if to == email)
        return body.split("token=")[1].split()[0]
