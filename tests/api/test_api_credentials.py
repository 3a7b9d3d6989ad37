"""Credentials over HTTP: define, issue (JSON and CSV), claim, verify publicly, hosted DID
document and status list, revoke, share with an employer, and the grant cut-off."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app

PASSWORD = "correct horse battery"


def _client(app: object, email: str, kind: str = "worker") -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)  # type: ignore[arg-type]
    client.post(
        "/api/v1/auth/signup",
        json={"email": email, "password": PASSWORD, "name": email[:4], "account_type": kind},
    )
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, {"x-csrf-token": body["csrf_token"]}


def test_issue_claim_verify_share_over_http(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    college, h = _client(app, "ada@college.example", "staff")
    org = college.post(
        "/api/v1/orgs", json={"name": "River College", "kind": "training_provider"}, headers=h
    ).json()
    base = f"/api/v1/orgs/{org['id']}"
    achievement = college.post(
        base + "/achievements",
        json={
            "name": "Safe Lifting",
            "criteria": "Showed safe lifting on the job.",
            "levels": [["Basic", "With help"], ["Skilled", "Alone"]],
        },
        headers=h,
    )
    assert achievement.status_code == 201, achievement.text
    achievement_id = achievement.json()["id"]
    issued = college.post(
        f"{base}/achievements/{achievement_id}/issue",
        json={"recipients": [{"email": "wanda@mail.example", "level": "Skilled"}]},
        headers=h,
    )
    assert issued.status_code == 201, issued.text
    credential_id = issued.json()[0]["id"]
    csv_upload = college.post(
        f"{base}/achievements/{achievement_id}/issue-csv",
        files={"file": ("people.csv", b"email,level\nx@mail.example,Basic\ny@mail.example,\n")},
        headers=h,
    )
    assert csv_upload.status_code == 201 and csv_upload.json()["issued"] == 2
    bad_csv = college.post(
        f"{base}/achievements/{achievement_id}/issue-csv",
        files={"file": ("people.csv", b"email\nnope\n")},
        headers=h,
    )
    assert bad_csv.status_code == 422 and "line 2" in bad_csv.json()["error"]["message"]
    # the list comes a page at a time, newest first, without the documents
    first = college.get(f"{base}/credentials", params={"limit": 2}).json()
    rest = college.get(f"{base}/credentials", params={"limit": 2, "offset": 2}).json()
    assert len(first) == 2 and len(rest) == 1 and "document" not in first[0]
    assert first[0]["issued_at"] >= first[1]["issued_at"] >= rest[0]["issued_at"]
    assert {i["id"] for i in first + rest} >= {credential_id}
    assert college.get(f"{base}/credentials", params={"limit": 0}).status_code == 422

    # the public endpoints Onramp hosts for the issuer
    anon = TestClient(app)
    did = anon.get("/orgs/river-college/did.json")
    assert did.status_code == 200 and did.json()["id"] == "did:web:onramp.test:orgs:river-college"
    document = json.loads(
        college.get(f"{base}/credentials/{credential_id}", headers=h).json()["document"]
    )
    status_url = document["credentialStatus"][0]["statusListCredential"]
    listed = anon.get(status_url.replace("https://onramp.test", ""))
    assert listed.status_code == 200 and "BitstringStatusListCredential" in listed.json()["type"]
    achievement_url = document["credentialSubject"]["achievement"]["id"]
    assert anon.get(achievement_url.replace("https://onramp.test", "")).json()["name"] == (
        "Safe Lifting"
    )
    verified = anon.post("/api/v1/credentials/verify", json={"credential": document})
    assert verified.status_code == 200 and verified.json()["verified"], verified.json()
    garbage = anon.post("/api/v1/credentials/verify", json={"credential": "nope"})
    assert garbage.status_code == 200 and not garbage.json()["verified"]
    encoded = base64.b64encode(json.dumps(document).encode()).decode()
    assert anon.post("/api/v1/credentials/verify", json={"data_base64": encoded}).json()["verified"]

    # the worker claims it with the mailed link
    worker, wh = _client(app, "wanda@mail.example")
    body = app.state.platform.mailer.pending("wanda@mail.example")[-1].body
    token = body.split("token=")[1].split()[0]
    claimed = worker.post("/api/v1/wallet/claim", json={"token": token}, headers=wh)
    assert claimed.status_code == 201 and claimed.json()["verified"], claimed.text
    item_id = claimed.json()["id"]
    assert worker.get("/api/v1/wallet/export").json()["credentials"][0]["credential"]["proof"]

    # share with an employer; the employer opens it; revoking the grant stops access
    shop, sh = _client(app, "bo@shop.example", "staff")
    employer = shop.post("/api/v1/orgs", json={"name": "Shop", "kind": "employer"}, headers=sh)
    employer_id = employer.json()["id"]
    shared = worker.post(
        "/api/v1/wallet/share",
        json={"org_id": employer_id, "item_ids": [item_id], "purpose_text": "Job application"},
        headers=wh,
    )
    assert shared.status_code == 201, shared.text
    presentation_id = shared.json()["id"]
    opened = shop.get(f"/api/v1/orgs/{employer_id}/presentations/{presentation_id}")
    assert opened.status_code == 200 and opened.json()["presentation_verified"]
    assert opened.json()["credentials"][0]["verified"]
    grant_id = shared.json()["grant_id"]
    assert worker.post(f"/api/v1/consents/{grant_id}/revoke", headers=wh).status_code == 200
    refused = shop.get(f"/api/v1/orgs/{employer_id}/presentations/{presentation_id}")
    assert refused.status_code == 403
    assert shop.get(f"/api/v1/orgs/{employer_id}/presentations").json() == []

    # the issuer suspends: viewing the credential checks it again, no button needed
    suspended = college.post(f"{base}/credentials/{credential_id}/suspend", headers=h)
    assert suspended.status_code == 200 and suspended.json()["state"] == "suspended"
    page = worker.get(f"/wallet/{item_id}")
    assert page.status_code == 200
    assert "Suspended: the issuer has put this credential on hold." in page.text
    assert "Has a problem" not in page.text
    assert worker.get(f"/api/v1/wallet/{item_id}").json()["verdict"] == "suspended"
    # the issuer revokes; the wallet says so, and each purpose has its own sentence
    revoked = college.post(f"{base}/credentials/{credential_id}/revoke", headers=h)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    page = worker.get(f"/wallet/{item_id}")
    assert "Revoked: the issuer took this credential back." in page.text
    assert "The issuer has not taken this credential back." not in page.text
    again = worker.post(f"/api/v1/wallet/{item_id}/recheck", headers=wh).json()
    assert not again["verified"] and again["verdict"] == "revoked"
    listing = worker.get("/wallet")
    assert ">Revoked<" in listing.text


def test_openapi_lists_the_credential_endpoints(engine: Engine, tmp_path: Path) -> None:
    paths = (
        TestClient(create_app(engine, secrets_dir=tmp_path)).get("/openapi.json").json()["paths"]
    )
    for path in (
        "/api/v1/credentials/verify",
        "/orgs/{slug}/did.json",
        "/status/{list_id}",
        "/api/v1/wallet/share",
        "/api/v1/orgs/{org_id}/achievements/{achievement_id}/issue",
        "/api/v1/orgs/{org_id}/credentials/{credential_id}/{action}",
    ):
        assert path in paths


def test_the_ler_rs_context_is_published_byte_for_byte(engine: Engine, tmp_path: Path) -> None:
    import hashlib

    from onramp.credentials.formats.ler_rs import LER_RS_CONTEXT
    from onramp.credentials.rdf.contexts import PINNED

    response = TestClient(create_app(engine, secrets_dir=tmp_path)).get(
        "/contexts/ler-rs/v1.jsonld"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    pinned = next(p for p in PINNED if p.url == LER_RS_CONTEXT)
    assert hashlib.sha256(response.content).hexdigest() == pinned.sha256
