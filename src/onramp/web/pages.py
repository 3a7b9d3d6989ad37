"""Web pages for people: home, search, occupation profile, skill, frameworks, the ESF.

Pages call the same catalog as the API. Static assets ship inside the package (no CDN).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from onramp.api.auth import OptionalPrincipalDep, page_principal
from onramp.errors import NotAvailableError, NotFoundError
from onramp.nlp.service import by_meaning
from onramp.taxonomy import Catalog
from onramp.taxonomy.esf.view import essential_skills as esf_view
from onramp.web.common import STATIC as STATIC
from onramp.web.common import page as _page
from onramp.web.common import templates


def year_range(start: object, end: object = "") -> str:
    """A job's years as a person writes them: "2023" for one year, "2019–2023", "2021–now"."""
    first, last = str(start or "").strip(), str(end or "").strip()
    if not last:
        return f"{first}–now"
    return first if first == last else f"{first}–{last}"


templates.env.filters["year_range"] = year_range

router = APIRouter(include_in_schema=False)

ERROR_TITLES = {
    404: "We could not find that page",
    422: "Please check what you entered",
    503: "This part is not ready yet",
}


class HtmlErrors:
    """Decides whether an error goes to a person (HTML page) or a program (JSON)."""

    def __call__(self, request: Request) -> bool:
        if request.url.path.startswith(("/api/", "/health", "/openapi", "/docs")):
            return False
        return "text/html" in request.headers.get("accept", "text/html")

    async def render(self, request: Request, status: int, message: str) -> Response:
        """The error page, with the header of whoever is signed in (a 404 for an unknown
        address never ran the route's log-in check, so the session is read here)."""
        if status == 401:
            query = f"?{request.url.query}" if request.url.query else ""
            target = quote(request.url.path + query)
            return RedirectResponse(f"/login?next={target}", status_code=303)
        principal = await page_principal(request)
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "status": status,
                "title": ERROR_TITLES.get(status, "Something went wrong"),
                "message": message,
                "principal": principal,
                "csrf_token": getattr(request.state, "csrf_token", ""),
            },
            status_code=status,
        )


def _catalog(request: Request) -> Catalog:
    return Catalog(request.app.state.engine)


def _by_meaning(request: Request, q: str, what: str) -> dict[str, Any]:
    """Results close in meaning, shown beside the word matches, or why there are none."""
    if not q.strip():
        return {"meaning": [], "meaning_missing": ""}
    try:
        corrected = _catalog(request).speller().correct(q)
        return {
            "meaning": by_meaning(request.app.state.engine, q, what),
            "meaning_missing": "",
            "meaning_for": corrected if corrected.lower() != q.lower() else "",
        }
    except (NotAvailableError, NotFoundError) as error:
        return {"meaning": [], "meaning_missing": str(error)}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, _who: OptionalPrincipalDep) -> HTMLResponse:
    frameworks = [f for f in _catalog(request).frameworks() if f.is_current]
    return _page(request, "home.html", frameworks=frameworks)


@router.get("/occupations", response_class=HTMLResponse)
def occupations(
    request: Request, _who: OptionalPrincipalDep, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    hits = _catalog(request).search_occupations(q, limit=30) if q.strip() else []
    return _page(
        request,
        "search.html",
        q=q,
        hits=hits,
        what="occupations",
        heading="Find an occupation",
        **_by_meaning(request, q, "occupations"),
    )


@router.get("/occupations/{code:path}", response_class=HTMLResponse)
def occupation(
    request: Request,
    _who: OptionalPrincipalDep,
    code: str,
    area: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    profile = _catalog(request).profile(code, area or None)
    return _page(request, "occupation.html", p=profile, area=area or "")


@router.get("/skills", response_class=HTMLResponse)
def skills(
    request: Request, _who: OptionalPrincipalDep, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    hits = _catalog(request).search_skills(q, limit=30) if q.strip() else []
    return _page(
        request,
        "search.html",
        q=q,
        hits=hits,
        what="skills",
        heading="Find a skill",
        **_by_meaning(request, q, "skills"),
    )


@router.get("/skills/{code:path}", response_class=HTMLResponse)
def skill(request: Request, _who: OptionalPrincipalDep, code: str) -> HTMLResponse:
    catalog = _catalog(request)
    framework, found = catalog.skill(code)
    assert framework.id is not None
    labels = catalog.skill_labels(framework.id, found.code)
    hierarchy: dict[str, Any] = catalog.skill_hierarchy(framework.id, found.code)
    return _page(
        request, "skill.html", framework=framework, skill=found, labels=labels, **hierarchy
    )


@router.get("/frameworks", response_class=HTMLResponse)
def frameworks(request: Request, _who: OptionalPrincipalDep) -> HTMLResponse:
    catalog = _catalog(request)
    return _page(
        request,
        "frameworks.html",
        frameworks=catalog.frameworks(),
        stats={(s["key"], s["version"], s["owner"]): s["counts"] for s in catalog.stats()},
    )


@router.get("/essential-skills", response_class=HTMLResponse)
def essential_skills(request: Request, _who: OptionalPrincipalDep) -> HTMLResponse:
    esf = esf_view(request.app.state.engine)
    return _page(request, "esf.html", esf=esf)
