"""Well-known career ladders show among the best moves of the full official O*NET 29.3
matrix (issue 15, goals). SQLite only: the whole release is imported once for the module.

The weights were set once from the documented defaults, not tuned to these ladders. One step
does not show in the top 20 with them (customer service representatives -> first-line
supervisors of retail sales workers ranks about 70th): it is marked as an expected failure,
so it is reported, and flagged the day it starts to pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onramp.jobs.model import CareerLevel, Job, JobDraft, JobState, PayRange
from onramp.pathways import TransitionMatrix, transition_matrix
from onramp.pathways.roadmap import build_roadmap
from onramp.pathways.search import search
from onramp.pathways.worker import PathwayConfig, build_index, score_worker
from onramp.store.engine import make_engine, upgrade
from onramp.taxonomy import import_onet

from support import shared

TOP = 20
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TransitionMatrix]:
    source = shared("onet", "29.3")
    folder: Path = tmp_path_factory.mktemp("ladders")
    store = make_engine(f"sqlite:///{folder / 'onet.db'}")
    upgrade(store)
    import_onet(store, source)
    yield transition_matrix(store)
    store.dispose()


def _rank(matrix: TransitionMatrix, origin: str, target: str) -> int:
    order = [t.to_code for t in matrix.top(origin, len(matrix.codes))]
    return order.index(target) + 1


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        ("31-1131.00", "29-2061.00"),  # nursing assistants -> licensed practical nurses
        ("29-2061.00", "29-1141.00"),  # licensed practical nurses -> registered nurses
        ("41-2031.00", "43-4051.00"),  # retail salespersons -> customer service reps
        ("41-2031.00", "41-1011.00"),  # retail salespersons -> first-line retail supervisors
        pytest.param(
            "43-4051.00",
            "41-1011.00",
            marks=pytest.mark.xfail(
                strict=True, reason="ranks about 70th with the default weights (see docstring)"
            ),
        ),
    ],
)
def test_a_known_ladder_step_is_among_the_best_moves(
    matrix: TransitionMatrix, origin: str, target: str
) -> None:
    assert _rank(matrix, origin, target) <= TOP


def test_the_full_matrix_covers_every_occupation_and_each_step_up_is_viable(
    matrix: TransitionMatrix,
) -> None:
    assert len(matrix.codes) == 1016
    step = matrix.transition(matrix.index("29-2061.00"), matrix.index("29-1141.00"))
    assert step.job_zone_change == 1 and step.viable
    assert step.transfers and step.missing  # skills that carry over, and skills to gain


@pytest.mark.parametrize(
    ("origin", "target", "through"),
    [
        ("31-1131.00", "29-1141.00", "29-2061.00"),  # nursing assistant -> LPN -> RN
        ("41-2031.00", "41-1011.00", "43-4051.00"),  # retail -> customer service -> supervisor
    ],
)
def test_a_known_ladder_is_among_a_workers_best_pathways(
    matrix: TransitionMatrix, origin: str, target: str, through: str
) -> None:
    """A worker who holds every skill of `origin` at its level, aiming for `target`, sees the
    well-known ladder through `through` among the best pathways (issue 15, item 2)."""
    config = PathwayConfig(pathways=5)
    index = build_index(matrix, config)
    held = {s.uri: float(s.level) for s in matrix.features[matrix.index(origin)].skills}
    scores = score_worker(matrix, index, held, [origin], config)
    found = search(matrix, index, scores, matrix.index(target), config)
    paths = [[matrix.codes[j] for j in f.path] for f in found]
    assert [origin, through, target] in paths, paths


def _job(title: str, code: str, level: CareerLevel, pay: float) -> Job:
    moment = datetime(2026, 1, 5, tzinfo=UTC)
    draft = JobDraft(
        title=title, occupations=(code,), career_level=level, pay=PayRange(low=pay, high=pay + 2)
    )
    return Job(
        id=title,
        org_id="org",
        org_name="Org",
        draft=draft,
        state=JobState.OPEN,
        history=(),
        created_at=moment,
        updated_at=moment,
    )


@pytest.mark.parametrize(
    ("jobs", "ladder"),
    [
        (  # a hospital: the nursing ladder comes out whole, the front office apart
            [
                _job("Registered Nurse", "29-1141.00", CareerLevel.PROFICIENT, 42),
                _job("Patient Services Rep", "43-4051.00", CareerLevel.ENTRY, 18),
                _job("Nursing Assistant", "31-1131.00", CareerLevel.ENTRY, 18),
                _job("Environmental Services", "37-2011.00", CareerLevel.ENTRY, 17),
                _job("Practical Nurse", "29-2061.00", CareerLevel.DEVELOPING, 28),
            ],
            ["Nursing Assistant", "Practical Nurse", "Registered Nurse"],
        ),
        (  # a warehouse: hand laborers up to the first-line supervisors of material movers
            [
                _job("Warehouse Supervisor", "53-1042.00", CareerLevel.SENIOR, 27),
                _job("Warehouse Associate", "53-7062.00", CareerLevel.ENTRY, 18),
                _job("Warehouse Lead", "53-7062.00", CareerLevel.PROFICIENT, 21),
            ],
            ["Warehouse Associate", "Warehouse Lead", "Warehouse Supervisor"],
        ),
    ],
    ids=["hospital", "warehouse"],
)
def test_an_employers_roadmap_has_the_well_known_ladder(
    matrix: TransitionMatrix, jobs: list[Job], ladder: list[str]
) -> None:
    roadmap = build_roadmap("org", "Org", jobs, matrix, lambda _uris: {})
    assert [r.title for r in roadmap.families[0].rungs] == ladder
    own = {j.draft.occupations[0] for j in jobs}
    assert all(not {m.code for m in f.up_and_out} & own for f in roadmap.families)
    assert roadmap.families[0].up_and_out  # where the top rung leads outside
