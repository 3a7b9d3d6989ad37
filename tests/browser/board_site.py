"""A small site for a workforce board's analyst (the market and regional pages): the demo's
people on one server, with the module's own hand-checked data, and the checks a page with
charts passes at each width."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from onramp.platform import Platform
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import seed_demo

from browser_support import serve, sqlite_engine
from page_checks import accessibility_problems, overflow


@contextmanager
def board_site(folder: Path, fill: Callable[[Engine], None]) -> Iterator[tuple[str, Platform]]:
    """(the server's address, its platform), the demo seeded and `fill` run on the store."""
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)  # the demo has many accounts
        engine = sqlite_engine(folder)
        for base in serve(engine, folder / "secrets"):
            platform = Platform(engine, secrets_dir=folder / "secrets", public_url=base)
            seed_demo(platform)
            fill(engine)
            yield base, platform
        engine.dispose()


def charts_fit(page: Any, width: str, charts: tuple[str, ...]) -> None:
    """No overflow, no axe violation, and each named chart inside the viewport."""
    assert overflow(page) == "", width
    assert accessibility_problems(page) == [], width
    for key in charts:
        chart = page.locator(f'svg[role="img"][aria-labelledby="{key}-t {key}-d"]')
        box = chart.bounding_box()
        assert box is not None and box["x"] + box["width"] <= page.viewport_size["width"], key
