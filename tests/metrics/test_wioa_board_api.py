"""WIOA reporting over HTTP (issue 18, items 4 and 7): the REST routes under
/api/v1/metrics/wioa and the board's pages: loading the fixture as a CSV body and as a file
upload, the figures as JSON and CSV, the trace, refusals named line by line, and other
organizations kept out."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wioa_world import FIXTURE, HEADER, PASSWORD, World, build  # noqa: E402

DATA = FIXTURE.read_bytes()


def _app(engine: Engine, tmp_path: Path) -> tuple[TestClient, World]:
    secrets = tmp_path / "secrets"
    app = create_app(engine, secrets_dir=secrets, public_url="https://onramp.example")
    return TestClient(app), build(engine, secrets)


def _token(w: World, who: str, scopes: list[str]) -> dict[str, str]:
    user = w.platform.accounts.user_by_email(who)
    assert user is not None
    secret, _ = w.platform.accounts.create_token(user, "t", scopes)
    return {"authorization": f"Bearer {secret}"}


def _login(client: TestClient, email: str) -> str:
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return str(body["csrf_token"])


def test_load_and_read_over_the_api(engine: Engine, tmp_path: Path) -> None:
    client, w = _app(engine, tmp_path)
    analyst = _token(w, "al@board.example", ["read", "write"])
    url = f"/api/v1/metrics/wioa/{w.board_id}"
    loaded = client.post(
        f"{url}/participants?file_name=pirl.csv",
        content=DATA,
        headers={**analyst, "content-type": "text/csv"},
    )
    assert loaded.status_code == 200, loaded.text
    assert (loaded.json()["rows"], loaded.json()["added"]) == (54, 54)
    body = client.get(f"{url}?period=2026Q3", headers=analyst).json()
    q2 = body["indicators"][0]
    assert (q2["indicator"], q2["numerator"], q2["denominator"]) == ("employment_q2", 12, 19)
    assert body["indicators"][2]["median_earnings"] == "6900.00"
    as_csv = client.get(f"{url}?period=2026Q3&format=csv", headers=analyst)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert 'filename="wioa-2026Q3.csv"' in as_csv.headers["content-disposition"]
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(as_csv.text))}
    assert rows["credential"]["numerator"] == "10" and rows["credential"]["denominator"] == "14"
    trace = client.get(f"{url}/trace?period=2026Q3", headers=analyst)
    assert trace.text.startswith("record_id,indicator,counted,in_numerator,excluded_because")
    assert "M03,skill_gains,excluded,no,health" in trace.text
    history = client.get(f"{url}/imports", headers=analyst).json()
    assert history["participants"] == 54 and history["imports"][0]["file_name"] == "pirl.csv"
    bad_period = client.get(f"{url}?period=2026-09", headers=analyst)
    assert bad_period.status_code == 422 and "like 2026Q3" in bad_period.json()["error"]["message"]


def test_a_bad_file_is_refused_line_by_line(engine: Engine, tmp_path: Path) -> None:
    client, w = _app(engine, tmp_path)
    analyst = _token(w, "al@board.example", ["read", "write"])
    url = f"/api/v1/metrics/wioa/{w.board_id}"
    bad = f"{HEADER}\nA1,2025-01-06\nA2,2025-13-01\nA3,2025-01-06,2024-01-01\n".encode()
    refused = client.post(f"{url}/participants", content=bad, headers=analyst)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "import_file_error"
    assert [d["line"] for d in error["details"]] == [3, 4]
    assert "exit date is before the entry date" in error["details"][1]["reason"]
    assert client.get(f"{url}/imports", headers=analyst).json()["participants"] == 0


def test_other_organizations_are_kept_out(engine: Engine, tmp_path: Path) -> None:
    client, w = _app(engine, tmp_path)
    url = f"/api/v1/metrics/wioa/{w.board_id}"
    other = _token(w, "oz@other.example", ["read", "write"])
    assert client.get(url, headers=other).status_code == 404
    assert client.post(f"{url}/participants", content=DATA, headers=other).status_code == 404
    employer = _token(w, "hana@volt.example", ["read", "write"])
    mine = client.get(f"/api/v1/metrics/wioa/{w.employer_id}", headers=employer)
    assert mine.status_code == 403 and "workforce boards only" in mine.text
    reader = _token(w, "al@board.example", ["read"])
    refused = client.post(f"{url}/participants", content=DATA, headers=reader)
    assert refused.status_code == 403 and "can only read" in refused.text


def test_the_board_loads_a_file_and_downloads_the_report_on_its_pages(
    engine: Engine, tmp_path: Path
) -> None:
    client, w = _app(engine, tmp_path)
    csrf = _login(client, "al@board.example")
    page = f"/orgs/{w.board_id}/metrics/wioa"
    empty = client.get(page)
    assert empty.status_code == 200 and "Records on file: <strong>0</strong>" in empty.text
    assert "/metrics/wioa/layout" in empty.text and 'type="file"' in empty.text
    missing = client.post(
        f"{page}/participants", data={"csrf_token": csrf, "period": "2026Q3"}, files={}
    )
    assert missing.status_code == 422 and "Choose a file to load." in missing.text
    bad = f"{HEADER}\nA1,2025-01-06\nA1,2025-01-07\n".encode()
    refused = client.post(
        f"{page}/participants",
        data={"csrf_token": csrf, "period": "2026Q3"},
        files={"file": ("bad.csv", bad, "text/csv")},
    )
    assert refused.status_code == 422
    assert "Line 3: the record id A1 is already on line 2." in refused.text
    big = client.post(
        f"{page}/participants",
        data={"csrf_token": csrf, "period": "2026Q3"},
        files={"file": ("big.csv", b"x" * (5 * 1024 * 1024 + 1), "text/csv")},
    )
    assert big.status_code == 413 and "larger than 5 MB" in big.text
    loaded = client.post(
        f"{page}/participants",
        data={"csrf_token": csrf, "period": "2026Q3"},
        files={"file": ("pirl.csv", DATA, "text/csv")},
        follow_redirects=False,
    )
    assert loaded.status_code == 303
    shown = client.get(loaded.headers["location"])
    assert "Loaded pirl.csv: 54 records, 54 new and 0 replaced." in shown.text
    assert "Program year 2026, quarter 3 (January 1, 2027 to March 31, 2027)" in shown.text
    assert "63.2%" in shown.text and "$6,900.00" in shown.text and "<svg" in shown.text
    report = client.get(f"{page}/report.csv?period=2026Q3")
    assert 'filename="wioa-2026Q3.csv"' in report.headers["content-disposition"]
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(report.text))}
    assert rows["skill_gains"]["rate"] == "0.7500"
    trace = client.get(f"{page}/trace.csv?period=2026Q3")
    assert "A11,employment_q2,excluded,no,health" in trace.text
    layout = TestClient(client.app).get("/metrics/wioa/layout")  # anyone may read the layout
    assert layout.status_code == 200 and "msg_skills_date" in layout.text
    assert "1704" in layout.text
    other = TestClient(client.app)
    _login(other, "oz@other.example")
    assert other.get(page).status_code == 404
    assert other.get(f"{page}/report.csv?period=2026Q3").status_code == 404
    dashboard = client.get("/dashboard")
    assert f'href="/orgs/{w.board_id}/metrics/wioa"' in dashboard.text
