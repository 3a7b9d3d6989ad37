"""`write_transaction` on SQLite and PostgreSQL: a read that decides a write is never stale.

Eight threads each add one to a counter 25 times by reading it and writing it back. Inside
`write_transaction` every addition counts; a plain transaction loses some on SQLite, where the
driver runs the read outside any transaction (ADR 8)."""

from __future__ import annotations

import threading

from sqlalchemy import Column, Engine, Integer, MetaData, Table, select, update

from onramp.store import write_transaction
from onramp.store.engine import advisory_key

counter = Table("test_counter", MetaData(), Column("n", Integer, nullable=False))


def test_reads_then_writes_lose_no_update(engine: Engine) -> None:
    counter.create(engine)
    with engine.begin() as conn:
        conn.execute(counter.insert().values(n=0))

    def add() -> None:
        for _ in range(25):
            with write_transaction(engine, "test-counter") as conn:
                n = conn.execute(select(counter.c.n)).scalar_one()
                conn.execute(update(counter).values(n=n + 1))

    threads = [threading.Thread(target=add) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as conn:
        assert conn.execute(select(counter.c.n)).scalar_one() == 200


def test_a_failed_write_transaction_leaves_nothing(engine: Engine) -> None:
    counter.create(engine)
    try:
        with write_transaction(engine) as conn:
            conn.execute(counter.insert().values(n=1))
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    with engine.connect() as conn:
        assert conn.execute(select(counter.c.n)).all() == []


def test_lock_names_map_to_stable_distinct_keys() -> None:
    assert advisory_key("status-lists:a") == advisory_key("status-lists:a")
    assert advisory_key("status-lists:a") != advisory_key("status-lists:b")
    assert -(2**63) <= advisory_key("login-attempts:email:x@example.org") < 2**63
