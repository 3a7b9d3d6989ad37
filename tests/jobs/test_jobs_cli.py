"""`onramp jobs lint|build|import|export` as a user runs them: real processes on a real store."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from onramp.credentials.service import CredentialService
from onramp.jobs.model import JobState
from onramp.jobs.service import Jobs
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import make_engine, upgrade

from onet_files import write_mini_onet  # tests/jobs/conftest.py puts it on the path
from support import run_cli, shared

PASSWORD = "correct horse battery"
CONTRACT = ["rule", "severity", "start", "end", "text", "message", "suggestion"]


def run(home: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, env={"ONRAMP_PUBLIC_URL": "https://onramp.test"}, **kwargs)  # type: ignore[arg-type]


def test_lint_reads_standard_input_and_prints_the_findings_contract(tmp_path: Path) -> None:
    text = "Entry-level cashier. 5+ years of experience and a bachelor's degree required."
    found = json.loads(run(tmp_path, "jobs", "lint", "-", "--json", stdin=text).stdout)
    assert {f["rule"] for f in found} == {
        "seniority-mismatch", "years-of-experience", "degree-requirement"
    }  # fmt: skip
    for finding in found:
        assert list(finding) == CONTRACT
        assert text[finding["start"] : finding["end"]] == finding["text"]
    clean = run(tmp_path, "jobs", "lint", "-", "--json", stdin="Stock shelves and help people.")
    assert clean.returncode == 0 and json.loads(clean.stdout) == []
    ad = tmp_path / "ad.txt"
    ad.write_text("We want a digital native.", encoding="utf-8")
    assert json.loads(run(tmp_path, "jobs", "lint", str(ad), "--json").stdout)[0]["start"] == 10


def test_lint_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    missing = run(tmp_path, "jobs", "lint", str(tmp_path / "none.txt"), check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    binary = tmp_path / "ad.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert run(tmp_path, "jobs", "lint", str(binary), check=False).returncode == 2


@pytest.fixture
def home(tmp_path: Path) -> Path:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine)
    boss = platform.accounts.principal(
        platform.accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    engine.dispose()
    return tmp_path


def test_build_import_and_export(home: Path) -> None:
    folder = write_mini_onet(
        shared("onet", "29.3"), home / "onet", with_optional=False, keep=("53-7062.00",)
    )
    run(home, "taxonomy", "import", "onet", str(folder), "--no-embed")
    built = json.loads(run(home, "jobs", "build", "--occupation", "53-7062.00", "--json").stdout)
    assert built["occupations"][0] == "53-7062.00"
    assert built["requirements"] and all(1 <= r["level"] <= 5 for r in built["requirements"])
    assert set(built["requirements"][0]) >= {
        "skill", "label", "level", "must_have", "learnable_weeks", "evidence"
    }  # fmt: skip
    posting = home / "posting.txt"
    posting.write_text(
        "Warehouse Associate\n\nRequirements:\n- Bachelor's degree required\n"
        "- 3+ years of warehouse experience\n- Must be a digital native\n",
        encoding="utf-8",
    )
    imported = json.loads(
        run(
            home, "jobs", "import", str(posting), "--org", "corner-shop",
            "--as", "bo@shop.example", "--json",
        ).stdout
    )  # fmt: skip
    job = imported["job"]
    assert job["state"] == "draft" and job["title"] == "Warehouse Associate"
    assert any("Bachelor's degree" in note for note in imported["notes"])
    assert {"degree-requirement", "exclusionary"} <= {f["rule"] for f in imported["findings"]}
    # a draft is not public: export needs a member
    refused = run(home, "jobs", "export", job["id"], "--format", "json", check=False)
    assert refused.returncode != 0
    exported = run(home, "jobs", "export", job["id"], "--format", "json", "--as", "bo@shop.example")
    assert json.loads(exported.stdout)["id"] == job["id"]
    # published, anyone may export the schema.org form
    engine = make_engine(f"sqlite:///{home / 'onramp.db'}")
    platform = Platform(engine)
    boss = platform.accounts.principal(platform.accounts.user_by_email("bo@shop.example"))  # type: ignore[arg-type]
    wallet = CredentialService(
        engine, platform.mailer, platform.consents, secrets_dir=home / "s",
        public_url="https://onramp.test",
    ).wallet  # fmt: skip
    jobs = Jobs(engine, platform.consents, wallet)
    clean = jobs.get(boss, job["id"]).draft.model_copy(update={"summary": "Pack boxes."})
    jobs.update(boss, job["id"], clean)
    jobs.move(boss, job["id"], JobState.OPEN)
    engine.dispose()
    posting_ld = json.loads(run(home, "jobs", "export", job["id"], "--format", "schema-org").stdout)
    assert posting_ld["@type"] == "JobPosting" and posting_ld["hiringOrganization"]["name"]
    assert posting_ld["url"] == f"https://onramp.test/jobs/{job['id']}"
