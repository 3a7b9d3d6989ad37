"""The layering rules of ADR 0016, read from the source with `ast` (nothing is imported).

- No import cycle between modules of `onramp`, counting every import: top level, inside
  functions and under `TYPE_CHECKING` (a cycle hidden in a function is still a knot to untie).
- The edges (`onramp.api`, `onramp.web`, `onramp.cli`) never import a store table module:
  they read and write through the use cases of the capability packages.
- No module imports another module's private (`_name`) names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "onramp"
EDGES = ("onramp.api", "onramp.web", "onramp.cli")

# TODO(issue 12): edge modules that still read a table directly. Move each read into a use
# case of its capability and delete its line here; the list may only shrink.
TABLE_READERS_LEFT: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Imported:
    """One imported module (and the name taken from it, for `from m import name`)."""

    module: str
    name: str | None
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[Imported]:
    """Every onramp module `name` imports, resolved to the module that holds the name."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Imported(alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = name.split(".") if is_package else name.split(".")[:-1]
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    yield Imported(submodule, None, node.lineno)
                else:
                    yield Imported(base, alias.name, node.lineno)


def owning_module(imported: str, known: dict[str, Path]) -> str | None:
    while imported and imported not in known:
        imported = imported.rpartition(".")[0]
    return imported or None


def import_graph() -> dict[str, set[str]]:
    known = all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = {owning_module(i.module, known) for i in imports_of(name, path, known)}
        graph[name] = {t for t in targets if t and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def is_table_module(name: str) -> bool:
    leaf = name.rpartition(".")[2]
    return name.startswith("onramp.store.") and (leaf == "schema" or "tables" in leaf)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles_between_onramp_modules() -> None:
    graph = import_graph()
    knots = [
        " -> ".join(f"{m} (imports {sorted(graph[m] & set(c))})" for m in c) for c in cycles(graph)
    ]
    assert not knots, "import cycles:\n" + "\n".join(knots)


def test_edges_never_import_store_tables() -> None:
    known = all_modules()
    readers: dict[str, list[str]] = {}
    for name, path in known.items():
        if not name.startswith(EDGES):
            continue
        for imported in imports_of(name, path, known):
            target = owning_module(imported.module, known) or ""
            if imported.name and f"{target}.{imported.name}" in known:
                target = f"{target}.{imported.name}"
            if is_table_module(target):
                readers.setdefault(name, []).append(f"{target} (line {imported.line})")
    unexpected = {m: where for m, where in readers.items() if m not in TABLE_READERS_LEFT}
    assert not unexpected, f"edges reading store tables, not through a use case: {unexpected}"
    stale = TABLE_READERS_LEFT - set(readers)
    assert not stale, f"no longer reading tables: remove from TABLE_READERS_LEFT: {stale}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("onramp.store.schema", True),
        ("onramp.store.platform_tables", True),
        ("onramp.store.engine", False),
        ("onramp.store", False),
    ],
)
def test_table_modules_are_recognised(name: str, expected: bool) -> None:
    assert is_table_module(name) is expected


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_names_taken() -> list[str]:
    """`from other import _name`, and `other._name` on an imported onramp module."""
    known = all_modules()
    found: list[str] = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for imported in imports_of(name, path, known):
            owner = owning_module(imported.module, known)
            if owner is None or owner == name:
                continue
            if imported.name is None:
                continue
            if _private(imported.name):
                found.append(f"{name}:{imported.line} imports {owner}.{imported.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                for alias in node.names:
                    full = (
                        f"{node.module}.{alias.name}"
                        if isinstance(node, ast.ImportFrom)
                        else alias.name
                    )
                    if full in known and full != name:
                        aliases[alias.asname or alias.name.split(".")[0]] = full
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and _private(node.attr)
            ):
                found.append(f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_takes_another_modules_private_names() -> None:
    taken = private_names_taken()
    assert not taken, "private names used across modules:\n" + "\n".join(taken)


# Each credentials subpackage may import only those listed for it (and itself); the
# store-backed services at the package top may import any of them.
CREDENTIAL_LAYERS: dict[str, set[str]] = {
    "rdf": set(),
    "formats": {"rdf"},
    "status": {"rdf"},
    "proofs": {"rdf", "formats"},
    "did": {"rdf", "formats", "proofs"},
    "verify": {"rdf", "formats", "proofs", "did", "status"},
}


def test_credentials_subpackages_depend_in_one_direction() -> None:
    wrong = []
    for name, targets in import_graph().items():
        parts = name.split(".")
        if parts[:2] != ["onramp", "credentials"] or len(parts) < 4:
            continue
        layer = parts[2]
        for target in targets:
            there = target.split(".")
            if there[:2] != ["onramp", "credentials"]:
                continue
            other = there[2] if len(there) > 3 or there[2] in CREDENTIAL_LAYERS else "top"
            if len(there) == 2:
                other = "top"
            if other != layer and other not in CREDENTIAL_LAYERS[layer]:
                wrong.append(f"{name} ({layer}) imports {target} ({other})")
    assert not wrong, "credentials layering broken:\n" + "\n".join(wrong)


def test_capabilities_never_import_the_edges() -> None:
    wrong = [
        f"{name} imports {target}"
        for name, targets in import_graph().items()
        if not name.startswith(EDGES) and name not in {"onramp", "onramp.__main__"}
        for target in targets
        if target.startswith(EDGES)
    ]
    assert not wrong, "a capability or store module imports an edge:\n" + "\n".join(wrong)
