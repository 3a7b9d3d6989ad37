"""Things written once (ADR 0016): each JSON-LD context URL, the one-or-many reading, and the
per-process cache of values built from the current releases."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from onramp.caching import StampedCache
from onramp.credentials.rdf import contexts
from onramp.credentials.rdf.values import as_list

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "onramp"
CONTEXTS_MODULE = PACKAGE / "credentials" / "rdf" / "contexts.py"


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_each_context_url_is_written_only_in_contexts() -> None:
    urls = {
        value
        for name, value in vars(contexts).items()
        if name.isupper() and isinstance(value, str) and value.startswith("https://")
    }
    assert contexts.VC_V2 in urls and contexts.JWK_V1 in urls
    again = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}"
        for path, tree in _sources()
        if path != CONTEXTS_MODULE
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in urls
    ]
    assert not again, "context URLs written outside credentials/rdf/contexts.py:\n" + "\n".join(
        again
    )


def _is_one_or_many(node: ast.AST) -> bool:
    """`x if isinstance(x, list) else [x]`: the reading `as_list` does."""
    return (
        isinstance(node, ast.IfExp)
        and isinstance(node.test, ast.Call)
        and isinstance(node.test.func, ast.Name)
        and node.test.func.id == "isinstance"
        and len(node.test.args) == 2
        and isinstance(node.test.args[1], ast.Name)
        and node.test.args[1].id == "list"
        and isinstance(node.orelse, ast.List)
        and len(node.orelse.elts) == 1
    )


def test_one_or_many_values_are_read_only_by_as_list() -> None:
    helper = PACKAGE / "credentials" / "rdf" / "values.py"
    assert any(_is_one_or_many(n) for n in ast.walk(ast.parse(helper.read_text())))
    again = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path, tree in _sources()
        if path != helper
        for node in ast.walk(tree)
        if _is_one_or_many(node)
    ]
    assert not again, "one-or-many read by hand; use credentials.rdf.values.as_list:\n" + "\n".join(
        again
    )


def test_as_list_reads_json_ld_sets() -> None:
    assert as_list(None) == []
    assert as_list("VerifiableCredential") == ["VerifiableCredential"]
    assert as_list({"id": "x"}) == [{"id": "x"}]
    assert as_list(["a", "b"]) == ["a", "b"]
    assert as_list([]) == []


def test_no_module_keeps_its_own_stamped_cache() -> None:
    """A module-level dict of (stamp, value) behind a lock is what StampedCache is for."""
    allowed = {PACKAGE / "caching.py"}
    found = []
    for path, tree in _sources():
        if path in allowed:
            continue
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
            if (
                isinstance(target, ast.Name)
                and annotation.startswith("dict[")
                and "tuple[" in annotation.split(",", 1)[-1]
                and "cache" in target.id.lower()
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {target.id}")
    assert not found, f"module-level caches to move onto StampedCache: {found}"


def test_stamped_cache_builds_once_per_stamp() -> None:
    cache: StampedCache[str] = StampedCache()
    built: list[str] = []

    def build(value: str) -> str:
        built.append(value)
        return value

    assert cache.get("k", 1, lambda: build("one")) == "one"
    assert cache.get("k", 1, lambda: build("again")) == "one"
    assert cache.get("k", 2, lambda: build("two")) == "two"
    assert len(cache) == 1 and built == ["one", "two"]
    cache.forget("k")
    assert cache.get("k", 2, lambda: build("three")) == "three"


def test_stamped_cache_builds_a_missing_value_once_for_many_threads() -> None:
    cache: StampedCache[int] = StampedCache()
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(5)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", 0, slow))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == [42] * 4 and len(calls) == 1
