"""A worker's skill profile in a real browser (issue 14): on a small O*NET import, a worker
uploads a real resume file (PDF), adds a past job (coded to an occupation) and rates themself on
the Essential Skills, then sees their skills, each with its level, how sure we are and why,
traced to its proof. The same pages are checked at a laptop's width and at 390 px (no sideways
scrolling), with axe-core on every page."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.platform import AccountKind, Platform
from onramp.taxonomy import import_esf, import_onet

from browser_support import serve, shows, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow
from support import shared as shared_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from test_documents import make_pdf  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
RESUME = [
    "Jordan Lee",
    "Experience",
    "Cashier, Corner Shop, 2021-2024",
    "- Worked in a team of six",
    "- Solved problems with orders",
]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Platform]]:
    engine = sqlite_engine(tmp_path)
    import_onet(engine, write_mini_onet(shared_data("onet", "29.3"), tmp_path / "onet"))
    import_esf(engine)
    secrets = tmp_path / "secrets"
    platform = Platform(engine, secrets_dir=secrets)
    platform.accounts.sign_up("jordan@mail.example", PASSWORD, "Jordan Lee", AccountKind.WORKER)
    for url in serve(engine, secrets):
        yield url, platform
    engine.dispose()


def checked(page: Any) -> None:
    """No axe-core WCAG 2.1 A/AA violation, and nothing wider than the screen."""
    problems = accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    assert overflow(page) == "", f"{page.url}: {overflow(page)}"


def test_a_worker_builds_a_skill_profile_from_a_resume_a_past_job_and_a_self_rating(
    site: tuple[str, Platform], browser: Any, tmp_path: Path
) -> None:
    base, platform = site
    user = platform.accounts.user_by_email("jordan@mail.example")
    assert user is not None
    token, _csrf = platform.accounts.start_session(user)
    context = browser.new_context(bypass_csp=True, viewport=LAPTOP)
    context.add_cookies([{"name": "onramp_session", "value": token, "url": base}])
    page = context.new_page()
    try:
        page.goto(base + "/dashboard")
        page.get_by_role("link", name="See my skills").click()
        page.get_by_text("We do not see any skills yet").wait_for()
        checked(page)

        # a real resume file, chosen the way a person does
        resume = tmp_path / "jordan-resume.pdf"
        resume.write_bytes(make_pdf(RESUME))
        page.get_by_role("link", name="Add proof of a skill").first.click()
        page.get_by_role("link", name="Upload your resume").click()
        checked(page)
        page.get_by_label(re.compile("Your resume: PDF")).set_input_files(resume)
        page.get_by_role("button", name="Read my resume").click()
        page.get_by_text("We read your resume.").wait_for()
        checked(page)

        # a past job, coded to an occupation whose skills then count a little
        page.goto(base + "/me/skills/add?form=past-job")
        checked(page)
        page.get_by_label("Job title").fill("Cashier")
        page.get_by_label(re.compile("^Employer")).fill("Corner Shop")
        page.get_by_label("Start date").fill("2022-03-01")
        page.get_by_role("button", name="Save the job").click()
        page.get_by_text("Saved your past job.").wait_for()
        assert "We matched this job to: Cashiers." in page.inner_text("main")

        # an Essential Skills self-rating
        page.goto(base + "/me/skills/add?form=essential")
        checked(page)
        page.get_by_label("Serving customers").select_option("2")
        page.get_by_role("button", name="Save my ratings").click()
        page.get_by_text("Saved your ratings.").wait_for()
        checked(page)

        # the skills, each with its reasons, traced to the proof behind it
        main = page.inner_text("main")
        assert "Working in a team" in main and "Serving customers" in main
        assert "Why we think you can do this:" in main
        assert "Our best proof is a line in your resume at level 3" in main
        assert "past job where people use this skill" in main
        assert shows(page, "The rating you gave yourself at level 2")
        team = page.locator("li.card", has=page.get_by_role("heading", name="Working in a team"))
        team.get_by_text("The proof behind it").click()
        assert "Your resume mentions Working in a team." in team.inner_text()

        # the same pages on a phone
        page.set_viewport_size(PHONE)
        for path in ("/me/skills", "/me/skills/add", "/me/skills/add?form=essential"):
            page.goto(base + path)
            checked(page)
    finally:
        context.close()
