"""The site header in a real browser: error pages keep the caller signed in (issue 12, item 5),
and on a 390 px phone the navigation folds into a menu that works without JavaScript, by
keyboard, with a visible focus (issue 12, item 13). axe-core runs on each page state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onramp.platform.demo import demo_email, worker_email

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

WORKER = worker_email(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("header")) as built:
        yield built


def _other_org_page(site: DemoSite) -> str:
    """An organization page the demo worker is no member of."""
    board = site.principal(demo_email("board.analyst"))
    return f"{site.base}/orgs/{board.memberships[0].org_id}"


@pytest.mark.parametrize(
    ("status", "path"), [(404, "/no-such-page"), (404, "/wallet/not-an-item"), (403, None)]
)
def test_error_pages_keep_the_caller_signed_in(
    site: DemoSite, browser: Any, status: int, path: str | None
) -> None:
    context = signed_in(browser, site, WORKER, LAPTOP)
    page = context.new_page()
    try:
        url = site.base + path if path else _other_org_page(site)
        response = page.goto(url)
        assert response is not None and response.status == status, url
        header = page.locator("header.site-header")
        assert header.get_by_role("button", name="Log out").is_visible(), (
            f"{url} ({status}): the header does not offer 'Log out' to a signed-in worker"
        )
        assert header.get_by_role("link", name="My wallet").is_visible()
        assert header.get_by_role("link", name="Log in").count() == 0, (
            f"{url} ({status}): the header offers 'Log in' to a signed-in worker"
        )
        assert accessibility_problems(page) == []
    finally:
        context.close()


def test_a_refused_form_keeps_the_caller_signed_in(site: DemoSite, browser: Any) -> None:
    """A form sent without its CSRF token is refused before the route runs; the page that
    says so still shows the worker's own header."""
    context = signed_in(browser, site, WORKER, LAPTOP)
    try:
        answer = context.request.post(
            site.base + "/me/sharing",
            form={"org_id": "x", "purpose_text": "x"},
            headers={"Accept": "text/html"},
        )
        assert answer.status == 403
        page = answer.text()
        assert "did not come from Onramp" in page
        assert ">Log out</button>" in page and 'href="/login"' not in page
    finally:
        context.close()


def test_error_pages_for_nobody_offer_to_log_in(site: DemoSite, browser: Any) -> None:
    context = signed_in(browser, site, None, LAPTOP)
    page = context.new_page()
    try:
        response = page.goto(site.base + "/no-such-page")
        assert response is not None and response.status == 404
        assert page.locator("header.site-header").get_by_role("link", name="Log in").is_visible()
    finally:
        context.close()


def _header_rows(page: Any) -> int:
    """How many rows the header's visible items take (items whose tops differ by under 8 px
    share a row)."""
    tops: list[float] = page.evaluate(
        """() => [...document.querySelectorAll(
                'header.site-header :is(a, button, summary)')]
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect().top)"""
    )
    rows: list[float] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] >= 8:
            rows.append(top)
    return len(rows)


def _menu_expanded(page: Any) -> bool | None:
    """The Menu control's expanded state as Chromium tells screen readers (its accessibility
    tree), or None when the tree has no such control."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    for node in nodes:
        if node.get("name", {}).get("value") == "Menu" and not node.get("ignored"):
            for prop in node.get("properties", []):
                if prop["name"] == "expanded":
                    return bool(prop["value"]["value"])
    return None


def test_on_a_phone_the_navigation_is_a_menu(site: DemoSite, browser: Any) -> None:
    context = signed_in(browser, site, WORKER, PHONE)
    page = context.new_page()
    try:
        page.goto(site.base + "/wallet")
        header = page.locator("header.site-header")
        wallet = header.get_by_role("link", name="My wallet")
        menu = header.locator("summary", has_text="Menu")
        assert menu.is_visible(), "no Menu button in the header on a 390 px screen"
        assert not wallet.is_visible(), "the links show before the menu is opened"
        assert _header_rows(page) == 1, f"the closed header takes {_header_rows(page)} rows"
        assert _menu_expanded(page) is False, "screen readers are not told the menu is closed"
        band = page.evaluate(
            "() => [document.querySelector('header.site-header').getBoundingClientRect().width,"
            " document.documentElement.scrollWidth]"
        )
        assert band[0] == band[1] == PHONE["width"], f"header band {band[0]} px, page {band[1]} px"
        assert accessibility_problems(page) == []

        # the keyboard reaches the menu after the skip link, shows where focus is, and opens it
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")  # brand
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), "the focused Menu button shows no outline"
        page.keyboard.press("Enter")
        assert wallet.is_visible(), "Enter on Menu does not show the links"
        assert header.get_by_role("button", name="Log out").is_visible()
        assert _menu_expanded(page) is True, "screen readers are not told the menu is open"
        assert accessibility_problems(page) == []
        assert overflow(page) == ""
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        assert focused == "My dashboard", f"Tab after opening the menu went to {focused!r}"
        wallet.click()
        page.wait_for_url(site.base + "/wallet")
        assert not wallet.is_visible(), "the menu stays open on the next page"
    finally:
        context.close()


def test_on_a_laptop_the_links_show_without_a_menu(site: DemoSite, browser: Any) -> None:
    context = signed_in(browser, site, WORKER, LAPTOP)
    page = context.new_page()
    try:
        page.goto(site.base + "/dashboard")
        header = page.locator("header.site-header")
        assert header.get_by_role("link", name="My wallet").is_visible()
        assert header.get_by_role("button", name="Log out").is_visible()
        assert not header.locator("summary").is_visible()
        assert _header_rows(page) <= 2, f"the header takes {_header_rows(page)} rows at 1280 px"
    finally:
        context.close()
