"""The matching use cases on a real store (SQLite and PostgreSQL): blind candidates ranked on
evidence, one explained, "jobs for me", onboarding plans and the adverse-impact audit."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from onramp.errors import ConflictError, InvalidInputError, PermissionDeniedError
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.matching.candidates import Matching
from onramp.matching.fairness import audit_job_ranking
from onramp.matching.onboarding import Activity, ItemState
from onramp.matching.personal import Personal, Question
from onramp.matching.plans import OnboardingPlans
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft, WorkerEvidence
from onramp.platform import audit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import PASSWORD, World  # noqa: E402

world = wallet_world.world  # the fixture
SERVICE = "urn:onramp:esf:ESF-02"
TEAMWORK = "urn:onramp:esf:ESF-05"


def _setup(world: World) -> tuple[Jobs, WorkerEvidence, Matching, str]:
    engine, consents, wallet = world.platform.engine, world.platform.consents, world.service.wallet
    jobs = Jobs(engine, consents, wallet)
    books = WorkerEvidence(engine, consents, wallet, title_coder=lambda _t, _d: None)
    draft = JobDraft(
        title="Store associate",
        summary="Help people find what they need and keep the shelves full.",
        pay=PayRange(low=17, high=19),
        requirements=[
            Requirement(skill=SERVICE, label="Serving customers", level=3, must_have=True),
            Requirement(
                skill=TEAMWORK,
                label="Working with others",
                level=2,
                must_have=False,
                learnable_weeks=4,
            ),
        ],
    )
    job = jobs.create(world.employer_admin, world.employer_id, draft)
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    return jobs, books, Matching(engine, books, jobs), job.id


def test_candidates_are_blind_ranked_on_evidence_and_explained(world: World) -> None:
    jobs, books, matching, job_id = _setup(world)
    accounts = world.platform.accounts
    # Wanda has an assessment the shop recorded; Sam only says he is an expert
    sam = accounts.principal(accounts.sign_up("sam@mail.example", PASSWORD, "Sam Claimer"))
    books.add(
        world.worker,
        EntryDraft(
            EvidenceKind.ASSESSMENT,
            "Service check",
            [(SERVICE, 3)],
            issuer="Corner Shop",
            ended_on=date.today(),
        ),
    )
    books.rate_essential_skills(sam, {SERVICE: 4, TEAMWORK: 4})
    assert matching.jobs_for_me(sam)[0].job.id == job_id  # before applying, jobs for me works
    assert matching.candidates(world.employer_admin, job_id).candidates == ()  # nobody yet
    jobs.apply(world.worker, job_id, [])
    jobs.apply(sam, job_id, [])
    listed = matching.candidates(world.employer_admin, job_id, top=10)
    assert listed.considered == 2
    ids = [c.worker_id for c in listed.candidates]
    assert set(ids) == {world.worker.user.id, sam.user.id}
    for row in listed.candidates:
        assert row.alias == matching.handles.alias(job_id, row.worker_id)
        assert matching.handles.resolve(job_id, row.handle) == row.worker_id
        assert "Wanda" not in row.alias and "Sam" not in row.alias
    detail = matching.explain(world.employer_admin, job_id, world.worker.user.id)
    service = next(r for r in detail.match.requirements if r.requirement.skill == SERVICE)
    assert service.evidence and service.evidence[0].evidence.kind is EvidenceKind.ASSESSMENT
    # another organization, and a worker, cannot rank or explain
    for outsider in (world.admin, sam):
        with pytest.raises(PermissionDeniedError):
            matching.candidates(outsider, job_id)
        with pytest.raises(PermissionDeniedError):
            matching.explain(outsider, job_id, world.worker.user.id)
    with pytest.raises(InvalidInputError):
        matching.candidates(world.employer_admin, job_id, top=0)
    fit = matching.fit(world.worker, job_id)
    assert fit.match.score > 0
    # what the employer itself recorded counts as from a trusted issuer, for the employer
    books.record(
        world.employer_admin, world.employer_id, sam.user.id,
        EntryDraft(EvidenceKind.ASSESSMENT, "Till check", [(TEAMWORK, 2)], ended_on=date.today()),
    )  # fmt: skip
    recorded = matching.explain(world.employer_admin, job_id, sam.user.id).profile.get(TEAMWORK)
    assert recorded is not None
    by_kind = {c.evidence.kind: c for c in recorded.contributions}
    assert by_kind[EvidenceKind.ASSESSMENT].factors["issuer_trust"] == 1.0
    jobs.withdraw(sam, job_id)
    assert [c.worker_id for c in matching.candidates(world.employer_admin, job_id).candidates] == [
        world.worker.user.id
    ]
    with pytest.raises(PermissionDeniedError):  # withdrawn: gone on the next request
        matching.explain(world.employer_admin, job_id, sam.user.id)


def test_an_onboarding_plan_from_the_gaps_and_its_changes_are_audited(world: World) -> None:
    jobs, books, matching, job_id = _setup(world)
    plans = OnboardingPlans(world.platform.engine, matching)
    books.add(world.worker, EntryDraft(EvidenceKind.TRAINING, "Service class", [(SERVICE, 2)]))
    with pytest.raises(PermissionDeniedError):  # not a candidate yet
        plans.create(world.employer_admin, job_id, world.worker.user.id)
    jobs.apply(world.worker, job_id, [])
    start = date(2027, 1, 4)
    made = plans.create(world.employer_admin, job_id, world.worker.user.id, start)
    by_skill = {i.skill: i for i in made.plan.items}
    assert set(by_skill) == {SERVICE, TEAMWORK}
    assert by_skill[TEAMWORK].activity is Activity.ON_THE_JOB and by_skill[TEAMWORK].weeks == 4
    assert by_skill[SERVICE].activity is Activity.MENTOR
    with pytest.raises(ConflictError):
        plans.create(world.employer_admin, job_id, world.worker.user.id)
    changed = plans.change_item(
        world.employer_admin,
        job_id,
        world.worker.user.id,
        SERVICE,
        weeks=6,
        state=ItemState.STARTED,
        note="Shadow Lee on the till.",
    )
    item = next(i for i in changed.plan.items if i.skill == SERVICE)
    assert item.check_in == start + timedelta(weeks=6) and item.note.startswith("Shadow")
    with pytest.raises(InvalidInputError):
        plans.change_item(world.employer_admin, job_id, world.worker.user.id, SERVICE, weeks=500)
    # the worker reads it; another organization cannot
    mine = plans.mine(world.worker)
    assert [p.id for p in mine] == [made.id] and mine[0].plan.items == changed.plan.items
    with pytest.raises(PermissionDeniedError):
        plans.get(world.admin, job_id, world.worker.user.id)
    with pytest.raises(PermissionDeniedError):
        plans.change_item(world.admin, job_id, world.worker.user.id, SERVICE, weeks=3)
    actions = [e.action for e in audit.about_worker(world.platform.engine, world.worker.user.id)]
    assert "onboarding.create" in actions and "onboarding.update" in actions


def test_the_adverse_impact_audit_counts_groups_only(world: World) -> None:
    jobs, books, matching, job_id = _setup(world)
    personal = Personal(world.platform.engine, world.platform.consents)
    accounts = world.platform.accounts
    for n in range(10):
        who = accounts.principal(accounts.sign_up(f"w{n}@mail.example", PASSWORD, f"W{n}"))
        level = 3 if n % 2 == 0 else 1
        books.add(
            who,
            EntryDraft(
                EvidenceKind.ASSESSMENT,
                "Check",
                [(SERVICE, level)],
                issuer="Corner Shop",
                ended_on=date.today(),
            ),
        )
        personal.give_demographics(who, {"sex": ["female" if n < 5 else "male"]}, consent=True)
        jobs.apply(who, job_id, [])
    result = audit_job_ranking(matching, personal, world.employer_admin, job_id, 5, Question.SEX)
    assert result.candidates == 10 and result.selected == 5
    assert sorted(g.group for g in result.groups) == ["female", "male"]
    assert "W1" not in str(result.contract())
    with pytest.raises(PermissionDeniedError):
        audit_job_ranking(matching, personal, world.admin, job_id, 5, Question.SEX)
