"""The matching use cases over the store (issue 14, items 3-4): blind candidates for a job, one
candidate explained, and "jobs for me".

Each use case gathers evidence through `WorkerEvidence` (which checks consent and audits every
view), builds skill profiles and scores them with the pure core (`onramp.matching.scoring`), and
hands back what the person may see. Employers see candidates blind: an alias and an opaque
handle, both stable for the job (`handles.CandidateHandles`), never a name, photo, age, school,
degree, address or the worker's account id; `Personal.reveal` shows those on request and audits
it. Their evidence is written out through `blind.EmployerView`, so an issuer (which can be
a school) shows only as trusted or not until someone in the organization reveals the candidate.
This module never imports `personal`: scores never see any of it, since the core takes only
`Evidence`; `fairness.py` joins a finished ranking with counted groups.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from onramp.credentials.trust_store import TrustedIssuers
from onramp.errors import InvalidInputError
from onramp.jobs.model import Job
from onramp.jobs.service import Jobs
from onramp.matching.access import candidate_access, job_org
from onramp.matching.blind import EmployerView, revealed
from onramp.matching.handles import CandidateHandles
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
from onramp.matching.sources.credentials import LeftOut
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

# Told of every candidate list shown for a job: (who saw it, the job, the shown workers' ids
# best first). The adverse-impact monitor listens (`onramp.metrics.monitoring`); matching cannot
# import it, so it registers here when the services are put together.
RankingListener = Callable[[Principal, Job, tuple[str, ...]], None]


@dataclass(frozen=True, slots=True)
class BlindCandidate:
    """One row of the employer's blind list. `worker_id` stays inside Onramp (the fairness
    audit counts by it); what the employer is shown names the candidate by `handle`."""

    worker_id: str
    handle: str  # opaque, for this job only (`CandidateHandles`)
    alias: str
    rank: int
    match: Match
    growth: str  # the growth sentence
    view: EmployerView  # blind until someone in the organization reveals the candidate

    @property
    def met(self) -> int:
        return sum(1 for r in self.match.requirements if r.status.value == "met")

    def as_json(self) -> dict[str, object]:
        return {
            "handle": self.handle,
            "worker_id": self.worker_id if self.view.revealed else None,
            "alias": self.alias,
            "rank": self.rank,
            "requirements_met": self.met,
            "growth": self.growth,
            "revealed": self.view.revealed,
            **self.view.match_json(self.match),
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
    worker_id: str  # inside Onramp only: shown to the employer after a reveal
    handle: str
    alias: str
    match: Match
    profile: SkillProfile
    view: EmployerView  # blind until someone in the organization reveals the candidate
    records_left_out: tuple[LeftOut, ...] = field(default=())

    @property
    def left_out(self) -> list[str]:
        """Why records gave no evidence, as this employer may see it (`EmployerView`)."""
        return self.view.left_out(self.records_left_out)

    def as_json(self) -> dict[str, object]:
        return {
            "job_id": self.job.id,
            "handle": self.handle,
            "worker_id": self.worker_id if self.view.revealed else None,
            "alias": self.alias,
            "revealed": self.view.revealed,
            "match": self.view.match_json(self.match),
            "growth": self.profile.growth.as_json(),
            "left_out": self.left_out,
        }


@dataclass(frozen=True, slots=True)
class BlindApplicant:
    """One person who applied to a job, as the people who hire for it see them: by alias and
    handle; their name, account id, when they applied and the grant (whose page names them)
    only once someone in the organization revealed them for the job. The list is in the order
    of the handles, so its order tells nothing either."""

    handle: str
    alias: str
    applied_at: datetime | None  # these four after a reveal only: when they applied is a clue
    credentials: int  # how many credentials they shared with the application
    name: str | None = None
    worker_id: str | None = None
    grant_id: str | None = None

    @property
    def revealed(self) -> bool:
        return self.name is not None

    def as_json(self) -> dict[str, object]:
        return {
            "handle": self.handle,
            "alias": self.alias,
            "revealed": self.revealed,
            "name": self.name,
            "worker_id": self.worker_id,
            "grant_id": self.grant_id,
            "applied_at": self.applied_at.isoformat() if self.applied_at else None,
            "credentials": self.credentials,
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
        handles: CandidateHandles | None = None,
    ) -> None:
        self.engine = engine
        self.evidence = evidence
        self.jobs = jobs
        self.trusted = trusted or TrustedIssuers(engine)
        self.handles = handles or CandidateHandles.from_kek(evidence.wallet.hosting.vault.kek())
        self._index: ProfileIndex | None = None
        self._vectors: ProfileVectors | None = None
        self._since: datetime | None = None
        self._lock = threading.Lock()
        self.ranking_listeners: list[RankingListener] = []

    # -- the employer's side ---------------------------------------------------------------
    def watch_rankings(self, listener: RankingListener) -> None:
        """Call `listener` after each candidate list shown from now on (once per listener)."""
        if listener not in self.ranking_listeners:
            self.ranking_listeners.append(listener)

    def candidates(
        self, principal: Principal, job_id: str, top: int = DEFAULT_TOP, *, shown: bool = True
    ) -> CandidateList:
        """The job's candidates (who applied or share with the organization), best first,
        blind. Each view of a worker's evidence is audited by `evidence_for_job`. A list
        `shown` to a person is passed to the ranking listeners; an audit that reads the
        whole ranking to count it (`fairness.audit_job_ranking`) passes `shown=False`."""
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
        seen = revealed(self.engine, job.org_id, job.id)
        rows = tuple(
            BlindCandidate(
                r.id,
                self.handles.make(job.id, r.id),
                self.handles.alias(job.id, r.id),
                n,
                r.match,
                profiles[r.id].growth.sentence(),
                self._view(trust, job.id, r.id, r.id in seen),
            )
            for n, r in enumerate(ranked, start=1)
        )
        if shown and rows:
            for listener in self.ranking_listeners:
                listener(principal, job, tuple(r.worker_id for r in rows))
        return CandidateList(job, rows, len(profiles))

    def explain(self, principal: Principal, job_id: str, worker_id: str) -> CandidateDetail:
        """One candidate's match, requirement by requirement, with the evidence used."""
        job = self.jobs.get(principal, job_id)
        candidate_access(self.engine, self.evidence.consents, principal, job_id, worker_id)
        found = self.evidence.evidence_for(principal, worker_id, org_id=job.org_id, job_id=job.id)
        trust = self._trust(job.org_id)
        profile = build_profile(found.evidence, today=now().date(), trust=trust)
        result = match(JobSpec.of(job), profile, relatedness=self._related(job))
        seen = worker_id in revealed(self.engine, job.org_id, job.id)
        view = self._view(trust, job.id, worker_id, seen)
        return CandidateDetail(
            job,
            worker_id,
            self.handles.make(job.id, worker_id),
            self.handles.alias(job.id, worker_id),
            result,
            profile,
            view,
            tuple(found.left_out),
        )

    def worker_of(self, job_id: str, handle: str) -> str:
        """The worker a candidate handle names for the job; `NotFoundError` for a handle that
        is changed, made up or from another job. Who may see the candidate is checked by the
        use case the worker id is then given to."""
        return self.handles.resolve(job_id, handle)

    def applicants(self, principal: Principal, job_id: str) -> list[BlindApplicant]:
        """The people who applied to the job and still share with the organization
        (`Jobs.applicants`, which checks who may), blind like the candidate list: names only
        for those already revealed for this job, whose reveal is in the audit log."""
        found = self.jobs.applicants(principal, job_id)
        seen = revealed(self.engine, job_org(self.engine, job_id), job_id) if found else set()
        out = []
        for a in found:  # in the order of their handles: the order they applied in is a clue
            shown = a.worker_id in seen
            out.append(
                BlindApplicant(
                    self.handles.make(job_id, a.worker_id),
                    self.handles.alias(job_id, a.worker_id),
                    a.applied_at if shown else None,
                    a.credentials,
                    a.name if shown else None,
                    a.worker_id if shown else None,
                    a.grant_id if shown else None,
                )
            )
        return sorted(out, key=lambda row: row.handle)

    # -- the worker's side -----------------------------------------------------------------
    def profile(self, worker: Principal) -> tuple[SkillProfile, tuple[LeftOut, ...]]:
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
    def _view(self, trust: IssuerTrust, job_id: str, worker_id: str, seen: bool) -> EmployerView:
        """How the job's organization sees this candidate's evidence (blind until `seen`)."""
        return EmployerView(
            trust, seen, lambda own: self.handles.evidence_id(job_id, worker_id, own)
        )

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
