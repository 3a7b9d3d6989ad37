"""Scoring is blind by design (issue 14, item 4): it cannot import what it must not see.

Every module of `onramp.matching.scoring` is read with `ast` (nothing is imported) and may
import only the standard library, pydantic, numpy and a short list of Onramp modules that
hold no personal or demographic data. The Onramp modules on the list are checked the same
way, so the list cannot leak through them. Imports inside functions and under
`TYPE_CHECKING` count, and so do `importlib` and `__import__`, which could load anything.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
SCORING = "onramp.matching.scoring"
ALLOWED_THIRD_PARTY = frozenset({"pydantic", "numpy"})
# onramp.taxonomy.proficiency is the one 1-5 scale jobs.model re-exports (vocabulary only)
ALLOWED_ONRAMP = frozenset(
    {"onramp.vocabulary", "onramp.errors", "onramp.jobs.model", "onramp.taxonomy.proficiency"}
)
DYNAMIC = frozenset({"importlib", "__import__", "runpy", "pkgutil"})


def _imports(source: str, module: str, is_package: bool) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".") if is_package else module.split(".")[:-1]
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            found.append((base, node.lineno))
            # `from onramp.matching import scoring` names a module too
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Name) and node.id == "__import__":
            found.append(("__import__", node.lineno))
    return found


def _allowed(name: str) -> bool:
    top = name.split(".")[0]
    if name in DYNAMIC or top in DYNAMIC:
        return False
    if top == "onramp":
        return name in ALLOWED_ONRAMP or name == SCORING or name.startswith(SCORING + ".")
    return top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY or top == "__future__"


def problems(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports of `module` that are off the allow-list, as "module:line: name"."""
    bad: list[str] = []
    for name, line in _imports(source, module, is_package):
        if _allowed(name):
            continue
        # `from onramp.jobs.model import Requirement` also yields "onramp.jobs.model.Requirement"
        parent = name.rsplit(".", 1)[0]
        if name.startswith("onramp.") and parent in ALLOWED_ONRAMP | {SCORING}:
            continue
        if name.startswith(SCORING):
            continue
        bad.append(f"{module}:{line}: {name}")
    return bad


def _path(module: str) -> Path:
    base = SRC.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _scoring_modules() -> dict[str, Path]:
    folder = SRC.joinpath(*SCORING.split("."))
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def test_scoring_imports_only_the_allow_list() -> None:
    modules = _scoring_modules()
    assert len(modules) >= 6, "the scoring package moved: point this test at it"
    bad: list[str] = []
    for module, path in modules.items():
        bad += problems(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    assert not bad, "scoring must stay blind:\n" + "\n".join(bad)


def test_the_allowed_onramp_modules_are_blind_too() -> None:
    """What scoring may import imports nothing from Onramp beyond the list itself."""
    for module in sorted(ALLOWED_ONRAMP):
        path = _path(module)
        bad = problems(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        assert not bad, f"{module} would let scoring see more:\n" + "\n".join(bad)


def test_the_check_catches_personal_imports() -> None:
    """The checker is not vacuous: each way of reaching personal data is caught."""
    where = f"{SCORING}.example"
    for source in (
        "from onramp.platform import accounts",
        "import onramp.platform.accounts as people",
        "from onramp.store import schema",
        "from onramp.matching import population",
        "from .. import service",
        "def f():\n    from onramp.credentials import wallet",
        "if TYPE_CHECKING:\n    from onramp.platform import privacy",
        "import importlib\nimportlib.import_module('onramp.platform')",
        "__import__('onramp.platform')",
        "import sqlalchemy",
    ):
        assert problems(source, where), source
    assert not problems("from onramp.matching.scoring.evidence import Evidence", where)
    assert not problems("from .profile import build_profile", where)
    assert not problems("from onramp.jobs.model import Requirement", where)
