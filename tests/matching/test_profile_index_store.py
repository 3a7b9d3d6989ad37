"""Profile vectors beside the store (SQLite and PostgreSQL): a write to a worker's evidence
marks their vector stale in the same transaction, `refresh` rebuilds it, `sync` brings an index
up to date one worker at a time, and a large pool of candidates is pre-filtered by the index
before the exact, audited scoring."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.matching import candidates as candidates_module
from onramp.matching.index import ProfileIndex
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.matching.services import matching_services
from onramp.matching.vectors import decode_support
from onramp.platform import audit
from onramp.store import matching_tables as m

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import PASSWORD, World  # noqa: E402

world = wallet_world.world  # the fixture
SERVICE = "urn:onramp:esf:ESF-02"
TEAMWORK = "urn:onramp:esf:ESF-05"


def test_vectors_follow_evidence_and_a_large_pool_is_prefiltered(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, consents, wallet = world.platform.engine, world.platform.consents, world.service.wallet
    jobs = Jobs(engine, consents, wallet)
    services = matching_services(engine, consents, wallet, jobs)
    job = jobs.create(
        world.employer_admin,
        world.employer_id,
        JobDraft(
            title="Store associate",
            pay=PayRange(low=17, high=19),
            requirements=[Requirement(skill=SERVICE, label="Serving customers", level=3)],
        ),
    )
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    accounts = world.platform.accounts
    workers = []
    for n in range(14):
        who = accounts.principal(accounts.sign_up(f"p{n}@mail.example", PASSWORD, f"P{n}"))
        skill, level = (SERVICE, 3) if n < 3 else (TEAMWORK, 2)
        services.evidence.add(
            who, EntryDraft(EvidenceKind.ASSESSMENT, "Check", [(skill, level)],
                            ended_on=date.today()),
        )  # fmt: skip
        jobs.apply(who, job.id, [])
        workers.append(who)
    # each write marked the worker stale, in its own transaction
    assert len(services.vectors.stale()) == 14
    assert services.vectors.refresh() == 14 and services.vectors.stale() == []
    index = ProfileIndex()
    since = services.vectors.sync(index)
    assert len(index) == 14 and since is not None
    # a change to one worker's evidence: only that worker is rebuilt and synced again
    with engine.connect() as conn:
        before = conn.execute(
            select(m.profile_vectors.c.vector).where(
                m.profile_vectors.c.worker_id == workers[5].user.id
            )
        ).scalar()
    services.evidence.add(
        workers[5], EntryDraft(EvidenceKind.ASSESSMENT, "Check", [(SERVICE, 4)],
                               ended_on=date.today()),
    )  # fmt: skip
    assert services.vectors.stale() == [workers[5].user.id]
    assert services.vectors.refresh() == 1
    with engine.connect() as conn:
        after = conn.execute(
            select(m.profile_vectors.c.vector).where(
                m.profile_vectors.c.worker_id == workers[5].user.id
            )
        ).scalar()
    assert decode_support(before) != decode_support(after)
    assert SERVICE in decode_support(after) and SERVICE not in decode_support(before)
    # a pool above the threshold is pre-filtered: at most 10 x top read, scored and audited;
    # only the 4 who show the job's skill are candidates at all
    monkeypatch.setattr(candidates_module, "PREFILTER_ABOVE", 5)
    services.matching.use_index(index, services.vectors)
    listed = services.matching.candidates(world.employer_admin, job.id, top=1)
    assert listed.considered == 4
    best = listed.candidates[0].worker_id
    assert best in {w.user.id for w in workers[:3]} | {workers[5].user.id}
    views = [
        e for e in audit.for_org(engine, world.employer_id)
        if e.action == "evidence.view" and e.details.get("job") == job.id
    ]  # fmt: skip
    assert len(views) == 4  # only the chosen were read, each view audited
    # below the threshold every candidate is scored
    monkeypatch.setattr(candidates_module, "PREFILTER_ABOVE", 100)
    assert services.matching.candidates(world.employer_admin, job.id, top=1).considered == 14
    # a deleted account leaves the index on the next full sync (as `onramp match index` runs)
    gone = workers[7]
    world.platform.privacy.delete_account(gone, PASSWORD)
    assert gone.user.id in index
    services.vectors.sync(index, since)  # an update since the watermark cannot see a deletion
    assert gone.user.id in index
    services.vectors.sync(index)
    assert gone.user.id not in index and len(index) == 13
