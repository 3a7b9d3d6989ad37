"""Delivering a microcredential in a real browser at 390 px (issue 16, item 5), on the demo
data: the provider admin opens the outcomes dashboard from their dashboard, opens a learner part
way through, records the result that meets the last outcome (the rubric's words beside each
level), and the learner finds the credential in their wallet; the provider then records the
hire under the employer's hiring target and sees it on the dashboard. axe-core and the width
check run on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onramp.market.microcredentials.delivery_demo import LEARNERS
from onramp.platform.demo import demo_email

from demo_site import PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

PROVIDER = demo_email("provider.admin")
PART_WAY = LEARNERS[1]  # the demo learner who met one outcome of two


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("microcredentials")) as built:
        yield built


def _clean(page: Any, where: str) -> None:
    assert not accessibility_problems(page), (where, accessibility_problems(page))
    assert not overflow(page), (where, overflow(page))


def test_a_provider_completes_a_learner_who_finds_the_credential_then_records_the_hire(
    site: DemoSite, browser: Any
) -> None:
    learner = site.principal(PART_WAY).user
    staff = signed_in(browser, site, PROVIDER, PHONE)
    page = staff.new_page()
    try:
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Your learners and their results").click()
        page.get_by_role(
            "heading", level=1, name="Outcomes: Demo Valley Community College"
        ).wait_for()
        _clean(page, "provider outcomes")
        page.get_by_role("link", name="learners in Data Clerk Basics").click()
        page.get_by_role("heading", level=1, name="Learners in Data Clerk Basics").wait_for()
        _clean(page, "delivery")
        page.get_by_role("link", name=learner.name).click()
        page.get_by_role("heading", level=1, name=learner.name).wait_for()
        _clean(page, "learner")
        form = page.locator("form", has=page.get_by_text("Budget sheet: Spreadsheets"))
        form.get_by_label("Level 2: Work at step 2 of the scale.").check()
        form.get_by_role("button", name="Save the result").click()
        page.get_by_role("status").filter(has_text="Every outcome is met").wait_for()
        _clean(page, "learner, completed")
        learner_page = page.url

        worker = signed_in(browser, site, PART_WAY, PHONE)
        mine = worker.new_page()
        try:
            mine.goto(site.base + "/dashboard")
            mine.get_by_role("link", name="See my microcredentials").click()
            mine.get_by_role("heading", level=1, name="My microcredentials").wait_for()
            _clean(mine, "my microcredentials")
            mine.get_by_role("link", name="See your credential in your wallet").click()
            mine.get_by_text("Data Clerk Basics").first.wait_for()
            _clean(mine, "the credential in the wallet")
        finally:
            worker.close()

        page.goto(learner_page)
        form = page.locator(
            "form", has=page.get_by_role("heading", name="Record an interview or a job")
        )
        form.get_by_label("Yes").check()
        form.get_by_label("Pay per hour, if hired").fill("21.50")
        form.get_by_label("Date of the interview or first day").fill("2027-02-01")
        form.get_by_label("Does it keep an employer's promise?").select_option(index=2)
        form.get_by_role("button", name="Save").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert "Hired at Demo Riverside Health" in page.inner_text("body")
        page.get_by_role("link", name="Learners in Data Clerk Basics").click()
        page.get_by_role("link", name="See how learners did").click()
        page.get_by_role("heading", level=1, name="Outcomes: Data Clerk Basics").wait_for()
        text = page.inner_text("body")
        assert "2 of 5 hires" in text  # the demo's hire, and this one
        _clean(page, "design outcomes")
    finally:
        staff.close()
