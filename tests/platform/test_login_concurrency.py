"""The log-in limit holds under a burst from several processes (issue 11, item 13), on SQLite
and PostgreSQL: of 40 wrong passwords for one email sent at once, exactly 5 are checked and the
other 35 are refused by the limit without the password being looked at. And a burst over many
emails checks passwords only a few at a time."""

from __future__ import annotations

import os
import threading
import time

import pytest
from sqlalchemy import Engine, func, select

from concurrency import race
from onramp.errors import AuthenticationError
from onramp.platform import Platform
from onramp.platform import accounts as accounts_module
from onramp.store import platform_tables as t

PASSWORD = "correct horse battery"


def test_forty_parallel_wrong_passwords_check_only_five(engine: Engine) -> None:
    platform = Platform(engine)
    platform.accounts.sign_up("ann@example.org", PASSWORD, "Ann")
    url = engine.url.render_as_string(hide_password=False)
    attempt = {"email": "Ann@Example.org", "password": "wrong password!", "client": "10.0.0.9"}
    outcomes = race("login", url, [attempt] * 4, threads=10)
    assert sorted(outcomes) == ["checked"] * 5 + ["limited"] * 35, outcomes
    with engine.connect() as conn:
        failures = conn.execute(
            select(func.count())
            .select_from(t.login_attempts)
            .where(t.login_attempts.c.key == "email:ann@example.org")
        ).scalar()
    assert failures == 5  # refused tries are not counted again


def test_password_checks_run_a_few_at_a_time(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Log-ins for many emails at once (each under its own limit) check passwords a few at a
    time, so a burst cannot take every core from the rest of the server."""
    platform = Platform(engine)
    emails = [f"user{n}@example.org" for n in range(8)]
    for email in emails:
        platform.accounts.sign_up(email, PASSWORD, "User")
    running, peak = 0, 0
    guard = threading.Lock()
    check = accounts_module.verify_password

    def counted(stored: str | None, password: str) -> bool:
        nonlocal running, peak
        with guard:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.05)  # long enough for the others to pile up behind
            return check(stored, password)
        finally:
            with guard:
                running -= 1

    monkeypatch.setattr(accounts_module, "verify_password", counted)
    refused: list[str] = []

    def wrong(email: str) -> None:
        try:
            platform.accounts.authenticate(email, "wrong password!")
        except AuthenticationError:
            refused.append(email)

    workers = [threading.Thread(target=wrong, args=(email,)) for email in emails]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(refused) == sorted(emails)
    assert peak <= max(1, (os.cpu_count() or 2) - 1)
