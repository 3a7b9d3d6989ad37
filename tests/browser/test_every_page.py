"""Every page each demo person can reach, in a real browser, on a laptop and on a phone.

For a visitor and for each demo log-in (platform admin, every staff member, the three demo
workers), the crawler starts at their home page, follows same-origin links (GET only, never a
form, never a mailed token link) to depth 2, and checks each page it finds at 1280 px and at
390 px:

- it answers without a server error (5xx), and any 403 or 404 is one listed below with its
  reason;
- axe-core finds no WCAG 2.1 A/AA violation, at either width;
- nothing is wider than the screen (document width <= viewport width), at either width.

Pages that differ only by an id (two wallet items, two workers) are checked once per person,
and a page a visitor can open is checked once, as a visitor. New pages are found the same way
as a person finds them: by a link from a page they can already see. Each failure names the
person, the address, the width and what failed (issue 12, acceptance; item 13).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from market.demand_world import fill_postings
from onramp.matching.demo_candidates import CHECKED
from onramp.platform.demo import DemoLogin, demo_email, demo_logins, worker_email
from onramp.platform.links import TOKEN_PATHS

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

DEPTH = 2
VISITOR = DemoLogin("Visitor (not logged in)", "", "")
LOGINS = [VISITOR, *demo_logins()]
# Not pages for people: the API, its description and its packaged viewer, files and downloads.
SKIPPED = re.compile(r"^/(api/|static/|openapi\.json|docs(/|$)|logout$)")
# Links that lead to a refusal or to nothing today, each with the reason; any other 403 or 404
# fails the test. ("*" matches every person.)
KNOWN_REFUSALS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "*",
        re.compile(r"^/skills/http://data\.europa\.eu/esco/"),
        "the Essential Skills page links ESCO skills, which the demo store does not hold",
    ),
]


# Pages a person must reach, so a crawl that stops short of them fails: the demo seeds a job's
# candidates and one onboarding plan (`matching.demo_candidates`), career plans and a caseload,
# for these.
MUST_REACH: dict[str, set[str]] = {
    # job demand from stored postings (`market.demand`), for a workforce board's staff
    # and the outcomes of the apprenticeship it oversees (`wbl.demo`)
    # and its WIOA report from the demo participant records (`metrics.wioa_demo`), with the
    # page that documents the participant file's layout, and the regional view (issue 18,
    # item 5)
    demo_email("board.analyst"): {
        "/market/demand",
        "/orgs/{id}/programs/outcomes",
        "/orgs/{id}/metrics/wioa",
        "/metrics/wioa/layout",
        "/market/region",
    },
    # the demo apprenticeship's mentor: their apprentices, one apprentice's record
    demo_email("mentor"): {"/mentor", "/apprentices/{id}"},
    demo_email("hr.admin"): {
        "/jobs/{id}/candidates",
        "/jobs/{id}/candidates/{id}",
        "/jobs/{id}/candidates/{id}/plan",
        # the demo microcredentials (`market.microcredentials.demo`) name the employer
        "/orgs/{id}/microcredential-partners",
        "/microcredentials/designs/{id}/sign-off",
        # the demo apprenticeship (`wbl.demo`): programs, one, its roster, the reports (an
        # apprentice's page is a step deeper than the crawl goes: the mentor's crawl reaches it)
        "/orgs/{id}/programs",
        "/programs/{id}",
        "/programs/{id}/apprentices",
        "/orgs/{id}/programs/reports",
        # the fair hiring checks (`metrics.monitor_demo` leaves a warning to read)
        "/orgs/{id}/metrics/fairness",
        # the demo employer's hiring figures (`metrics.employer_demo`): the dashboard, the
        # record forms and the return on training
        "/orgs/{id}/metrics",
        "/orgs/{id}/metrics/records",
        "/orgs/{id}/metrics/roi",
    },

    worker_email(CHECKED): {
        "/me/jobs-for-me",
        "/me/plans",
        "/me/referrals",
        "/me/microcredentials",
    },
    # the college's designs (the list, the designer, the published one's public page), and
    # their delivery (`market.microcredentials.delivery_demo`): the provider's outcomes
    # dashboard, a design's learners and its outcomes; and the classes it teaches in the demo
    # apprenticeship (`wbl.demo`)
    demo_email("provider.admin"): {
        "/orgs/{id}/microcredentials",
        "/microcredentials/designs/{id}",
        "/microcredentials/{id}",
        "/orgs/{id}/programs",
        "/programs/{id}",
        "/orgs/{id}/microcredentials/outcomes",
        "/microcredentials/{id}/delivery",
        "/microcredentials/{id}/outcomes",
    },
    # the demo's career plans (`pathways.demo_plans`): worker01 keeps one, shared with the
    # career center, whose navigator (its org admin) may change its plan questions
    worker_email(1): {"/me/plan", "/me/plan/print"},
    # and the demo caseload (`pathways.caseload_demo`): the list, and a worker's record
    demo_email("navigator"): {
        "/orgs/{id}/plan-guide",
        "/orgs/{id}/caseload",
        "/orgs/{id}/caseload/{id}",
    },
}


def shape(path_and_query: str) -> str:
    """The address with each id-like path part (one holding a digit, or a long opaque one such
    as a candidate handle) replaced, and the query reduced to its names: pages of one shape are
    built by one template."""
    parts = urlsplit(path_and_query)
    path = "/".join(
        "{id}" if re.search(r"\d", p) or len(p) >= 32 else p for p in parts.path.split("/")
    )
    names = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(names) if names else "")


def known_refusal(who: str, path: str, status: int) -> bool:
    return status in (403, 404) and any(
        person in ("*", who) and pattern.search(path) for person, pattern, _ in KNOWN_REFUSALS
    )


@dataclass
class Crawl:
    who: str
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def fail(self, path: str, width: int | None, what: str) -> None:
        where = f" at {width} px" if width else ""
        self.problems.append(f"{self.who}: {path}{where}: {what}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("every-page")) as built:
        yield built


@pytest.fixture(scope="module")
def checked_as_visitor() -> set[str]:
    """Shapes the visitor's crawl checked: public pages, checked once."""
    return set()


def _links(page: Any, base: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if SKIPPED.match(path) or parts.path.rstrip("/") in TOKEN_PATHS:
            continue  # not a page for people, or a mailed link whose use spends its token
        found.append(path)
    return found


def _check_page(crawl: Crawl, page: Any, path: str) -> None:
    wide = overflow(page)
    if wide:
        crawl.fail(path, LAPTOP["width"], wide)
    for problem in accessibility_problems(page):
        crawl.fail(path, LAPTOP["width"], f"axe: {problem}")
    page.set_viewport_size(PHONE)
    try:
        wide = overflow(page)
        if wide:
            crawl.fail(path, PHONE["width"], wide)
        for problem in accessibility_problems(page):
            crawl.fail(path, PHONE["width"], f"axe: {problem}")
    finally:
        page.set_viewport_size(LAPTOP)


def crawl_as(site: DemoSite, context: Any, who: DemoLogin, skip: set[str]) -> Crawl:
    crawl = Crawl(who.role_label + (f" ({who.email})" if who.email else ""))
    page = context.new_page()
    start = "/dashboard" if who.email else "/"
    queue: list[tuple[str, int]] = [(start, 0)]
    seen: set[str] = set()
    while queue:
        path, depth = queue.pop(0)
        key = shape(path)
        if key in seen or key in skip:
            continue
        seen.add(key)
        answer = context.request.get(site.base + path, headers={"Accept": "text/html"})
        status = answer.status
        if status >= 500:
            crawl.fail(path, None, f"server error {status}")
            continue
        if status in (403, 404) and not known_refusal(who.role_label, path, status):
            crawl.fail(path, None, f"answers {status}, yet a page links to it")
        if "text/html" not in answer.headers.get("content-type", ""):
            continue  # a download: its answer is all there is to check
        response = page.goto(site.base + path)
        assert response is not None
        crawl.visited.append(path)
        _check_page(crawl, page, path)
        if depth < DEPTH:
            queue.extend((link, depth + 1) for link in _links(page, site.base))
    page.close()
    return crawl


@pytest.mark.parametrize("who", LOGINS, ids=[login.email or "visitor" for login in LOGINS])
def test_every_page_works_on_a_laptop_and_a_phone(
    site: DemoSite, browser: Any, who: DemoLogin, checked_as_visitor: set[str]
) -> None:
    context = signed_in(browser, site, who.email or None, LAPTOP)
    try:
        skip = set() if who is VISITOR else checked_as_visitor
        crawl = crawl_as(site, context, who, skip)
    finally:
        context.close()
    if who is VISITOR:
        checked_as_visitor.update(shape(path) for path in crawl.visited)
    assert crawl.visited, f"{crawl.who}: the crawl found no page"
    missing = MUST_REACH.get(who.email, set()) - {shape(path) for path in crawl.visited}
    assert not missing, f"{crawl.who}: the crawl did not reach {sorted(missing)}"
    assert not crawl.problems, (
        f"{len(crawl.problems)} problem(s) on {len(crawl.visited)} page(s):\n"
        + "\n".join(crawl.problems)
    )


# -- a microcredential designed from demand evidence (issue 16, items 3-4) ----------------------
# Kept in this module to share its demo site (the suite's time budget): it runs after the crawl.
ESF_OF = {"service": "urn:onramp:esf:ESF-02", "cash": "urn:onramp:esf:ESF-G6"}
LEARNER = worker_email(40)  # a demo worker in no microcredential


def _named(shown: str, hidden: str) -> re.Pattern[str]:
    """A control's name: its text, then the words only a screen reader hears (the browser may
    put a space between them)."""
    return re.compile(rf"^{re.escape(shown)}\s*:?\s*{re.escape(hidden)}$")


def _clean(page: Any, where: str) -> None:
    assert not accessibility_problems(page), (where, accessibility_problems(page))
    assert not overflow(page), (where, overflow(page))


def test_a_provider_designs_from_demand_a_partner_signs_off_a_learner_completes_and_is_hired(
    site: DemoSite, browser: Any
) -> None:
    fill_postings(site.engine, lambda name: ESF_OF.get(name, f"urn:test:skill:{name}"))
    provider = signed_in(browser, site, demo_email("provider.admin"), PHONE)
    employer = signed_in(browser, site, demo_email("hr.admin"), PHONE)
    try:
        page = provider.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Design microcredentials").click()
        page.get_by_label("Name").fill("Checkout Starter")
        page.get_by_role("button", name="Start the design").click()
        page.get_by_role("heading", level=1, name="Checkout Starter").wait_for()
        jobs = page.locator("#evidence-jobs")
        assert "Cashiers" in jobs.inner_text() and "Software Developers" in jobs.inner_text()
        _clean(page, "designer")
        page.get_by_role("link", name=_named("Skills asked with it", "Cashiers")).click()
        skills = page.locator("#evidence-skills")
        skills.get_by_role("rowheader", name="service", exact=True).wait_for()
        assert "Skills most asked for with 41-2011.00" in skills.inner_text()
        page.get_by_label("Employer on Onramp").select_option(label="Demo Riverside Health")
        page.get_by_role("button", name="Add partner").click()
        page.get_by_role("button", name=_named("Add as target", "Cashiers")).click()
        page.get_by_role("button", name=_named("Add as outcome", "service")).click()
        page.get_by_label("What it is about").fill("Serve shoppers at the checkout.")
        page.get_by_label("Web page about it (starts with https://)").fill(
            "https://college.example.org/checkout"
        )
        page.locator("#step-basics").get_by_role("button", name="Save").click()
        form = page.locator("form", has=page.get_by_role("heading", name="Add an assessment"))
        form.get_by_label("Name").fill("Checkout role-play")
        form.get_by_label("service (level 3)").check()
        for level in (1, 2, 3):
            form.get_by_label(f"Level {level} (").fill(f"Work at step {level}.")
        form.get_by_role("button", name="Add the assessment").click()
        form = page.locator("form", has=page.get_by_role("heading", name="Add a module"))
        form.get_by_label("Name").fill("At the till")
        form.get_by_label("Hours").fill("10")
        form.get_by_label("service").check()
        form.get_by_role("button", name="Add the module").click()
        designer_url = page.url.split("?")[0]
        page.get_by_role("button", name="Publish").click()
        gaps = page.locator("#gaps")
        gaps.wait_for()
        assert gaps.inner_text().strip() == (
            "service: An employer partner has not signed off this outcome."
        )
        _clean(page, "publish refused")

        partner = employer.new_page()
        partner.goto(site.base + "/dashboard")
        partner.get_by_role("link", name="Microcredential sign-offs").first.click()
        partner.get_by_role("link", name="Checkout Starter").click()
        partner.get_by_role("button", name=_named("Sign off", "service")).click()
        partner.get_by_role("status").filter(has_text="Signed off.").wait_for()
        _clean(partner, "sign-off")

        page.goto(designer_url)
        page.locator("#gaps-none").wait_for()
        page.get_by_role("button", name="Publish").click()
        page.get_by_role("status").filter(has_text="Published.").wait_for()
        page.get_by_role("link", name="Its public page").click()
        page.get_by_role("heading", level=1, name="Checkout Starter").wait_for()
        assert page.get_by_role("link", name="The Open Badges 3.0 achievement").count() == 1
        _clean(page, "public page")

        # a learner enrolls from the public page and completes it; the credential lands in
        # their wallet, and the provider records the hire
        learner = signed_in(browser, site, LEARNER, PHONE)
        mine = learner.new_page()
        mine.goto(page.url)
        mine.get_by_role("link", name="Enroll in Checkout Starter").click()
        mine.get_by_label("What you earn now, per hour (you may leave this empty)").fill("15")
        mine.get_by_label("I agree that").check()
        mine.get_by_role("button", name="Enroll").click()
        mine.get_by_role("heading", level=1, name="My microcredentials").wait_for()
        _clean(mine, "enrolled")

        page.goto(designer_url)
        page.get_by_role("link", name="Its learners and their results").click()
        learner_name = site.principal(LEARNER).user.name
        page.get_by_role("link", name=learner_name).click()
        form = page.locator("form").filter(
            has=page.get_by_text("Checkout role-play: service (needs")
        )
        form.get_by_label("Level 3: Work at step 3.").check()
        with page.expect_navigation():
            form.get_by_role("button", name="Save the result").click()
        page.get_by_role("status").filter(has_text="Every outcome is met").wait_for()
        _clean(page, "learner completed")

        mine.goto(site.base + "/me/microcredentials")
        mine.get_by_role("link", name="See your credential in your wallet").click()
        mine.get_by_text("Checkout Starter").first.wait_for()
        _clean(mine, "credential in the wallet")

        form = page.locator(
            "form", has=page.get_by_role("heading", name="Record an interview or a job")
        )
        form.get_by_label("Yes").check()
        form.get_by_label("Employer", exact=True).select_option(label="Demo Riverside Health")
        form.get_by_label("Pay per hour, if hired").fill("19.25")
        form.get_by_label("Date of the interview or first day").fill("2026-12-01")
        form.get_by_role("button", name="Save").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert "Hired at Demo Riverside Health" in page.inner_text("body")
        _clean(page, "placement recorded")
    finally:
        provider.close()
        employer.close()


def test_an_employer_admin_reads_a_fairness_warning_and_closes_it(
    site: DemoSite, browser: Any
) -> None:
    """The demo employer's lists picked people aged 55 or older far less often
    (`metrics.monitor_demo`): its HR admin is told on the dashboard, reads the warning and the
    rates beside a table (no one's own group anywhere), and closes it saying what was done."""
    laptop = signed_in(browser, site, demo_email("hr.admin"), LAPTOP)
    phone = signed_in(browser, site, demo_email("hr.admin"), PHONE)
    try:
        page = laptop.new_page()
        page.goto(site.base + "/dashboard")
        notice = page.locator("p.notice", has_text="Fair hiring:")
        assert "need" in notice.inner_text()
        # the hiring figures show the same warnings, beside the figures
        page.get_by_role("link", name="Hiring figures").first.click()
        page.get_by_role("heading", level=2, name=re.compile("Fair hiring: 2 warnings")).wait_for()
        assert "55 or older" in page.locator("section", has_text="Fair hiring:").inner_text()
        _clean(page, "hiring figures with warnings")
        page.goto(site.base + "/dashboard")
        notice = page.locator("p.notice", has_text="Fair hiring:")
        notice.get_by_role("link", name="See the fair hiring checks").click()
        page.get_by_role("heading", level=1, name=re.compile("Fair hiring checks")).wait_for()
        warning = page.locator("li.card").first
        assert "55 or older" in warning.inner_text()
        assert "does not prove bias" in warning.inner_text()
        table = page.locator("div.card", has_text="How old are you?").get_by_role("table")
        assert "55 or older" in table.inner_text() and "(low)" in table.inner_text()
        body = page.inner_text("body")
        for n in range(1, 48):  # no demo worker is named on the page
            assert worker_email(n) not in body
        _clean(page, "fairness page")
        small = phone.new_page()
        small.goto(page.url)
        _clean(small, "fairness page on a phone")
        form = page.locator("form[action*='/close']").first
        form.get_by_role("button", name="Close this warning").click()
        page.get_by_role("alert").wait_for()
        assert "Say what you did" in page.get_by_role("alert").inner_text()
        _clean(page, "closing refused")
        form = page.locator("form[action*='/close']").first
        form.get_by_label("What did you do about it?").fill(
            "We took out a years-of-experience rule."
        )
        form.get_by_role("button", name="Close this warning").click()
        page.get_by_role("status").filter(has_text="The warning is closed").wait_for()
        past = page.locator("section", has=page.get_by_role("heading", name="Closed warnings"))
        assert "We took out a years-of-experience rule." in past.inner_text()
        _clean(page, "warning closed")
    finally:
        laptop.close()
        phone.close()
