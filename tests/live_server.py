"""A real Onramp server in its own process (`onramp serve` under uvicorn, on a free loopback
port), and a probe that keeps asking it for `/health` while a test attacks it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from pgcluster import free_port

START_TIMEOUT = 90  # importing everything on a busy 2-core machine


def environment(home: Path, database_url: str) -> dict[str, str]:
    """What `onramp` needs to run on this store, with nothing from the outside world."""
    return {
        **os.environ,
        "ONRAMP_HOME": str(home),
        "ONRAMP_CONFIG": str(home / "none.toml"),
        "ONRAMP_DATABASE_URL": database_url,
    }


@contextmanager
def live_server(home: Path, database_url: str) -> Iterator[str]:
    """`onramp serve --no-demo` on the store; yields its base URL. Its output goes to
    `home/server.log`."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "onramp", "serve", "--no-demo"]
        + ["--host", "127.0.0.1", "--port", str(port)],
        env=environment(home, database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise AssertionError((home / "server.log").read_text())
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the server did not start in time")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class HealthProbe:
    """Asks `/health` every 0.1 s on its own thread and keeps how long each answer took."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.timings: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    status = client.get("/health").status_code
                except httpx.HTTPError as error:
                    self.failures.append(repr(error))
                else:
                    self.timings.append(time.perf_counter() - started)
                    if status != 200:
                        self.failures.append(f"status {status}")
                self._stop.wait(0.1)

    @property
    def slowest(self) -> float:
        return max(self.timings, default=0.0)
