"""Shared fixtures: real SQLite and a real, throwaway PostgreSQL for every store test."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).parent))

from onramp.store import make_engine, upgrade  # noqa: E402

from pgcluster import Cluster  # noqa: E402

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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    if os.environ.get("ONRAMP_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL tests disabled by ONRAMP_TEST_SKIP_POSTGRES=1")
    cluster = Cluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def new_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'onramp-{next(_counter)}.db'}"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated store on each backend."""
    built = make_engine(new_database_url(request.param, tmp_path, request))
    upgrade(built)
    try:
        yield built
    finally:
        built.dispose()
