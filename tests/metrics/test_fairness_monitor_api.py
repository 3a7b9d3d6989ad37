"""REST /api/v1/metrics/monitor (SQLite and PostgreSQL): an employer's admin reads the fair
hiring checks and closes a warning with a note; the answers hold groups and rates, never a
person; an HR admin's read-only token cannot close; a recruiter is refused."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from onramp.api.app import create_app
from onramp.jobs.model import JobDraft, JobState
from onramp.platform import AccountKind, OrgKind, Platform, Role
from onramp.platform.secrets import now
from onramp.store import metrics_monitor_tables as m

PASSWORD = "correct horse battery"


def test_an_admin_reads_the_checks_and_closes_a_warning(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p: Platform = app.state.platform
    boss = p.accounts.principal(
        p.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = p.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    boss = p.accounts.principal(boss.user)
    recruiter = p.accounts.sign_up("ray@shop.example", PASSWORD, "Ray", AccountKind.STAFF)
    p.orgs.add_member(shop.id, recruiter, Role.RECRUITER, None)
    job = app.state.jobs.create(boss, shop.id, JobDraft(title="Cashier"))
    app.state.jobs.move(boss, job.id, JobState.OPEN)
    taken = now() - timedelta(days=2)
    with engine.begin() as conn:
        conn.execute(
            insert(m.ranking_snapshots).values(
                id=str(uuid.uuid4()),
                org_id=shop.id,
                job_id=job.id,
                question="age_band",
                taken_at=taken,
                first_at=taken,
                shown_k=50,
                unknown=4,
                groups=[["25_39", 60, 36], ["55_plus", 60, 14]],
            )
        )
    assert len(app.state.fairness.check(shop.id)) == 2  # the job, and the employer
    secret, _ = p.accounts.create_token(boss.user, "script", ["read", "write"])
    client = TestClient(app)
    auth = {"authorization": f"Bearer {secret}"}
    found = client.get(f"/api/v1/metrics/monitor/{shop.id}", headers=auth)
    assert found.status_code == 200
    body = found.json()
    (employer,) = body["employer"]
    assert employer["status"] == "alert" and employer["question_text"] == "How old are you?"
    older = next(g for g in employer["groups"] if g["group"] == "55_plus")
    assert older["label"] == "55 or older" and older["below_four_fifths"]
    assert older["candidates"] == 60 and older["selected"] == 14  # employer scope: counts
    assert older["impact_ratio"] == round((14 / 60) / (36 / 60), 4)
    (window,) = body["jobs"]
    assert all(g["candidates"] is None for g in window["groups"])  # job scope: rates only
    alerts = body["alerts"]
    assert len(alerts) == 2 and "55 or older" in alerts[0]["message"]
    assert boss.user.id not in found.text
    # a token that may only read cannot close; a recruiter cannot read
    reader, _ = p.accounts.create_token(boss.user, "reader", ["read"])
    closing = f"/api/v1/metrics/monitor/{shop.id}/alerts/{alerts[0]['id']}/close"
    refused = client.post(
        closing, json={"note": "Done."}, headers={"authorization": f"Bearer {reader}"}
    )
    assert refused.status_code == 403
    ray, _ = p.accounts.create_token(recruiter, "ray", ["read"])
    assert (
        client.get(
            f"/api/v1/metrics/monitor/{shop.id}", headers={"authorization": f"Bearer {ray}"}
        ).status_code
        == 403
    )
    empty = client.post(closing, json={"note": " "}, headers=auth)
    assert empty.status_code == 422
    closed = client.post(
        closing, json={"note": "We took out a rule we did not need."}, headers=auth
    )
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    other = client.post(
        f"/api/v1/metrics/monitor/{shop.id}/alerts/{uuid.uuid4()}/close",
        json={"note": "x"},
        headers=auth,
    )
    assert other.status_code == 404
