"""The taxonomy pages in a real browser: they work, and axe finds no serious violations."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.market import read_oews
from onramp.taxonomy import import_esf, import_onet, run_import
from onramp.taxonomy.model import (
    CrosswalkLink,
    Framework,
    FrameworkRelease,
    Occupation,
    OccupationSkill,
    Origin,
    Skill,
    SkillType,
)

from browser_support import axe_violations, serve, settled_html, sqlite_engine
from support import shared as shared_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "market"))
from market_files import write_package_db  # noqa: E402

PAGES = [
    "/",
    "/occupations",
    "/occupations?q=nurse",
    "/occupations/29-1141.00",
    "/occupations/29-1141.00?area=Dayton",
    "/skills?q=speaking",
    "/skills/2.A.1.d",
    "/essential-skills",
    "/frameworks",
    "/occupations/00-0000.00",
]


ESCO_NURSE = "http://data.europa.eu/esco/occupation/test-nurse"


def _esco_nurse() -> FrameworkRelease:
    """A small ESCO: one nursing occupation with an essential and an optional skill."""
    built = FrameworkRelease(
        framework=Framework("esco", "test", "ESCO", "tests", "", "", "ESCO tests", Origin.OFFICIAL)
    )
    nurse = Occupation(ESCO_NURSE, ESCO_NURSE, "nurse responsible for general care")
    built.occupations.append(nurse)
    for code, label, relation in (
        ("urn:test:skill:wounds", "treat wounds", "essential"),
        ("urn:test:skill:records", "keep patient records", "optional"),
    ):
        built.skills.append(Skill(code, code, label, SkillType.SKILL))
        built.occupation_skills.append(OccupationSkill(ESCO_NURSE, code, relation))
    return built


def _crosswalk() -> FrameworkRelease:
    built = FrameworkRelease(
        framework=Framework(
            "crosswalk-esco-onet", "test", "Crosswalk", "tests", "", "", "", Origin.OFFICIAL
        )
    )
    built.crosswalk.append(
        CrosswalkLink("occupation", "onet", "29-1141.00", "esco", ESCO_NURSE, "exactMatch")
    )
    return built


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    engine = sqlite_engine(folder)
    import_onet(engine, write_mini_onet(shared_data("onet", "29.3"), folder / "onet"))
    import_esf(engine)
    wages = write_package_db(folder / "oews.sqlite")
    run_import(engine, lambda step: read_oews([wages], None, step))
    run_import(engine, lambda _step: _esco_nurse())
    run_import(engine, lambda _step: _crosswalk())
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
    assert page.get_by_text("Closest first, for “registered nurse”.").is_visible()  # spelt right
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


def test_pay_for_an_area_is_found_forgivingly(site: str, page: Any) -> None:
    """Issue 12, item 6: people type a city or a state the way they say it."""
    page.goto(site + "/occupations/29-1141.00")
    page.get_by_label("Pay in a city or state").fill("los angeles ca")
    page.get_by_role("button", name="Show").click()
    pay = page.get_by_role("region", name="Pay")
    assert "In Los Angeles-Long Beach-Anaheim, CA:" in pay.inner_text()
    assert "$135,560" in pay.inner_text()


def test_pay_for_an_unknown_area_keeps_the_page_and_says_so(site: str, page: Any) -> None:
    response = page.goto(site + "/occupations/29-1141.00?area=Dayton")
    assert response is not None and response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Registered Nurses"
    note = page.get_by_role("status")
    assert "could not find a place called “Dayton”" in note.inner_text()
    pay = page.get_by_role("region", name="Pay")
    assert "$97,550" in pay.inner_text()  # national pay stays
    assert page.get_by_text("What the work involves").is_visible()  # the rest of the page too
    assert "onramp" not in note.inner_text().lower() and "?area" not in settled_html(page)


def test_an_occupation_shows_skills_tools_and_software_in_plain_words(site: str, page: Any) -> None:
    """Issue 12, item 14: skills (ESCO's, through the crosswalk) and tools, and what is missing
    said plainly, with no operator details (packages, import commands) for the public."""
    page.goto(site + "/occupations/29-1141.00")
    skills = page.get_by_role("region", name="Skills for this job")
    assert skills.get_by_role("link", name="treat wounds").is_visible()
    assert skills.get_by_role("link", name="keep patient records").is_visible()
    assert "most needed" in skills.inner_text()
    assert page.get_by_role("region", name="Tools used").get_by_role("listitem").count() > 0
    assert page.get_by_role("region", name="Software used").is_visible()
    note = page.get_by_role("region", name="Not shown here yet")
    assert "how many jobs there will be" in note.inner_text()
    assert note.get_by_role("link", name="Data sources").is_visible()
    body = page.locator("main").inner_text()
    for developer_text in ("onramp ", "PyPI", "import ", "`", "PATH"):
        assert developer_text not in body, developer_text
    assert axe_violations(page) == []


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
