"""The workforce board's analyst reads the regional view in a real browser (issue 18, item 5):
from the dashboard to the page, an area and months typed into the form as a person does, the
charts and the table of the same figures, the CSV download, and axe-core at 390 px and at a
laptop's width. One server and one small store for the module: the demo's people and the
hand-checked world of tests/metrics/region_world.py (its figures are worked out there)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from onramp.api.auth import SESSION_COOKIE
from onramp.platform import Platform
from onramp.platform import secrets as platform_secrets
from onramp.platform.demo import demo_email, seed_demo

from browser_support import serve, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "metrics"))
from region_world import build  # noqa: E402

ANALYST = demo_email("board.analyst")
CHARTS = ("region-demand-chart", "region-supply-chart")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Platform]]:
    folder = tmp_path_factory.mktemp("region-site")
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)  # the demo has many accounts
        engine = sqlite_engine(folder)
        for base in serve(engine, folder / "secrets"):
            platform = Platform(engine, secrets_dir=folder / "secrets", public_url=base)
            seed_demo(platform)
            build(engine)
            yield base, platform
        engine.dispose()


def _checked(page: Any, width: str) -> None:
    assert overflow(page) == "", width
    assert accessibility_problems(page) == [], width
    for key in CHARTS:
        chart = page.locator(f'svg[role="img"][aria-labelledby="{key}-t {key}-d"]')
        box = chart.bounding_box()
        assert box is not None and box["x"] + box["width"] <= page.viewport_size["width"], key


def test_board_analyst_picks_an_area_sees_charts_and_downloads_csv(
    site: tuple[str, Platform], browser: Any
) -> None:
    base, platform = site
    user = platform.accounts.user_by_email(ANALYST)
    assert user is not None
    token, _csrf = platform.accounts.start_session(user)
    context = browser.new_context(bypass_csp=True, viewport=PHONE, accept_downloads=True)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])
    try:
        page = context.new_page()
        page.goto(f"{base}/dashboard")
        page.get_by_role("link", name="See jobs and workers by area").click()
        page.wait_for_url("**/market/region")
        assert "Place: the whole country." in page.inner_text("main")
        page.get_by_label("Area (a state like OH", exact=False).press_sequentially("OH")
        page.get_by_label("From month (YYYY-MM)").press_sequentially("2026-01")
        page.get_by_label("To month (YYYY-MM)").press_sequentially("2026-06")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**/market/region?*area=OH*")
        main = page.inner_text("main")
        assert "Place: Ohio. Months: 2026-01 to 2026-06." in main
        table = page.get_by_role("table", name="All figures")
        rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
        # Ohio (tests/metrics/region_world.py): workers 13 hidden to protect the 3 cashiers
        assert rows == [
            [
                "Software Developers (15-1252.00)",
                "3",
                "hidden",
                "11",
                "$25.00 an hour",
                "not known",
            ],
            ["Cashiers (41-2011.00)", "1", "under 10", "under 10", "not shown", "not known"],
            ["29-1141.00 (29-1141.00)", "0", "15", "hidden", "not shown", "not known"],
        ]
        total = table.locator("tfoot tr").inner_text().split("\t")
        assert total[:4] == ["All job types", "4", "31", "13"]
        demand = page.get_by_role("img", name="Bar chart: job postings by occupation")
        assert "Software Developers: 3" in demand.inner_html()
        supply = page.get_by_role("img", name="Bar chart: workers by occupation")
        assert "29-1141.00: 15" in supply.inner_html()
        _checked(page, "390 px")
        page.set_viewport_size(LAPTOP)
        _checked(page, "laptop")
        with page.expect_download() as event:
            page.get_by_role("link", name="Download as CSV").click()
        lines = Path(event.value.path()).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("occupation_code,occupation_title,postings,workers")
        assert lines[-1] == "total,All occupations,4,31,13,,,"
        assert lines[2].startswith("41-2011.00,Cashiers,1,,,")
    finally:
        context.close()
