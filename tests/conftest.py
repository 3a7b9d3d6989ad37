"""Shared fixtures: real SQLite and a real, throwaway PostgreSQL for every store test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "browser"))

from onramp.store import make_engine, upgrade  # noqa: E402

from pgcluster import Cluster  # noqa: E402
from support import BACKENDS, new_database_url  # noqa: E402


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


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated store on each backend."""
    built = make_engine(new_database_url(request.param, tmp_path, request))
    upgrade(built)
    try:
        yield built
    finally:
        built.dispose()
