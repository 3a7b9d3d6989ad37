"""The extraction pool (issue 11, item 10): real worker processes over a real store (SQLite and
PostgreSQL) read and analyse documents as this process would; the server ranks clauses for
them; a job over its time budget is stopped and its worker replaced; a full pool turns
requests away with BusyError instead of letting them pile up."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import (
    BusyError,
    InvalidInputError,
    NotAvailableError,
    TooLargeError,
    TooSlowError,
)
from onramp.nlp.documents import read_document
from onramp.nlp.limits import MAX_INPUT_BYTES
from onramp.nlp.service import ExtractionJob, extract_document
from onramp.nlp.workers import RETRY_AFTER, ExtractionPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
from small_store import POSTING, PYTHON, fill  # noqa: E402


def url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def store(engine: Engine) -> Engine:
    return fill(engine)


@pytest.fixture
def pool(store: Engine) -> Iterator[ExtractionPool]:
    made = ExtractionPool(url(store), size=1)
    yield made
    made.close()


class Ranker:
    """A dense linker for the server's side: Python for every clause, after `gate` opens."""

    def __init__(self, gate: threading.Event | None = None, fail: Exception | None = None):
        self.gate, self.fail = gate, fail
        self.asked = threading.Event()
        self.texts: list[str] = []

    def rank(self, texts: list[str], *, top: int) -> list[list[tuple[str, str, float]]]:
        self.texts += texts
        self.asked.set()
        if self.gate is not None:
            self.gate.wait(30)
        if self.fail is not None:
            raise self.fail
        return [[(PYTHON, "Python (computer programming)", 0.95)] for _ in texts]


def text_job(text: str = POSTING, dense: bool = False) -> ExtractionJob:
    return ExtractionJob(text, "posting", format="text", dense=dense, no_dense_reason="turned off")


def test_a_worker_extracts_as_this_process_does(store: Engine, pool: ExtractionPool) -> None:
    job = ExtractionJob(
        POSTING.encode(), "posting", name="posting.txt", dense=False, no_dense_reason="turned off"
    )
    here = extract_document(store, read_document(POSTING, format="text"), "posting", dense=False)
    assert json.loads(pool.run(job, None)) == here.to_dict()  # as the API sends it


def test_the_server_ranks_clauses_for_the_worker(pool: ExtractionPool) -> None:
    ranker = Ranker()
    result = json.loads(pool.run(text_job(dense=True), ranker))
    assert ranker.texts and "3+ years of experience with Python and SQL" in ranker.texts
    python = next(item for item in result["skills"] if item["uri"] == PYTHON)
    assert "dense" in {evidence["match"] for evidence in python["evidence"]}
    assert not any(note.startswith("Dense linking") for note in result["notes"])


def test_a_ranking_that_cannot_run_leaves_a_note(pool: ExtractionPool) -> None:
    ranker = Ranker(fail=NotAvailableError("the skill vectors are not stored"))
    result = json.loads(pool.run(text_job(dense=True), ranker))
    assert "Dense linking: the skill vectors are not stored." in result["notes"]
    assert result["skills"]  # the lexical part still ran


def test_errors_come_back_as_themselves_and_the_worker_stays(pool: ExtractionPool) -> None:
    pool.run(text_job(), None)
    [worker] = pool._all
    too_big = ExtractionJob(b"a" * (MAX_INPUT_BYTES + 1), "posting", name="big.txt")
    with pytest.raises(TooLargeError, match="too big"):
        pool.run(too_big, None)
    with pytest.raises(InvalidInputError, match="unknown document kind"):
        pool.run(ExtractionJob("Python", "memo", format="text"), None)
    with pytest.raises(RuntimeError, match="failed in a worker"):
        pool.run(ExtractionJob(12345, "posting"), None)  # type: ignore[arg-type] # a bug
    assert pool._all == [worker] and worker.alive()  # the same worker served them all


def test_a_job_over_its_budget_is_stopped_and_its_worker_replaced(store: Engine) -> None:
    pool = ExtractionPool(url(store), size=1, budget=0.01)
    try:
        pool.warm()
        [first] = pool._all
        with pytest.raises(TooSlowError, match="took more than 0 seconds"):
            pool.run(text_job(POSTING * 500), None)  # 95,000 characters in 10 ms: no
        assert first.process.poll() is not None and pool._all == []  # stopped, forgotten
        pool.budget = 60
        assert json.loads(pool.run(text_job(), None))["skills"]
        [second] = pool._all
        assert second.process.pid != first.process.pid
    finally:
        pool.close()


def test_a_full_pool_turns_requests_away(store: Engine) -> None:
    pool = ExtractionPool(url(store), size=1, wait=0.2, backlog=1)
    gate = threading.Event()
    held = Ranker(gate)
    done: list[object] = []
    first = threading.Thread(target=lambda: done.append(pool.run(text_job(dense=True), held)))
    try:
        first.start()
        assert held.asked.wait(60)  # the only worker is busy until the gate opens
        with pytest.raises(BusyError) as waited:  # waits 0.2 s for the worker, in vain
            pool.run(text_job(), None)
        assert waited.value.retry_after == RETRY_AFTER
        second = threading.Thread(target=lambda: done.append(_busy(pool)))
        second.start()  # waits for the worker: the backlog of one is now full...
        while pool._admitted < 2:
            threading.Event().wait(0.01)
        with pytest.raises(BusyError, match="busy right now"):
            pool.run(text_job(), None)  # ...so this one is turned away at once
        second.join()
    finally:
        gate.set()
        first.join()
        pool.close()
    assert done[0] == "busy" and json.loads(done[1])["skills"]  # type: ignore[arg-type]


def _busy(pool: ExtractionPool) -> str:
    try:
        pool.run(text_job(), None)
    except BusyError:
        return "busy"
    return "ran"


def test_close_stops_every_worker(store: Engine) -> None:
    pool = ExtractionPool(url(store), size=2)
    pool.warm()
    processes = [worker.process for worker in pool._all]
    assert len(processes) == 2 and all(p.poll() is None for p in processes)
    pool.close()
    assert all(p.poll() is not None for p in processes)
    with pytest.raises(NotAvailableError, match="shutting down"):
        pool.run(text_job(), None)
