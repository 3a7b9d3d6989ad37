"""The platform's flows in a real browser, with axe-core on every page visited."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.platform import AccountKind, OrgKind, Platform

from browser_support import axe_violations, serve, shows, sqlite_engine

PASSWORD = "correct horse battery"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Platform]]:
    engine = sqlite_engine(tmp_path)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets")
    owner = platform.accounts.sign_up(
        "owner@help.example", PASSWORD, "Olga Owner", AccountKind.STAFF
    )
    platform.orgs.create(
        platform.accounts.principal(owner), "Northside Help Center", OrgKind.COMMUNITY_ORG
    )
    for url in serve(engine, tmp_path / "secrets"):
        yield url, platform
    engine.dispose()


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def sign_up(page: Any, base: str, name: str, email: str, staff: bool = False) -> None:
    page.goto(base + "/signup")
    accessible(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill(PASSWORD)
    if staff:
        page.get_by_label("for my job at an employer, college or other group").check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    accessible(page)


def test_log_in_and_log_out(site: tuple[str, Platform], page: Any) -> None:
    base, _platform = site
    page.goto(base + "/dashboard")
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    accessible(page)
    page.get_by_label("Email").fill("owner@help.example")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text() == "That email and password do not match."
    accessible(page)
    page.get_by_label("Email").fill("owner@help.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    assert shows(page, "Northside Help Center")
    page.get_by_role("link", name="API tokens").click()
    accessible(page)
    page.get_by_label("Name").fill("report script")
    page.get_by_role("button", name="Make token").click()
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("onr_")
    accessible(page)
    page.get_by_role("button", name="Turn off token report script").click()
    assert "Turned off" in page.get_by_role("row", name=re.compile("report script")).inner_text()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("link", name="Log in").is_visible()


def test_worker_shares_then_stops_exports_and_deletes(
    site: tuple[str, Platform], page: Any
) -> None:
    base, platform = site
    sign_up(page, base, "Wanda Worker", "wanda@example.org")
    page.get_by_role("link", name="Change my profile").click()
    accessible(page)
    page.get_by_label("What I do, in a few words").fill("Forklift driver")
    page.get_by_label("Job title").fill("Warehouse associate")
    page.get_by_label("Start year").fill("2021")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))
    assert shows(page, "Warehouse associate") and shows(page, "Forklift driver")
    page.get_by_role("link", name="Change who can see my records").click()
    accessible(page)
    page.get_by_label("Group", exact=True).select_option(label="Northside Help Center")
    page.get_by_label("My work history").check()
    page.get_by_label("Why (for example: help from a navigator)").fill("Help me find a job")
    page.get_by_role("button", name="Share", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Northside Help Center"))
    assert "Help me find a job" in row.inner_text()
    accessible(page)
    # the organization can see the shared profile now
    owner = platform.accounts.principal(platform.accounts.user_by_email("owner@help.example"))
    org_id = owner.memberships[0].org_id
    worker = platform.accounts.user_by_email("wanda@example.org")
    assert platform.consents.worker_view(owner, org_id, worker.id)["name"] == "Wanda Worker"
    page.get_by_role("button", name="Stop sharing with Northside Help Center").click()
    assert "Stopped" in page.get_by_role("row", name=re.compile("Northside")).inner_text()
    from onramp.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        platform.consents.worker_view(owner, org_id, worker.id)
    # export
    page.goto(base + "/dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all my data").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["account"]["email"] == "wanda@example.org"
    assert [g["revoked_at"] is not None for g in exported["consent_grants"]] == [True]
    page.goto(base + "/me/activity")
    accessible(page)
    assert shows(page, "You stopped sharing with Northside Help Center.")
    # delete
    page.goto(base + "/me/delete")
    accessible(page)
    page.get_by_label("Type your password to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your account is deleted"
    accessible(page)
    assert platform.accounts.user_by_email("wanda@example.org") is None


def test_admin_makes_org_invites_and_member_accepts(
    site: tuple[str, Platform], browser: Any, page: Any
) -> None:
    base, platform = site
    sign_up(page, base, "Alice Admin", "alice@acme.example", staff=True)
    page.get_by_role("link", name="Add an organization").click()
    accessible(page)
    page.get_by_label("Name").fill("Acme Health")
    page.get_by_label("Kind").select_option("employer")
    page.get_by_role("button", name="Make it").click()
    page.wait_for_url(re.compile(r".*/orgs/[0-9a-f-]+$"))
    accessible(page)
    page.get_by_label("Their email").fill("rob@acme.example")
    page.get_by_label("Role").select_option("recruiter")
    page.get_by_role("button", name="Send invitation").click()
    assert shows(page, "We sent an invitation to rob@acme.example")
    message = platform.mailer.pending("rob@acme.example")[-1]  # type: ignore[attr-defined]
    link = re.search(r"(http://\S+/invitations/accept\?token=\S+)", message.body).group(1)
    invitee = browser.new_context(bypass_csp=True).new_page()
    try:
        sign_up(invitee, base, "Rob Recruiter", "rob@acme.example", staff=True)
        invitee.goto(link)
        accessible(invitee)
        invitee.get_by_role("button", name="Accept and join").click()
        invitee.wait_for_url(re.compile(r".*/orgs/[0-9a-f-]+$"))
        assert invitee.get_by_role("heading", level=1).inner_text() == "Acme Health"
        assert (
            "recruiter" in invitee.get_by_role("row", name=re.compile("Rob Recruiter")).inner_text()
        )
        accessible(invitee)
        invitee.goto(link)  # single use
        assert shows(invitee, "not valid any more")
    finally:
        invitee.context.close()
