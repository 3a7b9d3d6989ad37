"""The taxonomy pages in a real browser: they work, and axe finds no serious violations."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.taxonomy import import_esf, import_onet

from browser_support import axe_violations, serve, sqlite_engine
from support import shared as shared_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

PAGES = [
    "/",
    "/occupations",
    "/occupations?q=nurse",
    "/occupations/29-1141.00",
    "/skills?q=speaking",
    "/skills/2.A.1.d",
    "/essential-skills",
    "/frameworks",
    "/occupations/00-0000.00",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    engine = sqlite_engine(folder)
    import_onet(engine, write_mini_onet(shared_data("onet", "29.3"), folder / "onet"))
    import_esf(engine)
    yield from serve(engine)
    engine.dispose()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violations(site: str, page: Any, path: str) -> None:
    page.goto(site + path)
    assert page.title().endswith("Onramp")
    violations = axe_violations(page)
    assert violations == [], violations


def test_search_then_open_a_profile(site: str, page: Any) -> None:
    page.goto(site + "/")
    page.get_by_label("Job title").fill("registerd nurse")
    page.get_by_label("Job title").press("Enter")
    meaning = page.get_by_role("list", name="Close in meaning")
    assert meaning.get_by_role("link", name="Registered Nurses").count() == 1  # by meaning too
    page.get_by_role("list", name="Results for “registerd nurse”").get_by_role(
        "link", name="Registered Nurses"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Registered Nurses"
    assert page.get_by_text("Job zone 4 of 5").is_visible()


def test_skip_link_moves_focus_to_main(site: str, page: Any) -> None:
    page.goto(site + "/frameworks")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_fit_a_phone(site: str, browser: Any) -> None:
    """The same pages on a 390 px phone: nothing wider than the screen, and no axe-core
    violation (issue 12, item 13). Occupation pages are public: no role's links reach them."""
    from demo_site import PHONE
    from page_checks import accessibility_problems, overflow

    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    phone = context.new_page()
    problems = []
    try:
        for path in PAGES:
            phone.goto(site + path)
            wide = overflow(phone)
            problems += [f"{path} at 390 px: {wide}"] if wide else []
            problems += [f"{path} at 390 px: axe: {p}" for p in accessibility_problems(phone)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
