"""Security audit findings over HTTP: mailed links and the Host header, platform admins and
tenants, token scopes, password resets, live tokens at rest, and malformed addresses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select, update

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role
from onramp.platform.mail import MemoryTransport
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.test"
EVIL = {"host": "evil.example"}


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> Any:
    return create_app(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)


def _platform(app: Any) -> Platform:
    found: Platform = app.state.platform
    return found


def _client(app: Any, email: str, kind: AccountKind = AccountKind.WORKER) -> tuple[Any, dict]:
    """A logged-in client for a new account, and the headers its writes need."""
    p = _platform(app)
    if p.accounts.user_by_email(email) is None:
        p.accounts.sign_up(email, PASSWORD, email.split("@")[0].title(), kind)
    client = TestClient(app)
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return client, {"x-csrf-token": answer.json()["csrf_token"]}


def _bodies(app: Any, email: str) -> list[str]:
    return [m.body for m in _platform(app).mailer.pending(email)]  # type: ignore[attr-defined]


def _link(body: str) -> str:
    found = re.search(r"https?://\S+\?token=\S+", body)
    assert found is not None, body
    return found.group(0)


# -- 14: links come from ONRAMP_PUBLIC_URL, never from the Host header ------------------------
def test_reset_and_invitation_links_ignore_the_host_header(app: Any) -> None:
    p = _platform(app)
    p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    anon = TestClient(app)
    sent = anon.post(
        "/api/v1/auth/password-reset", json={"email": "wanda@mail.example"}, headers=EVIL
    )
    assert sent.status_code == 202
    form = anon.get("/password-reset", headers=EVIL)
    token = re.search(r'name="form_token" value="([^"]+)"', form.text)
    assert token is not None
    anon.post(
        "/password-reset",
        data={"email": "wanda@mail.example", "form_token": token.group(1)},
        headers=EVIL,
    )
    admin, headers = _client(app, "ada@acme.example", AccountKind.STAFF)
    org = admin.post("/api/v1/orgs", json={"name": "Acme", "kind": "employer"}, headers=headers)
    org_id = org.json()["id"]
    admin.post(
        f"/api/v1/orgs/{org_id}/invitations",
        json={"email": "rob@acme.example", "role": "recruiter"},
        headers={**headers, **EVIL},
    )
    admin.post(
        f"/orgs/{org_id}/invite",
        data={"email": "rita@acme.example", "role": "recruiter"},
        headers={**headers, **EVIL},
        follow_redirects=False,
    )
    links = [
        _link(body)
        for email in ("wanda@mail.example", "rob@acme.example", "rita@acme.example")
        for body in _bodies(app, email)
    ]
    assert len(links) == 4
    assert all(link.startswith(f"{PUBLIC}/") for link in links), links


# -- 15: platform admins never join tenants ------------------------------------------------------
def test_a_platform_admin_cannot_join_an_organization(app: Any) -> None:
    p = _platform(app)
    p.accounts.sign_up(
        "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
    )
    root, root_headers = _client(app, "root@onramp.test")
    admin, headers = _client(app, "ada@acme.example", AccountKind.STAFF)
    org_id = admin.post(
        "/api/v1/orgs", json={"name": "Acme", "kind": "employer"}, headers=headers
    ).json()["id"]
    invite = f"/api/v1/orgs/{org_id}/invitations"
    himself = root.post(
        invite, json={"email": "root@onramp.test", "role": "hr_admin"}, headers=root_headers
    )
    assert himself.status_code == 403, himself.text
    by_admin = admin.post(
        invite, json={"email": "root@onramp.test", "role": "hr_admin"}, headers=headers
    )
    assert by_admin.status_code == 403 and "platform admin" in by_admin.json()["error"]["message"]
    # an invitation sent before the account became a platform admin cannot be accepted
    assert (
        admin.post(
            invite, json={"email": "late@onramp.test", "role": "hr_admin"}, headers=headers
        ).status_code
        == 201
    )
    late, late_headers = _client(app, "late@onramp.test", AccountKind.STAFF)
    with p.engine.begin() as conn:
        conn.execute(
            update(t.users)
            .where(t.users.c.email == "late@onramp.test")
            .values(is_platform_admin=True)
        )
    token = _link(_bodies(app, "late@onramp.test")[-1]).split("token=")[1]
    accepted = late.post("/api/v1/invitations/accept", json={"token": token}, headers=late_headers)
    assert accepted.status_code == 403, accepted.text
    assert late.get("/api/v1/auth/me").json()["memberships"] == []
    made = root.post(
        "/api/v1/orgs", json={"name": "Root Org", "kind": "employer"}, headers=root_headers
    )
    assert made.status_code == 403
    assert root.get(f"/api/v1/orgs/{org_id}").status_code == 200  # oversight still works


def test_a_platform_admin_with_a_membership_is_still_refused_shared_data_and_signing(
    app: Any,
) -> None:
    """Defence in depth: should a membership exist anyway (made before this rule, or by hand),
    the policy still refuses a platform admin what workers shared and the org's signature."""
    p = _platform(app)
    admin = p.accounts.principal(
        p.accounts.sign_up("ada@acme.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    org = p.orgs.create(admin, "Acme", OrgKind.EMPLOYER)
    worker = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    p.consents.grant(worker, org.id, ["profile", "contact"], PurposeKind.JOB_APPLICATION, "Apply")
    credentials = app.state.credentials
    admin = p.accounts.principal(admin.user)
    badge = credentials.issuing.define(admin, org.id, name="Badge", criteria="Did it")
    holder = credentials.wallet.holder_did(worker)
    credentials.issue(admin, org.id, badge.id, [Recipient(did=holder)])
    item = credentials.wallet.items(worker)[0]
    shared = credentials.wallet.share(worker, org.id, [item.id], "job")
    root = p.accounts.sign_up(
        "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
    )
    with p.engine.begin() as conn:
        for role in (Role.ORG_ADMIN, Role.HR_ADMIN):
            conn.execute(
                insert(t.memberships).values(
                    org_id=org.id, user_id=root.id, role=str(role), created_at=datetime.now(UTC)
                )
            )
    client, headers = _client(app, "root@onramp.test")
    base = f"/api/v1/orgs/{org.id}"
    for url in (
        f"{base}/consents",
        f"{base}/workers/{worker.user.id}",
        f"{base}/presentations",
        f"{base}/presentations/{shared.id}",
    ):
        answer = client.get(url)
        assert answer.status_code == 403, (url, answer.status_code)
    for url, body in (
        (f"{base}/achievements", {"name": "Fake", "criteria": "None"}),
        (f"{base}/achievements/{badge.id}/issue", {"recipients": [{"did": holder}]}),
    ):
        answer = client.post(url, json=body, headers=headers)
        assert answer.status_code == 403, (url, answer.status_code)
    assert client.get(f"{base}/audit").status_code == 200  # oversight of the org itself
    ada_client, _ = _client(app, "ada@acme.example")
    for page in (f"/orgs/{org.id}", "/dashboard"):  # pages leave out what workers shared
        assert "Wanda" in ada_client.get(page).text, page
        shown = client.get(page)
        assert shown.status_code == 200 and "Wanda" not in shown.text, page


# -- 17: token scopes and resets ------------------------------------------------------------------
def _token(client: Any, headers: dict, scopes: list[str]) -> tuple[str, str]:
    made = client.post("/api/v1/auth/tokens", json={"name": "t", "scopes": scopes}, headers=headers)
    assert made.status_code == 201, made.text
    return made.json()["token"], made.json()["details"]["id"]


def _bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


def test_a_read_only_token_does_not_read_the_org_audit_log(app: Any) -> None:
    admin, headers = _client(app, "ada@acme.example", AccountKind.STAFF)
    org_id = admin.post(
        "/api/v1/orgs", json={"name": "Acme", "kind": "employer"}, headers=headers
    ).json()["id"]
    p = _platform(app)
    worker = p.accounts.principal(p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda"))
    p.consents.grant(worker, org_id, ["profile"], PurposeKind.JOB_APPLICATION, "Apply")
    read_only, _ = _token(admin, headers, ["read"])
    with_admin, _ = _token(admin, headers, ["read", "admin"])
    anon = TestClient(app)

    def org_entries(answer: Any) -> list[str]:
        assert answer.status_code == 200, answer.text
        return [e["action"] for e in answer.json() if e["org_id"] == org_id]

    seen = org_entries(anon.get("/api/v1/audit", headers=_bearer(read_only)))
    assert "consent.grant" not in seen  # the org's log; only what Ada did herself remains
    assert seen == ["org.create"]
    assert anon.get(f"/api/v1/orgs/{org_id}/audit", headers=_bearer(read_only)).status_code == 403
    assert "consent.grant" in org_entries(anon.get("/api/v1/audit", headers=_bearer(with_admin)))
    assert "consent.grant" in org_entries(admin.get("/api/v1/audit"))


def test_a_consent_token_cannot_revoke_other_tokens(app: Any) -> None:
    worker, headers = _client(app, "wanda@mail.example")
    consent, consent_id = _token(worker, headers, ["consent"])
    reader, reader_id = _token(worker, headers, ["read"])
    anon = TestClient(app)
    refused = anon.delete(f"/api/v1/auth/tokens/{reader_id}", headers=_bearer(consent))
    assert refused.status_code == 403, refused.text
    assert anon.get("/api/v1/users/me", headers=_bearer(reader)).status_code == 200
    minted = anon.post(
        "/me/tokens", data={"name": "more", "scopes": "admin"}, headers=_bearer(consent)
    )
    assert "An API token cannot do this" in minted.text
    assert len(worker.get("/api/v1/auth/tokens").json()) == 2
    itself = anon.delete(f"/api/v1/auth/tokens/{consent_id}", headers=_bearer(consent))
    assert itself.status_code == 204  # a token may always turn itself off
    assert anon.get("/api/v1/consents", headers=_bearer(consent)).status_code == 401


def test_a_password_reset_ends_every_session_and_api_token(app: Any) -> None:
    worker, headers = _client(app, "wanda@mail.example")
    secret, _ = _token(worker, headers, ["read", "write"])
    anon = TestClient(app)
    assert anon.get("/api/v1/users/me", headers=_bearer(secret)).status_code == 200
    anon.post("/api/v1/auth/password-reset", json={"email": "wanda@mail.example"})
    token = _link(_bodies(app, "wanda@mail.example")[-1]).split("token=")[1]
    done = anon.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "password": "a brand new password"},
    )
    assert done.status_code == 200
    assert anon.get("/api/v1/users/me", headers=_bearer(secret)).status_code == 401
    assert worker.get("/api/v1/users/me").status_code == 401
    p = _platform(app)
    with p.engine.connect() as conn:
        details = conn.execute(
            select(t.audit_log.c.details).where(t.audit_log.c.action == "account.password_reset")
        ).scalar_one()
    assert details == {"sessions_ended": 1, "tokens_revoked": 1}


# -- 16: no live token at rest in the outbox -----------------------------------------------------
def test_the_outbox_keeps_no_readable_token(app: Any) -> None:
    p = _platform(app)
    p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    anon = TestClient(app)
    anon.post("/api/v1/auth/password-reset", json={"email": "wanda@mail.example"})
    (message,) = p.mailer.pending("wanda@mail.example")  # type: ignore[attr-defined]
    token = message.body.split("token=")[1].split()[0]
    with p.engine.connect() as conn:
        stored = [dict(r._mapping) for r in conn.execute(select(t.outbox)).all()]
    assert len(stored) == 1 and token not in repr(stored) and "token=" not in repr(stored)
    assert stored[0]["kind"] == "password_reset" and stored[0]["sealed_body"]
    transport = MemoryTransport()
    assert p.mailer.deliver_pending(transport) == 1  # type: ignore[attr-defined]
    assert token in transport.delivered[0].body
    with p.engine.connect() as conn:
        after = conn.execute(select(t.outbox)).one()
    assert after.sealed_body is None and after.sent_at is not None
    assert p.mailer.pending() == []  # type: ignore[attr-defined]
    assert after.subject == "Reset your Onramp password"


# -- 18: malformed web addresses are a plain 4xx ---------------------------------------------------
@pytest.mark.parametrize("url", ["https://[::1/x", "https://issuer.example:99999/x"])
def test_wallet_add_by_url_refuses_malformed_addresses_plainly(app: Any, url: str) -> None:
    worker, headers = _client(app, "wanda@mail.example")
    answer = worker.post("/api/v1/wallet/from-url", json={"url": url}, headers=headers)
    assert answer.status_code == 422, answer.text
    assert "not a valid web address" in answer.json()["error"]["message"]
    page = worker.post("/wallet/add", data={"url": url}, headers=headers)
    assert page.status_code == 422 and "not a valid web address" in page.text


# -- 19: personal responses are never cached --------------------------------------------------
def test_token_pages_and_the_token_reveal_are_never_cached(app: Any) -> None:
    worker, headers = _client(app, "wanda@mail.example")
    shown = worker.post("/me/tokens", data={"name": "script", "scopes": "read"}, headers=headers)
    assert "onr_" in shown.text and shown.headers["cache-control"] == "no-store"
    export = worker.get("/me/export")
    assert export.status_code == 200 and export.headers["cache-control"] == "no-store"
    anon = TestClient(app)
    for url in ("/reset-password?token=abc", "/invitations/accept?token=abc", "/login"):
        assert anon.get(url).headers.get("cache-control") == "no-store", url
    assert "cache-control" not in anon.get("/frameworks").headers  # public pages may be cached
