"""The extraction page in a real browser: paste a posting, see the skills highlighted in the
text with links to each skill, the requirements noticed, and a plain note about dense linking.
axe-core runs on each page state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.taxonomy import import_esf

from browser_support import axe_violations, serve, sqlite_engine

POSTING = """Cashier
Requirements
- Serving customers with a smile
- Counting and calculating change
- 2+ years of experience in retail
Nice to have
- Working in a team
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    engine = sqlite_engine(tmp_path)
    import_esf(engine)
    yield from serve(engine, tmp_path / "secrets")
    engine.dispose()


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def test_paste_a_posting_and_see_skills_highlighted(site: str, page: Any) -> None:
    page.goto(site + "/extract")
    accessible(page)
    page.get_by_label("What is it?").select_option("posting")
    page.get_by_label("Paste the text").fill(POSTING)
    page.get_by_role("button", name="Find skills").click()
    page.get_by_role("heading", name=re.compile(r"We found \d+ skill")).wait_for()
    accessible(page)
    marked = page.locator(".marked-text mark")
    assert marked.count() >= 3
    texts = [t.strip() for t in marked.all_inner_texts()]
    assert "Serving customers" in texts and "Working in a team" in texts
    link = page.locator(".marked-text mark a", has_text="Serving customers")
    assert link.get_attribute("href") == "/skills/urn:onramp:esf:ESF-02"
    row = page.get_by_role("row", name=re.compile("Working in a team"))
    assert "nice to have" in row.inner_text()
    assert page.get_by_text(re.compile(r"Experience: 2\+ years, required")).count() == 1
    assert page.get_by_text(re.compile(r"Note: Dense linking")).count() == 1
    link.click()
    page.wait_for_url(re.compile(r".*/skills/urn:onramp:esf:ESF-02$"))


def test_an_empty_form_gets_a_plain_error(site: str, page: Any) -> None:
    page.goto(site + "/extract")
    page.get_by_role("button", name="Find skills").click()
    page.get_by_role("alert").wait_for()
    assert "Paste some text or choose a file." in page.get_by_role("alert").inner_text()
    accessible(page)
