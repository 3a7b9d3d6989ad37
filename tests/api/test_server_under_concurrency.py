"""A real server under concurrent writes (issue 11, items 12 and 13), on SQLite and PostgreSQL.

Each test starts `onramp serve` in its own process on a free loopback port, attacks it from
many threads (and, for the CLI batch, from a second process), and keeps asking `/health` all
the while: it must answer within 1 s throughout.
"""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select

from live_server import HealthProbe, environment, live_server
from onramp.credentials.issuing import Recipient
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import credential_tables as c

from support import Letters

PASSWORD = "correct horse battery"
ADMIN = "ada@college.example"
CLI_BATCH = 4000  # a CLI batch several chunks long that still keeps the test short
MANY = httpx.Limits(max_connections=50)  # one client, one connection per parallel request


@dataclass
class Setup:
    engine: Engine
    home: Path
    service: CredentialService
    platform: Platform
    letters: Letters
    org_id: str
    slug: str
    achievement_id: str
    admin_token: str

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def issue_path(self) -> str:
        return f"/api/v1/orgs/{self.org_id}/achievements/{self.achievement_id}/issue"

    def bearer(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.admin_token}"}

    def count(self, pattern: str = "%") -> int:
        issued = c.issued_credentials
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(issued)
                    .where(issued.c.recipient_email.like(pattern))
                ).scalar()
            )


def _setup(engine: Engine, tmp_path: Path) -> Setup:
    """An organization with an Achievement and an admin's API token, written before the server
    starts; the server and the CLI share its secrets folder."""
    home = tmp_path / "home"
    platform = Platform(engine)
    letters = Letters()
    service = CredentialService(
        engine,
        letters,
        platform.consents,
        secrets_dir=home / "secrets",
        public_url="http://127.0.0.1:8000",
    )
    user = platform.accounts.sign_up(ADMIN, PASSWORD, "Ada", AccountKind.STAFF)
    org = platform.orgs.create(platform.accounts.principal(user), "River College", OrgKind.EMPLOYER)
    admin = platform.accounts.principal(user)
    achievement = service.issuing.define(
        admin, org.id, name="Forklift Safety", criteria="Passed a practical test."
    )
    # the organization has issued before, so its status lists exist and batches share them
    service.issue(admin, org.id, achievement.id, [Recipient(did="did:example:first")])
    token, _ = platform.accounts.create_token(user, "tests", ["read", "write"])
    return Setup(engine, home, service, platform, letters, org.id, org.slug, achievement.id, token)


def _assert_healthy(probe: HealthProbe) -> None:
    print(f"/health answered {len(probe.timings)} times, slowest {probe.slowest:.2f} s")
    assert probe.timings, "the health probe never got an answer"
    assert not probe.failures, probe.failures
    assert probe.slowest < 1.0, f"/health took {probe.slowest:.2f} s"


def test_two_batch_issues_at_once_in_one_org_both_succeed(engine: Engine, tmp_path: Path) -> None:
    setup = _setup(engine, tmp_path)
    with (
        live_server(setup.home, setup.url) as base,
        HealthProbe(base) as probe,
        httpx.Client(base_url=base, timeout=180, limits=MANY) as client,
    ):

        def batch(side: str) -> tuple[int, str]:
            people = [{"email": f"{side}{n}@mail.example"} for n in range(1000)]
            answer = client.post(
                setup.issue_path, json={"recipients": people}, headers=setup.bearer()
            )
            return answer.status_code, answer.text[:300]

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(batch, "ab"))
    assert [status for status, _ in answers] == [201, 201], answers
    issued = c.issued_credentials
    with engine.connect() as conn:
        revocations = conn.execute(select(issued.c.revocation_list_id, issued.c.revocation_index))
        suspensions = conn.execute(select(issued.c.suspension_list_id, issued.c.suspension_index))
        assert len(set(revocations)) == len(set(suspensions)) == 2001
    _assert_healthy(probe)
    log = (setup.home / "server.log").read_text()
    assert "Traceback" not in log  # no error, so no error output to leak recipients into


def test_a_cli_batch_leaves_room_for_logins_and_writes(engine: Engine, tmp_path: Path) -> None:
    """While `onramp credentials issue --csv` stores thousands of credentials, the server
    keeps logging people in and issuing single credentials, and its writes go in between the
    batch's chunks instead of waiting for the whole batch."""
    setup = _setup(engine, tmp_path)
    people = setup.home / "people.csv"
    people.write_text(
        "email\n" + "".join(f"cli{n}@mail.example\n" for n in range(CLI_BATCH)), encoding="utf-8"
    )
    unexpected: list[str] = []
    login_seconds: list[float] = []
    in_between = 0
    output = (setup.home / "cli.out").open("w+")
    with live_server(setup.home, setup.url) as base, HealthProbe(base) as probe:
        cli = subprocess.Popen(
            [sys.executable, "-m", "onramp", "credentials", "issue", "--json"]
            + ["--org", setup.slug, "--as", ADMIN, "--achievement", setup.achievement_id]
            + ["--csv", str(people)],
            env=environment(setup.home, setup.url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        with httpx.Client(base_url=base, timeout=60) as client:
            n = 0
            while cli.poll() is None:
                stored_before = setup.count("cli%")
                started = time.perf_counter()
                login = client.post(
                    "/api/v1/auth/login", json={"email": ADMIN, "password": PASSWORD}
                )
                login_seconds.append(time.perf_counter() - started)
                single = client.post(
                    setup.issue_path,
                    json={"recipients": [{"email": f"single{n}@mail.example"}]},
                    headers=setup.bearer(),
                )
                for answer in (login, single):
                    if answer.status_code not in (200, 201):
                        unexpected.append(f"{answer.status_code} {answer.text[:200]}")
                # both writes happened while part of the batch, not all of it, was stored
                if stored_before > 0 and setup.count("cli%") < CLI_BATCH:
                    in_between += 1
                n += 1
                time.sleep(0.1)  # steady traffic, not a saturating loop
    output.seek(0)
    assert cli.returncode == 0, output.read()
    assert not unexpected, unexpected
    assert setup.count("cli%") == CLI_BATCH
    assert in_between > 0, "the server's writes only ran before or after the whole batch"
    _assert_healthy(probe)
    print(f"logins during the CLI batch: {len(login_seconds)}, slowest {max(login_seconds):.2f} s")


def test_parallel_claims_and_wrong_passwords_through_the_server(
    engine: Engine, tmp_path: Path
) -> None:
    setup = _setup(engine, tmp_path)
    wanda = setup.platform.accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    worker, _ = setup.platform.accounts.create_token(wanda, "tests", ["read", "write"])
    admin = setup.platform.accounts.principal(setup.platform.accounts.user_by_email(ADMIN))
    setup.service.issue(
        admin, setup.org_id, setup.achievement_id, [Recipient(email="wanda@mail.example")]
    )
    body = next(b for to, b in setup.letters.sent if to == "wanda@mail.example")
    claim_token = body.split("token=")[1].split()[0]
    with (
        live_server(setup.home, setup.url) as base,
        HealthProbe(base) as probe,
        httpx.Client(base_url=base, timeout=60, limits=MANY) as client,
    ):

        def claim(_n: int) -> int:
            answer = client.post(
                "/api/v1/wallet/claim", json={"token": claim_token}, headers=setup.bearer(worker)
            )
            return answer.status_code

        def wrong_password(_n: int) -> int:
            attempt = {"email": "wanda@mail.example", "password": "wrong password!"}
            return client.post("/api/v1/auth/login", json=attempt).status_code

        with ThreadPoolExecutor(10) as pool:
            claims = sorted(pool.map(claim, range(10)))
        with ThreadPoolExecutor(40) as pool:
            logins = sorted(pool.map(wrong_password, range(40)))
    assert claims == [201] + [404] * 9
    assert logins == [401] * 5 + [429] * 35
    _assert_healthy(probe)
