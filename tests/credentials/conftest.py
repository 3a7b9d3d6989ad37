"""Fixtures for the credential tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from support import shared
from wallet_world import world  # noqa: F401  (the fixture, for every credential test)


@pytest.fixture(scope="session")
def contexts() -> dict[str, Any]:
    """The test vectors' extra contexts (examples, etc.), from ../shared/data (tests only)."""
    folder = shared("vc", "contexts")
    index = json.loads((folder / "index.json").read_text())
    return {url: json.loads((folder / name).read_text()) for url, name in index.items()}
