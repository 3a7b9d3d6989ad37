"""The worker's career pathways page (issue 15, items 2 and 6): next steps, bigger moves, a
job to aim for found by its title, and up to three pathways toward it, each drawn as a map
(inline SVG) with a table that says the same, and a form that saves it to the worker's plan.
Thin: it calls the `WorkerPathways` use case."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PathwaysDep, PrincipalDep
from onramp.errors import BusyError, InvalidInputError, NotFoundError
from onramp.pathways.worker_service import MAX_QUERY
from onramp.web.common import money, page

router = APIRouter(include_in_schema=False)
MAP_TITLE = 34  # characters of a job title that fit in a box of the map


def change(value: float | None) -> str:
    """+$6,100 a year, -$2,000 a year (or "not known")."""
    if value is None:
        return "not known"
    sign = "+" if value >= 0 else "-"
    return f"{sign}${abs(value):,.0f} a year"


def short(title: str, size: int = MAP_TITLE) -> str:
    return title if len(title) <= size else title[: size - 1].rstrip() + "…"


@router.get("/me/pathways", response_class=HTMLResponse)
def my_pathways(
    request: Request, principal: PrincipalDep, pathways: PathwaysDep, target: str = "", q: str = ""
) -> Response:
    error, status = "", 200
    q = q[:MAX_QUERY]
    try:
        view = pathways.mine(principal, target=target)
    except BusyError as busy:  # the job data is being read for the first time
        return page(request, "message.html", title="My career pathways", message=str(busy))
    except NotFoundError as found:
        error, status = f"{found} Pick a job from the list.", 404
        view = pathways.mine(principal)
    except InvalidInputError as bad:
        error, status = str(bad), 400
        view = pathways.mine(principal)
    choices = pathways.find_targets(q) if q.strip() else []
    return page(
        request,
        "my_pathways.html",
        status=status,
        view=view,
        q=q,
        choices=choices,
        error=error,
        money=money,
        change=change,
        short=short,
    )
