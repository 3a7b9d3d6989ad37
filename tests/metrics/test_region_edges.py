"""The regional view's edges (issue 18, item 5): GET /api/v1/metrics/region as JSON and CSV,
the /market/region page, and `onramp metrics region --json/--csv`. Readers are those of the
market reports; the figures are checked in test_region_view.py, and here the edges must give
the same ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform import AccountKind, OrgKind
from onramp.store import make_engine, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from region_world import CASHIER, DEV, build  # noqa: E402

from support import run_cli

PASSWORD = "correct horse battery"
OHIO = {"area": "OH", "first": "2026-01", "last": "2026-06"}


def _client(app: object, email: str) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    return client


def test_api_and_page_for_market_readers_only(engine: Engine, tmp_path: Path) -> None:
    build(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    for email, kind in (
        ("bo@board.example", OrgKind.WORKFORCE_BOARD),
        ("cy@help.example", OrgKind.COMMUNITY_ORG),
    ):
        staff = p.accounts.principal(p.accounts.sign_up(email, PASSWORD, "S", AccountKind.STAFF))
        p.orgs.create(staff, f"Org {email}", kind)
    p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    board = _client(app, "bo@board.example")
    found = board.get("/api/v1/metrics/region", params=OHIO)
    assert found.status_code == 200
    data = found.json()
    assert data["area"] == "Ohio" and data["months"] == ["2026-01", "2026-06"]
    rows = [(r["occupation_code"], r["postings"], r["workers"], r["placements"])
            for r in data["rows"]]  # fmt: skip
    assert rows[:2] == [(DEV, 3, None, 11), (CASHIER, 1, None, None)]
    listed = board.get("/api/v1/metrics/region", params={**OHIO, "format": "csv"})
    assert listed.headers["content-type"].startswith("text/csv")
    assert listed.text.splitlines()[-1] == "total,All occupations,4,31,13,,,"
    assert board.get("/api/v1/metrics/region", params={"first": "June"}).status_code in (400, 422)
    for email in ("cy@help.example", "wanda@mail.example"):
        refused = _client(app, email).get("/api/v1/metrics/region")
        assert refused.status_code == 403, email
        assert _client(app, email).get("/market/region").status_code == 403
    assert TestClient(app).get("/api/v1/metrics/region").status_code == 401
    shown = board.get("/market/region", params=OHIO)
    assert shown.status_code == 200
    text = shown.text
    assert '<th scope="row">Software Developers <span class="meta">(15-1252.00)</span></th>' in text
    assert "<td>3</td><td>hidden</td><td>11</td><td>$25.00 an hour</td>" in text
    assert "<td>1</td><td>under 10</td><td>under 10</td>" in text
    assert "<td>4</td><td>31</td><td>13</td>" in text  # the totals row
    assert (
        'href="/api/v1/metrics/region?area=OH&amp;first=2026-01&amp;last=2026-06&amp;format=csv"'
        in text
    )
    for key in ("region-demand-chart", "region-supply-chart"):
        assert f'aria-labelledby="{key}-t {key}-d"' in text, key
    assert "Software Developers: 3" in text  # the demand chart's description
    assert "29-1141.00: 15" in text  # the only worker count shown
    hidden = board.get(
        "/market/region", params={"area": "OH", "first": "2025-01", "last": "2025-12"}
    )
    # Ohio in 2025: workers 13, 3 and 15 (profiles have no months) and one placement hidden
    assert "Every count of workers and hires here is hidden." not in hidden.text
    assert "<td>0</td><td>15</td>" in hidden.text
    empty = board.get("/market/region", params={"area": "CA"})
    assert "No job ads, workers or hires match this area and these months." in empty.text
    dashboard = board.get("/dashboard")
    assert 'href="/market/region"' in dashboard.text


def test_cli_prints_json_and_writes_csv(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    store = make_engine(f"sqlite:///{home / 'onramp.db'}")
    upgrade(store)
    build(store)
    store.dispose()
    args = ("metrics", "region", "--area", "OH", "--first", "2026-01", "--last", "2026-06")
    found = json.loads(run_cli(home, *args, "--json").stdout)
    assert found["total"]["workers"] == 31 and found["rows"][0]["placements"] == 11
    path = tmp_path / "region.csv"
    words = run_cli(home, *args, "--csv", str(path)).stdout
    assert path.read_text().splitlines()[-1] == "total,All occupations,4,31,13,,,"
    assert "Ohio, 2026-01 to 2026-06: 3 occupations." in words
    assert "         3   hidden     11  Software Developers (15-1252.00)" in words
    bad = run_cli(home, "metrics", "region", "--area", "Atlantis", check=False)
    assert bad.returncode != 0 and "Atlantis" in bad.stderr
