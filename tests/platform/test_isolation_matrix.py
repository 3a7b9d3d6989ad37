"""The isolation matrix: every API route and web page, checked for anonymous callers and for
members of another tenant. A route missing from MATRIX fails the test.

Each entry says who may call the route:
- PUBLIC: anyone (reference data, log-in and sign-up forms);
- AUTH: logged-in callers; anonymous API calls get 401 and pages redirect to /login;
and, for AUTH routes, how a member of organization A is kept out of organization B's objects:
- "tenant": path ids are swapped for B's; the call must be refused (403 or 404);
- "own": the route only ever serves the caller's own data; B's ids must not appear in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role

PASSWORD = "correct horse battery"
PUBLIC, AUTH = "public", "auth"


@dataclass(frozen=True)
class Rule:
    access: str
    isolation: str = ""  # tenant | own
    body: dict[str, Any] | None = None


MATRIX: dict[tuple[str, str], Rule] = {
    # platform basics and reference data: public
    ("GET", "/health"): Rule(PUBLIC),
    ("GET", "/docs"): Rule(PUBLIC),
    ("GET", "/openapi.json"): Rule(PUBLIC),
    ("GET", "/api/v1/frameworks"): Rule(PUBLIC),
    ("GET", "/api/v1/taxonomy/stats"): Rule(PUBLIC),
    ("GET", "/api/v1/skills"): Rule(PUBLIC),
    ("GET", "/api/v1/skills/{code:path}"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations/{code:path}"): Rule(PUBLIC),
    ("GET", "/api/v1/essential-skills"): Rule(PUBLIC),
    ("GET", "/"): Rule(PUBLIC),
    ("GET", "/occupations"): Rule(PUBLIC),
    ("GET", "/occupations/{code:path}"): Rule(PUBLIC),
    ("GET", "/skills"): Rule(PUBLIC),
    ("GET", "/skills/{code:path}"): Rule(PUBLIC),
    ("GET", "/frameworks"): Rule(PUBLIC),
    ("GET", "/essential-skills"): Rule(PUBLIC),
    # accounts: public entry points
    ("POST", "/api/v1/auth/signup"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/login"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/password-reset"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/password-reset/confirm"): Rule(PUBLIC),
    ("GET", "/signup"): Rule(PUBLIC),
    ("POST", "/signup"): Rule(PUBLIC),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(PUBLIC),
    ("GET", "/password-reset"): Rule(PUBLIC),
    ("POST", "/password-reset"): Rule(PUBLIC),
    ("GET", "/reset-password"): Rule(PUBLIC),
    ("POST", "/reset-password"): Rule(PUBLIC),
    ("GET", "/invitations/accept"): Rule(PUBLIC),  # shows only what the token names
    # accounts: the caller's own data
    ("POST", "/api/v1/auth/logout"): Rule(AUTH, "own"),
    ("GET", "/api/v1/auth/me"): Rule(AUTH, "own"),
    ("GET", "/api/v1/auth/tokens"): Rule(AUTH, "own"),
    ("POST", "/api/v1/auth/tokens"): Rule(AUTH, "own", {"name": "t"}),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/users"): Rule(AUTH, "tenant"),  # platform admins only
    ("GET", "/api/v1/users/me"): Rule(AUTH, "own"),
    ("GET", "/api/v1/users/me/profile"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/users/me/profile"): Rule(AUTH, "own", {"headline": "x"}),
    ("GET", "/api/v1/users/me/export"): Rule(AUTH, "own"),
    ("GET", "/api/v1/users/me/audit"): Rule(AUTH, "own"),
    ("DELETE", "/api/v1/users/me"): Rule(AUTH, "own", {"password": "wrong password"}),
    ("POST", "/logout"): Rule(AUTH, "own"),
    ("GET", "/dashboard"): Rule(AUTH, "own"),
    ("GET", "/me/sharing"): Rule(AUTH, "own"),
    ("POST", "/me/sharing"): Rule(AUTH, "own"),
    ("POST", "/me/sharing/{grant_id}/revoke"): Rule(AUTH, "tenant"),
    ("GET", "/me/activity"): Rule(AUTH, "own"),
    ("GET", "/me/profile"): Rule(AUTH, "own"),
    ("GET", "/me/tokens"): Rule(AUTH, "own"),
    ("POST", "/me/tokens"): Rule(AUTH, "own"),
    ("POST", "/me/tokens/{token_id}/revoke"): Rule(AUTH, "tenant"),
    ("POST", "/me/profile"): Rule(AUTH, "own"),
    ("GET", "/me/export"): Rule(AUTH, "own"),
    ("GET", "/me/delete"): Rule(AUTH, "own"),
    ("POST", "/me/delete"): Rule(AUTH, "own"),
    # organizations: tenant data
    ("GET", "/api/v1/orgs"): Rule(AUTH, "own"),
    ("POST", "/api/v1/orgs"): Rule(AUTH, "own", {"name": "Zed Org", "kind": "employer"}),
    ("GET", "/api/v1/orgs/{org_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/members"): Rule(AUTH, "tenant"),
    ("DELETE", "/api/v1/orgs/{org_id}/members/{user_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/invitations"): Rule(
        AUTH, "tenant", {"email": "x@example.org", "role": "org_admin"}
    ),
    ("POST", "/api/v1/invitations/accept"): Rule(AUTH, "own", {"token": "nope"}),
    ("GET", "/api/v1/orgs/{org_id}/consents"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/audit"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/consents"): Rule(AUTH, "own"),
    ("POST", "/api/v1/consents"): Rule(AUTH, "own"),
    ("POST", "/api/v1/consents/{grant_id}/revoke"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/audit"): Rule(AUTH, "own"),
    ("GET", "/orgs/new"): Rule(AUTH, "own"),
    ("POST", "/orgs/new"): Rule(AUTH, "own"),
    ("GET", "/orgs/{org_id}"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/invite"): Rule(
        AUTH, "tenant", {"email": "x@example.org", "role": "org_admin"}
    ),
    ("GET", "/orgs/{org_id}/audit"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("POST", "/invitations/accept"): Rule(AUTH, "own"),
    # credentials: public verification and what Onramp hosts for issuers
    ("POST", "/api/v1/credentials/verify"): Rule(PUBLIC),
    ("GET", "/orgs/{slug}/did.json"): Rule(PUBLIC),
    ("GET", "/orgs/{slug}/achievements/{achievement_id}"): Rule(PUBLIC),
    ("GET", "/status/{list_id}"): Rule(PUBLIC),
    ("GET", "/contexts/ler-rs/v1.jsonld"): Rule(PUBLIC),
    # credentials: each organization's own
    ("GET", "/api/v1/orgs/{org_id}/achievements"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/achievements"): Rule(
        AUTH, "tenant", {"name": "Forklift", "criteria": "Drove well"}
    ),
    ("GET", "/api/v1/orgs/{org_id}/achievements/{achievement_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/achievements/{achievement_id}/issue"): Rule(
        AUTH, "tenant", {"recipients": [{"did": "did:example:x"}]}
    ),
    ("POST", "/api/v1/orgs/{org_id}/achievements/{achievement_id}/issue-csv"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/credentials"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/credentials/{credential_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/credentials/{credential_id}/{action}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/clr"): Rule(AUTH, "tenant", {"learner": "did:example:x"}),
    ("POST", "/api/v1/orgs/{org_id}/endorsements"): Rule(
        AUTH, "tenant", {"subject_id": "https://x.example/a", "comment": "Good"}
    ),
    ("GET", "/api/v1/orgs/{org_id}/keys"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/keys"): Rule(AUTH, "tenant", {"algorithm": "Ed25519"}),
    ("GET", "/api/v1/orgs/{org_id}/trust"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/trust"): Rule(AUTH, "tenant", {"issuer_id": "did:web:x"}),
    ("DELETE", "/api/v1/orgs/{org_id}/trust/{entry_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/presentations"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/presentations/{presentation_id}"): Rule(AUTH, "tenant"),
    # the wallet: the worker's own
    ("GET", "/api/v1/wallet"): Rule(AUTH, "own"),
    ("POST", "/api/v1/wallet"): Rule(AUTH, "own", {"credential": "not a credential"}),
    ("POST", "/api/v1/wallet/from-url"): Rule(AUTH, "own", {"url": "https://127.0.0.1/x"}),
    ("POST", "/api/v1/wallet/claim"): Rule(AUTH, "own", {"token": "nope"}),
    ("GET", "/api/v1/wallet/did"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/export"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/shared"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/ler-rs"): Rule(AUTH, "own"),
    ("POST", "/api/v1/wallet/share"): Rule(
        AUTH, "own", {"org_id": "x", "item_ids": ["x"], "purpose_text": "job"}
    ),
    ("GET", "/api/v1/wallet/{item_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/wallet/{item_id}/recheck"): Rule(AUTH, "tenant"),
    ("DELETE", "/api/v1/wallet/{item_id}"): Rule(AUTH, "tenant"),
    # credential pages
    ("GET", "/verify"): Rule(PUBLIC),
    ("GET", "/extract"): Rule(PUBLIC),
    ("POST", "/extract"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/link"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/extract"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/extract-file"): Rule(PUBLIC),
    ("POST", "/api/v1/occupations/code"): Rule(PUBLIC),
    ("GET", "/api/v1/skills-by-meaning"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations-by-meaning"): Rule(PUBLIC),
    ("POST", "/verify"): Rule(PUBLIC),
    ("GET", "/wallet"): Rule(AUTH, "own"),
    ("POST", "/wallet/add"): Rule(AUTH, "own"),
    ("GET", "/wallet/claim"): Rule(AUTH, "own"),
    ("POST", "/wallet/claim"): Rule(AUTH, "own"),
    ("GET", "/wallet/export"): Rule(AUTH, "own"),
    ("GET", "/wallet/resume"): Rule(AUTH, "own"),
    ("POST", "/wallet/share"): Rule(AUTH, "own"),
    ("GET", "/wallet/{item_id}"): Rule(AUTH, "tenant"),
    ("POST", "/wallet/{item_id}/recheck"): Rule(AUTH, "tenant"),
    ("POST", "/wallet/{item_id}/remove"): Rule(AUTH, "tenant"),
    # confirmed email addresses: the caller's own
    ("GET", "/api/v1/users/me/emails"): Rule(AUTH, "own"),
    ("POST", "/api/v1/users/me/emails"): Rule(AUTH, "own", {"email": "me@w.example"}),
    ("POST", "/api/v1/users/me/emails/confirm"): Rule(AUTH, "own", {"token": "nope"}),
    ("GET", "/me/emails"): Rule(AUTH, "own"),
    ("POST", "/me/emails"): Rule(AUTH, "own"),
    ("GET", "/me/emails/confirm"): Rule(AUTH, "own"),
    ("POST", "/me/emails/confirm"): Rule(AUTH, "own"),
    ("GET", "/orgs/{org_id}/credentials"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/achievements"): Rule(
        AUTH, "tenant", {"name": "Forklift", "criteria": "Drove well"}
    ),
    ("POST", "/orgs/{org_id}/issue"): Rule(AUTH, "tenant", {"recipient": "did:example:x"}),
    ("POST", "/orgs/{org_id}/credentials/{credential_id}/{action}"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/trust"): Rule(AUTH, "tenant", {"issuer_id": "did:web:x"}),
    ("POST", "/orgs/{org_id}/trust/{entry_id}/remove"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/presentations/{presentation_id}"): Rule(AUTH, "tenant"),
}


def _walk(routes: list[Any]) -> list[Any]:
    """Routes, including those of included routers (routers here carry their own prefix)."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(_walk(inner.routes) if inner is not None else [route])
    return out


def app_routes(app: Any) -> set[tuple[str, str]]:
    found = set()
    for route in _walk(app.routes):
        methods = getattr(route, "methods", None)
        path = getattr(route, "path", "")
        if not methods or path.startswith("/static"):
            continue
        for method in methods - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


@dataclass
class World:
    client_a: TestClient  # admin of org A, logged in by session
    anon: TestClient
    csrf_a: str
    ids_b: dict[str, str]
    worker_a_client: TestClient
    worker_a_csrf: str


def _login(app: Any, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p: Platform = app.state.platform
    staff = {}
    for email in ("alice@a.example", "bob@b.example", "bea@b.example"):
        user = p.accounts.sign_up(email, PASSWORD, email[:3], AccountKind.STAFF)
        staff[email] = p.accounts.principal(user)
    org_a = p.orgs.create(staff["alice@a.example"], "Org A", OrgKind.EMPLOYER)
    org_b = p.orgs.create(staff["bob@b.example"], "Org B", OrgKind.COMMUNITY_ORG)
    bea = p.accounts.user_by_email("bea@b.example")
    assert bea is not None
    p.orgs.add_member(org_b.id, bea, Role.NAVIGATOR, None)
    workers = {}
    for email in ("wa@w.example", "wb@w.example"):
        workers[email] = p.accounts.principal(p.accounts.sign_up(email, PASSWORD, "W " + email))
    p.consents.grant(workers["wa@w.example"], org_a.id, ["profile"], PurposeKind.OTHER, "for A")
    grant_b = p.consents.grant(
        workers["wb@w.example"], org_b.id, ["profile"], PurposeKind.OTHER, "for B"
    )
    _secret, token_b = p.accounts.create_token(staff["bob@b.example"].user, "b", ["read"])
    credentials = app.state.credentials
    bob = p.accounts.principal(staff["bob@b.example"].user)
    achievement_b = credentials.issuing.define(bob, org_b.id, name="B badge", criteria="Did it")
    holder_b = credentials.wallet.holder_did(workers["wb@w.example"])
    issued_b = credentials.issue(bob, org_b.id, achievement_b.id, [Recipient(did=holder_b)])[0]
    item_b = credentials.wallet.items(workers["wb@w.example"])[0]
    shared_b = credentials.wallet.share(workers["wb@w.example"], org_b.id, [item_b.id], "job")
    trusted_b = credentials.trust.add(bob, org_b.id, "did:web:trusted.example")
    client_a, csrf_a = _login(app, "alice@a.example")
    worker_client, worker_csrf = _login(app, "wa@w.example")
    ids_b = {
        "org_id": org_b.id,
        "user_id": bea.id,
        "worker_id": workers["wb@w.example"].user.id,
        "grant_id": grant_b.id,
        "token_id": token_b.id,
        "achievement_id": achievement_b.id,
        "credential_id": issued_b.id,
        "item_id": item_b.id,
        "presentation_id": shared_b.id,
        "entry_id": trusted_b.id,
        "action": "revoke",
    }
    return World(client_a, TestClient(app), csrf_a, ids_b, worker_client, worker_csrf)


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        return ids.get(name, "2.A.1.a" if name == "code" else "x")

    return re.sub(r"\{([^}]+)\}", value, path)


def test_every_route_is_in_the_matrix(engine: Engine, tmp_path: Path) -> None:
    routes = app_routes(create_app(engine, secrets_dir=tmp_path))
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an isolation rule: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_anonymous_callers_are_refused(world: World) -> None:
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH:
            continue
        url = _fill(path, world.ids_b)
        response = world.anon.request(
            method, url, json=rule.body, follow_redirects=False, headers={"accept": "text/html"}
        )
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["error"]["code"] == "not_authenticated"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next=")


def test_members_of_another_tenant_are_refused(world: World) -> None:
    """Org A's admin aims every tenant route at org B's objects; a worker aims at another
    worker's grant. All must be refused, and 'own' routes must not show B's data."""
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH:
            continue
        is_worker_route = "grant_id" in path or path.startswith(
            ("/me/", "/api/v1/consents", "/api/v1/users/me/profile", "/api/v1/wallet", "/wallet")
        )
        client, csrf = (
            (world.worker_a_client, world.worker_a_csrf)
            if is_worker_route
            else (world.client_a, world.csrf_a)
        )
        url = _fill(path, world.ids_b)
        headers = {"x-csrf-token": csrf, "accept": "application/json"}
        if rule.isolation == "tenant":
            if path.startswith("/api/"):
                sent: dict[str, Any] = {"json": rule.body}
            else:  # web forms post form fields
                sent = {"data": {**(rule.body or {}), "csrf_token": csrf}}
            response = client.request(method, url, headers=headers, follow_redirects=False, **sent)
            assert response.status_code in (403, 404), (method, path, response.status_code)
        elif method == "GET":
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (method, path, response.status_code)
            # organization ids are a public directory (workers pick whom to share with);
            # members, workers, grants and tokens of B are private to B
            private = {k: v for k, v in world.ids_b.items() if k not in ("org_id", "action")}
            for secret_id in private.values():
                assert secret_id not in response.text, (method, path, "leaks B's data")
