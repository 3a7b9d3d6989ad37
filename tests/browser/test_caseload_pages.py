"""The navigator caseload in a real browser (issue 15, item 5), on the demo data: the demo
navigator opens the caseload from the dashboard, sees the check-ins due now, filters to past-due
check-ins, opens a worker, refers them to a training program on Onramp, logs that they started,
and plans a check-in; at 390 px and at laptop width, with axe-core and the width check on every
page. The worker then finds the referral on their own page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from onramp.pathways.caseload_json import today
from onramp.platform.demo import demo_email, worker_email

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

NAVIGATOR = demo_email("navigator")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("caseload")) as built:
        yield built


def _clean(page: Any, where: str) -> None:
    assert not accessibility_problems(page), (where, accessibility_problems(page))
    assert not overflow(page), (where, overflow(page))


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_navigator_filters_opens_a_worker_refers_and_plans_a_check_in(
    site: DemoSite, browser: Any, viewport: dict[str, int]
) -> None:
    context = signed_in(browser, site, NAVIGATOR, viewport)
    page = context.new_page()
    try:
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Open the caseload").click()
        page.wait_for_url("**/caseload")
        due = page.get_by_role("region", name="Due now")
        assert due.get_by_text("Past due").count() == 2  # the demo's two late check-ins
        _clean(page, "caseload")

        page.get_by_label("Check-ins").select_option("overdue")
        page.get_by_role("button", name="Show workers").click()
        page.wait_for_url("**/caseload?*due=overdue*")
        cards = page.locator("ul.caseload > li")
        assert cards.count() == 2
        assert page.get_by_role("heading", name="2 workers match").is_visible()
        _clean(page, "caseload, filtered")

        index = 0 if viewport is PHONE else 1  # a different worker at each width
        name = cards.nth(index).get_by_role("heading").inner_text()
        cards.nth(index).get_by_role("link").click()
        page.get_by_role("heading", level=1, name=name).wait_for()
        _clean(page, "worker")

        form = page.locator("form", has=page.get_by_role("heading", name="To a training program"))
        form.get_by_label("A program on Onramp").select_option(index=1)
        program = form.get_by_label("A program on Onramp").evaluate(
            "s => s.options[s.selectedIndex].text"
        )
        form.get_by_role("button", name="Refer to the program").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        card = page.locator("div.card", has=page.get_by_role("heading", name=program)).first
        assert "Waiting to hear back" in card.inner_text()

        card.get_by_label("New outcome").select_option("started")
        card.get_by_role("button", name="Save the outcome").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        card = page.locator("div.card", has=page.get_by_role("heading", name=program)).first
        assert "Now: Enrolled or started" in card.inner_text()

        day = today() + timedelta(days=3)
        about = f"Ask how the first class went ({viewport['width']})"
        page.get_by_label("Day").fill(day.isoformat())
        page.get_by_label("What about").fill(about)
        page.get_by_role("button", name="Plan the check-in").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert page.get_by_text(about).is_visible()
        _clean(page, "worker, after the forms")

        page.get_by_role("link", name="Caseload").first.click()
        page.wait_for_url("**/caseload")
        assert page.get_by_role("region", name="Due now").get_by_text(about).is_visible()
    finally:
        context.close()


def test_the_worker_sees_the_referrals_made_for_them(site: DemoSite, browser: Any) -> None:
    from onramp.pathways.caseload_model import ReferralKind, Service
    from onramp.pathways.caseload_services import caseload_service
    from onramp.pathways.plans import CareerPlans

    navigator = site.principal(NAVIGATOR)
    org = next(m.org_id for m in navigator.memberships)
    worker = site.principal(worker_email(1))  # shares with the demo career center
    plans = CareerPlans(site.platform.engine, site.platform.consents)
    caseload_service(site.platform, plans).refer(
        navigator, org, worker.user.id, ReferralKind.SERVICE, service=Service.HOUSING,
        target_text="Northside Housing Help",
    )  # fmt: skip
    context = signed_in(browser, site, worker_email(1), PHONE)
    page = context.new_page()
    try:
        page.goto(site.base + "/me/sharing")
        page.get_by_role("link", name="See where a navigator sent me").click()
        page.get_by_role("heading", level=1, name="Referrals made for me").wait_for()
        card = page.locator("li.card", has_text="Northside Housing Help")
        assert "From Demo Northside Career Center" in card.inner_text()
        assert "Waiting to hear back" in card.inner_text()
        _clean(page, "my referrals")
    finally:
        context.close()
