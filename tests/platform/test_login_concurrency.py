"""The log-in limit holds under a burst from several processes (issue 11, item 13), on SQLite
and PostgreSQL: of 40 wrong passwords for one email sent at once, exactly 5 are checked and the
other 35 are refused by the limit without the password being looked at."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from concurrency import race
from onramp.platform import Platform
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
