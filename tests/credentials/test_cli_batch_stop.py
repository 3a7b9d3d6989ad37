"""Stopping `onramp credentials issue` part way (issue 11, item 12): the batch has stored some
chunks, hidden, when the operator stops it with `kill`; it removes them and issues nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from live_server import environment
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import credential_tables as c
from onramp.store import make_engine, platform_tables, upgrade

PASSWORD = "correct horse battery"


def test_a_batch_stopped_with_kill_issues_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    url = f"sqlite:///{tmp_path / 'onramp.db'}"
    engine = make_engine(url)
    upgrade(engine)
    platform = Platform(engine)
    user = platform.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    org = platform.orgs.create(platform.accounts.principal(user), "River College", OrgKind.EMPLOYER)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=home / "secrets",
        public_url="https://onramp.test",
    )
    achievement = service.issuing.define(
        platform.accounts.principal(user), org.id, name="Forklift", criteria="A practical test."
    )
    people = tmp_path / "people.csv"
    people.write_text("email\n" + "".join(f"p{n}@mail.example\n" for n in range(3000)))
    cli = subprocess.Popen(
        [sys.executable, "-m", "onramp", "credentials", "issue", "--json"]
        + ["--org", org.slug, "--as", "ada@college.example", "--achievement", achievement.id]
        + ["--csv", str(people)],
        env=environment(home, url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def stored() -> int:
        with engine.connect() as conn:
            query = select(func.count()).select_from(c.issued_credentials)
            return int(conn.execute(query).scalar())

    deadline = time.monotonic() + 180
    while stored() == 0 and cli.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cli.poll() is None, "the batch ended before any chunk was seen"
    cli.send_signal(signal.SIGTERM)
    _out, err = cli.communicate(timeout=120)
    assert cli.returncode == 130, err
    assert "aborted" in err
    assert stored() == 0
    with engine.connect() as conn:
        assert set(conn.execute(select(c.status_lists.c.used)).scalars()) <= {0}
        mails = conn.execute(select(func.count()).select_from(platform_tables.outbox)).scalar()
    assert mails == 0
    engine.dispose()
