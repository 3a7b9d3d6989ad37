"""GET /api/v1/market/demand and /gaps: aggregates for the staff of employers, training
providers and workforce boards; workers and community organizations are refused; CSV on
request. The figures themselves are checked in test_posting_demand.py."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform import AccountKind, OrgKind

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demand_world import DEV, fill_postings  # noqa: E402

PASSWORD = "correct horse battery"


def _client(app: object, email: str) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    return client


def test_market_reports_are_for_planning_staff_only(engine: Engine, tmp_path: Path) -> None:
    fill_postings(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p = app.state.platform
    for email, kind in (
        ("ada@college.example", OrgKind.TRAINING_PROVIDER),
        ("cy@help.example", OrgKind.COMMUNITY_ORG),
    ):
        staff = p.accounts.principal(p.accounts.sign_up(email, PASSWORD, "S", AccountKind.STAFF))
        p.orgs.create(staff, f"Org {email}", kind)
    p.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    college = _client(app, "ada@college.example")
    found = college.get("/api/v1/market/demand", params={"by": "occupation"})
    assert found.status_code == 200
    assert [(r["key"], r["postings"]) for r in found.json()["rows"]][0] == (DEV, 4)
    listed = college.get("/api/v1/market/demand", params={"by": "skill", "format": "csv"})
    assert listed.headers["content-type"].startswith("text/csv")
    assert listed.text.splitlines()[1].startswith("urn:test:skill:python,python,4,")
    gaps = college.get("/api/v1/market/gaps", params={"area": "CA"})
    assert gaps.status_code == 200 and gaps.json()["postings"] == 4
    spring = college.get("/api/v1/market/gaps", params={"area": "CA", "from": "2026-03"})
    assert spring.json()["postings"] == 1 and spring.json()["months"] == ["2026-03", "2026-04"]
    april = college.get("/api/v1/market/gaps", params={"to": "April"})
    assert april.status_code in (400, 422) and "YYYY-MM" in april.text
    bad = college.get("/api/v1/market/demand", params={"from": "2026-13"})
    assert bad.status_code in (400, 422) and "YYYY-MM" in bad.text
    for email in ("cy@help.example", "wanda@mail.example"):
        refused = _client(app, email).get("/api/v1/market/gaps")
        assert refused.status_code == 403, email
        assert "workforce boards" in refused.text
    assert TestClient(app).get("/api/v1/market/demand").status_code == 401
    shown = college.get("/market/demand", params={"by": "occupation", "area": "CA"})
    assert shown.status_code == 200
    assert '<th scope="row">Software Developers</th><td>3</td><td>75.0%</td>' in shown.text
    assert 'href="/api/v1/market/demand?by=occupation&amp;area=CA&amp;format=csv' in shown.text
    assert "fewer than 5" in shown.text
    # charts beside the tables: the grouping, postings each month, and the gaps
    for key in ("demand-chart", "trend-chart", "gap-chart"):
        assert f'role="img" aria-labelledby="{key}-t {key}-d"' in shown.text, key
    assert "Software Developers: 3 (75.0%)" in shown.text
    assert "<th scope=\"col\">Median pay a year</th>" in shown.text  # by occupation only
    assert "<td>not known</td><td>not known</td>" in shown.text  # no wages imported here
    skills = college.get("/market/demand")
    assert '<th scope="row">python and sql</th><td>3</td><td>1.75</td>' in skills.text
    assert "No technology is asked for that often yet." in skills.text
    spring = college.get("/market/demand", params={"area": "CA", "from": "2026-03", "top": "2"})
    assert "It counts ads from 2026-03 to 2026-04" in spring.text
    assert 'href="/api/v1/market/gaps?area=CA&amp;from=2026-03&amp;format=csv"' in spring.text
    assert spring.text.count('<th scope="row">') == 2 + 2 + 2  # demand, months, gaps
    assert college.get("/market/demand", params={"top": "many"}).status_code in (400, 422)
    assert _client(app, "cy@help.example").get("/market/demand").status_code == 403
