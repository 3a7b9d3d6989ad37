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
from onramp.pathways.roadmaps import Roadmaps


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


def roadmaps_service(request: Request) -> Roadmaps:
    """The talent development roadmap use case the app was made with."""
    found: Roadmaps = request.app.state.roadmaps
    return found


RoadmapsDep = Annotated[Roadmaps, Depends(roadmaps_service)]
