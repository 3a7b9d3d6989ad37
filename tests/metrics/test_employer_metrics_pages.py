"""The employer's metrics pages (issue 18, items 1-2): the dashboard shows each figure with how
it was reached and a chart with its table; the record forms save, or come back with the error
beside the form and what was typed still in it; the ROI page saves assumptions and the result
moves."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from employer_world import PASSWORD, World, build  # noqa: E402


@pytest.fixture
def w(engine: Engine, tmp_path: Path) -> World:
    return build(engine, tmp_path)


def logged_in(w: World, email: str) -> tuple[TestClient, str]:
    client = TestClient(w.app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


def test_the_dashboard_says_how_each_figure_was_reached(w: World) -> None:
    client, _ = logged_in(w, "hana@bakery.example")
    html = client.get(f"/orgs/{w.org_id}/metrics").text
    assert "Applications with an offer / applications: 3 / 7 = 42.9%." in html
    assert "<svg" in html and "Bar chart: your hiring shares" in html
    assert "Baker (51-3011.00): switched on 2025-06-01" in html
    assert "-10.00" in html  # 20 days to fill after, 30 before
    home = client.get("/dashboard").text
    assert f'href="/orgs/{w.org_id}/metrics"' in home
    rival, _ = logged_in(w, "rae@rival.example")
    assert rival.get(f"/orgs/{w.org_id}/metrics").status_code == 404


def test_a_refused_form_keeps_what_was_typed(w: World) -> None:
    client, csrf = logged_in(w, "hana@bakery.example")
    url = f"/orgs/{w.org_id}/metrics/records"
    sent = {
        "csrf_token": csrf,
        "application_id": w.applications[("J3", "w2")],
        "decision": "hired",
        "starting_hourly": "17.25",
    }
    refused = client.post(f"{url}/outcome", data=sent)
    assert refused.status_code == 422
    assert re.search(r'role="alert" id="outcome-error">Give the first day of work', refused.text)
    assert 'value="17.25"' in refused.text
    sent["hired_on"] = "2025-03-20"
    done = client.post(f"{url}/outcome", data=sent, follow_redirects=False)
    assert done.status_code == 303
    page = client.get(done.headers["location"]).text
    assert "The offer or hire is saved." in page
    assert "W2, Cashier, started 2025-03-20" in page  # the new hire, ready for a check
    html = client.get(f"/orgs/{w.org_id}/metrics").text
    assert "Applications with an offer / applications: 4 / 7" in html


def test_a_recruiter_records_hires_but_sees_no_check_form(w: World) -> None:
    client, csrf = logged_in(w, "rex@bakery.example")
    page = client.get(f"/orgs/{w.org_id}/metrics/records").text
    assert "An offer or a hire" in page and "Do they still work here?" not in page
    refused = client.post(
        f"/orgs/{w.org_id}/metrics/records/cost",
        data={
            "csrf_token": csrf,
            "job_id": w.jobs["J1"],
            "kind": "agency",
            "amount": "5",
            "spent_on": "2025-01-02",
        },
    )
    assert refused.status_code == 403


def test_roi_assumptions_move_the_result(w: World) -> None:
    client, csrf = logged_in(w, "hana@bakery.example")
    url = f"/orgs/{w.org_id}/metrics/roi"
    added = client.post(
        f"{url}/investments",
        data={
            "csrf_token": csrf,
            "name": "Bakers roadmap",
            "kind": "roadmap",
            "participants": "10",
            "completers": "8",
            "retained_12_months": "7",
            "internal_fills": "3",
            "training_cost": "5000",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    before = client.get(url).text
    assert "Bakers roadmap" in before and "What moves the result most" in before
    saved = client.post(
        f"{url}/assumptions",
        data={"csrf_token": csrf, "horizon_years": "1", "discount_rate": "0"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    after = client.get(url).text
    assert 'value="1"' in after  # the saved assumption is in its box
    net = re.compile(r"Net benefit: <strong>([^<]+)</strong>")
    assert net.search(before) and net.search(after)
    assert net.search(before).group(1) != net.search(after).group(1)  # type: ignore[union-attr]
    bad = client.post(f"{url}/assumptions", data={"csrf_token": csrf, "baseline_turnover": "7"})
    assert bad.status_code == 422 and 'value="7"' in bad.text and 'role="alert"' in bad.text
