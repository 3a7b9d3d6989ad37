"""The career advancement plan in a real browser (issue 15, item 4): a worker who has no plan
opens it from the dashboard, starts it, saves a pathway through the same form fields the
pathway page posts, adds a goal and a milestone with a date, ticks the goal, shares the plan
with the demo career center, and opens the printable version (which prints without the menu);
the center's navigator then opens the plan from the worker's page and adds a note. axe-core
runs on every page at laptop width and at 390 px, and no page scrolls sideways."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.platform.demo import demo_email, worker_email
from onramp.taxonomy import import_onet

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow
from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

LPN, RN = "29-2061.00", "29-1141.00"
CENTER = "Demo Northside Career Center"
NEW_WORKER = worker_email(3)  # the demo worker who shares nothing and has no plan


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    folder = tmp_path_factory.mktemp("plans")
    with demo_site(folder) as built:
        # the two jobs of the pathway, so their codes are known (the demo holds only the ESF)
        import_onet(
            built.engine, write_mini_onet(shared("onet", "29.3"), folder / "onet", False, (LPN, RN))
        )
        yield built


def checked(page: Any) -> None:
    """No axe-core violation and no sideways scrolling, at laptop width and at 390 px."""
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        assert not overflow(page), (page.url, size, overflow(page))
        assert not accessibility_problems(page), (page.url, size, accessibility_problems(page))
    page.set_viewport_size(LAPTOP)


def save_pathway(page: Any, target: str, steps: str) -> None:
    """Post the pathway page's "Save this pathway to my plan" form: `target`, `steps` and the
    session's CSRF token, as that page's form will."""
    with page.expect_navigation():
        page.evaluate(
            """([target, steps]) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/me/plan/from-pathway';
            const csrf = document.querySelector('input[name=csrf_token]').value;
            const fields = [['target', target], ['steps', steps], ['csrf_token', csrf]];
            for (const [name, value] of fields) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
            [target, steps],
        )


def test_a_worker_plans_shares_and_prints_and_the_navigator_adds_a_note(
    site: DemoSite, browser: Any
) -> None:
    context = signed_in(browser, site, NEW_WORKER, LAPTOP)
    page = context.new_page()
    page.goto(site.base + "/dashboard")
    with page.expect_navigation():
        page.get_by_role("link", name="Open my career plan").click()
    assert page.get_by_role("button", name="Start my plan").is_visible()
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Start my plan").click()
    assert "Your plan is ready" in page.get_by_role("status").inner_text()
    checked(page)

    save_pathway(page, "11-1011.00", LPN)  # not in the store: a clear refusal, nothing saved
    assert "does not know the job code 11-1011.00" in page.get_by_role("alert").inner_text()
    save_pathway(page, RN, f"{LPN},{RN}")
    assert page.url.endswith("/me/plan?saved=pathway"), page.locator("main").inner_text()[:500]
    assert page.url.endswith("/me/plan?saved=pathway")
    about = page.locator("section", has=page.get_by_role("heading", name="About my plan"))
    assert "Registered Nurses" in about.inner_text()
    assert "Licensed Practical" in about.inner_text()

    explore = page.locator("#stage-explore")
    explore.get_by_label("New goal").fill("Talk to two nurses about their work")
    with page.expect_navigation():
        explore.get_by_role("button", name="Add goal to Explore").click()
    explore = page.locator("#stage-explore")
    explore.get_by_label("New milestone").fill("Visit the clinic open house")
    explore.get_by_label("Date to aim for").fill("2027-03-01")
    with page.expect_navigation():
        explore.get_by_role("button", name="Add milestone to Explore").click()
    explore = page.locator("#stage-explore")
    assert "Visit the clinic open house, by Mar 01, 2027" in explore.inner_text()
    with page.expect_navigation():
        explore.get_by_role("button", name="Mark done – Talk to two nurses about their").click()
    assert "Done: Talk to two nurses" in page.locator("#stage-explore").inner_text()
    checked(page)

    page.get_by_label("Share my plan with").select_option(label=CENTER)
    with page.expect_navigation():
        page.get_by_role("button", name="Share my plan").click()
    assert "Your plan is now shared" in page.get_by_role("status").inner_text()
    assert f"{CENTER}, until" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Print my plan").click()
    main = page.locator("main").inner_text()
    for words in (
        "Registered Nurses",
        "Done: Talk to two nurses about their work",
        "Visit the clinic open house, by Mar 01, 2027",
        "Ask an employer",
        "6. Advance or move on",
    ):
        assert words in main, words
    checked(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.get_by_role("link", name="Back to the plan").is_visible()
    assert page.get_by_role("heading", name="1. Explore").is_visible()
    page.emulate_media(media="screen")
    context.close()

    worker_id = site.principal(NEW_WORKER).user.id
    navigator = site.principal(demo_email("navigator"))
    center_id = next(m.org_id for m in navigator.memberships if m.org_name == CENTER)
    context = signed_in(browser, site, demo_email("navigator"), LAPTOP)
    page = context.new_page()
    page.goto(f"{site.base}/orgs/{center_id}/workers/{worker_id}")
    with page.expect_navigation():
        page.get_by_role("link", name="See their career plan").click()
    assert "Talk to two nurses about their work" in page.locator("main").inner_text()
    checked(page)
    page.get_by_label("What to add").select_option("add_note")
    page.get_by_label("Words").fill("Let us look at LPN classes on Tuesday.")
    with page.expect_navigation():
        page.get_by_role("button", name="Add").click()
    assert "Added to the plan" in page.get_by_role("status").inner_text()
    assert "(Maria Lopez, Demo Northside Career Center" in page.locator("main").inner_text()
    context.close()
