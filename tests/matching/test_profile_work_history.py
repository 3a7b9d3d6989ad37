"""The past jobs of a worker's profile are work-history evidence (SQLite and PostgreSQL): the
profile is where a job is kept, each is coded with the title coder as it is saved, in the
profile's transaction, and a job also added on the skills page counts once."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from onramp.errors import InvalidInputError
from onramp.matching.profile_vectors import ProfileVectors
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import WorkerEvidence
from onramp.matching.sources.entries import FROM_PROFILE, profile_date

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
import wallet_world  # noqa: E402
from wallet_world import World  # noqa: E402

world = wallet_world.world  # the fixture

ESF_OTHER = "urn:onramp:esf:ESF-05"
DISHWASHERS = ("35-9021.00", "Dishwashers")
DISHWASHER = {"title": "Dishwasher", "employer": "Corner Cafe", "start": "2022", "end": "2024-06"}


def books_of(world: World) -> WorkerEvidence:
    books = WorkerEvidence(
        world.platform.engine,
        world.platform.consents,
        world.service.wallet,
        title_coder=lambda title, _what: DISHWASHERS if "dish" in title.lower() else None,
        occupation_skills=lambda code: [(ESF_OTHER, 2)] if code == DISHWASHERS[0] else [],
    )
    world.platform.workers.follow_work_history(books.follow_profile)
    return books


def inferred(books: WorkerEvidence, world: World) -> list[str]:
    found = books.evidence_for(world.worker, world.worker.user.id).evidence
    return [e.source for e in found if e.kind is EvidenceKind.WORK_HISTORY and e.inferred]


def test_the_profiles_past_jobs_are_evidence_counted_once(world: World) -> None:
    books, workers, worker = books_of(world), world.platform.workers, world.worker
    vectors = ProfileVectors(world.platform.engine, books.evidence_for_index)
    workers.update(worker, work_history=[DISHWASHER, {"title": "Wizard", "start": "now"}])
    jobs = [e for e in books.entries(worker) if e.kind is EvidenceKind.WORK_HISTORY]
    assert [(j.title, j.occupation_code) for j in jobs] == [
        ("Dishwasher", DISHWASHERS[0]),
        ("Wizard", ""),
    ]
    dish = jobs[0]
    assert dish.details["source"] == FROM_PROFILE and dish.details["employer"] == "Corner Cafe"
    assert dish.started_on == date(2022, 1, 1) and dish.ended_on == date(2024, 6, 30)
    assert "could not match" in jobs[1].details["note"]
    assert len(inferred(books, world)) == 1  # the dishwasher's skill, inferred
    assert vectors.stale() == [worker.user.id]  # in the profile's transaction
    vectors.refresh()
    # saving the profile again without changing a job changes no evidence
    workers.update(worker, headline="Kitchen help", work_history=[DISHWASHER, {"title": "Wizard"}])
    again = [e for e in books.entries(worker) if e.kind is EvidenceKind.WORK_HISTORY]
    assert [e.id for e in again] == [j.id for j in jobs] and vectors.stale() == []
    # the same job added on the skills page counts once, as the one added there
    mine = books.add_work_history(
        worker, title="dishwasher", employer="corner  cafe", started_on=date(2022, 3, 1)
    )
    gathered = books.evidence_for(worker, worker.user.id)
    assert inferred(books, world) == [f"entry:{mine.id}"]
    assert any("count it once" in str(why) for why in gathered.left_out)
    # a job from the profile is changed on the profile, not on the skills page
    with pytest.raises(InvalidInputError, match="profile"):
        books.remove(worker, dish.id)
    # dropped from the profile: gone from the evidence; the skills page's own stays
    workers.update(worker, work_history=[])
    left = [e for e in books.entries(worker) if e.kind is EvidenceKind.WORK_HISTORY]
    assert [e.id for e in left] == [mine.id]


def test_an_occupation_the_store_does_not_hold_is_coded_from_the_title(world: World) -> None:
    books = books_of(world)
    world.platform.workers.update(
        world.worker, work_history=[{**DISHWASHER, "occupation_code": "99-9999.99"}]
    )
    (job,) = books.entries(world.worker)
    assert job.occupation_code == DISHWASHERS[0] and "note" not in job.details


def test_dates_a_worker_types_in_a_profile() -> None:
    assert profile_date("2019") == date(2019, 1, 1)
    assert profile_date("2019", end=True) == date(2019, 12, 31)
    assert profile_date("2019-02", end=True) == date(2019, 2, 28)
    assert profile_date("2019-12", end=True) == date(2019, 12, 31)
    assert profile_date("2019-05-14") == date(2019, 5, 14)
    for nothing in ("", "now", "May 2019", "2019-13", "19", "2019-02-30"):
        assert profile_date(nothing) is None
