"""The evidence use cases on a real store (SQLite and PostgreSQL): the wallet's credentials
checked again on every read, what a worker enters, and who may see it under consent."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from onramp.credentials.issuing import Recipient
from onramp.errors import InvalidInputError, PermissionDeniedError
from onramp.matching.scoring.evidence import Evidence, EvidenceKind, EvidenceStatus
from onramp.matching.service import EntryDraft, WorkerEvidence
from onramp.platform import AccountKind, PurposeKind, audit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import PASSWORD, World  # noqa: E402

world = wallet_world.world  # the fixture

ESF = "urn:onramp:esf:ESF-02"
ESF_OTHER = "urn:onramp:esf:ESF-05"
COLLEGE_DID = "did:web:onramp.example:orgs:river-college"
SHOP_DID = "did:web:onramp.example:orgs:corner-shop"
DISHWASHERS = ("35-9021.00", "Dishwashers")


def evidence_of(world: World, **changes: object) -> WorkerEvidence:
    options: dict[str, object] = {
        "title_coder": lambda title, _what: DISHWASHERS if "dish" in title.lower() else None,
        "occupation_skills": lambda code: [(ESF_OTHER, 2)] if code == DISHWASHERS[0] else [],
    }
    options.update(changes)
    return WorkerEvidence(
        world.platform.engine,
        world.platform.consents,
        world.service.wallet,
        **options,  # type: ignore[arg-type]
    )


def credential_evidence(books: WorkerEvidence, world: World) -> list:  # type: ignore[type-arg]
    found = books.evidence_for(world.worker, world.worker.user.id).evidence
    return [e for e in found if e.kind is EvidenceKind.CREDENTIAL]


def test_a_wallet_credential_is_evidence_and_its_status_is_checked_on_every_read(
    world: World,
) -> None:
    s, books = world.service, evidence_of(world)
    did = s.wallet.holder_did(world.worker)
    issued = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did=did, level_id="Proficient")]
    )[0]
    (found,) = credential_evidence(books, world)
    assert found.skill == ESF and found.level == 3  # the rubric level "Proficient"
    assert found.verified and found.counts and found.issuer == COLLEGE_DID
    assert found.source.startswith("wallet:") and "Customer Service Basics" in found.note
    s.issuing.change_state(world.admin, world.org_id, issued.id, "suspend")
    (held,) = credential_evidence(books, world)
    assert held.status is EvidenceStatus.SUSPENDED and not held.verified and not held.counts
    s.issuing.change_state(world.admin, world.org_id, issued.id, "reinstate")
    assert credential_evidence(books, world)[0].counts
    s.issuing.change_state(world.admin, world.org_id, issued.id, "revoke")
    (gone,) = credential_evidence(books, world)
    assert gone.status is EvidenceStatus.REVOKED and not gone.counts and not gone.verified
    assert "taken" in gone.note


def test_a_credential_about_someone_else_gives_no_evidence(world: World) -> None:
    s, books = world.service, evidence_of(world)
    other = s.issue(
        world.admin, world.org_id, world.achievement_id, [Recipient(did="did:example:someone")]
    )[0]
    item = s.wallet.add(world.worker, other.document, "paste")
    assert not item.is_mine
    found = books.evidence_for(world.worker, world.worker.user.id)
    assert found.evidence == []
    assert any("not about you" in str(why) for why in found.left_out)


def test_what_a_worker_enters_round_trips_and_becomes_evidence(world: World) -> None:
    books = evidence_of(world)
    worker = world.worker
    attestation = books.add(
        worker,
        EntryDraft(
            EvidenceKind.ATTESTATION,
            "Letter from my manager",
            [(ESF, 4)],
            issuer="Corner Cafe",
            ended_on=date(2025, 5, 1),
            link="https://example.org/letter",
        ),
    )
    assert attestation.skills[0].label and attestation.details["link"].startswith("https://")
    books.add(worker, EntryDraft(EvidenceKind.ASSESSMENT, "Service test", [(ESF, 3)], score="88"))
    books.add(worker, EntryDraft(EvidenceKind.TRAINING, "Safety class", [(ESF_OTHER, 2)]))
    books.add(
        worker,
        EntryDraft(EvidenceKind.PORTFOLIO, "Menu I wrote", [(ESF, 2)], description="A menu."),
    )
    books.rate_essential_skills(worker, {ESF: 3, ESF_OTHER: 1})
    books.rate_essential_skills(worker, {ESF: 2, ESF_OTHER: None})  # replaces the last ones
    assert books.self_ratings(worker) == {ESF: 2}
    job = books.add_work_history(
        worker,
        title="Dishwasher",
        employer="Corner Cafe",
        started_on=date(2022, 1, 1),
        ended_on=date(2024, 6, 30),
    )
    assert job.occupation_code == DISHWASHERS[0]
    assert job.details["occupation_title"] == "Dishwashers"
    unknown = books.add_work_history(worker, title="Wizard")
    assert unknown.occupation_code == "" and "could not match" in unknown.details["note"]
    books.add_resume(
        worker,
        {
            "kind": "resume",
            "text": "I serve customers.",
            "skills": [
                {"uri": ESF, "label": "Serving customers", "level": None},
                {"uri": ESF, "label": "again"},
                {"uri": "not a skill"},
            ],
        },
    )
    entries = books.entries(worker)
    assert [e.kind for e in entries].count(EvidenceKind.SELF) == 1
    assert len(entries) == 8
    found = books.evidence_for(worker, worker.user.id).evidence
    kinds = {e.kind for e in found}
    assert kinds == {
        EvidenceKind.ATTESTATION,
        EvidenceKind.ASSESSMENT,
        EvidenceKind.TRAINING,
        EvidenceKind.PORTFOLIO,
        EvidenceKind.SELF,
        EvidenceKind.WORK_HISTORY,
        EvidenceKind.RESUME,
    }
    assert not any(e.verified for e in found)  # all in the worker's own words
    (inferred,) = [e for e in found if e.inferred]
    assert inferred.kind is EvidenceKind.WORK_HISTORY and inferred.skill == ESF_OTHER
    assert inferred.date == date(2024, 6, 30) and "Dishwashers" in inferred.note
    assert "Corner Cafe" not in inferred.note  # an employer's name is not a skill
    (resume,) = [e for e in found if e.kind is EvidenceKind.RESUME]
    assert resume.source.startswith("resume:") and resume.level == 3
    (rated,) = [e for e in found if e.kind is EvidenceKind.SELF]
    assert rated.level == 2 and rated.skill == ESF
    books.remove(worker, attestation.id)
    assert len(books.entries(worker)) == 7
    actions = [e.action for e in audit.about_worker(world.platform.engine, worker.user.id)]
    assert "evidence.add" in actions and "evidence.remove" in actions


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (EntryDraft(EvidenceKind.ATTESTATION, "x", []), "at least one skill"),
        (EntryDraft(EvidenceKind.ATTESTATION, "x", [("urn:nope:1", 3)]), "do not know"),
        (EntryDraft(EvidenceKind.ATTESTATION, "x", [(ESF, 6)]), "from 1 to 5"),
        (EntryDraft(EvidenceKind.ATTESTATION, "", [(ESF, 3)]), "title"),
        (EntryDraft(EvidenceKind.PORTFOLIO, "x", [(ESF, 3)]), "link"),
        (EntryDraft(EvidenceKind.PORTFOLIO, "x", [(ESF, 3)], link="javascript:x"), "https"),
        (EntryDraft(EvidenceKind.SELF, "x", [(ESF, 3)]), "Choose what this is"),
        (
            EntryDraft(
                EvidenceKind.TRAINING,
                "x",
                [(ESF, 3)],
                started_on=date(2025, 1, 2),
                ended_on=date(2025, 1, 1),
            ),
            "before the start",
        ),
    ],
)
def test_bad_entries_are_refused_plainly_and_nothing_is_kept(
    world: World, draft: EntryDraft, message: str
) -> None:
    books = evidence_of(world)
    with pytest.raises(InvalidInputError, match=message):
        books.add(world.worker, draft)
    assert books.entries(world.worker) == []


def test_self_ratings_use_the_essential_skills_levels(world: World) -> None:
    books = evidence_of(world)
    with pytest.raises(InvalidInputError, match="from 1 to 4"):
        books.rate_essential_skills(world.worker, {ESF: 5})
    with pytest.raises(InvalidInputError, match="not one of the essential skills"):
        books.rate_essential_skills(world.worker, {"urn:other:1": 2})


def test_an_organization_sees_evidence_only_under_consent_and_each_view_is_audited(
    world: World,
) -> None:
    s, books, engine = world.service, evidence_of(world), world.platform.engine
    worker_id = world.worker.user.id
    s.issue(
        world.admin,
        world.org_id,
        world.achievement_id,
        [Recipient(did=s.wallet.holder_did(world.worker))],
    )
    books.add(world.worker, EntryDraft(EvidenceKind.TRAINING, "Safety class", [(ESF_OTHER, 2)]))
    with pytest.raises(PermissionDeniedError):  # no grant yet
        books.evidence_for(world.employer_admin, worker_id, org_id=world.employer_id)
    with pytest.raises(PermissionDeniedError):  # not a member of that organization
        books.evidence_for(world.admin, worker_id, org_id=world.employer_id)
    other = world.platform.accounts.principal(
        world.platform.accounts.sign_up("otto@mail.example", PASSWORD, "Otto")
    )
    with pytest.raises(PermissionDeniedError):  # another worker
        books.evidence_for(other, worker_id)
    grant = world.platform.consents.grant(
        world.worker, world.employer_id, ["profile"], PurposeKind.OTHER, "Talk about work"
    )
    seen = books.evidence_for(world.employer_admin, worker_id, org_id=world.employer_id)
    # the profile shares what the worker entered; credentials only when shared themselves
    assert {e.kind for e in seen.evidence} == {EvidenceKind.TRAINING}
    with pytest.raises(PermissionDeniedError):  # a grant to one organization is not another's
        books.evidence_for(world.admin, worker_id, org_id=world.org_id)
    item = s.wallet.items(world.worker)[0]
    shared = s.wallet.share(world.worker, world.employer_id, [item.id], "For the job")
    seen = books.evidence_for(world.employer_admin, worker_id, org_id=world.employer_id)
    assert EvidenceKind.CREDENTIAL in {e.kind for e in seen.evidence}
    views = [e for e in audit.about_worker(engine, worker_id) if e.action == "evidence.view"]
    assert len(views) == 2 and views[0].org_id == world.employer_id
    world.platform.consents.revoke(world.worker, grant.id)
    world.platform.consents.revoke(world.worker, shared.grant_id)
    with pytest.raises(PermissionDeniedError):  # takes effect on the very next request
        books.evidence_for(world.employer_admin, worker_id, org_id=world.employer_id)


def test_an_organization_records_verified_evidence_only_for_a_worker_who_shares(
    world: World,
) -> None:
    books, worker_id = evidence_of(world), world.worker.user.id
    draft = EntryDraft(EvidenceKind.ATTESTATION, "Six months on the till", [(ESF, 3)])
    with pytest.raises(PermissionDeniedError):
        books.record(world.employer_admin, world.employer_id, worker_id, draft)
    world.platform.consents.grant(
        world.worker, world.employer_id, ["profile"], PurposeKind.OTHER, "My job here"
    )
    entry = books.record(world.employer_admin, world.employer_id, worker_id, draft)
    assert entry.verified and entry.issuer == SHOP_DID
    (found,) = books.evidence_for(world.worker, worker_id).evidence
    assert found.verified and found.issuer == SHOP_DID and "Corner Shop" in found.note
    with pytest.raises(InvalidInputError):
        books.record(
            world.employer_admin,
            world.employer_id,
            worker_id,
            EntryDraft(EvidenceKind.PORTFOLIO, "x", [(ESF, 3)], link="https://x.example"),
        )
    records = [e for e in audit.for_org(world.platform.engine, world.employer_id)]
    assert any(e.action == "evidence.record" and e.subject_id == worker_id for e in records)


def test_staff_accounts_cannot_enter_worker_evidence(world: World) -> None:
    books = evidence_of(world)
    with pytest.raises(PermissionDeniedError):
        books.add(world.employer_admin, EntryDraft(EvidenceKind.TRAINING, "x", [(ESF, 2)]))
    staff = world.platform.accounts.principal(
        world.platform.accounts.sign_up("sam@shop.example", PASSWORD, "Sam", AccountKind.STAFF)
    )
    with pytest.raises(PermissionDeniedError):
        books.evidence_for(staff, world.worker.user.id)


def test_each_entry_of_a_clr_is_its_own_evidence_with_its_own_status(world: World) -> None:
    s, books = world.service, evidence_of(world)
    did = s.wallet.holder_did(world.worker)
    issued = [
        s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did, level_id=lv)])[
            0
        ]
        for lv in ("Developing", "Proficient")
    ]
    built = s.issuing.clr(world.admin, world.org_id, did)
    item = s.wallet.add(world.worker, json.dumps(built), "paste")
    assert item.is_mine and item.verified

    def from_clr() -> list[Evidence]:
        found = books.evidence_for(world.worker, world.worker.user.id)
        return sorted(
            (e for e in found.evidence if e.source.startswith(f"wallet:{item.id}#")),
            key=lambda e: e.level,
        )

    found = from_clr()
    assert [e.level for e in found] == [2, 3]  # Developing, Proficient: one per entry
    assert len({e.source for e in found}) == 2
    assert all(e.verified and e.counts and e.issuer == COLLEGE_DID for e in found)
    # the CLR is still intact, but the entry inside it was revoked: that entry stops counting
    s.issuing.change_state(world.admin, world.org_id, issued[0].id, "revoke")
    developing, proficient = from_clr()
    assert developing.status is EvidenceStatus.REVOKED and not developing.counts
    assert proficient.counts and proficient.verified


def test_an_application_shows_only_the_credentials_the_worker_chose(world: World) -> None:
    from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
    from onramp.jobs.service import Jobs

    s, books = world.service, evidence_of(world)
    did = s.wallet.holder_did(world.worker)
    for level in ("Developing", "Proficient"):
        s.issue(
            world.admin, world.org_id, world.achievement_id, [Recipient(did=did, level_id=level)]
        )
    chosen, kept = s.wallet.items(world.worker)
    jobs = Jobs(world.platform.engine, world.platform.consents, s.wallet)
    job = jobs.create(
        world.employer_admin,
        world.employer_id,
        JobDraft(
            title="Store associate",
            summary="Help people find what they need and keep the shelves full.",
            pay=PayRange(low=17, high=19),
            requirements=[Requirement(skill=ESF, label="Customer service", level=2)],
        ),
    )
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    jobs.apply(world.worker, job.id, [chosen.id])
    seen = books.evidence_for_job(world.employer_admin, job.id)[world.worker.user.id]
    assert {e.source for e in seen.evidence} == {f"wallet:{chosen.id}"}
    assert all(e.verified for e in seen.evidence)
    mine = {e.source for e in credential_evidence(books, world)}
    assert mine == {f"wallet:{chosen.id}", f"wallet:{kept.id}"}  # the worker sees both
