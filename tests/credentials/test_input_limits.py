"""Each input limit is enforced once, by the use case, whichever edge the input came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from onramp.credentials.issuing import parse_recipients_csv
from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES, MAX_RECIPIENTS_CSV_BYTES
from onramp.credentials.verify.verifier import Verifier
from onramp.errors import TooLargeError


def test_the_verifier_refuses_a_credential_past_the_limit() -> None:
    verifier = Verifier()
    with pytest.raises(TooLargeError, match="too big to be a credential"):
        verifier.verify(b" " * (MAX_CREDENTIAL_BYTES + 1))
    with pytest.raises(TooLargeError):
        verifier.verify("é" * (MAX_CREDENTIAL_BYTES // 2 + 1))  # counted in UTF-8 bytes
    report = verifier.verify(b" " * MAX_CREDENTIAL_BYTES)  # at the limit: read, and refused
    assert not report.verified


def test_a_recipients_file_past_the_limit_is_refused_by_the_parser() -> None:
    row = "worker@example.org\n"
    text = "email\n" + row * (MAX_RECIPIENTS_CSV_BYTES // len(row) + 1)
    with pytest.raises(TooLargeError, match="larger than 10 MB"):
        parse_recipients_csv(text)


def test_the_issuing_desk_reads_a_recipients_file_past_2_mb(tmp_path: Path) -> None:
    """The page used the credential limit (2 MB) for recipients files too, and called a
    large CSV "too big to be a credential"; now the use case's own limit decides."""
    from fastapi.testclient import TestClient

    from onramp.api.app import create_app
    from onramp.credentials.issuing import MAX_BATCH
    from onramp.store import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    upgrade(engine)
    app = create_app(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    with TestClient(app) as client:
        account = {"email": "ada@college.example", "password": "correct horse battery"}
        client.post("/api/v1/auth/signup", json={**account, "name": "Ada", "account_type": "staff"})
        csrf = client.post("/api/v1/auth/login", json=account).json()["csrf_token"]
        org = client.post(
            "/api/v1/orgs",
            json={"name": "River College", "kind": "training_provider"},
            headers={"x-csrf-token": csrf},
        ).json()
        achievement = client.post(
            f"/api/v1/orgs/{org['id']}/achievements",
            json={"name": "Safe Lifting", "criteria": "Showed safe lifting on the job."},
            headers={"x-csrf-token": csrf},
        ).json()
        rows = "".join(
            f"a.worker.with.a.long.name.{n:06d}@mail.example\n" for n in range(MAX_BATCH + 10)
        )
        csv = ("email\n" + rows).encode()
        assert MAX_CREDENTIAL_BYTES < len(csv) < MAX_RECIPIENTS_CSV_BYTES
        page = client.post(
            f"/orgs/{org['id']}/issue",
            data={"csrf_token": csrf, "achievement_id": achievement["id"]},
            files={"csv": ("people.csv", csv, "text/csv")},
        )
    engine.dispose()
    assert page.status_code == 422
    assert "too big to be a credential" not in page.text
    assert f"more than {MAX_BATCH} rows" in page.text
