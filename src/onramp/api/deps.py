"""The request dependencies the API routers and the web pages share, by their public names:
who is calling (`onramp.api.auth` decides it, once for both) and the services they call."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from onramp.api.auth import OptionalPrincipalDep as OptionalPrincipalDep
from onramp.api.auth import PlatformDep as PlatformDep
from onramp.api.auth import PrincipalDep as PrincipalDep
from onramp.credentials.service import CredentialService
from onramp.jobs.service import Jobs
from onramp.matching.services import MatchingServices
from onramp.pathways.caseload import Caseload
from onramp.pathways.plans import CareerPlans
from onramp.pathways.roadmaps import Roadmaps
from onramp.pathways.worker_service import WorkerPathways


def service(request: Request) -> CredentialService:
    """The credential services the app was made with."""
    found: CredentialService = request.app.state.credentials
    return found


ServiceDep = Annotated[CredentialService, Depends(service)]


def jobs_service(request: Request) -> Jobs:
    """The jobs use cases the app was made with."""
    found: Jobs = request.app.state.jobs
    return found


JobsDep = Annotated[Jobs, Depends(jobs_service)]


def matching_services(request: Request) -> MatchingServices:
    """The matching use cases the app was made with (evidence, personal, matching, plans)."""
    found: MatchingServices = request.app.state.matching
    return found


MatchingDep = Annotated[MatchingServices, Depends(matching_services)]


def worker_pathways(request: Request) -> WorkerPathways:
    """The worker pathways use case the app was made with."""
    found: WorkerPathways = request.app.state.pathways
    return found


PathwaysDep = Annotated[WorkerPathways, Depends(worker_pathways)]


def plans_service(request: Request) -> CareerPlans:
    """The career advancement plans the app was made with (issue 15, item 4)."""
    found: CareerPlans = request.app.state.plans
    return found


PlansDep = Annotated[CareerPlans, Depends(plans_service)]


def roadmaps_service(request: Request) -> Roadmaps:
    """The talent development roadmap use case the app was made with."""
    found: Roadmaps = request.app.state.roadmaps
    return found


RoadmapsDep = Annotated[Roadmaps, Depends(roadmaps_service)]


def caseload_service(request: Request) -> Caseload:
    """The navigator caseload the app was made with (issue 15, item 5)."""
    found: Caseload = request.app.state.caseload
    return found


CaseloadDep = Annotated[Caseload, Depends(caseload_service)]
