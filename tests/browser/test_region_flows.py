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
from board_site import board_site, charts_fit

from onramp.api.auth import SESSION_COOKIE
from onramp.platform import Platform
from onramp.platform.demo import demo_email

from demo_site import LAPTOP, PHONE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "metrics"))
from region_world import build  # noqa: E402

ANALYST = demo_email("board.analyst")
CHARTS = ("region-demand-chart", "region-supply-chart")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Platform]]:
    with board_site(tmp_path_factory.mktemp("region-site"), build) as built:
        yield built


def _checked(page: Any, width: str) -> None:
    charts_fit(page, width, CHARTS)


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
