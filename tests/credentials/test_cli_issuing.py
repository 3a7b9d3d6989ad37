"""`onramp credentials achievements|issue|revoke|clr` and `onramp keys`, as a user runs them:
a real process on a real SQLite store, with the organization set up in that store."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import make_engine, upgrade

from support import run_cli

PASSWORD = "correct horse battery"


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, check=check, env={"ONRAMP_PUBLIC_URL": "https://onramp.test"})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine)
    admin = platform.accounts.principal(
        platform.accounts.sign_up("ada@college.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    platform.orgs.create(admin, "River College", OrgKind.TRAINING_PROVIDER)
    platform.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    engine.dispose()
    return tmp_path


def test_define_issue_verify_revoke_from_the_command_line(home: Path) -> None:
    org = ["--org", "river-college", "--as", "ada@college.example"]
    defined = json.loads(
        run(
            home,
            "credentials", "achievements", "define", *org,
            "--name", "Forklift Safety", "--criteria", "Passed the check.",
            "--level", "Basic: with help", "--level", "Skilled: alone", "--json",
        ).stdout
    )  # fmt: skip
    csv_file = home / "people.csv"
    csv_file.write_text("email,level\na@mail.example,Skilled\nb@mail.example,\n")
    out = home / "issued"
    issued = json.loads(
        run(
            home, "credentials", "issue", *org, "--achievement", defined["id"],
            "--csv", str(csv_file), "--out", str(out), "--json",
        ).stdout
    )  # fmt: skip
    assert [i["recipient"] for i in issued] == ["a@mail.example", "b@mail.example"]
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    # run where the instance's database is, its own DIDs and status lists come from the store
    result = run(home, "credentials", "verify", str(files[0]), "--json", check=False)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["verified"], report
    status = [c for c in report["checks"] if c["id"] == "status"]
    assert [c["code"] for c in status] == ["not_revoked", "not_suspended"]
    plain = run(home, "credentials", "verify", str(files[0]), check=False)
    assert "✔ VERIFIED" in plain.stdout and "NOT VERIFIED" not in plain.stdout
    # elsewhere (no store) the lists cannot be read: that is a failure, never a pass
    did_doc = json.loads(run(home, "keys", "did", "--org", "river-college").stdout)
    (home / "did.json").write_text(json.dumps(did_doc))
    credential = json.loads(files[0].read_text())
    mapping = {"https://onramp.test/orgs/river-college/did.json": "did.json"}
    (home / "map.json").write_text(json.dumps(mapping))
    result = run(
        home, "credentials", "verify", str(files[0]), "--offline-map", str(home / "map.json"),
        "--no-store", "--json", check=False,
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert result.returncode == 1 and not report["verified"]
    assert report["verdict"] == "status_unconfirmed"
    proof = next(c for c in report["checks"] if c["id"] == "proof")
    assert proof["status"] == "pass", report
    status = [c for c in report["checks"] if c["id"] == "status"]
    assert status and all(c["code"] == "status_unconfirmed" for c in status)
    # a tampered copy looks nothing like the genuine one
    tampered = home / "tampered.json"
    tampered.write_text(json.dumps({**credential, "name": "Forklift Master"}))
    plain = run(home, "credentials", "verify", str(tampered), check=False)
    assert plain.returncode == 1 and "✘ NOT VERIFIED" in plain.stdout
    assert "changed" in plain.stdout
    revoked = json.loads(
        run(home, "credentials", "revoke", credential["id"].removeprefix("urn:uuid:"), *org,
            "--json").stdout
    )  # fmt: skip
    assert revoked["state"] == "revoked"
    report = json.loads(
        run(home, "credentials", "verify", str(files[0]), "--json", check=False).stdout
    )
    assert report["verdict"] == "revoked" and not report["verified"]
    plain = run(home, "credentials", "verify", str(files[0]), check=False).stdout
    # one sentence per purpose: no "taken back" beside "not taken back"
    assert "Revoked" in plain and "has not taken this credential back" not in plain
    assert "has not put this credential on hold" in plain
    refused = run(
        home, "credentials", "revoke", credential["id"].removeprefix("urn:uuid:"),
        "--org", "river-college", "--as", "bo@shop.example", check=False,
    )  # fmt: skip
    assert refused.returncode == 9 and "issue credentials" in refused.stderr
    keys = json.loads(run(home, "keys", "list", "--org", "river-college", "--json").stdout)
    assert [k["algorithm"] for k in keys] == ["Ed25519"]
    run(home, "keys", "rotate", *org)
    keys = json.loads(run(home, "keys", "list", "--org", "river-college", "--json").stdout)
    assert len(keys) == 2 and keys[0]["retired_at"]


def test_bad_csv_names_the_line_and_issues_nothing(home: Path) -> None:
    org = ["--org", "river-college", "--as", "ada@college.example"]
    defined = json.loads(
        run(home, "credentials", "achievements", "define", *org, "--name", "Cash Handling",
            "--criteria", "Balanced the till.", "--json").stdout
    )  # fmt: skip
    csv_file = home / "bad.csv"
    csv_file.write_text("email\nok@mail.example\nnot an email\n")
    result = run(
        home, "credentials", "issue", *org, "--achievement", defined["id"], "--csv", str(csv_file),
        check=False,
    )  # fmt: skip
    assert result.returncode == 3 and "line 3" in result.stderr
    listing = run(home, "credentials", "achievements", "list", *org, "--json")
    assert json.loads(listing.stdout)[0]["name"] == "Cash Handling"
