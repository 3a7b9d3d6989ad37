"""Credentials in a real browser: a college issues a credential to a worker, the worker claims
it and sees it checked in the wallet, shares it with an employer who opens it, then revokes the
grant and the employer loses access. axe-core runs on every page visited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.taxonomy import import_esf

from browser_support import axe_violations, serve, sqlite_engine

PASSWORD = "correct horse battery"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Platform, dict[str, str]]]:
    engine = sqlite_engine(tmp_path)
    import_esf(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets")
    accounts = platform.accounts
    college_admin = accounts.principal(
        accounts.sign_up("ada@college.example", PASSWORD, "Ada Admin", AccountKind.STAFF)
    )
    college = platform.orgs.create(college_admin, "River College", OrgKind.TRAINING_PROVIDER)
    boss = accounts.principal(
        accounts.sign_up("bo@shop.example", PASSWORD, "Bo Boss", AccountKind.STAFF)
    )
    shop = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda Worker")
    for url in serve(engine, tmp_path / "secrets"):
        yield url, platform, {"college": college.id, "shop": shop.id}
    engine.dispose()


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def log_in(browser: Any, base: str, email: str) -> Any:
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    return page


def test_issue_claim_share_and_revoke_the_grant(
    site: tuple[str, Platform, dict[str, str]], browser: Any
) -> None:
    base, platform, orgs = site

    # the college defines an achievement aligned to an essential skill, and issues it
    college = log_in(browser, base, "ada@college.example")
    college.goto(f"{base}/orgs/{orgs['college']}")
    college.get_by_role("link", name="Credentials").click()
    college.wait_for_url(re.compile(r".*/credentials$"))
    accessible(college)
    college.get_by_label("Achievement name").fill("Customer Service Basics")
    college.get_by_label("What a person must do to earn it").fill("Passed the course.")
    college.get_by_text("Or type skill web IDs or codes").click()
    college.get_by_label("Skill web IDs or codes, one on each line").fill("urn:onramp:esf:ESF-02")
    college.get_by_role("button", name="Save achievement").click()
    college.wait_for_url(re.compile(r".*/credentials\?changed=define$"))
    college.get_by_label("The person's email, or their wallet ID (a DID)").fill(
        "wanda@mail.example"
    )
    college.get_by_role("button", name="Issue", exact=True).click()
    college.get_by_text("Issued 1 credential(s).").wait_for()
    accessible(college)
    assert college.get_by_role("cell", name="wanda@mail.example", exact=True).count() == 1

    # the worker claims it from the emailed link and sees it checked, with its skill
    (message,) = platform.mailer.pending("wanda@mail.example")  # type: ignore[attr-defined]
    body = message.body
    link = re.search(r"https?://\S+/wallet/claim\?token=\S+", body)
    assert link is not None
    worker = log_in(browser, base, "wanda@mail.example")
    worker.goto(link.group(0))
    accessible(worker)
    worker.get_by_role("button", name="Add it to my wallet").click()
    worker.get_by_text("It is real, it has not been changed").wait_for()
    accessible(worker)
    assert worker.get_by_role("heading", name="Customer Service Basics").count() == 1
    skills = worker.locator("section", has=worker.get_by_role("heading", name="Skills it shows"))
    assert skills.get_by_role("link").count() == 1

    # the worker shares it with the employer
    worker.get_by_role("link", name="My wallet", exact=True).click()
    worker.wait_for_url(re.compile(r".*/wallet$"))
    accessible(worker)
    worker.get_by_label("Customer Service Basics").check()
    worker.get_by_label("Share with").select_option(label="Corner Shop")
    worker.get_by_label("Why (like: a job I want)").fill("Cashier job")
    worker.get_by_role("button", name="Share", exact=True).click()
    worker.get_by_text("Shared.").wait_for()

    # the employer opens it and sees it checked
    shop = log_in(browser, base, "bo@shop.example")
    shop.goto(f"{base}/orgs/{orgs['shop']}/credentials")
    accessible(shop)
    shop.get_by_role("link", name="Wanda Worker shared Customer Service Basics").click()
    shop.get_by_text("Customer Service Basics: checks out").wait_for()
    accessible(shop)
    opened_at = shop.url

    # the worker stops sharing; the employer's next request is refused
    worker.goto(base + "/me/sharing")
    worker.get_by_role("button", name="Stop sharing with Corner Shop").click()
    worker.wait_for_url(re.compile(r".*/me/sharing$"))
    response = shop.goto(opened_at)
    assert response is not None and response.status == 403
    assert shop.get_by_text("stopped sharing").count() >= 1
    shop.goto(f"{base}/orgs/{orgs['shop']}/credentials")
    assert shop.get_by_text("No worker shares credentials with you right now.").count() == 1


def test_anyone_can_check_a_credential(
    site: tuple[str, Platform, dict[str, str]], page: Any
) -> None:
    base, _platform, _orgs = site
    page.goto(base + "/verify")
    accessible(page)
    page.get_by_label("Or paste it here").fill('{"not": "a credential"}')
    page.get_by_role("button", name="Check it").click()
    page.get_by_role("status").get_by_text("This is not a standard credential.").wait_for()
    accessible(page)


def test_a_worker_cannot_pass_off_someone_elses_credential(
    site: tuple[str, Platform, dict[str, str]], browser: Any, tmp_path: Path
) -> None:
    """Ben adds Wanda's credential to his wallet on his phone and tries to share it with the
    shop: the wallet marks it as not his, refuses to share it, and the shop never sees it."""
    base, platform, orgs = site
    service = CredentialService(
        platform.engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url=base,
        emails=platform.emails,
    )
    accounts = platform.accounts
    college_admin = accounts.principal(accounts.user_by_email("ada@college.example"))  # type: ignore[arg-type]
    wanda = accounts.principal(accounts.user_by_email("wanda@mail.example"))  # type: ignore[arg-type]
    achievement = service.issuing.define(
        college_admin, orgs["college"], name="Forklift Safety", criteria="Passed the test."
    )
    to_wallet = service.issue(
        college_admin,
        orgs["college"],
        achievement.id,
        [Recipient(did=service.wallet.holder_did(wanda))],
    )[0]
    by_email = service.issue(
        college_admin, orgs["college"], achievement.id, [Recipient(email="wanda@mail.example")]
    )[0]
    accounts.sign_up("ben@mail.example", PASSWORD, "Ben Other")

    phone = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    ben = phone.new_page()
    ben.goto(base + "/login")
    ben.get_by_label("Email").fill("ben@mail.example")
    ben.get_by_label("Password").fill(PASSWORD)
    ben.get_by_role("button", name="Log in").click()
    ben.wait_for_url(re.compile(r".*/dashboard$"))
    for document, why in (
        (to_wallet.document, "It names someone else, not you."),
        (by_email.document, "It names an email address you have not confirmed yet."),
    ):
        ben.goto(base + "/wallet")
        ben.get_by_label("Or paste it here").fill(document)
        ben.get_by_role("button", name="Add to my wallet").click()
        ben.wait_for_url(re.compile(r".*/wallet/[0-9a-f-]+$"))
        ben.get_by_text("This credential is about someone else.").wait_for()
        ben.get_by_text(why).first.wait_for()
        accessible(ben)
    # asking to confirm Wanda's address sends the link to Wanda, not to Ben
    ben.get_by_label("The email address it was sent to").fill("wanda@mail.example")
    ben.get_by_role("button", name="Send me a link").click()
    ben.get_by_text("We sent a link to wanda@mail.example").wait_for()
    ben.goto(base + "/wallet")
    accessible(ben)
    assert ben.get_by_role("cell", name="Not about you").count() == 2
    assert ben.get_by_role("checkbox").count() == 0
    ben.get_by_text("None of your credentials can be shared yet.").wait_for()
    # a hand-made request is refused all the same
    ben_user = accounts.user_by_email("ben@mail.example")
    assert ben_user is not None
    item_ids = [i.id for i in service.wallet.items(accounts.principal(ben_user))]
    answer = ben.evaluate(
        """async ([ids, org]) => {
            const form = new FormData();
            form.append('csrf_token', document.querySelector('input[name=csrf_token]').value);
            for (const id of ids) form.append('item_ids', id);
            form.append('org_id', org);
            form.append('purpose_text', 'Cashier job');
            const r = await fetch('/wallet/share', {method: 'POST', body: form});
            return [r.status, await r.text()];
        }""",
        [item_ids, orgs["shop"]],
    )
    assert answer[0] == 422 and "only share credentials that are about you" in answer[1]
    phone.close()
    shop = log_in(browser, base, "bo@shop.example")
    shop.goto(f"{base}/orgs/{orgs['shop']}/credentials")
    assert shop.get_by_text("No worker shares credentials with you right now.").count() == 1
    assert shop.get_by_text("Ben Other").count() == 0
