"""The API page, the platform admin's console, its mail viewer and an org admin's pending
invitations, in a real browser with axe-core on every page visited (one server for the module)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind

from browser_support import axe_violations, serve, sqlite_engine

PASSWORD = "correct horse battery"


@dataclass
class Site:
    base: str
    platform: Platform
    org_id: str


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
    for url in serve(engine, folder / "secrets"):
        yield Site(url, platform, org.id)
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
    assert "Unable to render" not in page.content()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/frameworks" in p for p in paths), paths[:5]
    assert len(paths) > 30
    accessible(page)
