"""Personal details and demographic answers, kept apart (SQLite and PostgreSQL): a worker gives,
sees and deletes them; an employer sees candidates' evidence blind and reveals a candidate only
for a job they applied to, audited; only `onramp.matching.personal` reads the personal tables."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from onramp.errors import InvalidInputError, PermissionDeniedError
from onramp.jobs.model import JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.matching.personal import Personal, Question, Schooling
from onramp.matching.scoring.evidence import Evidence, EvidenceKind
from onramp.matching.service import EntryDraft, WorkerEvidence
from onramp.platform import AccountKind, OrgKind, PurposeKind, Role, audit
from onramp.store import personal_tables as p

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import PASSWORD, World  # noqa: E402

world = wallet_world.world  # the fixture
ESF = "urn:onramp:esf:ESF-02"
SOURCE = Path(__file__).resolve().parents[2] / "src" / "onramp"


def personal_of(world: World) -> Personal:
    return Personal(world.platform.engine, world.platform.consents)


def books_of(world: World) -> WorkerEvidence:
    return WorkerEvidence(world.platform.engine, world.platform.consents, world.service.wallet)


def open_job(world: World) -> str:
    jobs = Jobs(world.platform.engine, world.platform.consents, world.service.wallet)
    draft = JobDraft(
        title="Store associate",
        summary="Help people find what they need and keep the shelves full.",
        pay=PayRange(low=17, high=19),
        requirements=[Requirement(skill=ESF, label="Customer service", level=2)],
    )
    job = jobs.create(world.employer_admin, world.employer_id, draft)
    jobs.move(world.employer_admin, job.id, JobState.OPEN)
    return job.id


def test_a_worker_keeps_details_the_blind_view_hides(world: World) -> None:
    personal = personal_of(world)
    found = personal.details(world.worker)
    assert found.name == "Wanda" and found.birth_year is None and found.education == []
    found = personal.update_details(
        world.worker,
        photo_url="https://img.example/w.jpg",
        birth_year=1990,
        address="1 Main St, Dayton, OH",
        education=[Schooling("Dayton High", "Diploma", 2008)],
    )
    assert found.birth_year == 1990 and found.age is not None and found.age >= 35
    assert found.education == [Schooling("Dayton High", "Diploma", 2008)]
    again = personal.update_details(world.worker, address="2 Oak St")
    assert again.address == "2 Oak St" and again.birth_year == 1990  # others kept
    assert personal.update_details(world.worker, clear_birth_year=True).birth_year is None
    for bad in (
        {"photo_url": "http://img.example/w.jpg"},
        {"birth_year": 1800},
        {"education": [Schooling("")]},
        {"education": [Schooling("X", graduation_year=1200)]},
    ):
        with pytest.raises(InvalidInputError):
            personal.update_details(world.worker, **bad)  # type: ignore[arg-type]
    with pytest.raises(PermissionDeniedError):
        personal.details(world.employer_admin)


def test_demographic_answers_need_consent_and_the_worker_sees_and_deletes_them(
    world: World,
) -> None:
    personal, engine = personal_of(world), world.platform.engine
    answers = {"race_ethnicity": ["asian", "white"], "sex": ["prefer_not_to_say"]}
    with pytest.raises(InvalidInputError, match="only if you agree"):
        personal.give_demographics(world.worker, answers, consent=False)
    assert personal.demographics(world.worker) is None
    given = personal.give_demographics(world.worker, answers, consent=True)
    assert given.answers == {
        Question.RACE_ETHNICITY: ("asian", "white"),
        Question.SEX: ("prefer_not_to_say",),
    }
    assert personal.demographics(world.worker) == given
    for bad in (
        {"sex": ["female", "male"]},  # one answer only
        {"race_ethnicity": ["asian", "prefer_not_to_say"]},
        {"veteran": ["maybe"]},
        {"religion": ["none"]},
    ):
        with pytest.raises(InvalidInputError):
            personal.give_demographics(world.worker, bad, consent=True)
    assert personal.demographics(world.worker) == given  # a refused change loses nothing
    personal.delete_demographics(world.worker)
    assert personal.demographics(world.worker) is None
    with engine.connect() as conn:
        assert conn.execute(select(p.demographic_answers)).first() is None
    actions = [e.action for e in audit.about_worker(engine, world.worker.user.id)]
    assert "demographics.give" in actions and "demographics.delete" in actions


def test_an_employer_sees_applicants_blind_and_every_reveal_is_audited(world: World) -> None:
    engine, personal, books = world.platform.engine, personal_of(world), books_of(world)
    job_id = open_job(world)
    personal.update_details(world.worker, birth_year=1980, education=[Schooling("State U", "BA")])
    personal.give_demographics(
        world.worker, {"age_band": ["40_54"], "race_ethnicity": ["asian", "white"]}, consent=True
    )
    books.add(world.worker, EntryDraft(EvidenceKind.TRAINING, "Service class", [(ESF, 3)]))
    with pytest.raises(PermissionDeniedError):  # not a candidate yet
        personal.reveal(world.employer_admin, job_id, world.worker.user.id)
    assert books.evidence_for_job(world.employer_admin, job_id) == {}
    jobs = Jobs(engine, world.platform.consents, world.service.wallet)
    jobs.apply(world.worker, job_id, [])
    seen = books.evidence_for_job(world.employer_admin, job_id)
    assert list(seen) == [world.worker.user.id]
    # blind: only evidence, and evidence says nothing about who the person is
    assert all(isinstance(e, Evidence) for e in seen[world.worker.user.id].evidence)
    assert [e.kind for e in seen[world.worker.user.id].evidence] == [EvidenceKind.TRAINING]
    # the answers are only counted, for the people who hire for the job
    assert personal.groups_for_job(world.employer_admin, job_id, Question.AGE_BAND) == {
        world.worker.user.id: "40_54"
    }
    assert personal.groups_for_job(world.employer_admin, job_id, Question.RACE_ETHNICITY) == {
        world.worker.user.id: "two_or_more"
    }
    assert personal.groups_for_job(world.employer_admin, job_id, Question.SEX) == {
        world.worker.user.id: None
    }
    with pytest.raises(PermissionDeniedError):
        personal.groups_for_job(world.admin, job_id, Question.SEX)
    revealed = personal.reveal(world.employer_admin, job_id, world.worker.user.id)
    assert revealed.name == "Wanda" and revealed.birth_year == 1980
    assert revealed.education == [Schooling("State U", "BA")]
    log = audit.about_worker(engine, world.worker.user.id)
    reveals = [e for e in log if e.action == "candidate.reveal"]
    assert len(reveals) == 1 and reveals[0].actor_id == world.employer_admin.user.id
    assert reveals[0].target_id == job_id and reveals[0].org_id == world.employer_id
    assert any(e.action == "evidence.view" and e.details.get("job") == job_id for e in log)
    counted = [
        e for e in audit.for_org(engine, world.employer_id) if e.action == "demographics.count"
    ]
    assert len(counted) == 3 and counted[0].subject_id is None  # about the job, not a person
    # another organization's hiring staff, and the college's admin, cannot reveal
    rival = world.platform.accounts.principal(
        world.platform.accounts.sign_up("rita@rival.example", PASSWORD, "Rita", AccountKind.STAFF)
    )
    world.platform.orgs.create(rival, "Rival Shop", OrgKind.EMPLOYER)
    rival = world.platform.accounts.principal(rival.user)
    for outsider in (rival, world.admin, world.worker):
        with pytest.raises(PermissionDeniedError):
            personal.reveal(outsider, job_id, world.worker.user.id)
        with pytest.raises(PermissionDeniedError):
            books.evidence_for_job(outsider, job_id)
    # a member who does not hire cannot reveal either
    navigator = world.platform.accounts.principal(
        world.platform.accounts.sign_up("nia@shop.example", PASSWORD, "Nia", AccountKind.STAFF)
    )
    world.platform.orgs.add_member(world.employer_id, navigator.user, Role.NAVIGATOR, None)
    with pytest.raises(PermissionDeniedError):
        personal.reveal(
            world.platform.accounts.principal(navigator.user), job_id, world.worker.user.id
        )
    # withdrawing ends it on the next request
    jobs.withdraw(world.worker, job_id)
    with pytest.raises(PermissionDeniedError):
        personal.reveal(world.employer_admin, job_id, world.worker.user.id)
    assert books.evidence_for_job(world.employer_admin, job_id) == {}


def test_a_grant_for_another_job_does_not_make_a_candidate(world: World) -> None:
    job_id, other_job = open_job(world), open_job(world)
    world.platform.consents.grant(
        world.worker,
        world.employer_id,
        ["profile"],
        PurposeKind.JOB_APPLICATION,
        "My application",
        purpose_ref=other_job,
    )
    with pytest.raises(PermissionDeniedError):
        personal_of(world).reveal(world.employer_admin, job_id, world.worker.user.id)
    assert list(books_of(world).evidence_for_job(world.employer_admin, other_job)) == [
        world.worker.user.id
    ]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_only_the_personal_module_reads_the_personal_tables() -> None:
    allowed = {
        SOURCE / "matching" / "personal.py",
        SOURCE / "store" / "__init__.py",
        SOURCE / "store" / "migrations" / "env.py",
    }
    readers = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if path not in allowed and "onramp.store.personal_tables" in _imports(path)
    )
    assert readers == [], f"personal tables read outside onramp.matching.personal: {readers}"
    # nor by the table's name in hand-written SQL
    named = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if path not in allowed
        and path.name != "personal_tables.py"
        and "versions" not in path.parts
        and "demographic_answers" in path.read_text(encoding="utf-8")
    )
    assert named == [], f"demographic answers named outside onramp.matching.personal: {named}"


# The only matching modules that may import `personal`, each for a reason: the adverse-impact
# audit counts groups after the ranking is fixed, the factory puts the use cases together, and
# the worker's own export hands them their own details and answers.
PERSONAL_IMPORTERS = {"personal.py", "fairness.py", "services.py", "my_data.py"}
GATHERING = ("service.py", "access.py", "candidates.py", "related.py", "sources", "scoring")


def test_nothing_that_gathers_or_scores_evidence_imports_the_personal_module() -> None:
    matching = SOURCE / "matching"
    importers = sorted(
        str(path.relative_to(matching))
        for path in matching.rglob("*.py")
        if "onramp.matching.personal" in _imports(path)
    )
    assert set(importers) <= PERSONAL_IMPORTERS, f"new importers of personal: {importers}"
    # and what gathers or scores evidence reaches none of them
    reach = {f"onramp.matching.{name.removesuffix('.py')}" for name in PERSONAL_IMPORTERS}
    leaks = sorted(
        f"{path.relative_to(matching)} imports {sorted(_imports(path) & reach)}"
        for path in matching.rglob("*.py")
        if path.relative_to(matching).parts[0] in GATHERING and _imports(path) & reach
    )
    assert leaks == [], leaks


def test_deleting_the_account_deletes_personal_details_answers_and_evidence(
    world: World,
) -> None:
    from onramp.store import matching_tables as m

    engine = world.platform.engine
    personal_of(world).update_details(world.worker, birth_year=1990)
    personal_of(world).give_demographics(world.worker, {"veteran": ["no"]}, consent=True)
    books_of(world).add(world.worker, EntryDraft(EvidenceKind.TRAINING, "Class", [(ESF, 2)]))
    world.platform.privacy.delete_account(world.worker, PASSWORD)
    with engine.connect() as conn:
        for table in (p.personal_details, p.demographic_answers, m.evidence_entries):
            assert conn.execute(select(table)).first() is None, table.name
        assert conn.execute(select(m.evidence_skills)).first() is None
