"""Employer metrics in a real browser (issue 18, items 1-2): an HR admin opens the hiring
figures from the dashboard, writes down a hire and its 90-day check through the forms, sees the
figure move, then changes an assumption on the return-on-training page and sees the result and
its range move. axe-core and the width check run on every page, at 390 px and laptop width. The
employer is the hand-checked one of tests/metrics/employer_world.py."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from onramp.api.auth import SESSION_COOKIE
from onramp.metrics.roi import ProgramKind
from onramp.platform import secrets as platform_secrets

from browser_support import serve, shows, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "metrics"))
from employer_world import World, build  # noqa: E402


@dataclass
class Site:
    base: str
    world: World

    def context(self, browser: Any, email: str, viewport: dict[str, int]) -> Any:
        accounts = self.world.app.state.platform.accounts
        user = accounts.user_by_email(email)
        assert user is not None
        token, _csrf = accounts.start_session(user)
        context = browser.new_context(bypass_csp=True, viewport=viewport)
        context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": self.base}])
        return context


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("employer-metrics-site")
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)
        engine = sqlite_engine(folder)
        world = build(engine, folder)
        world.metrics.investments.save(
            world.hana,
            world.org_id,
            "Bakers roadmap",
            kind=ProgramKind.ROADMAP,
            inputs={
                "participants": 10,
                "completers": 8,
                "retained_12_months": 7,
                "internal_fills": 3,
                "training_cost": 5000,
            },
        )
        for base in serve(engine, folder / "secrets"):
            yield Site(base, world)
        engine.dispose()


def _both(page: Any, where: str) -> None:
    """Clean on a phone and on a laptop; the page is left at the laptop's width."""
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        problems = accessibility_problems(page)
        assert not problems, (where, size, problems)
        assert not overflow(page), (where, size, overflow(page))


NET = re.compile(r"Net benefit: (\$[\d,.]+|-\$[\d,.]+)")
RANGE = re.compile(r"between (\S+) and (\S+), when")


def test_an_hr_admin_records_a_hire_and_a_check_and_tries_an_assumption(
    site: Site, browser: Any
) -> None:
    context = site.context(browser, "hana@bakery.example", LAPTOP)
    try:
        page = context.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Hiring figures").first.click()
        page.get_by_role("heading", level=1, name=re.compile("Hiring figures")).wait_for()
        assert shows(page, "Hires still employed at day 90 / hires checked at day 90: 1 / 2")
        _both(page, "dashboard")
        page.get_by_role("link", name="Write down offers, hires, checks and costs").click()
        page.get_by_role("heading", level=1, name=re.compile("Write down")).wait_for()
        _both(page, "records")
        # a hire without a first day is refused beside the form, with the pay kept
        page.get_by_label("Person and job").select_option(label="W2, for Cashier")
        page.get_by_label("Pay at the start, per hour (optional)").fill("17.50")
        page.get_by_role("button", name="Save the offer or hire").click()
        assert shows(page, "Give the first day of work for a hire.")
        assert (
            page.get_by_label("Pay at the start, per hour (optional)").input_value() == "17.50"
        )
        _both(page, "records with an error")
        page.get_by_label("Person and job").select_option(label="W2, for Cashier")
        page.get_by_label("First day of work (for a hire)").fill("2025-03-20")
        page.get_by_role("button", name="Save the offer or hire").click()
        assert shows(page, "The offer or hire is saved.")
        page.get_by_label("Hire", exact=True).first.select_option(
            label="W2, Cashier, started 2025-03-20"
        )
        page.get_by_label("Day you checked").fill("2025-07-01")
        page.get_by_role("button", name="Save the check").click()
        assert shows(page, "The check is saved.")
        page.get_by_role("link", name="See your figures").click()
        assert shows(page, "Hires still employed at day 90 / hires checked at day 90: 2 / 3")
        # the return on training: change the pay for the role, and the result and range move
        page.get_by_role("link", name="Does training pay?").click()
        page.get_by_role("heading", level=1, name=re.compile("Does training pay")).wait_for()
        _both(page, "roi")
        text = page.inner_text("main")
        net, spread = NET.search(text), RANGE.search(text)
        assert net and spread
        # pay for the role is known to the employer (no range of its own): every line moves
        page.get_by_label(re.compile("Pay for one year in the role")).fill("60000")
        page.get_by_role("button", name="Save the assumptions").click()
        assert shows(page, "Your assumptions are saved.")
        after = page.inner_text("main")
        net2, spread2 = NET.search(after), RANGE.search(after)
        assert net2 and spread2
        assert net2.group(1) != net.group(1)
        assert spread2.groups() != spread.groups()
        _both(page, "roi after a change")
    finally:
        context.close()
