"""Helpers for page tests: a live server in a thread, and axe-core checks."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.store import make_engine, upgrade

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(engine: Engine, secrets_dir: Path | None = None, **options: Any) -> Iterator[str]:
    """Run the app in a thread on a free loopback port; yields its base URL, which is also
    the app's public address (issuers' did:web DIDs and status lists live under it).
    `options` go to `create_app` (e.g. a `mail_transport`)."""
    port = _free_port()
    app = create_app(
        engine,
        secrets_dir=secrets_dir or Path(tempfile.mkdtemp(prefix="onramp-secrets-")),
        public_url=f"http://127.0.0.1:{port}",
        **options,
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sqlite_engine(folder: Path) -> Engine:
    engine = make_engine(f"sqlite:///{folder / 'browser.db'}")
    upgrade(engine)
    return engine


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations on the current page (once it has loaded:
    a click that navigates may return before the new document has a head)."""
    page.wait_for_load_state("load")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def shows(page: Any, text: str, seconds: float = 10.0) -> bool:
    """Whether the page's HTML holds `text`, waiting for it: a click that navigates can return
    while the next document is still empty, so one read of `page.content()` is a race."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if text in page.content():
                return True
        except PlaywrightError:  # the document was replaced while we read it; read again
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def settled_html(page: Any) -> str:
    """The page's HTML once it has loaded, for checks that something is *not* shown."""
    page.wait_for_load_state("load")
    return str(page.content())
