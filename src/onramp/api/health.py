"""`/health`, answered from memory on the event loop.

A health check that queues behind a busy thread pool, or behind a store that is waiting for a
write lock, says nothing in time: the load balancer gives up and restarts a server that was only
busy. So a `StoreProbe` checks the store once a second in its own thread, and `/health` reports
the latest result at once: 200 while the last good check is recent, 503 with the reason once the
store has not answered for `STALE_AFTER` seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from starlette.concurrency import run_in_threadpool

from onramp import __version__
from onramp.store import current_revision

EVERY = 1.0  # seconds between store checks
STALE_AFTER = 5.0  # seconds without a good check before /health says the store is down

router = APIRouter(tags=["platform"])


class StoreProbe:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.last_ok: float | None = None
        self.problem = ""
        self.schema: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> None:
        """One check, in the calling thread."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            if self.schema is None:
                self.schema = current_revision(self.engine)
            self.last_ok, self.problem = time.monotonic(), ""
        except Exception as error:  # noqa: BLE001 - any failure is the store being down
            self.problem = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="store-probe", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.check()
            self._stop.wait(EVERY)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def healthy(self) -> bool:
        return self.last_ok is not None and time.monotonic() - self.last_ok < STALE_AFTER


@router.get("/health", summary="Liveness and store check (answered at once, from memory)")
async def health(request: Request) -> Any:
    probe: StoreProbe = request.app.state.store_probe
    if not probe.healthy() and (not probe.running or probe.last_ok is None):
        await run_in_threadpool(probe.check)  # no answer from the probe yet: check now
    body: dict[str, Any] = {"version": __version__, "schema": probe.schema}
    if probe.healthy():
        return {"status": "ok", **body}
    return JSONResponse(
        {"status": "unavailable", "store": probe.problem or "no answer from the store", **body},
        status_code=503,
    )
