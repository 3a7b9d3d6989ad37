"""An org admin's pending invitations over HTTP: listed, sent again, taken back."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform import AccountKind

PASSWORD = "correct horse battery"


def test_an_org_admin_lists_resends_and_takes_back_invitations(
    engine: Engine, tmp_path: Path
) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    app.state.platform.accounts.sign_up("olga@help.example", PASSWORD, "Olga", AccountKind.STAFF)
    client = TestClient(app)
    csrf = client.post(
        "/api/v1/auth/login", json={"email": "olga@help.example", "password": PASSWORD}
    ).json()["csrf_token"]
    headers = {"x-csrf-token": csrf}
    org = client.post(
        "/api/v1/orgs", json={"name": "Help Center", "kind": "community_org"}, headers=headers
    ).json()
    base = f"/api/v1/orgs/{org['id']}/invitations"
    made = client.post(
        base, json={"email": "nina@help.example", "role": "navigator"}, headers=headers
    )
    invitation_id = made.json()["invitation_id"]
    (listed,) = client.get(base).json()
    assert (listed["id"], listed["email"], listed["expired"]) == (
        invitation_id,
        "nina@help.example",
        False,
    )
    assert "token" not in str(listed)
    again = client.post(f"{base}/{invitation_id}/resend", headers=headers)
    assert again.json() == {"email": "nina@help.example"}
    assert client.delete(f"{base}/{invitation_id}", headers=headers).status_code == 204
    assert client.get(base).json() == []
    gone = client.delete(f"{base}/{invitation_id}", headers=headers)
    assert gone.status_code == 404
