"""The adverse-impact monitor over a real store (SQLite and PostgreSQL): every candidate list
shown is kept as counts by group, an unfair employer's admins get one plain alert (stored,
audited, mailed), a fair employer gets none, and only the employer's admins read it."""

from __future__ import annotations

import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from onramp.errors import InvalidInputError, PermissionDeniedError
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.matching.candidates import Matching
from onramp.matching.fairness import audit_job_ranking
from onramp.matching.personal import Personal, Question
from onramp.matching.service import WorkerEvidence
from onramp.metrics.monitor import MonitorScope
from onramp.metrics.monitoring import FairnessMonitor, monitor_rankings
from onramp.platform import AccountKind, OrgKind, audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.mail import MailKind, OutboxMailer
from onramp.platform.secrets import now
from onramp.store import metrics_monitor_tables as m

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import PASSWORD, World  # noqa: E402

world = wallet_world.world  # the fixture
SERVICE = "urn:onramp:esf:ESF-02"


def _job(jobs: Jobs, world: World, title: str) -> str:
    draft = JobDraft(
        title=title,
        summary="Help people find what they need and keep the shelves full.",
        pay=PayRange(low=17, high=19),
        requirements=[Requirement(skill=SERVICE, label="Serving customers", level=2)],
    )
    job = jobs.create(world.employer_admin, world.employer_id, draft)
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    return job.id


def _services(world: World) -> tuple[Jobs, Matching, Personal, FairnessMonitor]:
    engine, consents, wallet = world.platform.engine, world.platform.consents, world.service.wallet
    jobs = Jobs(engine, consents, wallet)
    books = WorkerEvidence(engine, consents, wallet, title_coder=lambda _t, _d: None)
    matching = Matching(engine, books, jobs)
    personal = Personal(engine, consents)
    fairness = monitor_rankings(
        engine, matching, personal, world.platform.mailer, "https://onramp.example"
    )
    return jobs, matching, personal, fairness


def _rows(world: World) -> list[Any]:
    with world.platform.engine.connect() as conn:
        return list(conn.execute(select(m.ranking_snapshots)).all())


def test_each_candidate_list_shown_is_kept_as_counts_by_group_only(world: World) -> None:
    jobs, matching, personal, fairness = _services(world)
    job_id = _job(jobs, world, "Store associate")
    accounts = world.platform.accounts
    sam = accounts.principal(accounts.sign_up("sam@mail.example", PASSWORD, "Sam"))
    kim = accounts.principal(accounts.sign_up("kim@mail.example", PASSWORD, "Kim"))
    personal.give_demographics(world.worker, {"sex": ["female"]}, consent=True)
    personal.give_demographics(sam, {"sex": ["male"], "veteran": ["yes"]}, consent=True)
    # Kim gives no answers: she counts only in the total of unknowns
    for who in (world.worker, sam, kim):
        jobs.apply(who, job_id, [])
    shown = matching.candidates(world.employer_admin, job_id, top=1)
    rows = _rows(world)
    assert sorted(r.question for r in rows) == ["sex", "veteran"]  # questions nobody answered: none
    sex = next(r for r in rows if r.question == "sex")
    assert sex.shown_k == 1 and sex.unknown == 1
    top = shown.candidates[0].worker_id  # no evidence: a tie, broken differently by backend
    assert [list(g) for g in sex.groups] == [
        ["female", 1, int(top == world.worker.user.id)],
        ["male", 1, int(top == sam.user.id)],
    ]
    ids = {world.worker.user.id, sam.user.id, kim.user.id}
    for row in rows:  # no worker is named anywhere in what is kept
        assert not ids & {str(v) for v in row._mapping.values()}
        assert not any(i in str(row.groups) for i in ids)
    # the same list again moves the snapshot's time instead of adding a row
    matching.candidates(world.employer_admin, job_id, top=1)
    again = _rows(world)
    assert len(again) == 2
    assert next(r for r in again if r.question == "sex").taken_at >= sex.taken_at
    # a different top K is a different list shown
    matching.candidates(world.employer_admin, job_id, top=3)
    assert len(_rows(world)) == 4
    # the on-demand audit reads the ranking to count it, it is not a list shown
    audit_job_ranking(matching, personal, world.employer_admin, job_id, 2, Question.SEX)
    assert len(_rows(world)) == 4
    actions = [e.action for e in audit.for_org(world.platform.engine, world.employer_id)]
    assert actions.count(AuditAction.RANKING_COUNT) == 3
    # nobody was flagged on three people
    view = fairness.view(world.employer_admin, world.employer_id)
    assert view.open_alerts == ()
    assert {r.question for r in view.jobs} == {"sex", "veteran"}


def _seed(world: World, job_id: str, groups: list[list[Any]], days_ago: int = 1) -> None:
    taken = now() - timedelta(days=days_ago)
    with world.platform.engine.begin() as conn:
        conn.execute(
            insert(m.ranking_snapshots).values(
                id=str(uuid.uuid4()),
                org_id=world.employer_id,
                job_id=job_id,
                question="sex",
                taken_at=taken,
                first_at=taken,
                shown_k=sum(g[2] for g in groups),
                unknown=3,
                groups=groups,
            )
        )


def test_an_unfair_employer_is_alerted_once_in_plain_words_and_an_admin_closes_it(
    world: World,
) -> None:
    jobs, _matching, _personal, fairness = _services(world)
    unfair = _job(jobs, world, "Cashier")
    fair = _job(jobs, world, "Stocker")
    _seed(world, unfair, [["female", 60, 12], ["male", 60, 36]])  # 0.2 against 0.6
    _seed(world, fair, [["female", 30, 15], ["male", 30, 16]])
    _seed(world, fair, [["female", 30, 2], ["male", 30, 29]], days_ago=120)  # out of the window
    new = fairness.check(world.employer_id)
    by_scope = {(a.scope, a.subject_id) for a in new}
    assert by_scope == {
        (MonitorScope.JOB, unfair),
        (MonitorScope.EMPLOYER, world.employer_id),
    }
    job_alert = next(a for a in new if a.scope is MonitorScope.JOB)
    assert job_alert.group == "female" and job_alert.question is Question.SEX
    assert "Cashier" in job_alert.message and "female" in job_alert.message
    assert "0.33 times as often" in job_alert.message and "does not prove bias" in job_alert.message
    # once only: a second run raises nothing new while the alert is open
    assert fairness.check(world.employer_id) == []
    mailer = world.platform.mailer
    assert isinstance(mailer, OutboxMailer)
    mails = [x for x in mailer.pending("bo@shop.example") if x.kind is MailKind.FAIRNESS_ALERT]
    assert len(mails) == 2
    assert f"/orgs/{world.employer_id}/metrics/fairness" in mails[0].body
    view = fairness.view(world.employer_admin, world.employer_id)
    fair_windows = [r for r in view.jobs if r.subject_id == fair]
    assert fair_windows and not any(r.alerts for r in fair_windows)
    assert len(view.open_alerts) == 2
    # only the employer's admins (and platform admins, reading) see it or close it
    for outsider in (world.admin, world.worker):
        with pytest.raises(PermissionDeniedError):
            fairness.view(outsider, world.employer_id)
        with pytest.raises(PermissionDeniedError):
            fairness.close(outsider, world.employer_id, job_alert.id, "Looked")
    assert fairness.open_alerts(world.worker, world.employer_id) == []
    with pytest.raises(InvalidInputError):
        fairness.close(world.employer_admin, world.employer_id, job_alert.id, "   ")
    closed = fairness.close(
        world.employer_admin,
        world.employer_id,
        job_alert.id,
        "We dropped a degree we did not need.",
    )
    assert not closed.open and closed.note.startswith("We dropped")
    with pytest.raises(InvalidInputError):
        fairness.close(world.employer_admin, world.employer_id, job_alert.id, "again")
    assert len(fairness.open_alerts(world.employer_admin, world.employer_id)) == 1
    actions = [e.action for e in audit.for_org(world.platform.engine, world.employer_id)]
    assert actions.count(AuditAction.FAIRNESS_ALERT) == 2
    assert actions.count(AuditAction.FAIRNESS_ALERT_CLOSE) == 1
    # still unfair, so the next run raises the job's alert again
    again = fairness.check(world.employer_id)
    assert [(a.scope, a.subject_id) for a in again] == [(MonitorScope.JOB, unfair)]


def test_the_operator_run_checks_every_employer_with_recent_lists(world: World) -> None:
    jobs, _matching, _personal, fairness = _services(world)
    unfair = _job(jobs, world, "Cashier")
    _seed(world, unfair, [["female", 40, 8], ["male", 40, 24]])
    platform = world.platform
    other_boss = platform.accounts.principal(
        platform.accounts.sign_up("cy@mill.example", PASSWORD, "Cy", AccountKind.STAFF)
    )
    platform.orgs.create(other_boss, "Paper Mill", OrgKind.EMPLOYER)  # no lists: not checked
    found = fairness.run_all()
    assert list(found) == [world.employer_id]
    assert len(found[world.employer_id]) == 2
    assert fairness.run_all() == {world.employer_id: []}
