"""Skill intelligence over HTTP, on a real ESCO subset with stored skill vectors: link, extract
(text and file), code titles, and search by meaning."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from onramp.api.app import create_app
from onramp.nlp import embedding
from onramp.nlp.vectors import current_framework, embed_release, skill_texts
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esco

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
import esco_subset  # noqa: E402

JAVASCRIPT = "http://data.europa.eu/esco/skill/3cd569a2-4f88-4c1e-9995-8dce8c5e51a7"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("api-nlp")
    esco = shared("esco")
    [classification] = esco.glob("v1.1.1_classification_*_en_-_csv.zip")
    [relations] = esco.glob("v1.1.1_relations_*.zip")
    zips = esco_subset.build(classification, relations, folder, size=120)
    engine = make_engine(f"sqlite:///{folder / 'nlp.db'}")
    upgrade(engine)
    import_esco(engine, zips)
    framework = current_framework(engine, "esco")
    embed_release(
        engine,
        framework,
        encode=embedding.encode,
        model=embedding.MODEL_ID,
        texts=skill_texts(engine, framework.id, descriptions=False),
    )
    yield TestClient(create_app(engine, secrets_dir=folder / "secrets"))
    engine.dispose()


def test_link_and_search_skills_by_meaning(client: TestClient) -> None:
    linked = client.post(
        "/api/v1/skills/link", json={"texts": ["Strong experience in JavaScript"], "top": 3}
    )
    assert linked.status_code == 200, linked.text
    best = linked.json()[0]["skills"][0]
    assert best["uri"] == JAVASCRIPT and best["label"] == "JavaScript"
    scores = [s["score"] for s in linked.json()[0]["skills"]]
    assert scores == sorted(scores, reverse=True)
    found = client.get("/api/v1/skills-by-meaning", params={"q": "writing web page scripts"})
    assert found.status_code == 200 and JAVASCRIPT in [s["uri"] for s in found.json()]
    missing = client.post("/api/v1/skills/link", json={"texts": ["x"], "framework": "onet"})
    assert missing.status_code in (404, 503), missing.text


def test_extract_text_and_file(client: TestClient) -> None:
    text = (
        "Requirements\n"
        "- 3+ years of experience with JavaScript\n"
        "- A bachelor's degree in computer science\n"
        "Nice to have\n"
        "- SQL\n"
    )
    done = client.post("/api/v1/skills/extract", json={"text": text, "kind": "posting"})
    assert done.status_code == 200, done.text
    body = done.json()
    by_uri = {s["uri"]: s for s in body["skills"]}
    assert JAVASCRIPT in by_uri
    for evidence in by_uri[JAVASCRIPT]["evidence"]:
        start, end = evidence["span"]
        assert body["text"][start:end] == evidence["text"]
    assert "JavaScript" in [e["text"] for e in by_uri[JAVASCRIPT]["evidence"]]  # exact match
    assert by_uri[JAVASCRIPT]["section"] == "requirement"
    kinds = {flag["kind"] for flag in body["requirements"]}
    assert {"degree", "experience_years"} <= kinds
    html = b"<html><body><h2>Requirements</h2><ul><li>JavaScript</li></ul></body></html>"
    uploaded = client.post(
        "/api/v1/skills/extract-file",
        files={"file": ("post.html", html, "text/html")},
        data={"kind": "posting"},
    )
    assert uploaded.status_code == 200, uploaded.text
    assert JAVASCRIPT in {s["uri"] for s in uploaded.json()["skills"]}
    bad = client.post("/api/v1/skills/extract", json={"text": "x", "kind": "poem"})
    assert bad.status_code == 422


def test_code_titles_and_search_occupations(client: TestClient) -> None:
    # no warm-up ran, so requests use the lexical coder: encoding every title never happens
    # inside a request (the dense coder is covered by the nlp tests)
    coded = client.post(
        "/api/v1/occupations/code", json={"titles": [{"title": "software developer"}], "top": 5}
    )
    assert coded.status_code == 200, coded.text
    answers = coded.json()[0]["occupations"]
    assert answers and all(
        a["code"].startswith("http://data.europa.eu/esco/occupation/") for a in answers
    )
    assert [a["score"] for a in answers] == sorted((a["score"] for a in answers), reverse=True)
    found = client.get("/api/v1/occupations-by-meaning", params={"q": "software developer"})
    assert found.status_code == 200 and found.json()[0]["code"] == answers[0]["code"]


def test_search_pages_list_results_close_in_meaning(client: TestClient) -> None:
    page = client.get("/skills", params={"q": "writing web page scripts"})
    assert page.status_code == 200
    meaning = page.text.split('id="meaning-heading"', 1)[1]
    assert "JavaScript</a>" in meaning and '<span class="meta">ESCO</span>' in meaning
    assert "Closest first." in meaning  # an order, not scores a reader would have to decode
    jobs = client.get("/occupations", params={"q": "software developer"}).text
    assert '<span class="meta">ESCO</span>' in jobs.split('id="meaning-heading"', 1)[1]


def test_search_page_says_plainly_when_meaning_search_is_not_set_up(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    with TestClient(create_app(engine, secrets_dir=tmp_path / "secrets")) as empty:
        page = empty.get("/skills", params={"q": "welding"}).text
    assert "Search by meaning is not set up on this site yet." in page
    assert "no current release of the framework &#39;esco&#39;" in page
    engine.dispose()
