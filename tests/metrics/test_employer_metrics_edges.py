"""Employer metrics over REST and the command line (issue 18, items 1, 2 and 7): the figures
are the hand-checked ones of `employer_world`, records go in through the API with the one error
shape, and `onramp metrics employer|roi --json` prints the same figures."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from onramp.cli import app as cli_app
from onramp.cli.common import engine as cli_engine
from onramp.config import get_settings
from onramp.metrics.roi import ProgramKind

sys.path.insert(0, str(Path(__file__).resolve().parent))
from employer_world import EXPECTED, PASSWORD, PUBLIC, World, build  # noqa: E402

API = "/api/v1/metrics/employer"
Run = Callable[..., Result]


@pytest.fixture
def w(engine: Engine, tmp_path: Path) -> World:
    return build(engine, tmp_path)


def client_for(w: World, email: str) -> TestClient:
    client = TestClient(w.app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    client.headers["x-csrf-token"] = body["csrf_token"]
    return client


def test_the_dashboard_over_rest(w: World) -> None:
    hana = client_for(w, "hana@bakery.example")
    body = hana.get(f"{API}/{w.org_id}").json()
    got = {m["name"]: m["value"] for m in body["metrics"]}
    assert got == pytest.approx(EXPECTED)
    assert body["comparisons"][0]["label"] == "Baker"
    rae = client_for(w, "rae@rival.example")
    assert rae.get(f"{API}/{w.org_id}").status_code == 404
    mentor = client_for(w, "max@bakery.example")
    assert mentor.get(f"{API}/{w.org_id}").status_code == 403


def test_records_go_in_through_rest(w: World) -> None:
    rex = client_for(w, "rex@bakery.example")
    made = rex.post(
        f"{API}/{w.org_id}/hiring-outcomes",
        json={
            "application_id": w.applications[("J3", "w2")],
            "offered": True,
            "hired": True,
            "hired_on": "2025-03-20",
            "starting_hourly": 17.5,
        },
    )
    assert made.status_code == 200, made.text
    hire_id = made.json()["id"]
    refused = rex.post(  # a recruiter records hires, not what happened after
        f"{API}/{w.org_id}/retention-checks",
        json={"hire_id": hire_id, "days": 90, "still_employed": True, "checked_on": "2025-07-01"},
    )
    assert refused.status_code == 403
    hana = client_for(w, "hana@bakery.example")
    early = hana.post(
        f"{API}/{w.org_id}/retention-checks",
        json={"hire_id": hire_id, "days": 90, "still_employed": True, "checked_on": "2025-04-01"},
    )
    assert early.status_code == 422 and "90 days have passed" in early.json()["error"]["message"]
    ok = hana.post(
        f"{API}/{w.org_id}/retention-checks",
        json={"hire_id": hire_id, "days": 90, "still_employed": True, "checked_on": "2025-07-01"},
    )
    assert ok.status_code == 200, ok.text
    cost = hana.post(
        f"{API}/{w.org_id}/costs",
        json={"job_id": w.jobs["J3"], "kind": "referral", "amount": 250, "spent_on": "2025-03-02"},
    )
    assert cost.status_code == 200, cost.text
    got = {m["name"]: m["value"] for m in hana.get(f"{API}/{w.org_id}").json()["metrics"]}
    assert got["retention_90_days"] == pytest.approx(2 / 3)  # w1 and w2 stayed, w5 left
    assert got["cost_per_hire"] == pytest.approx((1400 + 250) / 3)
    hires = hana.get(f"{API}/{w.org_id}/hires").json()["outcomes"]
    assert sum(1 for h in hires if h["hired"]) == 3


def test_roi_over_rest(w: World) -> None:
    hana = client_for(w, "hana@bakery.example")
    saved = hana.put(
        f"{API}/{w.org_id}/roi",
        json={
            "name": "Bakers roadmap",
            "kind": "roadmap",
            "inputs": {"participants": 4, "completers": 4, "retained_12_months": 4},
        },
    )
    assert saved.status_code == 200, saved.text
    first = saved.json()["investments"][0]
    edited = hana.put(f"{API}/{w.org_id}/roi", json={"assumptions": {"baseline_turnover": 0.5}})
    again = edited.json()["investments"][0]
    # 4 kept of 4 against 4 x (1 - turnover): a higher turnover is a bigger retention gain
    assert again["gains"][0]["amount"] > first["gains"][0]["amount"]
    assert edited.json()["assumptions"] == {"baseline_turnover": 0.5}
    bad = hana.put(f"{API}/{w.org_id}/roi", json={"assumptions": {"baseline_turnover": 2}})
    assert bad.status_code == 422


@pytest.fixture
def run(w: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.setenv("ONRAMP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ONRAMP_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ONRAMP_DATABASE_URL", w.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ONRAMP_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.setenv("ONRAMP_PUBLIC_URL", PUBLIC)

    def forget() -> None:
        if cli_engine.cache_info().currsize:
            cli_engine().dispose()
        cli_engine.cache_clear()
        get_settings.cache_clear()

    forget()
    runner = CliRunner()
    yield lambda *args: runner.invoke(cli_app, list(args))
    forget()


def test_cli_employer_json_and_table(w: World, run: Run) -> None:
    result = run("metrics", "employer", "--org", "bright-bakery", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {m["name"]: m["value"] for m in body["metrics"]} == pytest.approx(EXPECTED)
    table = run("metrics", "employer", "--org", w.org_id)
    assert table.exit_code == 0, table.output
    assert "Applications with an offer / applications: 3 / 7" in " ".join(table.stdout.split())
    missing = run("metrics", "employer", "--org", "no-such-org")
    assert missing.exit_code != 0


def test_cli_roi_tries_assumptions_without_saving(w: World, run: Run) -> None:
    w.metrics.investments.save(
        w.hana,
        w.org_id,
        "Bakers roadmap",
        kind=ProgramKind.ROADMAP,
        inputs={"participants": 10, "completers": 8, "retained_12_months": 7, "internal_fills": 3},
        assumptions={"horizon_years": 1, "discount_rate": 0},
    )
    plain = json.loads(run("metrics", "roi", "--org", w.org_id, "--json").stdout)
    tried = run("metrics", "roi", "--org", w.org_id, "--set", "external_hire_cost=1700", "--json")
    assert tried.exit_code == 0, tried.output
    changed = json.loads(tried.stdout)
    a, b = plain["investments"][0], changed["investments"][0]
    assert b["net_benefit"] == pytest.approx(a["net_benefit"] + 3 * (1700 - 700))
    again = json.loads(run("metrics", "roi", "--org", w.org_id, "--json").stdout)
    assert again == plain  # nothing was saved
    bad = run("metrics", "roi", "--org", w.org_id, "--set", "luck")
    assert bad.exit_code != 0
