"""Profile sketches kept beside the store, and the profile index brought up to date from them
(issue 14, item 7).

The store holds one sketch per worker (`profile_vectors.vector`: the worker's support per
skill and level, `onramp.matching.vectors.encode_support`). A write to a worker's evidence marks
their row stale in the same transaction (`mark_stale`), so no change is lost; `refresh` builds
the stale vectors again from the worker's evidence, and `sync` hands every row changed since
the index last looked to `ProfileIndex.upsert_many`. Any process, with SQLite or PostgreSQL,
can so bring its own index file up to date one worker at a time, without a rebuild.

The vector is a pre-filter only: whoever is ranked is then scored exactly, on evidence read
again at that moment (a revoked credential counts for nothing even before the vector catches
up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from onramp.matching.index import COMPACT_ABOVE, ProfileIndex
from onramp.matching.scoring import Evidence, build_profile
from onramp.matching.vectors import decode_support, encode_support, profile_support
from onramp.platform.secrets import aware, now
from onramp.store import matching_tables as m

READ_BATCH = 10_000  # stored sketches read at a time by `sync`
Gather = Callable[[str], Iterable[Evidence]]  # a worker's evidence, for the index only


def mark_stale(conn: Connection, worker_id: str) -> None:
    """In the transaction that changed the worker's evidence: their sketch must be rebuilt.
    One upsert, so two writers marking the same new worker at once cannot fail each other (a
    revocation must never be refused because of this cache)."""
    table = m.profile_vectors
    moment = now()
    values = {"worker_id": worker_id, "stale": True, "changed_at": moment}
    again = {"stale": True, "changed_at": moment}
    key = [table.c.worker_id]
    if conn.dialect.name == "postgresql":
        conn.execute(
            postgresql.insert(table)
            .values(values)
            .on_conflict_do_update(index_elements=key, set_=again)
        )
    else:  # SQLite, the embedded default
        conn.execute(
            sqlite.insert(table)
            .values(values)
            .on_conflict_do_update(index_elements=key, set_=again)
        )


class ProfileVectors:
    def __init__(self, engine: Engine, gather: Gather) -> None:
        self.engine = engine
        self.gather = gather

    def stale(self, limit: int | None = None) -> list[str]:
        table = m.profile_vectors
        query = (
            select(table.c.worker_id)
            .where(table.c.stale.is_(True))
            .order_by(table.c.changed_at, table.c.worker_id)
        )
        with self.engine.connect() as conn:
            return [str(row.worker_id) for row in conn.execute(query.limit(limit))]

    def refresh(
        self, limit: int | None = None, advance: Callable[[int], object] | None = None
    ) -> int:
        """Build the stale vectors again; how many were built."""
        table = m.profile_vectors
        done = 0
        for worker_id in self.stale(limit):
            with self.engine.connect() as conn:
                marked = conn.execute(
                    select(table.c.changed_at).where(table.c.worker_id == worker_id)
                ).scalar()
            profile = build_profile(self.gather(worker_id), today=now().date())
            vector = encode_support(profile_support(profile))
            with self.engine.begin() as conn:
                # a write after `marked` leaves the row stale for the next refresh
                conn.execute(
                    update(table)
                    .where(table.c.worker_id == worker_id, table.c.changed_at == marked)
                    .values(vector=vector, stale=False, changed_at=now())
                )
            done += 1
            if advance is not None:
                advance(1)
        return done

    def sync(self, index: ProfileIndex, since: datetime | None = None) -> datetime | None:
        """Put every fresh sketch changed after `since` into `index`; the new watermark. With
        no `since` (a full sync, as `onramp match index` does) it also takes out every worker
        the store no longer holds, so a deleted account's sketch leaves the index file."""
        table = m.profile_vectors
        query = select(table.c.worker_id, table.c.vector, table.c.changed_at).where(
            table.c.stale.is_(False), table.c.vector.is_not(None)
        )
        if since is not None:
            query = query.where(table.c.changed_at >= since)
        latest: list[datetime] = [since] if since is not None else []

        def read(conn: Connection) -> Iterator[tuple[str, dict[str, tuple[float, ...]]]]:
            rows = conn.execution_options(yield_per=READ_BATCH).execute(
                query.order_by(table.c.changed_at)
            )
            for row in rows:
                changed = aware(row.changed_at)
                if not latest or changed > latest[0]:
                    latest[:] = [changed]
                yield str(row.worker_id), decode_support(row.vector)

        with self.engine.connect() as conn:
            index.upsert_many(read(conn))
            if since is None:
                held = conn.execute(select(table.c.worker_id)).all()
                kept = {str(row.worker_id) for row in held}
                for gone in [w for w in index.workers() if w not in kept]:
                    index.remove(gone)
        if index.pending > COMPACT_ABOVE:
            index.compact()
        return latest[0] if latest else None
