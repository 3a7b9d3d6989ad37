"""The API page, the platform admin's console, its mail viewer and an org admin's pending
invitations, in a real browser with axe-core on every page visited (one server for the module)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role
from onramp.platform.mail_transports import DevMailbox

from browser_support import axe_violations, serve, settled_html, shows, sqlite_engine

PASSWORD = "correct horse battery"


@dataclass
class Site:
    base: str
    platform: Platform
    org_id: str
    mailbox: DevMailbox


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("admin-console")
    engine = sqlite_engine(folder)
    platform = Platform(engine, secrets_dir=folder / "secrets")
    accounts = platform.accounts
    accounts.sign_up(
        "root@onramp.example", PASSWORD, "Rita Root", AccountKind.STAFF, is_platform_admin=True
    )
    owner = accounts.sign_up("owner@help.example", PASSWORD, "Olga Owner", AccountKind.STAFF)
    org = platform.orgs.create(
        accounts.principal(owner), "Northside Help Center", OrgKind.COMMUNITY_ORG
    )
    worker = accounts.principal(accounts.sign_up("wes@example.org", PASSWORD, "Wes Worker"))
    platform.consents.grant(
        worker, org.id, ["profile", "work_history"], PurposeKind.OTHER, "Secret plans of Wes"
    )
    mailbox = DevMailbox(out=io.StringIO())
    for url in serve(engine, folder / "secrets", mail_transport=mailbox):
        yield Site(url, platform, org.id, mailbox)
    engine.dispose()


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/dashboard$"))


def test_the_api_page_lists_the_operations(site: Site, page: Any) -> None:
    """Swagger UI 4 could not read OpenAPI 3.1 ("Unable to render this definition")."""
    page.goto(site.base + "/docs")
    page.locator(".opblock").first.wait_for(timeout=15_000)
    assert "Unable to render" not in settled_html(page)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/frameworks" in p for p in paths), paths[:5]
    assert len(paths) > 30
    accessible(page)


def test_a_platform_admin_opens_every_organization_in_the_console(site: Site, page: Any) -> None:
    """Every link on a platform admin's dashboard used to lead to an organization page whose
    links answered 403. The console shows the organization, read-only, and never what a worker
    shared with it."""
    log_in(page, site.base, "root@onramp.example")
    accessible(page)
    page.get_by_role("link", name="Northside Help Center").click()
    page.wait_for_url(re.compile(r".*/admin/orgs/[0-9a-f-]+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Northside Help Center"
    assert "Olga Owner" in page.get_by_role("row", name=re.compile("Olga")).inner_text()
    assert shows(page, "can't see what workers shared")
    assert "Secret plans" not in settled_html(page) and "Wes Worker" not in settled_html(page)
    accessible(page)
    for link in page.locator("main a").evaluate_all("links => links.map(a => a.href)"):
        answer = page.request.get(link)
        assert answer.status == 200, (link, answer.status)
    page.get_by_role("link", name="Admin console").first.click()
    page.wait_for_url(re.compile(r".*/admin$"))
    assert page.get_by_role("heading", name="Health").is_visible()
    assert shows(page, "answering")
    row = page.get_by_role("row", name=re.compile("Northside Help Center"))
    assert "Community organization" in row.inner_text()
    use = page.locator("section", has=page.get_by_role("heading", name="How much the site is used"))
    figures = use.get_by_role("table").inner_text()
    assert "Workers with an account.\t1" in figures
    assert "Groups that help people in the community.\t1" in figures
    assert use.get_by_role("img", name=re.compile("how much the site is used")).is_visible()
    assert "Secret plans" not in settled_html(page) and "Wes Worker" not in settled_html(page)
    accessible(page)


def test_the_mail_viewer_shows_what_the_development_mailbox_delivered(
    site: Site, page: Any
) -> None:
    owner = site.platform.accounts.principal(
        site.platform.accounts.user_by_email("owner@help.example")
    )
    site.platform.orgs.invite(owner, site.org_id, "nina@help.example", Role.NAVIGATOR)
    log_in(page, site.base, "root@onramp.example")
    page.goto(site.base + "/admin/mail")
    accessible(page)
    page.get_by_role("button", name="Send waiting mail now").click()
    page.wait_for_url(re.compile(r".*/admin/mail\?sent=\d+$"))
    page.get_by_role("link", name="You are invited to join Northside Help Center").first.click()
    body = page.locator("pre").inner_text()
    assert "/invitations/accept?token=" in body
    assert shows(page, "nina@help.example")
    accessible(page)
    page.goto(site.base + "/admin/mail")
    row = page.get_by_role("row", name=re.compile("nina@help.example")).last
    assert "sent" in row.inner_text()


def test_an_org_admin_fixes_a_bad_invite_and_manages_pending_invitations(
    site: Site, page: Any
) -> None:
    log_in(page, site.base, "owner@help.example")
    page.goto(f"{site.base}/orgs/{site.org_id}")
    page.get_by_label("Their email").fill("-rob@help.example")
    page.get_by_label("Role").select_option("org_admin")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Northside Help Center"
    assert page.get_by_role("alert").is_visible()  # beside the form, not an error page
    assert page.get_by_label("Their email").input_value() == "-rob@help.example"
    assert page.get_by_label("Role").input_value() == "org_admin"
    accessible(page)
    page.get_by_label("Their email").fill("rob@help.example")
    page.get_by_role("button", name="Send invitation").click()
    assert shows(page, "We sent an invitation to rob@help.example")
    row = page.get_by_role("row", name=re.compile("rob@help.example"))
    assert "org admin" in row.inner_text()
    accessible(page)
    row.get_by_role("button", name="Send the invitation to rob@help.example again").click()
    assert shows(page, "We sent an invitation to rob@help.example")
    page.get_by_role("button", name="Take back the invitation to rob@help.example").click()
    assert shows(page, "The invitation is taken back")
    assert page.get_by_role("row", name=re.compile("rob@help.example")).count() == 0
    accessible(page)
