"""The employer's talent development roadmap page (issue 15, items 3 and 6): each job family
as a vertical ladder drawn with HTML and CSS, with a table that holds the same facts, and the
moves out where a ladder ends. "Where this job leads" on job pages uses `leads_to_or_none`.

Thin: `Roadmaps` holds the policy (the employer's people who hire) and builds everything.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PlatformDep, PrincipalDep, roadmaps_service
from onramp.errors import OnrampError
from onramp.pathways.roadmap_model import LeadsTo, Rung
from onramp.web.common import page

router = APIRouter(include_in_schema=False)


def pay_words(rung: Rung) -> str:
    """The rung's pay as the jobs post it, else the occupation's typical pay."""
    if rung.pay:
        return rung.pay
    if rung.typical_wage:
        return f"Typical pay: USD {rung.typical_wage:,.0f} a year"
    return "Pay not known"


def ratio_words(ratio: float | None) -> str:
    if ratio is None:
        return "pay change not known"
    if abs(ratio - 1) < 0.05:
        return "about the same pay"
    more = "more" if ratio > 1 else "less"
    return f"about {abs(ratio - 1) * 100:.0f}% {more} pay"


def zone_words(change: int | None) -> str:
    if change is None:
        return "training needed not known"
    if change <= 0:
        return "about the same training"
    return "more training (one job zone up)" if change == 1 else f"{change} job zones up"


WORDS: dict[str, Any] = {
    "pay_words": pay_words,
    "ratio_words": ratio_words,
    "zone_words": zone_words,
}


def leads_to_or_none(request: Request, principal: Any, job_id: str) -> LeadsTo | None:
    """Where the job leads, or None when it cannot be shown: the job page still works."""
    try:
        return roadmaps_service(request).leads_to(principal, job_id)
    except OnrampError:
        return None


@router.get("/orgs/{org_id}/roadmap", response_class=HTMLResponse)
def roadmap_page(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    roadmap = roadmaps_service(request).for_org(principal, org_id)  # the people who hire there
    return page(
        request,
        "roadmap.html",
        roadmap=roadmap,
        org=p.orgs.get(principal, org_id),
        **WORDS,
    )
