"""`onramp roadmap build --org ORG [--json]` as a user runs it: a real process on a real store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from onramp.credentials.service import CredentialService
from onramp.jobs.model import CareerLevel, JobDraft, JobState
from onramp.jobs.service import Jobs
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_onet

from support import run_cli, shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
WAREHOUSE = ("53-7062.00", "53-1042.00", "53-7051.00", "43-4051.00")


def _home(tmp_path: Path) -> Path:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    import_onet(
        engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, WAREHOUSE)
    )
    platform = Platform(engine)
    boss = platform.accounts.sign_up("bo@depot.test", PASSWORD, "Bo", AccountKind.STAFF)
    org = platform.orgs.create(platform.accounts.principal(boss), "Depot", OrgKind.EMPLOYER)
    hr = platform.accounts.principal(boss)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url="https://onramp.test",
    )
    jobs = Jobs(engine, platform.consents, service.wallet)
    for title, code, level in (
        ("Warehouse Supervisor", "53-1042.00", CareerLevel.SENIOR),
        ("Warehouse Associate", "53-7062.00", CareerLevel.ENTRY),
        ("Warehouse Lead", "53-7062.00", CareerLevel.PROFICIENT),
    ):
        made = jobs.create(
            hr, org.id, JobDraft(title=title, occupations=(code,), career_level=level)
        )
        jobs.move(hr, made.id, JobState.OPEN)
    jobs.create(hr, org.id, JobDraft(title="Front desk"))  # no occupation: not on a ladder
    engine.dispose()
    return tmp_path


def test_roadmap_build_prints_the_ladder_and_refuses_an_unknown_org(tmp_path: Path) -> None:
    home = _home(tmp_path)
    found = json.loads(run_cli(home, "roadmap", "build", "--org", "depot", "--json").stdout)
    (family,) = found["families"]
    assert [r["title"] for r in family["rungs"]] == [
        "Warehouse Associate",
        "Warehouse Lead",
        "Warehouse Supervisor",
    ]
    assert [u["job"]["title"] for u in found["unplaced"]] == ["Front desk"]
    assert any(n["code"] == "work-based-learning" for n in found["notes"])
    text = run_cli(home, "roadmap", "build", "--org", "depot").stdout
    assert "Warehouse Associate to Warehouse Supervisor" in text and "up and out" in text
    unknown = run_cli(home, "roadmap", "build", "--org", "nowhere", check=False)
    assert unknown.returncode == 2 and "nowhere" in unknown.stderr
    stranger = run_cli(home, "roadmap", "build", "--org", "depot", "--as", "no@x.test", check=False)
    assert stranger.returncode == 4
