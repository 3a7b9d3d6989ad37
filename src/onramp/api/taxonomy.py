"""/api/v1 routes for frameworks, skills and occupations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from onramp.serialize import to_plain
from onramp.taxonomy import Catalog

router = APIRouter(prefix="/api/v1", tags=["taxonomy"])


def catalog(request: Request) -> Catalog:
    return Catalog(request.app.state.engine)


CatalogDep = Annotated[Catalog, Depends(catalog)]


@router.get("/frameworks", summary="Framework releases, which is current, and what each lacks")
def frameworks(cat: CatalogDep) -> list[dict[str, Any]]:
    return list(to_plain(cat.frameworks()))


@router.get("/taxonomy/stats", summary="Counts per framework release and entity")
def stats(cat: CatalogDep) -> list[dict[str, Any]]:
    return cat.stats()


@router.get("/skills", summary="Search skills (typo tolerant)")
def search_skills(
    cat: CatalogDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    framework: Annotated[list[str] | None, Query()] = None,
    type: Annotated[list[str] | None, Query()] = None,  # noqa: A002 - public parameter name
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    hits = cat.search_skills(q, frameworks=framework, kinds=type, limit=limit)
    return {"query": q, "results": to_plain(hits)}


@router.get("/skills/{code:path}", summary="One skill by code or URI")
def show_skill(cat: CatalogDep, code: str) -> dict[str, Any]:
    framework, skill = cat.skill(code)
    assert framework.id is not None
    labels = cat.skill_labels(framework.id, skill.code)
    return {
        "framework": {"key": framework.key, "version": framework.version},
        "skill": to_plain(skill),
        "labels": [{"label": label, "kind": kind} for label, kind in labels],
        **cat.skill_hierarchy(framework.id, skill.code),
    }


@router.get("/occupations", summary="Search occupations (typo tolerant)")
def search_occupations(
    cat: CatalogDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    framework: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    hits = cat.search_occupations(q, frameworks=framework, limit=limit)
    return {"query": q, "results": to_plain(hits)}


@router.get("/occupations/{code:path}", summary="The occupation profile")
def occupation_profile(
    cat: CatalogDep,
    code: str,
    area: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    return cat.profile(code, area).to_dict()


@router.get("/essential-skills", summary="The Essential Skills Framework, with levels and examples")
def essential_skills(
    request: Request,
    owner: Annotated[str, Query(max_length=128, description="organization slug")] = "",
    version: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    from onramp.taxonomy.esf.view import essential_skills as view

    return dict(to_plain(view(request.app.state.engine, owner, version)))


@router.get("/skill-choices", summary="Skills to pick by name, each with its URI")
def skill_choices(
    cat: CatalogDep,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=25)] = 10,
) -> dict[str, Any]:
    """For forms that align to skills: search by words, store the URI (served to the
    achievement form's type-ahead script)."""
    from onramp.taxonomy.skill_choices import skill_choices as choices

    return {"query": q, "results": to_plain(choices(cat, q, limit))}
