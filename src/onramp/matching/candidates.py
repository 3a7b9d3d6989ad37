"""The matching use cases over the store (issue 14, items 3-4): blind candidates for a job, one
candidate explained, and "jobs for me".

Each use case gathers evidence through `WorkerEvidence` (which checks consent and audits every
view), builds skill profiles and scores them with the pure core (`onramp.matching.scoring`), and
hands back what the person may see. Employers see candidates blind: an alias stable for the job,
never a name, photo, age, school, degree or address; `Personal.reveal` shows those on request and
audits it. This module never imports `personal`: scores never see any of it, since the core
takes only `Evidence`; `fairness.py` joins a finished ranking with counted groups.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from onramp.credentials.trust_store import TrustedIssuers
from onramp.errors import InvalidInputError
from onramp.jobs.model import Job
from onramp.jobs.service import Jobs
from onramp.matching.access import candidate_access
from onramp.matching.index import CANDIDATE_MULTIPLE, ProfileIndex
from onramp.matching.profile_vectors import ProfileVectors
from onramp.matching.related import for_job
from onramp.matching.scoring import (
    IssuerTrust,
    JobSpec,
    Match,
    Relatedness,
    SkillProfile,
    build_profile,
    match,
    rank,
)
from onramp.matching.scoring.ranking import rank_jobs
from onramp.matching.service import WorkerEvidence
from onramp.matching.vectors import needs_of
from onramp.platform.directory import organization_slug
from onramp.platform.model import Principal
from onramp.platform.secrets import now
from onramp.store.release_cache import ReleaseCache

DEFAULT_TOP = 50
MAX_TOP = 500
JOBS_FOR_ME = 20
OPEN_JOBS_SCANNED = 500  # "jobs for me" reads at most this many open jobs
PREFILTER_ABOVE = 20_000  # larger pools of candidates go through the profile index

_RELATED: ReleaseCache[Relatedness] = ReleaseCache()


def alias(job_id: str, worker_id: str) -> str:
    """A name for a candidate that stays the same for one job and tells nothing about them."""
    digest = hashlib.sha256(f"{job_id}\x1f{worker_id}".encode()).hexdigest()
    return f"Candidate {digest[:4].upper()}"


@dataclass(frozen=True, slots=True)
class BlindCandidate:
    """One row of the employer's blind list."""

    worker_id: str  # an opaque id, for the detail link; says nothing about the person
    alias: str
    rank: int
    match: Match
    growth: str  # the growth sentence

    @property
    def met(self) -> int:
        return sum(1 for r in self.match.requirements if r.status.value == "met")

    def as_json(self) -> dict[str, object]:
        return {
            "worker_id": self.worker_id,
            "alias": self.alias,
            "rank": self.rank,
            "requirements_met": self.met,
            "growth": self.growth,
            **self.match.as_json(),
        }


@dataclass(frozen=True, slots=True)
class CandidateList:
    job: Job
    candidates: tuple[BlindCandidate, ...]
    considered: int  # every candidate scored, before the top K

    def as_json(self) -> dict[str, object]:
        return {
            "job_id": self.job.id,
            "considered": self.considered,
            "candidates": [c.as_json() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class CandidateDetail:
    job: Job
    worker_id: str
    alias: str
    match: Match
    profile: SkillProfile
    left_out: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        return {
            "job_id": self.job.id,
            "worker_id": self.worker_id,
            "alias": self.alias,
            "match": self.match.as_json(),
            "growth": self.profile.growth.as_json(),
            "left_out": list(self.left_out),
        }


@dataclass(frozen=True, slots=True)
class JobFit:
    """One job on the worker's side: the match, and `fit`, the order of "jobs for me" (the
    score combined with how much of the worker's skill the job uses, `MatchRules.fit`)."""

    job: Job
    match: Match

    def as_json(self) -> dict[str, object]:
        return {
            "job_id": self.job.id,
            "title": self.job.draft.title,
            "organization": self.job.org_name,
            "fit": round(self.match.fit, 4),
            **self.match.as_json(),
        }


class Matching:
    def __init__(
        self,
        engine: Engine,
        evidence: WorkerEvidence,
        jobs: Jobs,
        trusted: TrustedIssuers | None = None,
    ) -> None:
        self.engine = engine
        self.evidence = evidence
        self.jobs = jobs
        self.trusted = trusted or TrustedIssuers(engine)
        self._index: ProfileIndex | None = None
        self._vectors: ProfileVectors | None = None
        self._since: datetime | None = None
        self._lock = threading.Lock()

    # -- the employer's side ---------------------------------------------------------------
    def candidates(
        self, principal: Principal, job_id: str, top: int = DEFAULT_TOP
    ) -> CandidateList:
        """The job's candidates (who applied or share with the organization), best first,
        blind. Each view of a worker's evidence is audited by `evidence_for_job`."""
        top = _bounded(top)
        job = self.jobs.get(principal, job_id)
        found = self.evidence.evidence_for_job(
            principal, job_id, lambda pool: self._prefilter(job, pool, top)
        )
        today = now().date()
        trust = self._trust(job.org_id)
        profiles = {
            worker: build_profile(found[worker].evidence, today=today, trust=trust)
            for worker in found
        }
        ranked = rank(JobSpec.of(job), profiles, top, relatedness=self._related(job))
        rows = tuple(
            BlindCandidate(r.id, alias(job.id, r.id), n, r.match, profiles[r.id].growth.sentence())
            for n, r in enumerate(ranked, start=1)
        )
        return CandidateList(job, rows, len(profiles))

    def explain(self, principal: Principal, job_id: str, worker_id: str) -> CandidateDetail:
        """One candidate's match, requirement by requirement, with the evidence used."""
        job = self.jobs.get(principal, job_id)
        candidate_access(self.engine, self.evidence.consents, principal, job_id, worker_id)
        found = self.evidence.evidence_for(principal, worker_id, org_id=job.org_id)
        profile = build_profile(found.evidence, today=now().date(), trust=self._trust(job.org_id))
        result = match(JobSpec.of(job), profile, relatedness=self._related(job))
        return CandidateDetail(
            job, worker_id, alias(job.id, worker_id), result, profile, tuple(found.left_out)
        )

    # -- the worker's side -----------------------------------------------------------------
    def profile(self, worker: Principal) -> tuple[SkillProfile, tuple[str, ...]]:
        """The worker's own skill profile, and what was left out and why."""
        found = self.evidence.evidence_for(worker, worker.user.id)
        return build_profile(found.evidence, today=now().date()), tuple(found.left_out)

    def jobs_for_me(self, worker: Principal, top: int = JOBS_FOR_ME) -> list[JobFit]:
        """Open jobs that fit the worker best, each explained, in the order of `fit`: the score
        with how much of the worker's skill each job uses, so the closest job comes first
        (`rank_jobs`). The worker's own view uses no organization's trust registry: no issuer
        counts as trusted here."""
        profile, _ = self.profile(worker)
        jobs = {job.id: job for job in self.jobs.open_jobs(limit=OPEN_JOBS_SCANNED)}
        specs = [JobSpec.of(job) for job in jobs.values()]
        related = {job.id: self._related(job) for job in jobs.values()}
        ranked = rank_jobs(profile, specs, _bounded(top), relatedness=related)
        return [JobFit(jobs[r.job.id], r.match) for r in ranked]

    def fit(self, worker: Principal, job_id: str) -> JobFit:
        """How the worker fits one public job, explained."""
        job = self.jobs.public(job_id)
        profile, _ = self.profile(worker)
        return JobFit(job, match(JobSpec.of(job), profile, relatedness=self._related(job)))

    # -- the profile index (state scale) -----------------------------------------------------
    def use_index(self, index: ProfileIndex, vectors: ProfileVectors) -> None:
        """Pre-filter pools of more than `PREFILTER_ABOVE` candidates with `index`, kept up to
        date from `vectors` before each use."""
        self._index, self._vectors, self._since = index, vectors, None

    def _prefilter(self, job: Job, pool: set[str], top: int) -> Collection[str]:
        """All of a small pool; of a large one, the candidates whose profile vectors come
        closest to the job's, `CANDIDATE_MULTIPLE` x top of them (decisions/0019)."""
        if self._index is None or self._vectors is None or len(pool) <= PREFILTER_ABOVE:
            return pool
        with self._lock:
            self._vectors.refresh()
            self._since = self._vectors.sync(self._index, self._since)
        wanted = top * CANDIDATE_MULTIPLE
        near = self._index.candidates(needs_of(job.draft.requirements), wanted, among=pool)
        return [c.worker for c in near]

    # -- helpers -----------------------------------------------------------------------------
    def _trust(self, org_id: str) -> IssuerTrust:
        """The organization's trust registry, and the organization itself: what it recorded
        about a worker under its own DID is evidence it stands behind."""
        registry = self.trusted.registry(org_id)
        slug = organization_slug(self.engine, org_id)
        own = self.evidence.wallet.hosting.site.org_did(slug) if slug else None
        return lambda issuer, skill: issuer == own or registry.assess(issuer, [skill]).trusted

    def _related(self, job: Job) -> Relatedness:
        """The job's related skills, built once per job version and taxonomy release."""
        skills = tuple(r.skill for r in job.draft.requirements)
        return _RELATED.current(
            self.engine,
            ("related", job.id, job.updated_at.isoformat(), skills),
            lambda: for_job(self.engine, skills),
        )


def _bounded(top: int) -> int:
    if top < 1:
        raise InvalidInputError("Ask for at least one.")
    return min(top, MAX_TOP)
