"""Values built from the current framework releases, kept per process and per store.

Search indexes, the extraction lexicon, occupation coders and skill matrices are read from
the current releases. `ReleaseCache` keeps each one until a current release is imported,
replaced, pinned or removed (`release_stamp`), in any process, since the stamp is read from
the store on every lookup (one small query).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Engine, select

from onramp.caching import StampedCache
from onramp.store import schema

V = TypeVar("V")


def release_stamp(engine: Engine) -> tuple[tuple[int, str], ...]:
    """The current releases, each by id and import time: changes whenever one does."""
    table = schema.frameworks
    with engine.connect() as conn:
        rows = conn.execute(
            select(table.c.id, table.c.imported_at).where(table.c.is_current.is_(True))
        ).all()
    return tuple(sorted((int(row[0]), str(row[1])) for row in rows))


class ReleaseCache(StampedCache[V]):
    """A `StampedCache` whose keys are per store and whose default stamp is `release_stamp`."""

    def current(
        self,
        engine: Engine,
        key: Hashable,
        build: Callable[[], V],
        stamp: Hashable | None = None,
    ) -> V:
        """The value for `key` in this store, built again when the releases (or `stamp`) change."""
        return self.get(
            (str(engine.url), key), release_stamp(engine) if stamp is None else stamp, build
        )

    def peek_current(self, engine: Engine, key: Hashable) -> V | None:
        """The value for `key` if it is built for the current releases, else None (no build)."""
        return self.peek((str(engine.url), key), release_stamp(engine))

    def forget_in(self, engine: Engine, key: Hashable) -> None:
        self.forget((str(engine.url), key))
