"""No route handler that runs on the event loop touches the store or does CPU work itself.

FastAPI runs `def` routes in a thread pool, but an `async def` route runs on the event loop: a
store write waiting for SQLite's lock, a signature or a verification there stops every other
request, `/health` included (issue 11, items 10-12). So an `async def` route may only await the
request (its form or body) and then hand the work to `run_in_threadpool` (or to the extraction
pool); it must not call the platform or credential services, nor pass them to a helper that
does, outside a function it hands off.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "onramp"
EDGES = sorted([*SRC.joinpath("api").glob("*.py"), *SRC.joinpath("web").glob("*.py")])
SERVICE_TYPES = {"ServiceDep", "PlatformDep"}


def _is_route(node: ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and isinstance(d.func.value, ast.Name)
        and d.func.value.id == "router"
        for d in node.decorator_list
    )


def _service_params(node: ast.AsyncFunctionDef) -> set[str]:
    return {
        a.arg
        for a in node.args.args
        if isinstance(a.annotation, ast.Name) and a.annotation.id in SERVICE_TYPES
    }


def _calls_on_the_loop(node: ast.AsyncFunctionDef) -> list[ast.Call]:
    """Calls in the body, leaving out nested functions (those run where they are handed)."""
    found: list[ast.Call] = []
    pending: list[ast.AST] = list(node.body)
    while pending:
        item = pending.pop()
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(item, ast.Call):
            found.append(item)
        pending.extend(ast.iter_child_nodes(item))
    return found


def _root(expression: ast.AST) -> str:
    while isinstance(expression, ast.Attribute | ast.Call | ast.Subscript):
        expression = expression.func if isinstance(expression, ast.Call) else expression.value
    return expression.id if isinstance(expression, ast.Name) else ""


@pytest.mark.parametrize("path", EDGES, ids=[p.name for p in EDGES])
def test_async_routes_hand_their_work_off(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.AsyncFunctionDef) or not _is_route(node):
            continue
        services = _service_params(node)
        for call in _calls_on_the_loop(node):
            uses = _root(call.func) in services or any(
                isinstance(arg, ast.Name) and arg.id in services
                for arg in [*call.args, *(k.value for k in call.keywords)]
            )
            if uses:
                problems.append(f"{path.name}:{call.lineno} in {node.name}: {ast.unparse(call)}")
    assert not problems, "work on the event loop:\n" + "\n".join(problems)


def test_the_check_sees_every_async_route() -> None:
    routes = [
        node.name
        for path in EDGES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.AsyncFunctionDef) and _is_route(node)
    ]
    assert {"wallet_add", "verify", "desk_issue", "issue_csv"} <= set(routes)
