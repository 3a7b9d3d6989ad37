"""The employer's talent development roadmap in a real browser (issue 15, items 3 and 6): the
demo HR admin opens it from the dashboard and sees each ladder drawn top step first, with a
table of the same facts; a job's page says where it leads. On the demo's data (the Essential
Skills Framework only, no O*NET), at a phone's and a laptop's width, with axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.platform.demo import demo_email

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

# the demo employer's care jobs, from the bottom step (its medical assistant jobs come from the
# hiring figures' demo, `metrics.employer_demo`)
NURSING = [
    "Medical Assistant",
    "Certified Nursing Assistant",
    "Licensed Practical Nurse",
    "Registered Nurse",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    folder: Path = tmp_path_factory.mktemp("roadmap")
    with demo_site(folder) as built:
        yield built


def _checked(page: Any) -> None:
    assert accessibility_problems(page) == [], page.url
    assert overflow(page) == "", page.url


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_an_employer_sees_the_ladder_and_its_text_equivalent(
    site: DemoSite, browser: Any, viewport: dict[str, int]
) -> None:
    context = signed_in(browser, site, demo_email("hr.admin"), viewport)
    page = context.new_page()
    try:
        page.goto(f"{site.base}/dashboard")
        page.get_by_role("link", name="How people grow here").click()
        page.wait_for_url(re.compile(r"/orgs/[^/]+/roadmap$"))
        assert page.get_by_role("heading", level=1).inner_text().startswith("How people grow")
        family = page.locator(
            "section.family",
            has=page.get_by_role("heading", name=re.compile("Medical Assistant to")),
        )
        ladder = family.locator("ol.ladder li.rung .rung-title")
        assert ladder.all_inner_texts() == list(reversed(NURSING))  # the top step first
        assert family.locator("ol.ladder").is_visible()
        rows = family.locator("table.ladder-table tbody th[scope=row]")
        first_jobs = [t.strip().splitlines()[0] for t in rows.all_inner_texts()]  # a step's jobs
        assert [t.removesuffix(" (filled)") for t in first_jobs] == NURSING
        table = family.locator("table.ladder-table")
        assert "Licensed Practical Nurse" in table.inner_text()
        assert "Workplace Safety" in table.inner_text()  # the demo college's program
        assert page.get_by_text("No O*NET jobs are imported").is_visible()
        _checked(page)
        # a job's page says where it leads
        rows.nth(1).get_by_role("link").click()  # the nursing assistant's job
        page.wait_for_url(re.compile(r"/edit$"))
        leads = page.locator("section.leads-to")
        assert "Licensed Practical Nurse" in leads.inner_text()
        job_id = page.url.split("/jobs/")[1].split("/")[0]
        page.goto(f"{site.base}/jobs/{job_id}")
        assert "Registered Nurse" in page.locator("section.leads-to").inner_text()
        _checked(page)
    finally:
        context.close()
