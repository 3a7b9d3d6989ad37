"""One per-process cache for values that are slow to build and change rarely.

Each key holds one value and the stamp it was built for (a release revision, a manifest
hash, a row count). A lookup with another stamp builds the value again and replaces the old
one, so a process never serves a stale index and never keeps more than one value per key.
Two threads asking for the same missing value build it once; other keys are not held up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class StampedCache(Generic[V]):
    """Values by key, each kept while its stamp is unchanged (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[Hashable, V]] = {}
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, stamp: Hashable, build: Callable[[], V]) -> V:
        """The value for `key` built at `stamp`, calling `build()` when there is none yet."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == stamp:
                return entry[1]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] == stamp:
                    return entry[1]
            value = build()
            with self._lock:
                self._entries[key] = (stamp, value)
            return value

    def peek(self, key: Hashable, stamp: Hashable) -> V | None:
        """The value for `key` if it is built at `stamp`, else None: never builds or waits
        for a build (for a request that must not wait minutes)."""
        with self._lock:
            entry = self._entries.get(key)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def forget(self, key: Hashable) -> None:
        """Drop the value for `key`, so the next lookup builds it again."""
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
