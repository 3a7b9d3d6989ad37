"""The talent development roadmap use case (issue 15, items 3 and 6): who may read an
employer's roadmap, and "where this job leads" for a job's page.

Policy: an employer's roadmap holds its drafts and plans, so only its own people who hire
(org admin, HR admin, recruiter, hiring manager) read it; a platform admin oversees but is no
member. "Where this job leads" is public for a published job, and is built from the
employer's published jobs only, so no draft shows to the public. It reads through use cases:
the jobs service, the transition matrix, the training partners' programs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence

from sqlalchemy import Engine

from onramp.credentials.programs import MAX_SKILLS, programs_for_skills
from onramp.errors import InvalidInputError, NotFoundError, OnrampError, PermissionDeniedError
from onramp.jobs import policy as job_policy
from onramp.jobs.model import Job
from onramp.jobs.service import Jobs
from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.roadmap import RoadmapConfig, build_roadmap, leads_to
from onramp.pathways.roadmap_model import LeadsTo, ProgramRef, Roadmap
from onramp.pathways.store import cached_transition_matrix, occupation_count, transition_matrix
from onramp.platform import policy
from onramp.platform.model import Organization, OrgKind, Principal, Scope
from onramp.platform.orgs import Orgs

log = logging.getLogger(__name__)
_warming: set[str] = set()  # stores whose matrix a background thread is building
_warming_lock = threading.Lock()


def require_roadmap_reader(principal: Principal, org_id: str) -> None:
    """Members of the employer who hire there: org admin, HR admin, recruiter, hiring manager."""
    policy.require_scope(principal, Scope.READ)
    policy.require_member(principal, org_id, admin_may=False)
    if not principal.roles_in(org_id) & job_policy.JOB_ROLES:
        raise PermissionDeniedError(
            "Only an organization admin, HR admin, recruiter or hiring manager can see the roadmap."
        )


class Roadmaps:
    def __init__(
        self,
        engine: Engine,
        jobs: Jobs,
        orgs: Orgs,
        *,
        public_url: str = "",
        config: RoadmapConfig | None = None,
        wait_for_matrix: bool = True,
    ) -> None:
        """`wait_for_matrix=False` (the web app): a roadmap asked for before the transition
        matrix is built is drawn from the jobs alone, says so, and the matrix is built in the
        background; the command line waits for it."""
        self.engine = engine
        self.jobs = jobs
        self.orgs = orgs
        self.public_url = public_url
        self.config = config or RoadmapConfig()
        self.wait_for_matrix = wait_for_matrix

    def for_org(self, principal: Principal, org_id: str) -> Roadmap:
        """The employer's roadmap from every job that is not closed, drafts included."""
        require_roadmap_reader(principal, org_id)
        org = self._employer(self.orgs.get(principal, org_id, check=False))
        return self._build(org, self.jobs.listed_for_org(org.id, public_only=False))

    def for_operator(self, ref: str) -> Roadmap:
        """The roadmap as the operator at the machine reads it (`onramp roadmap build`): the
        operator already holds the store, and a roadmap holds jobs and occupation data, no
        personal data. `ref` is the organization's slug or id."""
        org = self._employer(self.orgs.find(ref))
        return self._build(org, self.jobs.listed_for_org(org.id, public_only=False))

    def leads_to(self, principal: Principal | None, job_id: str) -> LeadsTo:
        """Where the job leads. A published job: from the employer's published jobs, for
        anyone. A draft: only for the employer's people who hire, from all its jobs."""
        try:
            job = self.jobs.public(job_id)
            public = True
        except NotFoundError:
            if principal is None:
                raise
            try:
                job = self.jobs.get(principal, job_id)
                require_roadmap_reader(principal, job.org_id)
            except PermissionDeniedError as error:
                raise NotFoundError("no such job") from error
            public = False
        listed = self.jobs.listed_for_org(job.org_id, public_only=public)
        roadmap = self._roadmap(job.org_id, job.org_name, listed)
        return leads_to(roadmap, job.id, job.draft.title)

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def _employer(org: Organization) -> Organization:
        if org.kind is not OrgKind.EMPLOYER:
            raise InvalidInputError(f"{org.name} is not an employer, so it has no roadmap.")
        return org

    def _build(self, org: Organization, jobs: Sequence[Job]) -> Roadmap:
        return self._roadmap(org.id, org.name, jobs)

    def _roadmap(self, org_id: str, name: str, jobs: Sequence[Job]) -> Roadmap:
        matrix, loading = self.matrix()
        return build_roadmap(
            org_id, name, jobs, matrix, self._programs, self.config, loading=loading
        )

    def matrix(self) -> tuple[TransitionMatrix | None, bool]:
        """The transition matrix of the current O*NET release (kept per release) and whether
        it is still being built: (None, False) when no O*NET release is imported."""
        if not self.wait_for_matrix:
            found = cached_transition_matrix(self.engine)
            if found is not None:
                return found, False
            if occupation_count(self.engine) == 0:
                return None, False
            warm_matrix(self.engine)
            return None, True
        try:
            return transition_matrix(self.engine), False
        except NotFoundError:
            return None, False

    def _programs(self, uris: Sequence[str]) -> Mapping[str, Sequence[ProgramRef]]:
        found: dict[str, list[ProgramRef]] = {}
        for start in range(0, len(uris), MAX_SKILLS):
            chunk = uris[start : start + MAX_SKILLS]
            for program in programs_for_skills(self.engine, chunk, public_url=self.public_url):
                ref = ProgramRef(program.org_name, program.name, program.url)
                for uri in program.skills:
                    found.setdefault(uri, []).append(ref)
        return found


def warm_matrix(engine: Engine) -> None:
    """Build the transition matrix in a background thread, once at a time per store."""
    key = str(engine.url)
    with _warming_lock:
        if key in _warming:
            return
        _warming.add(key)

    def build() -> None:
        try:
            transition_matrix(engine)
        except OnrampError as error:
            log.info("the transition matrix is not available: %s", error)
        finally:
            with _warming_lock:
                _warming.discard(key)

    threading.Thread(target=build, name="transition-matrix", daemon=True).start()
