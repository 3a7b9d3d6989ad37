"""`/health` answers from the store probe's memory: 200 while the store answers, 503 with the
reason once it has not answered for a while, and at once either way."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from onramp.api import health
from onramp.api.app import create_app


def test_health_reports_the_store_and_its_schema(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    with TestClient(app) as client:  # the lifespan starts the probe
        answer = client.get("/health")
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "ok" and body["schema"]
        assert app.state.store_probe.running


def test_health_says_plainly_when_the_store_stops_answering(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    client = TestClient(app)
    assert client.get("/health").status_code == 200
    probe = app.state.store_probe
    probe.engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'gone.db'}")
    probe.check()
    assert probe.problem and "OperationalError" in probe.problem
    probe.last_ok -= health.STALE_AFTER + 1  # the last good answer is now too old
    answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable" and "OperationalError" in answer.json()["store"]
