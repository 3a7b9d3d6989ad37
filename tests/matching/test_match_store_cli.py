"""`onramp match rank|explain|jobs` and `onramp audit adverse-impact` as an operator runs them:
real processes on a real store, acting as a named person whose rights apply."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from onramp.credentials.service import CredentialService
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.matching.services import matching_services
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.platform import audit as audit_log
from onramp.platform.audit_actions import AuditAction
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esf

from support import run_cli

PASSWORD = "correct horse battery"
SERVICE = "urn:onramp:esf:ESF-02"


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, env={"ONRAMP_PUBLIC_URL": "https://onramp.test"}, check=check)


def test_rank_explain_jobs_and_the_adverse_impact_audit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    import_esf(engine)
    platform = Platform(engine)
    wallet = CredentialService(
        engine, platform.mailer, platform.consents, secrets_dir=tmp_path / "s",
        public_url="https://onramp.test",
    ).wallet  # fmt: skip
    jobs = Jobs(engine, platform.consents, wallet)
    services = matching_services(engine, platform.consents, wallet, jobs)
    accounts = platform.accounts
    boss = accounts.principal(
        accounts.sign_up("bo@shop.example", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = platform.orgs.create(boss, "Corner Shop", OrgKind.EMPLOYER)
    boss = accounts.principal(boss.user)
    job = jobs.create(
        boss,
        shop.id,
        JobDraft(
            title="Store associate",
            pay=PayRange(low=17, high=19),
            requirements=[Requirement(skill=SERVICE, label="Serving customers", level=2)],
        ),
    )
    jobs.move(boss, job.id, JobState.OPEN)
    ids: dict[str, str] = {}
    for n in range(12):
        who = accounts.principal(accounts.sign_up(f"w{n}@mail.example", PASSWORD, f"Worker {n}"))
        ids[who.user.email] = who.user.id
        level = 3 if n % 3 else 1
        services.evidence.add(
            who, EntryDraft(EvidenceKind.ASSESSMENT, "Till check", [(SERVICE, level)],
                            issuer="Springfield Community College", ended_on=date.today()),
        )  # fmt: skip
        services.personal.give_demographics(
            who, {"sex": ["female" if n % 2 else "male"]}, consent=True
        )
        jobs.apply(who, job.id, [])
    engine.dispose()

    ranked = json.loads(
        run(tmp_path, "match", "rank", "--job", job.id, "--as", "bo@shop.example", "--top", "5",
            "--json").stdout
    )  # fmt: skip
    assert ranked["considered"] == 12 and len(ranked["candidates"]) == 5
    assert "Worker" not in json.dumps(ranked)  # blind
    assert "Springfield" not in json.dumps(ranked)  # an issuer can be a school: hidden too
    assert not [i for i in ids.values() if i in json.dumps(ranked)]  # handles, no account ids
    first = ranked["candidates"][0]["handle"]
    listing = run(tmp_path, "match", "rank", "--job", job.id, "--as", "bo@shop.example").stdout
    assert first in listing and not [i for i in ids.values() if i in listing]
    explained = json.loads(
        run(tmp_path, "match", "explain", "--job", job.id, "--worker", first,
            "--as", "bo@shop.example", "--json").stdout
    )  # fmt: skip
    assert explained["match"]["score"] == ranked["candidates"][0]["score"]
    assert "Springfield" not in json.dumps(explained) and not explained["revealed"]
    piece = explained["match"]["requirements"][0]["evidence"][0]
    assert piece["issuer_words"] == "from an issuer not on your trusted list"
    assert explained["worker_id"] is None and explained["handle"] == first
    # an account id is not a handle: it would join an alias to a person with no reveal
    by_id = run(tmp_path, "match", "explain", "--job", job.id, "--worker", ids["w1@mail.example"],
                "--as", "bo@shop.example", check=False)  # fmt: skip
    assert by_id.returncode != 0 and "no such candidate" in by_id.stderr.lower()
    assert "Traceback" not in by_id.stderr
    # an email names the person, so reading it is a reveal, in the audit log like the button
    by_email = json.loads(
        run(tmp_path, "match", "explain", "--job", job.id, "--worker", "w1@mail.example",
            "--as", "bo@shop.example", "--json").stdout
    )  # fmt: skip
    assert by_email["revealed"] and by_email["worker_id"] == ids["w1@mail.example"]
    reveals = [
        e for e in audit_log.about_worker(engine, ids["w1@mail.example"])
        if e.action == AuditAction.CANDIDATE_REVEAL
    ]  # fmt: skip
    assert len(reveals) == 1 and reveals[0].actor_id == boss.user.id
    fits = json.loads(
        run(tmp_path, "match", "jobs", "--worker", "w1@mail.example", "--json").stdout
    )
    assert fits[0]["job_id"] == job.id
    audit = json.loads(
        run(tmp_path, "audit", "adverse-impact", "--job", job.id, "--top", "6",
            "--as", "bo@shop.example", "--json").stdout
    )  # fmt: skip
    assert audit["candidates"] == 12 and audit["selected"] == 6
    assert {g["group"] for g in audit["groups"]} == {"female", "male"}
    assert all(0 <= g["selection_rate"] <= 1 for g in audit["groups"])
    text = run(tmp_path, "audit", "adverse-impact", "--job", job.id, "--as", "bo@shop.example")
    assert "four" in text.stdout.lower() or "0.8" in text.stdout
    # a worker cannot rank candidates; a bad job id is a plain error
    refused = run(tmp_path, "match", "rank", "--job", job.id, "--as", "w1@mail.example",
                  check=False)  # fmt: skip
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    missing = run(tmp_path, "match", "rank", "--job", "nope", "--as", "bo@shop.example",
                  check=False)  # fmt: skip
    assert missing.returncode != 0 and "no such job" in missing.stderr.lower()
    # each `match rank` shown was kept as counts by group; the monitor reads them, names no one
    monitored = json.loads(run(tmp_path, "audit", "monitor", "--json").stdout)
    assert [m["org_id"] for m in monitored] == [shop.id] and monitored[0]["new_alerts"] == []
    window = next(w for w in monitored[0]["jobs"] if w["question"] == "sex")
    assert window["subject_id"] == job.id and window["status"] == "not_enough_data"
    assert window["groups"] == []  # 6 women and 6 men: both under the smallest group shown
    assert not [i for i in ids.values() if i in json.dumps(monitored)]
    text = run(tmp_path, "audit", "monitor", "--org", shop.id).stdout
    assert "Corner Shop: 0 new alert(s)" in text and "not enough data" in text
