"""Limits at the HTTP edge (issue 11, items 10 and 18): a document past a limit gets a plain
413 in the project's JSON error shape (or a page for people), a PDF stream bomb a 4xx, a busy
pool a 503 with Retry-After, and a body over the server-wide limit is refused whole."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from onramp.api.app import create_app
from onramp.errors import BusyError
from onramp.nlp.limits import MAX_TEXT_CHARS
from onramp.store import make_engine, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
import hostile_documents as hostile  # noqa: E402
from small_store import POSTING, fill  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("api-limits")
    engine = make_engine(f"sqlite:///{folder / 'limits.db'}")
    upgrade(engine)
    fill(engine)
    with TestClient(create_app(engine, secrets_dir=folder / "secrets")) as client:
        yield client  # the context runs the app's lifespan: its workers stop at the end
    engine.dispose()


def test_extraction_works_in_a_worker(client: TestClient) -> None:
    done = client.post("/api/v1/skills/extract", json={"text": POSTING})
    assert done.status_code == 200, done.text
    assert "customer service" in {skill["label"] for skill in done.json()["skills"]}


def test_too_much_text_is_a_plain_413(client: TestClient) -> None:
    pasted = client.post("/api/v1/skills/extract", json={"text": "a" * (MAX_TEXT_CHARS + 1)})
    assert pasted.status_code == 413
    assert pasted.json()["error"]["code"] == "too_large"
    assert "more than 200,000 characters" in pasted.json()["error"]["message"]
    docx = client.post(
        "/api/v1/skills/extract-file",
        files={"file": ("cv.docx", hostile.docx(b"<w:p/>" * 20_001))},
    )
    assert docx.status_code == 413 and "too many paragraphs" in docx.text


def test_a_pdf_stream_bomb_is_a_4xx(client: TestClient) -> None:
    bomb = client.post(
        "/api/v1/skills/extract-file", files={"file": ("bomb.pdf", hostile.stream_bomb_pdf())}
    )
    assert bomb.status_code == 413, bomb.text
    assert bomb.json()["error"]["code"] == "too_large"


def test_the_page_says_plainly_what_is_too_big(client: TestClient) -> None:
    page = client.post(
        "/extract",
        data={"kind": "posting", "pasted": "a" * (MAX_TEXT_CHARS + 1)},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 413
    assert "more than 200,000 characters" in page.text and "<form" in page.text


def test_a_busy_pool_answers_503_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args: object) -> None:
        raise BusyError("The skill finder is busy right now.", retry_after=5)

    monkeypatch.setattr(client.app.state.extraction, "run", busy)  # type: ignore[attr-defined]
    api = client.post("/api/v1/skills/extract", json={"text": POSTING})
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert api.json()["error"]["code"] == "busy"
    page = client.post("/extract", data={"pasted": POSTING}, headers={"Accept": "text/html"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "busy right now" in page.text


def test_a_body_over_the_server_limit_is_refused(client: TestClient) -> None:
    big = b"x" * (7 * 1024 * 1024)
    api = client.post("/api/v1/skills/extract-file", files={"file": ("big.txt", big)})
    assert api.status_code == 413
    assert api.json() == {
        "error": {"code": "too_large", "message": "What you sent is too big: the limit is 6 MB."}
    }
    html = {"Accept": "text/html"}
    page = client.post("/extract", files={"file": ("big.txt", big)}, headers=html)
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "What you sent is too big" in page.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        for _ in range(8):
            yield b"y" * (1024 * 1024)

    streamed = client.post(
        "/api/v1/skills/extract", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "too_large"
    assert client.get("/health").status_code == 200


def test_a_credential_past_its_limit_is_a_plain_413(client: TestClient) -> None:
    from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES

    big = client.post(
        "/api/v1/credentials/verify", json={"credential": "x" * (MAX_CREDENTIAL_BYTES + 1)}
    )
    assert big.status_code == 413, big.text
    assert big.json()["error"]["code"] == "too_large"
    assert "too big to be a credential" in big.json()["error"]["message"]
