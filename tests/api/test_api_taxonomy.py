"""The REST API and web pages over a small real release, on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.taxonomy import import_esf, import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> TestClient:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet"))
    import_esf(engine)
    return TestClient(create_app(engine))


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["schema"]


def test_search_and_profile(client: TestClient) -> None:
    found = client.get("/api/v1/occupations", params={"q": "registerd nurse"}).json()
    assert found["results"][0]["key"] == "29-1141.00"
    profile = client.get("/api/v1/occupations/29-1141.00").json()
    assert profile["job_zone"] == 4 and profile["skills"] and profile["tasks"]
    skills = client.get("/api/v1/skills", params={"q": "speaking", "framework": "onet"}).json()
    assert skills["results"][0]["key"] == "2.A.1.d"
    one = client.get("/api/v1/skills/2.A.1.d").json()
    assert one["skill"]["preferred_label"] == "Speaking"
    assert client.get("/api/v1/frameworks").json()[0]["key"] in {"onet", "onramp-esf"}


def test_errors_share_one_format(client: TestClient) -> None:
    missing = client.get("/api/v1/occupations/00-0000.00")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    invalid = client.get("/api/v1/skills", params={"q": ""})
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0]["field"] == "query.q"
    nowhere = client.get("/api/v1/nothing")
    assert nowhere.status_code == 404 and nowhere.json()["error"]["code"] == "not_found"


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/skills",
        "/api/v1/occupations",
        "/api/v1/occupations/{code}",
        "/api/v1/frameworks",
        "/api/v1/taxonomy/stats",
        "/health",
    ):
        assert path in paths


def test_pages_render(client: TestClient) -> None:
    html = {"accept": "text/html"}
    page = client.get("/occupations/29-1141.00", headers=html)
    assert page.status_code == 200 and "Registered Nurses" in page.text
    assert "Job zone 4 of 5" in page.text and "<table>" in page.text
    assert 'lang="en"' in page.text and 'href="#main"' in page.text
    results = client.get("/occupations", params={"q": "cashier"}, headers=html)
    assert "/occupations/41-2011.00" in results.text
    esf = client.get("/essential-skills", headers=html)
    assert esf.status_code == 200 and "Level 4" in esf.text
    missing = client.get("/occupations/00-0000.00", headers=html)
    assert missing.status_code == 404 and "We could not find" in missing.text
    assert client.get("/static/onramp.css").status_code == 200


def test_api_docs_use_packaged_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "/static/swagger/swagger-ui-bundle.js" in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_essential_skills_api(client: TestClient) -> None:
    body = client.get("/api/v1/essential-skills").json()
    skills = [s for g in body["groups"] for s in g["skills"]]
    assert 20 <= len(skills) <= 30
    assert all(len(s["levels"]) == 4 and s["esco"] and s["onet"] for s in skills)
    assert client.get("/api/v1/essential-skills", params={"version": "0.0.1"}).status_code == 404
