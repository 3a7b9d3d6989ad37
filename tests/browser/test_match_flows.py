"""Matching in a real browser (issue 14): an employer opens a job's candidates from its jobs
list and sees them blind (no names), opens the best one, reveals who they are (and finds the
reveal in the organization's audit log), and creates an onboarding plan and changes one item;
a worker opens "jobs for me" from the dashboard and sees why a job fits and what is missing,
then their plan. Before the reveal the employer sees only whether it trusts who issued each
proof (an issuer can be a school); after it, the issuer's name; the worker always sees it.
axe-core runs on every page, at laptop width; each page is checked at 390 px for sideways
scrolling. The data is made through the use cases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.service import CredentialService
from onramp.jobs.model import JobDraft, JobState, Requirement
from onramp.jobs.service import Jobs
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.matching.services import matching_services
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.taxonomy import import_esf

from browser_support import serve, settled_html, sqlite_engine
from page_checks import accessibility_problems, overflow

PASSWORD = "correct horse battery"
COLLEGE = "Springfield Community College"
PHONE = {"width": 390, "height": 844}
SERVICE, TEAMWORK = "urn:onramp:esf:ESF-02", "urn:onramp:esf:ESF-05"
JOB = JobDraft(
    title="Store associate",
    summary="Help people find what they need and keep the shelves full.",
    requirements=[
        Requirement(skill=SERVICE, label="Serving customers", level=3, must_have=True),
        Requirement(
            skill=TEAMWORK,
            label="Working with others",
            level=2,
            must_have=False,
            learnable_weeks=4,
        ),
    ],
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict[str, str]]:
    engine = sqlite_engine(tmp_path)
    import_esf(engine)
    secrets = tmp_path / "secrets"
    platform = Platform(engine, secrets_dir=secrets)
    sign_up, principal = platform.accounts.sign_up, platform.accounts.principal
    boss = principal(sign_up("bo@shop.example", PASSWORD, "Bo Boss", AccountKind.STAFF))
    shop = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    boss = principal(boss.user)
    wanda = principal(sign_up("wanda@mail.example", PASSWORD, "Wanda Worker"))
    sam = principal(sign_up("sam@mail.example", PASSWORD, "Sam Claimer"))
    for url in serve(engine, secrets):
        credentials = CredentialService(
            engine,
            platform.mailer,
            platform.consents,
            secrets_dir=secrets,
            public_url=url,
            emails=platform.emails,
        )
        jobs = Jobs(engine, platform.consents, credentials.wallet)
        services = matching_services(engine, platform.consents, credentials.wallet, jobs)
        evidence = services.evidence
        job = jobs.create(boss, shop.id, JOB)
        jobs.move(boss, job.id, JobState.OPEN)
        evidence.rate_essential_skills(sam, {SERVICE: 4})
        evidence.add(
            wanda,
            EntryDraft(EvidenceKind.TRAINING, "Team class", [(TEAMWORK, 1)], issuer=COLLEGE),
        )
        jobs.apply(wanda, job.id, [])
        jobs.apply(sam, job.id, [])
        draft = EntryDraft(
            EvidenceKind.ASSESSMENT, "Till check", [(SERVICE, 3)], ended_on=date.today()
        )
        evidence.record(boss, shop.id, wanda.user.id, draft)
        yield {
            "base": url,
            "shop": shop.id,
            "job": job.id,
            "wanda": wanda.user.id,
            "alias": services.matching.handles.alias(job.id, wanda.user.id),
        }
    engine.dispose()


def log_in(browser: Any, base: str, email: str) -> Any:
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    return page


def checked(page: Any) -> None:
    """No WCAG 2.1 A/AA problem at laptop width, and no sideways scrolling at 390 px."""
    assert accessibility_problems(page) == [], page.url
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        assert overflow(page) == "", page.url
    finally:
        page.set_viewport_size(size)


def test_blind_candidates_reveal_plan_and_jobs_for_me(site: dict[str, str], browser: Any) -> None:
    base = site["base"]

    # the employer opens the job's candidates from its jobs list: blind, best first
    boss = log_in(browser, base, "bo@shop.example")
    boss.goto(f"{base}/orgs/{site['shop']}/jobs")
    boss.get_by_role("link", name="2 applicants for Store associate").click()
    boss.get_by_role("heading", name="Candidates for Store associate").wait_for()
    checked(boss)
    shown = boss.locator("main").inner_text()
    assert "Wanda" not in shown and "Sam" not in shown and "out of 100" in shown
    first = site["alias"]
    assert boss.locator(".match-name").first.inner_text() == first
    assert site["wanda"] not in settled_html(boss)  # links name a handle, not her account id

    # one candidate, explained; then revealed, and the reveal is in the audit log
    boss.get_by_role("link", name=first).click()
    boss.get_by_role("heading", name="Each requirement").wait_for()
    checked(boss)
    blind = boss.locator("main").inner_text()
    assert "Skills test at level 3: checked" in blind and "Wanda" not in blind
    assert site["wanda"] not in settled_html(boss) and site["wanda"] not in boss.url
    assert "from an issuer you trust" in blind  # the shop's own record
    assert "from an issuer not on your trusted list" in blind and "Springfield" not in blind
    boss.get_by_role("button", name="Reveal name and details").click()
    boss.get_by_text("This reveal was logged.").wait_for()
    boss.get_by_role("heading", name="Wanda Worker", exact=True).wait_for()
    checked(boss)
    revealed = boss.locator("main").inner_text()
    assert f"from {COLLEGE}, an issuer not on your trusted list" in revealed
    detail_url = boss.url.removesuffix("/reveal")
    boss.goto(f"{base}/orgs/{site['shop']}/audit")
    boss.get_by_text("saw the name and details of").first.wait_for()
    checked(boss)

    # an onboarding plan from the gaps, one item changed
    boss.goto(detail_url)
    after = boss.locator("main").inner_text()
    assert "Wanda" not in after  # a reveal is never kept, but who issued the proof may show now
    assert COLLEGE in after and "Someone on your team has revealed this person" in after
    boss.get_by_role("button", name="Create onboarding plan").click()
    boss.get_by_role("heading", name=f"Onboarding plan for {first}").wait_for()
    checked(boss)
    item = boss.locator("form", has=boss.get_by_role("heading", name="Working with others"))
    item.get_by_label("Weeks (2 to 104)").fill("6")
    item.get_by_label("Note").fill("Pair with Lee on Mondays.")
    item.get_by_role("button", name="Save Working with others").click()
    boss.get_by_text("Saved.", exact=True).wait_for()
    checked(boss)

    # the worker: jobs for me, with reasons and what is missing; then the plan, read-only
    worker = log_in(browser, base, "wanda@mail.example")
    worker.get_by_role("link", name="Jobs for me").click()
    worker.get_by_role("heading", name="Jobs for me", exact=True).wait_for()
    checked(worker)
    text = worker.locator("main").inner_text()
    assert "Store associate" in text and "Why it fits" in text and "What is missing" in text
    assert "you can learn this on the job" in text
    assert "you have proof of." in text  # how much of the worker's skill the job uses
    worker.goto(f"{base}/dashboard")
    worker.get_by_role("link", name="My onboarding plans").click()
    worker.get_by_text("Pair with Lee on Mondays.").wait_for()
    checked(worker)
    worker.goto(f"{base}/me/skills")  # her own records: with who issued them
    assert COLLEGE in worker.locator("main").text_content()  # in the folded "why" notes
