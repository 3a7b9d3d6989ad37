"""The platform over HTTP: cookies, CSRF, rate limits, tokens, and consent cut-off."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app

PASSWORD = "correct horse battery"


def _signup(client: TestClient, email: str, kind: str = "worker") -> None:
    response = client.post(
        "/api/v1/auth/signup",
        json={"email": email, "password": PASSWORD, "name": email[:4], "account_type": kind},
    )
    assert response.status_code == 201, response.text


def _login(client: TestClient, email: str) -> str:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    return str(response.json()["csrf_token"])


def test_cookie_writes_need_the_csrf_token(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    _signup(client, "wanda@example.org")
    csrf = _login(client, "wanda@example.org")
    refused = client.put("/api/v1/users/me/profile", json={"headline": "Cook"})
    assert refused.status_code == 403 and "form has expired" in refused.json()["error"]["message"]
    wrong = client.put(
        "/api/v1/users/me/profile", json={"headline": "Cook"}, headers={"x-csrf-token": "nope"}
    )
    assert wrong.status_code == 403
    done = client.put(
        "/api/v1/users/me/profile", json={"headline": "Cook"}, headers={"x-csrf-token": csrf}
    )
    assert done.status_code == 200 and done.json()["headline"] == "Cook"


def test_web_forms_need_the_csrf_token(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    _signup(client, "wanda@example.org")
    _login(client, "wanda@example.org")
    page = client.post("/me/delete", data={"password": PASSWORD}, follow_redirects=False)
    assert page.status_code == 403
    login_form = TestClient(create_app(engine)).post(
        "/login", data={"email": "wanda@example.org", "password": PASSWORD, "form_token": "x"}
    )
    assert login_form.status_code == 403  # no matching double-submit cookie


def test_login_rate_limit_over_http(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    _signup(client, "wanda@example.org")
    for _ in range(5):
        bad = client.post(
            "/api/v1/auth/login", json={"email": "wanda@example.org", "password": "wrong pass!"}
        )
        assert bad.status_code == 401
    limited = client.post(
        "/api/v1/auth/login", json={"email": "wanda@example.org", "password": PASSWORD}
    )
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0


def test_tokens_read_only_and_revoked(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    _signup(client, "wanda@example.org")
    csrf = _login(client, "wanda@example.org")
    made = client.post(
        "/api/v1/auth/tokens",
        json={"name": "script", "scopes": ["read"]},
        headers={"x-csrf-token": csrf},
    ).json()
    secret, token_id = made["token"], made["details"]["id"]
    listed = client.get("/api/v1/auth/tokens").json()
    assert secret not in str(listed) and listed[0]["prefix"] == secret[:10]
    bearer = TestClient(client.app)
    auth = {"authorization": f"Bearer {secret}"}
    assert bearer.get("/api/v1/users/me", headers=auth).status_code == 200
    assert (
        bearer.put("/api/v1/users/me/profile", json={"headline": "x"}, headers=auth).status_code
        == 403
    )
    client.delete(f"/api/v1/auth/tokens/{token_id}", headers={"x-csrf-token": csrf})
    assert bearer.get("/api/v1/users/me", headers=auth).status_code == 401


def test_revoking_consent_cuts_access_on_the_next_request(engine: Engine) -> None:
    app = create_app(engine)
    worker, navigator = TestClient(app), TestClient(app)
    _signup(worker, "wanda@example.org")
    _signup(navigator, "nina@help.example", "staff")
    worker_csrf = _login(worker, "wanda@example.org")
    nav_csrf = _login(navigator, "nina@help.example")
    org = navigator.post(
        "/api/v1/orgs",
        json={"name": "Help Center", "kind": "community_org"},
        headers={"x-csrf-token": nav_csrf},
    ).json()
    worker_id = worker.get("/api/v1/users/me").json()["user"]["id"]
    url = f"/api/v1/orgs/{org['id']}/workers/{worker_id}"
    assert navigator.get(url).status_code == 403
    grant = worker.post(
        "/api/v1/consents",
        json={
            "org_id": org["id"],
            "parts": ["profile"],
            "purpose_kind": "navigator_support",
            "purpose_text": "Help me plan",
            "days": 30,
        },
        headers={"x-csrf-token": worker_csrf},
    ).json()
    assert navigator.get(url).status_code == 200
    worker.post(f"/api/v1/consents/{grant['id']}/revoke", headers={"x-csrf-token": worker_csrf})
    after = navigator.get(url)
    assert after.status_code == 403 and after.json()["error"]["code"] == "forbidden"
    seen = [e["action"] for e in worker.get("/api/v1/users/me/audit").json()]
    assert "worker.view" in seen and "consent.revoke" in seen
