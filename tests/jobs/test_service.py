"""The jobs use cases on a real store: lifecycle, linting before publishing, applying and
withdrawing under consent, and who may see what."""

from __future__ import annotations

import pytest

from onramp.credentials.issuing import Recipient
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.jobs.lint import LintSettings, RuleId
from onramp.jobs.model import EvidenceKind, JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.platform import AccountKind, OrgKind, audit

from wallet_world import PASSWORD, World

ESF = "urn:onramp:esf:ESF-02"


def jobs_of(world: World) -> Jobs:
    return Jobs(world.platform.engine, world.platform.consents, world.service.wallet)


def draft(**changes: object) -> JobDraft:
    base = {
        "title": "Store associate",
        "summary": "Help people find what they need and keep the shelves full.",
        "pay": PayRange(low=17, high=19),
        "requirements": [
            Requirement(
                skill=ESF,
                label="Customer service",
                level=2,
                evidence=[EvidenceKind.CREDENTIAL, EvidenceKind.ATTESTATION],
            )
        ],
    }
    return JobDraft.model_validate(base | changes)


def test_a_job_moves_through_its_states_and_each_move_is_dated(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(world.employer_admin, world.employer_id, draft())
    assert job.state is JobState.DRAFT
    with pytest.raises(NotFoundError):
        jobs.public(job.id)  # a draft does not exist to the public
    job = jobs.move(world.employer_admin, job.id, JobState.OPEN)
    job = jobs.move(world.employer_admin, job.id, JobState.PAUSED)
    job = jobs.move(world.employer_admin, job.id, JobState.OPEN)
    job = jobs.move(world.employer_admin, job.id, JobState.FILLED)
    assert [c.state for c in job.history] == [
        JobState.DRAFT, JobState.OPEN, JobState.PAUSED, JobState.OPEN, JobState.FILLED
    ]  # fmt: skip
    assert all(a.at <= b.at for a, b in zip(job.history, job.history[1:], strict=False))
    assert job.opened_at() == job.history[1].at
    job = jobs.move(world.employer_admin, job.id, JobState.CLOSED)
    with pytest.raises(ConflictError):
        jobs.move(world.employer_admin, job.id, JobState.OPEN)
    with pytest.raises(ConflictError):
        jobs.update(world.employer_admin, job.id, draft())
    moves = [
        e.details
        for e in audit.for_org(world.platform.engine, world.employer_id)
        if e.action == "job.state"
    ]
    assert {"from": "filled", "to": "closed"} in moves


def test_publishing_waits_until_errors_are_fixed(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(
        world.employer_admin, world.employer_id, draft(summary="We want a digital native.")
    )
    with pytest.raises(InvalidInputError, match="digital native"):
        jobs.move(world.employer_admin, job.id, JobState.OPEN)
    jobs.update(world.employer_admin, job.id, draft())
    assert jobs.move(world.employer_admin, job.id, JobState.OPEN).state is JobState.OPEN


def test_an_organization_turns_a_rule_off_and_the_change_is_audited(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(
        world.employer_admin, world.employer_id, draft(summary="Bachelor's degree required.")
    )
    assert RuleId.DEGREE in {f.finding.rule for f in jobs.findings(world.employer_admin, job.id)}
    jobs.set_lint_settings(
        world.employer_admin, world.employer_id, LintSettings(disabled=frozenset({RuleId.DEGREE}))
    )
    assert RuleId.DEGREE not in {
        f.finding.rule for f in jobs.findings(world.employer_admin, job.id)
    }
    log = audit.for_org(world.platform.engine, world.employer_id)
    change = next(e for e in log if e.action == "job.lint_settings")
    assert change.details["after"]["disabled"] == ["degree-requirement"]
    with pytest.raises(PermissionDeniedError):
        jobs.set_lint_settings(world.worker, world.employer_id, LintSettings())


def test_only_employers_post_jobs_and_only_their_staff(world: World) -> None:
    jobs = jobs_of(world)
    with pytest.raises(InvalidInputError, match="employer"):
        jobs.create(world.admin, world.org_id, draft())  # a college
    with pytest.raises(PermissionDeniedError):
        jobs.create(world.admin, world.employer_id, draft())  # not a member
    with pytest.raises(PermissionDeniedError):
        jobs.create(world.worker, world.employer_id, draft())


def test_a_worker_applies_with_a_credential_and_withdraws(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(world.employer_admin, world.employer_id, draft())
    with pytest.raises(NotFoundError):
        jobs.apply(world.worker, job.id, [])  # not published yet
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    holder = world.service.wallet.holder_did(world.worker)
    world.service.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=holder)])
    item = world.service.wallet.items(world.worker)[0]
    application = jobs.apply(world.worker, job.id, [item.id])
    assert application.state == "applied"
    with pytest.raises(ConflictError):
        jobs.apply(world.worker, job.id, [item.id])
    grant = world.platform.consents.get(world.worker, application.grant_id or "")
    assert grant.purpose_ref == job.id and grant.purpose_kind.value == "job_application"
    assert set(grant.scope["parts"]) == {"profile", "records"}
    assert grant.scope["records"] == [item.id]
    applicants = jobs.applicants(world.employer_admin, job.id)
    assert [(a.name, a.credentials) for a in applicants] == [("Wanda", 1)]
    view = world.platform.consents.worker_view(
        world.employer_admin, world.employer_id, world.worker.user.id
    )
    assert view["name"] == "Wanda"
    jobs.withdraw(world.worker, job.id)
    assert jobs.applicants(world.employer_admin, job.id) == []
    with pytest.raises(PermissionDeniedError):
        world.platform.consents.worker_view(
            world.employer_admin, world.employer_id, world.worker.user.id
        )
    assert jobs.apply(world.worker, job.id, []).state == "applied"  # may apply again


def test_applicants_are_for_the_employers_own_hiring_staff(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(world.employer_admin, world.employer_id, draft())
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    jobs.apply(world.worker, job.id, [])
    p = world.platform
    other = p.accounts.principal(
        p.accounts.sign_up("oz@other.example", PASSWORD, "Oz", AccountKind.STAFF)
    )
    p.orgs.create(other, "Other Shop", OrgKind.EMPLOYER)
    other = p.accounts.principal(other.user)
    with pytest.raises(PermissionDeniedError):
        jobs.applicants(other, job.id)
    with pytest.raises(PermissionDeniedError):
        jobs.get(other, job.id)
    root = p.accounts.principal(
        p.accounts.sign_up(
            "root@onramp.example", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
        )
    )
    assert jobs.get(root, job.id).id == job.id  # oversight of the tenant's jobs
    with pytest.raises(PermissionDeniedError):
        jobs.applicants(root, job.id)  # but never what workers shared
    assert jobs.public(job.id).id == job.id  # the public page is for anyone


def test_a_credential_about_someone_else_cannot_go_with_an_application(world: World) -> None:
    jobs = jobs_of(world)
    job = jobs.create(world.employer_admin, world.employer_id, draft())
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    issued = world.service.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:someone")]
    )[0]
    item = world.service.wallet.add(world.worker, issued.document, "paste")
    with pytest.raises(InvalidInputError, match="about you"):
        jobs.apply(world.worker, job.id, [item.id])
    assert jobs.applicants(world.employer_admin, job.id) == []
