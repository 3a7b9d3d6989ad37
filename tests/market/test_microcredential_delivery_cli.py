"""`onramp microcredentials enroll|result|placement|outcomes` as a user runs them: a
real process on a real SQLite store, acting as the provider's admin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onramp.platform import AccountKind, OrgKind, Platform
from onramp.platform.emails import Proof, record_confirmed
from onramp.store import make_engine, upgrade

from support import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from microcredential_world import complete_parts, publish_directly  # noqa: E402

PASSWORD = "correct horse battery"
AS = ["--as", "ada@college.example"]


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, check=check, env={"ONRAMP_PUBLIC_URL": "https://onramp.test"})


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, str, str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine)
    accounts = platform.accounts
    admin = accounts.principal(
        accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    boss = accounts.principal(
        accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    wanda = accounts.sign_up("wanda@mail.example", PASSWORD, "Wanda")
    with engine.begin() as conn:
        record_confirmed(conn, wanda.id, wanda.email, Proof.LINK)
    engine.dispose()
    defined = json.loads(
        run(
            tmp_path, "credentials", "achievements", "define", "--org", "river-college", *AS,
            "--name", "Data Clerk Basics", "--criteria", "Meet every outcome.", "--json",
        ).stdout
    )  # fmt: skip
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    admin = Platform(engine).accounts.principal(admin.user)
    design_id = publish_directly(
        engine,
        None,
        admin,
        admin.memberships[0].org_id,
        complete_parts(shop.id),
        achievement_id=defined["id"],
    )
    engine.dispose()
    return tmp_path, design_id, shop.id


def test_enroll_record_place_and_read_the_outcomes(home: tuple[Path, str, str]) -> None:
    path, design_id, shop_id = home
    cli = "microcredentials"
    enrolled = json.loads(
        run(path, cli, "enroll", design_id, "--email", "wanda@mail.example",
            "--wage-before", "14", *AS, "--json").stdout
    )  # fmt: skip
    enrollment_id = enrolled["id"]
    bad = run(path, cli, "result", enrollment_id, "--assessment", "a-excel", "--outcome",
              "o-excel", "--level", "5", *AS, check=False)  # fmt: skip
    assert bad.returncode == 2 and "no level 5" in bad.stderr + bad.stdout
    run(path, cli, "result", enrollment_id, "--assessment", "a-sql", "--outcome", "o-sql",
        "--level", "3", *AS)  # fmt: skip
    done = json.loads(
        run(path, cli, "result", enrollment_id, "--assessment", "a-excel", "--outcome",
            "o-excel", "--level", "2", *AS, "--json").stdout
    )  # fmt: skip
    assert done["completed"] and done["credential_id"]
    placed = json.loads(
        run(path, cli, "placement", enrollment_id, "--hired", "--date", "2027-03-01",
            "--employer-org", shop_id, "--wage", "20", "--occupation", "43-9021.00",
            "--commitment", "c-hire", *AS, "--json").stdout
    )  # fmt: skip
    assert placed["employer"]["name"] == "Corner Shop" and placed["commitment_id"] == "c-hire"
    figures = json.loads(run(path, cli, "outcomes", design_id, *AS, "--json").stdout)
    assert (figures["enrolled"], figures["completed"], figures["placed"]) == (1, 1, 1)
    assert figures["wages"]["median_change"] == 6.0
    hire = next(c for c in figures["commitments"] if c["commitment_id"] == "c-hire")
    assert (hire["done"], hire["promised"]) == (1, 5)
    provider = json.loads(
        run(path, cli, "outcomes", "--org", "river-college", *AS, "--json").stdout
    )
    assert provider["completed"] == 1
    text = run(path, cli, "outcomes", design_id, *AS).stdout
    assert "completed 1 (100%)" in text
