"""Past jobs coded to an occupation with the existing title coder, on real O*NET 29.3 rows
(SQLite and PostgreSQL), and the occupation's skills inferred from it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from onramp.errors import NotFoundError
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import WorkerEvidence, store_title_coder
from onramp.taxonomy import import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
import wallet_world  # noqa: E402
from onet_files import write_mini_onet  # noqa: E402
from wallet_world import World  # noqa: E402

world = wallet_world.world  # the fixture
DISHWASHERS = "35-9021.00"
STOCK_MOVERS = "53-7062.00"
SKILL = "urn:onramp:esf:ESF-05"


@pytest.fixture(scope="module")
def onet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_onet(
        shared("onet", "29.3"),
        tmp_path_factory.mktemp("onet"),
        with_optional=False,
        keep=(DISHWASHERS, STOCK_MOVERS),
    )


def test_a_past_job_is_coded_with_the_title_coder_and_its_skills_are_inferred(
    world: World, onet_dir: Path
) -> None:
    engine = world.platform.engine
    coder = store_title_coder(engine)
    assert coder("Dishwasher", "") is None  # no occupations imported yet: left uncoded
    import_onet(engine, onet_dir)
    assert coder("Dishwasher", "washed dishes and pots") == (DISHWASHERS, "Dishwashers")
    asked: list[str] = []

    def occupation_skills(code: str) -> list[tuple[str, int]]:
        asked.append(code)
        return [(SKILL, 2)]

    books = WorkerEvidence(
        engine,
        world.platform.consents,
        world.service.wallet,
        occupation_skills=occupation_skills,
    )
    job = books.add_work_history(
        world.worker, title="Dishwasher", employer="Corner Cafe", ended_on=date(2024, 1, 31)
    )
    assert job.occupation_code == DISHWASHERS and job.details["occupation_title"] == "Dishwashers"
    chosen = books.add_work_history(world.worker, title="Helper", occupation_code="53-7062")
    assert chosen.occupation_code == STOCK_MOVERS  # the code as stored
    assert chosen.details["occupation_title"].startswith("Laborers")
    with pytest.raises(NotFoundError):
        books.add_work_history(world.worker, title="Helper", occupation_code="99-9999.99")
    found = books.evidence_for(world.worker, world.worker.user.id).evidence
    assert sorted(asked) == [DISHWASHERS, STOCK_MOVERS]
    assert all(e.kind is EvidenceKind.WORK_HISTORY and e.inferred for e in found)
    assert not any(e.verified for e in found)
    assert {e.date for e in found} >= {date(2024, 1, 31)}


def test_every_way_of_building_the_use_cases_infers_a_past_jobs_skills(
    world: World, onet_dir: Path
) -> None:
    """The API passes the occupation's skills in, the CLI's factory did not: the same worker
    ranked differently from each. Now the default is the store's own occupation skills."""
    from onramp.jobs.service import Jobs
    from onramp.matching.occupation_skills import store_occupation_skills
    from onramp.matching.services import matching_services

    engine = world.platform.engine
    import_onet(engine, onet_dir)
    wanted = set(store_occupation_skills(engine)(DISHWASHERS))
    assert wanted
    jobs = Jobs(engine, world.platform.consents, world.service.wallet)
    built = matching_services(engine, world.platform.consents, world.service.wallet, jobs)
    for books in (
        built.evidence,
        WorkerEvidence(engine, world.platform.consents, world.service.wallet),
    ):
        entry = books.add_work_history(
            world.worker, title="Dishwasher", occupation_code=DISHWASHERS
        )
        found = books.evidence_for(world.worker, world.worker.user.id).evidence
        inferred = {
            (e.skill, e.level) for e in found if e.inferred and e.source == f"entry:{entry.id}"
        }
        assert inferred == wanted
        books.remove(world.worker, entry.id)
