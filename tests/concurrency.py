"""Real concurrent processes for the race tests (issue 11, items 12 and 13).

`race` starts several spawned processes on one store. Each builds its own engine and use
cases, then runs a few threads that all wait for one signal, so every call starts at the same
moment across processes. Each call reports one outcome word; a crash reports `error: ...`.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

READY_TIMEOUT = 120  # spawning and importing on a busy 2-core machine
CALL_TIMEOUT = 240


def race(job: str, url: str, payloads: list[dict[str, Any]], threads: int = 1) -> list[str]:
    """Run `job` once per thread in one process per payload; the outcome of every call."""
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    out = ctx.Queue()
    processes = [
        ctx.Process(target=_process, args=(job, url, payload, threads, go, out), daemon=True)
        for payload in payloads
    ]
    for process in processes:
        process.start()
    outcomes: list[str] = []
    try:
        ready = 0
        while ready < len(processes):
            message = out.get(timeout=READY_TIMEOUT)
            if message == "ready":
                ready += 1
            else:  # a process failed while setting up
                raise AssertionError(message)
        go.set()
        for _ in range(len(processes) * threads):
            outcomes.append(out.get(timeout=CALL_TIMEOUT))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    return outcomes


def _process(job: str, url: str, payload: dict[str, Any], threads: int, go: Any, out: Any) -> None:
    from onramp.store import make_engine

    engine = make_engine(url)
    try:
        call = JOBS[job](engine, payload)
    except Exception as error:  # noqa: BLE001 - reported to the parent
        out.put(f"setup failed: {error!r}")
        return
    out.put("ready")

    def one() -> None:
        go.wait()
        try:
            out.put(call())
        except Exception as error:  # noqa: BLE001 - every surprise is an outcome to assert on
            out.put(f"error: {type(error).__name__}: {error}")

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    engine.dispose()


def _service(engine: Any, payload: dict[str, Any]) -> Any:
    from onramp.credentials.service import CredentialService
    from onramp.platform import Platform

    platform = Platform(engine)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=Path(payload["secrets_dir"]),
        public_url=payload["public_url"],
    )
    return platform, service


def _claim(engine: Any, payload: dict[str, Any]) -> Callable[[], str]:
    """The worker claims the credential with the mailed token: `claimed` or `refused`."""
    from onramp.errors import NotFoundError

    platform, service = _service(engine, payload)
    worker = platform.accounts.principal(platform.accounts.user_by_email(payload["email"]))

    def call() -> str:
        try:
            service.wallet.claim(worker, payload["token"])
        except NotFoundError:
            return "refused"
        return "claimed"

    return call


def _login(engine: Any, payload: dict[str, Any]) -> Callable[[], str]:
    """A log-in with a wrong password: `checked` (the password was compared and refused) or
    `limited` (refused by the rate limit without looking at the password)."""
    from onramp.errors import AuthenticationError, RateLimitedError
    from onramp.platform import Platform

    accounts = Platform(engine).accounts

    def call() -> str:
        try:
            accounts.authenticate(payload["email"], payload["password"], payload.get("client", ""))
        except AuthenticationError:
            return "checked"
        except RateLimitedError:
            return "limited"
        return "logged in"

    return call


def _issue(engine: Any, payload: dict[str, Any]) -> Callable[[], str]:
    """One batch issue: `issued N`."""
    from onramp.credentials.issuing import Recipient

    platform, service = _service(engine, payload)
    admin = platform.accounts.principal(platform.accounts.user_by_email(payload["admin"]))
    recipients = [Recipient(email=e) for e in payload["emails"]]

    def call() -> str:
        issued = service.issue(admin, payload["org_id"], payload["achievement_id"], recipients)
        return f"issued {len(issued)}"

    return call


def _revoke(engine: Any, payload: dict[str, Any]) -> Callable[[], str]:
    """Revoke the next credential of the payload's list (one per call): `revoked`."""
    platform, service = _service(engine, payload)
    admin = platform.accounts.principal(platform.accounts.user_by_email(payload["admin"]))
    pending = list(payload["ids"])
    lock = threading.Lock()

    def call() -> str:
        with lock:
            credential_id = pending.pop()
        found = service.issuing.change_state(admin, payload["org_id"], credential_id, "revoke")
        return found.state

    return call


JOBS: dict[str, Callable[[Any, dict[str, Any]], Callable[[], str]]] = {
    "claim": _claim,
    "login": _login,
    "issue": _issue,
    "revoke": _revoke,
}
