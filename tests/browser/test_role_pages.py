"""Each role's pages on the demo data, as issue 12 (items 7 to 12 and 17) saw them, in a real
browser with axe-core on every page visited. One server and one demo store for the module."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.credentials.issuing import Recipient
from onramp.platform import PurposeKind
from onramp.platform.demo import DEMO_PASSWORD, demo_email, seed_demo, worker_email
from onramp.taxonomy import import_esf

from browser_support import axe_violations, serve, settled_html, sqlite_engine

EXTRA_CASELOAD = 12  # more workers for the navigator, so the full list has two pages
RAW_CODE = re.compile(r"\b(?:account|wallet|presentation|worker|consent|org|credential)\.[a-z_]+\b")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("roles")
    engine = sqlite_engine(folder)
    import_esf(engine)
    for base in serve(engine, folder / "secrets"):
        # the served app and this one share the store and the secrets folder
        app = create_app(engine, secrets_dir=folder / "secrets", public_url=base)
        platform, service = app.state.platform, app.state.credentials
        seed_demo(platform)
        seed_demo_credentials(service, platform)
        accounts = platform.accounts
        hr = accounts.principal(accounts.user_by_email(demo_email("hr.admin")))
        navigator = accounts.principal(accounts.user_by_email(demo_email("navigator")))
        college_admin = accounts.principal(accounts.user_by_email(demo_email("provider.admin")))
        employer_id = next(m.org_id for m in hr.memberships)
        community_id = next(m.org_id for m in navigator.memberships)
        college_id = next(m.org_id for m in college_admin.memberships)
        for n in range(EXTRA_CASELOAD):
            extra = accounts.principal(
                accounts.sign_up(f"extra{n}@mail.example", DEMO_PASSWORD, f"Extra Person {n:02}")
            )
            platform.consents.grant(extra, community_id, ["profile"], PurposeKind.OTHER, "Plans")
        # a worker who shares only a credential with the employer, nothing of the profile
        rita = accounts.principal(
            accounts.sign_up("rita@mail.example", DEMO_PASSWORD, "Rita Records")
        )
        achievement = service.issuing.achievements(college_admin, college_id)[0]
        service.issue(
            college_admin,
            college_id,
            achievement.id,
            [Recipient(did=service.wallet.holder_did(rita))],
        )
        shared = service.wallet.share(
            rita, employer_id, [service.wallet.items(rita)[0].id], "Front desk job"
        )
        service.wallet.open_shared(hr, employer_id, shared.id)  # the employer looked once
        yield {
            "base": base,
            "platform": platform,
            "employer": employer_id,
            "community": community_id,
            "college": college_id,
            "rita": rita.user.id,
        }
    engine.dispose()


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def accessible_without_script(page: Any, checker: Any) -> None:
    """axe needs a script: check a no-script page's HTML in a page that runs scripts, at the
    same address (so its styles load)."""
    checker.goto(page.url.split("?")[0].rsplit("/orgs/", 1)[0] + "/")
    checker.set_content(page.content())
    accessible(checker)


def log_in(browser: Any, base: str, email: str, **options: Any) -> Any:
    page = browser.new_context(bypass_csp=True, **options).new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    if options.get("java_script_enabled", True):
        accessible(page)
    return page


def test_employer_sees_each_worker_once_and_what_they_shared(
    demo: dict[str, Any], browser: Any
) -> None:
    base = demo["base"]
    page = log_in(browser, base, demo_email("hr.admin"))
    card = page.locator("section.card", has=page.get_by_role("link", name="Demo Riverside Health"))
    links = card.locator("a[href*='/workers/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and len(hrefs) == len(set(hrefs)), "a worker is listed twice"
    assert card.get_by_role("link", name="A worker", exact=True).count() == 0
    # the worker who shared only a credential: named, and their page opens
    page.get_by_role("link", name="Rita Records").click()
    page.wait_for_url(re.compile(rf".*/workers/{demo['rita']}$"))
    accessible(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Rita Records"
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Credentials they shared")
    )
    assert "from Demo Valley Community College" in section.inner_text()
    section.get_by_role("link", name="Open and check these credentials").click()
    page.get_by_text("Rita Records shared these with you on").wait_for()
    accessible(page)
    assert page.get_by_text("Issued by Demo Valley Community College").count() == 1
    # members are people, each with their roles
    page.goto(f"{base}/orgs/{demo['employer']}")
    accessible(page)
    assert page.get_by_role("heading", name="Members (4)").count() == 1
    dana = page.get_by_role("row", name=re.compile("Dana Brooks")).inner_text()
    assert "hr admin" in dana and "org admin" in dana
    page.goto(f"{base}/orgs/{demo['employer']}/audit")
    accessible(page)
    text = page.locator("main").inner_text()
    assert not RAW_CODE.search(text), RAW_CODE.search(text)
    assert "You opened the credentials Rita Records shared with Demo Riverside Health." in text
    page.context.close()


def test_navigator_sees_every_worker_a_page_at_a_time(demo: dict[str, Any], browser: Any) -> None:
    base = demo["base"]
    page = log_in(browser, base, demo_email("navigator"))
    total = 15 + EXTRA_CASELOAD
    card = page.locator(
        "section.card", has=page.get_by_role("link", name="Demo Northside Career Center")
    )
    assert f"{total} workers share records with you" in card.inner_text()
    assert "2 members" in card.inner_text()
    assert card.locator("a[href*='/workers/']").count() == 10
    card.get_by_role("link", name=f"See all {total} workers").click()
    accessible(page)
    assert "Page 1 of 2" in page.locator("main").inner_text()
    first = page.locator("main a[href*='/workers/']").count()
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r".*\?page=2$"))
    accessible(page)
    second = page.locator("main a[href*='/workers/']").count()
    assert (first, second) == (25, total - 25)
    page.context.close()


def test_registrar_names_recipients_confirms_revoking_and_picks_skills(
    demo: dict[str, Any], browser: Any
) -> None:
    base, college = demo["base"], demo["college"]
    page = log_in(browser, base, demo_email("provider.admin"))
    page.goto(f"{base}/orgs/{college}/credentials")
    accessible(page)
    issued = page.locator("section", has=page.get_by_role("heading", name="Issued credentials"))
    assert "did:key" not in issued.inner_text()
    assert issued.get_by_role("cell", name="Rita Records", exact=True).count() == 1
    formats = page.get_by_label("Format").inner_text()
    assert "eddsa" not in formats and "Signed with your web ID" in formats
    # revoking asks first, says it is final, and works without a script
    page.get_by_role("link", name=re.compile(r"^Revoke .* for Rita Records$")).click()
    accessible(page)
    page.get_by_text("You cannot undo this.").wait_for()
    page.get_by_role("link", name="No, go back").click()
    row = page.get_by_role("row", name=re.compile("Rita Records"))
    assert "Active" in row.inner_text()
    page.get_by_role("link", name=re.compile(r"^Revoke .* for Rita Records$")).click()
    page.get_by_role("button", name="Yes, revoke it for good").click()
    page.get_by_text("The credential is revoked.").wait_for()
    accessible(page)
    assert "Revoked" in page.get_by_role("row", name=re.compile("Rita Records")).inner_text()
    page.context.close()

    # skills by name, without a script: the search keeps what was typed
    checker = browser.new_context(bypass_csp=True).new_page()
    plain = log_in(browser, base, demo_email("provider.admin"), java_script_enabled=False)
    plain.goto(f"{base}/orgs/{college}/credentials")
    plain.get_by_label("Achievement name").fill("Safe Lifting")
    plain.get_by_label("What a person must do to earn it").fill("Lifted safely on the job.")
    plain.get_by_label("Find a skill").fill("working safely")
    plain.get_by_role("button", name="Find skills").click()
    accessible_without_script(plain, checker)
    assert plain.get_by_label("Achievement name").input_value() == "Safe Lifting"
    plain.get_by_label(re.compile(r"Working safely \(")).check()
    # a wrong code: the error keeps the name, the criteria and the skill picked
    plain.get_by_text("Or type skill web IDs or codes").click()
    plain.get_by_label("Skill web IDs or codes, one on each line").fill("urn:not-a-skill")
    plain.get_by_role("button", name="Save achievement").click()
    plain.get_by_role("alert").wait_for()
    accessible_without_script(plain, checker)
    assert plain.get_by_label("Achievement name").input_value() == "Safe Lifting"
    assert plain.get_by_label("What a person must do to earn it").input_value().startswith("Lifted")
    assert (
        plain.get_by_label("Skill web IDs or codes, one on each line").input_value()
        == "urn:not-a-skill"
    )
    kept = plain.locator("#picked-skills input:checked")
    assert kept.count() == 1 and kept.get_attribute("value") == "urn:onramp:esf:ESF-19"
    plain.context.close()
    checker.context.close()

    # with the script: type-ahead from the package, no CDN
    typed = log_in(browser, base, demo_email("provider.admin"))
    requests: list[str] = []
    typed.on("request", lambda r: requests.append(r.url))
    typed.goto(f"{base}/orgs/{college}/credentials")
    typed.get_by_label("Achievement name").fill("Serving Well")
    typed.get_by_label("What a person must do to earn it").fill("Served customers well.")
    typed.get_by_label("Find a skill").press_sequentially("serving cust")
    typed.get_by_role("option", name=re.compile("Serving customers")).first.wait_for()
    accessible(typed)
    typed.get_by_label("Find a skill").press("ArrowDown")
    typed.get_by_label("Find a skill").press("Enter")
    assert typed.locator("#picked-skills input:checked").get_attribute("value") == (
        "urn:onramp:esf:ESF-02"
    )
    typed.get_by_role("button", name="Save achievement").click()
    typed.get_by_text("The achievement is saved.").wait_for()
    accessible(typed)
    assert "Serving Well (skills: Serving customers)" in typed.locator("main").inner_text()
    assert all(url.startswith(base) for url in requests), requests
    typed.context.close()


def test_worker_sees_current_shares_plain_activity_and_single_years(
    demo: dict[str, Any], browser: Any
) -> None:
    base = demo["base"]
    page = log_in(browser, base, worker_email(1))
    page.goto(base + "/wallet")
    accessible(page)
    now_shared = page.locator("h3:has-text('What I share now') + ul").inner_text()
    assert "with Demo Riverside Health until" in now_shared
    page.get_by_role("link", name="Customer Service Basics").click()
    accessible(page)
    assert "your organization" not in page.locator("main").inner_text()
    # stopping the share takes it off "What I share now"
    page.goto(base + "/me/sharing")
    accessible(page)
    assert page.get_by_label("My skills").count() == 0  # nothing to share there yet
    stops = page.get_by_role("button", name="Stop sharing with Demo Riverside Health")
    while stops.count():
        stops.first.click()
        page.wait_for_url(re.compile(r".*/me/sharing$"))
    page.goto(base + "/wallet")
    assert page.get_by_text("What I share now").count() == 0
    # activity in sentences, naming who did what
    page.goto(base + "/me/activity")
    accessible(page)
    text = page.locator("main").inner_text()
    assert not RAW_CODE.search(text), RAW_CODE.search(text)
    assert "You added a credential to your wallet." in text
    assert "You stopped sharing with Demo Riverside Health." in text
    # one year shows once; the job form lays out its fields in rows
    page.goto(base + "/me/profile")
    accessible(page)
    page.get_by_label("Job title").fill("Cashier")
    page.get_by_label("Employer").fill("Corner Shop")
    page.get_by_label("Start year").fill("2023")
    page.get_by_label("End year").fill("2023")
    title = page.get_by_label("Job title").bounding_box()
    employer = page.get_by_label("Employer").bounding_box()
    assert title and employer and abs(title["y"] - employer["y"]) < 2  # side by side
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    assert "Cashier, Corner Shop (2023)" in page.locator("main").inner_text()
    assert "2023–2023" not in settled_html(page)
    page.context.close()


def test_success_notices_are_not_warnings(demo: dict[str, Any], browser: Any) -> None:
    base = demo["base"]
    page = log_in(browser, base, worker_email(2))
    page.goto(base + "/me/tokens")
    page.get_by_label("Name").fill("script")
    page.get_by_role("button", name="Make token").click()
    notice = page.get_by_role("status").first
    notice.wait_for()
    accessible(page)  # axe checks the green notice's contrast
    background = notice.evaluate("e => getComputedStyle(e).backgroundColor")
    warning = page.evaluate(
        """() => { const p = document.createElement('p'); p.className = 'notice';
                   document.body.appendChild(p); return getComputedStyle(p).backgroundColor; }"""
    )
    assert background != warning
    page.context.close()
