"""Processed JSON-LD contexts, kept across calls: a pyld processor that does not redo them.

pyld caches a processed context per (context document, active context), but the active context a
type-scoped context is applied to is a fresh clone every time (JSON-LD 1.1 type-scoped contexts do
not propagate, and pyld marks that on a new copy). Open Badges 3.0 defines a scoped context for
each of its types, so every node of a credential re-ran context processing, including pyld's
re-validation of the nested scoped contexts: most of the time a verification took.

`CachingProcessor` memoizes `_process_context` itself. The key is everything the result depends
on: the active context (pyld gives each processed active context a unique id), the local context,
the flags, the base and the processing mode. Only calls made through a `contexts.ContextLoader`
are cached. Local contexts are keyed by
- URL, for built-in contexts only (a built-in URL always means the same pinned, hash-checked
  document, whatever else the loader holds);
- the SHA-256 of the document's content, for a context URL the caller vouches for (an operator's
  pinned context, an offline map): never the URL, which another caller may pin to another
  document;
- identity, for objects inside pinned context documents: they are registered, and held, once the
  document has been read (`contexts.loaded_contexts`), so an id cannot be reused by another
  object;
- otherwise content: SHA-256 of the canonical JSON (sorted keys), for inline contexts in a
  document. Nothing attacker-controlled can collide with an entry short of a SHA-256 collision.
The cache is bounded (least recently used entries go first) and has its own lock. Only frozen
(immutable) processed contexts are kept: the same objects pyld caches itself.

The processor also honours the verification's time budget (`deadline`): it checks it on every
element it expands, every context it processes and every IRI it has to work out.

IRI expansion during document expansion is memoized too, per (frozen active context, string,
base, vocab flag): the exact string is the key (no hash), strings over 512 characters are not
kept, and the table is emptied when it reaches 8,192 entries.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

from frozendict import frozendict
from pyld.jsonld import JsonLdProcessor

from onramp.credentials.rdf.contexts import BUILT_IN, ContextLoader, loaded_contexts
from onramp.credentials.rdf.deadline import Deadline

MAX_ENTRIES = 1024
MAX_IRI_ENTRIES = 8192
MAX_IRI_LENGTH = 512

_registered_urls: set[str] = set()
_pinned_objects: dict[int, Any] = {}  # id -> the object itself (held, so the id stays unique)
_registry_lock = threading.Lock()


def _register(value: Any) -> None:
    if isinstance(value, dict):
        _pinned_objects[id(value)] = value
        for item in value.values():
            _register(item)
    elif isinstance(value, list):
        for item in value:
            _register(item)


def _register_loaded() -> None:
    """Note the objects of every pinned document read so far, however it was read (pyld may
    serve a pinned context from its own cache, filled through another loader)."""
    loaded = loaded_contexts()
    if len(loaded) == len(_registered_urls):
        return
    with _registry_lock:
        for url, document in loaded.items():
            if url not in _registered_urls:
                _register(document)
                _registered_urls.add(url)


pinned_loader = BUILT_IN  # the loader of the built-in contexts only


class _Unkeyable(Exception):
    """A local context this cache does not key (it is processed without the cache)."""


def _local_key(local: Any, loader: ContextLoader = BUILT_IN) -> Any:
    if isinstance(local, str):
        key = loader.key(local)
        if key is None:
            raise _Unkeyable(local)
        return key
    if local is None:
        return ("null",)
    if local is False:
        return ("false",)
    if isinstance(local, list):
        return ("list", *(_local_key(item, loader) for item in local))
    if isinstance(local, dict):
        if _pinned_objects.get(id(local)) is local:
            return ("pinned", id(local))
        _register_loaded()
        if _pinned_objects.get(id(local)) is local:
            return ("pinned", id(local))
        try:
            text = json.dumps(local, sort_keys=True, separators=(",", ":"))  # ASCII: injective
        except (TypeError, ValueError) as error:
            raise _Unkeyable(str(error)) from None
        imported = local.get("@import")
        if imported is None:
            return ("json", hashlib.sha256(text.encode("ascii")).digest())
        # the result also depends on the document @import names, which the loader decides
        imported_key = loader.key(imported) if isinstance(imported, str) else None
        if imported_key is None:
            raise _Unkeyable("@import")
        return ("json", hashlib.sha256(text.encode("ascii")).digest(), imported_key)
    raise _Unkeyable(type(local).__name__)


class _Memo:
    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.hits = self.misses = 0


memo = _Memo(MAX_ENTRIES)
# (active context id, value, base, vocab) -> expanded IRI, for finished (frozen) contexts only
_iri_memo: dict[tuple[str, str, Any, bool], Any] = {}


def clear_caches() -> None:
    """Empty both caches (benchmarks start each side cold)."""
    memo.clear()
    _iri_memo.clear()


class CachingProcessor(JsonLdProcessor):
    """pyld's processor with `_process_context` and `_expand_iri` memoized across calls, and
    stopped at `deadline` (set by the caller, who holds the pyld lock, for one call)."""

    deadline: Deadline | None = None
    _stop_at = math.inf  # the deadline's monotonic time, read on every element

    def set_deadline(self, deadline: Deadline | None) -> None:
        self.deadline = deadline
        self._stop_at = math.inf if deadline is None else deadline.at

    def _check_deadline(self) -> None:
        if time.monotonic() > self._stop_at and self.deadline is not None:
            self.deadline.check()

    def _expand(self, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() > self._stop_at:
            self._check_deadline()
        return super()._expand(*args, **kwargs)

    def _expand_iri(
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        defined: Any = None,
    ) -> Any:
        # During expansion (no local context being defined) the result depends only on the
        # active context, the value, the base and `vocab`; frozen contexts never change.
        if (
            local_ctx is not None
            or defined is not None
            or type(active_ctx) is not frozendict
            or type(value) is not str
            or len(value) > MAX_IRI_LENGTH
        ):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        key = (active_ctx["_uuid"], value, base, vocab)
        found = _iri_memo.get(key, _iri_memo)
        if found is not _iri_memo:
            return found
        self._check_deadline()
        result = super()._expand_iri(active_ctx, value, base, vocab)
        if len(_iri_memo) >= MAX_IRI_ENTRIES:
            _iri_memo.clear()
        _iri_memo[key] = result
        return result

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        def process() -> Any:
            return super(CachingProcessor, self)._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected=override_protected,
                propagate=propagate,
                validate_scoped=validate_scoped,
                cycles=cycles,
            )

        self._check_deadline()
        # `cycles` is only passed while pyld pre-validates the scoped contexts of a context it is
        # still building, against a partial (mutable) active context: never cache that.
        loader = options.get("documentLoader")
        if cycles is not None or not isinstance(loader, ContextLoader):
            return process()
        try:
            local_key = _local_key(local_ctx, loader)
        except _Unkeyable:
            return process()
        if "_uuid" not in active_ctx:
            active_ctx["_uuid"] = str(uuid.uuid1())
        key = (
            active_ctx["_uuid"],
            local_key,
            override_protected,
            propagate,
            validate_scoped,
            options.get("base"),
            options.get("processingMode"),
        )
        found = memo.get(key)
        if found is not None:
            return found
        result = process()
        if isinstance(result, frozendict):  # only finished, immutable contexts are shared
            memo.put(key, result)
        return result
