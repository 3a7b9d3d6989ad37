"""The worker pathways use case (issue 15, item 2): one worker's next steps, stretch targets and
pathways toward a target, for the worker or for a navigator they share their skills with.

It reads through use cases only: the worker's evidence and coded past jobs
(`WorkerEvidence`), their profile's location (`Workers.profile`), the transition matrix
(`transition_matrix`, kept per release) with its skill index (kept beside it), pay where the
worker lives (`market.area_pay`) and the training providers' programs (`credentials.programs`).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from sqlalchemy import Engine

from onramp.credentials.programs import MAX_SKILLS, programs_for_skills
from onramp.errors import BusyError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.market.area_pay import AreaPay, Pay, area_pay
from onramp.matching.scoring.evidence import Evidence
from onramp.matching.scoring.profile import build_profile
from onramp.matching.service import WorkerEvidence
from onramp.matching.sources.entries import Entry
from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.model import TransitionConfig
from onramp.pathways.search import search
from onramp.pathways.store import FRAMEWORK, transition_matrix
from onramp.pathways.worker import (
    MAX_TOP,
    PathwayConfig,
    SkillIndex,
    build_index,
    held_levels,
    next_steps_and_stretch,
    score_worker,
)
from onramp.pathways.worker_views import (
    ProgramLine,
    StepView,
    WorkerPathwaysView,
    gap_skills,
    pathway_view,
    step_view,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal, Role
from onramp.platform.secrets import now
from onramp.platform.workers import Workers
from onramp.store.release_cache import ReleaseCache
from onramp.taxonomy.catalog import Catalog

_log = logging.getLogger(__name__)
MAX_QUERY = 200
PROGRAMS_PER_SKILL = 5
_INDEXES: ReleaseCache[tuple[TransitionMatrix, SkillIndex]] = ReleaseCache()
NO_JOB = (
    "We do not know your current job, so these start from the job your skills fit best: {title}. "
    "Add a past job on your profile to start from it."
)
NO_DATA = "Onramp has no job data yet, so it cannot suggest career pathways."
PREPARING = (
    "We are getting job data ready. The first time takes a few minutes. Please come back soon."
)
ONLY_NAVIGATORS = "Only a navigator of this organization can see a worker's pathways."


def matrix_and_index(
    engine: Engine,
    transition: TransitionConfig | None = None,
    config: PathwayConfig | None = None,
    *,
    wait: bool = True,
) -> tuple[TransitionMatrix, SkillIndex]:
    """The transition matrix and its skill index, both kept per process and release. Reading
    every occupation takes from seconds to minutes the first time; with `wait=False` a build
    starts in the background instead and `BusyError` says to come back (a web request never
    waits for it). NotFoundError when no O*NET release is imported."""
    transition = transition or TransitionConfig()
    config = config or PathwayConfig()
    key = ("pathways-index", transition, config.edges)

    def build() -> tuple[TransitionMatrix, SkillIndex]:
        matrix = transition_matrix(engine, transition)
        return matrix, build_index(matrix, config)

    if wait:
        return _INDEXES.current(engine, key, build)
    found = _INDEXES.peek_current(engine, key)
    if found is not None:
        return found
    if Catalog(engine).current(FRAMEWORK) is None:
        raise NotFoundError(NO_DATA)
    prepare_in_background(engine, transition, config)
    raise BusyError(PREPARING, retry_after=60)


_STARTED: set[tuple[str, object]] = set()
_STARTED_LOCK = threading.Lock()


def prepare_in_background(
    engine: Engine, transition: TransitionConfig | None = None, config: PathwayConfig | None = None
) -> None:
    """Build the matrix and index in a daemon thread, once per store and parameters at a time
    (`onramp serve` starts it, so pathways are ready before a worker asks)."""
    transition = transition or TransitionConfig()
    config = config or PathwayConfig()
    key = (str(engine.url), (transition, config.edges))
    with _STARTED_LOCK:
        if key in _STARTED:
            return
        _STARTED.add(key)

    def run() -> None:
        try:
            matrix_and_index(engine, transition, config)
        except Exception:  # noqa: BLE001 - a later request starts it again and reports
            _log.exception("preparing career pathways failed")
        finally:
            with _STARTED_LOCK:
                _STARTED.discard(key)

    threading.Thread(target=run, name="pathways-prepare", daemon=True).start()


@dataclass(frozen=True, slots=True)
class TargetChoice:
    code: str
    title: str


class WorkerPathways:
    """Career pathways for one worker, from their own proof of skills."""

    def __init__(
        self,
        engine: Engine,
        evidence: WorkerEvidence,
        workers: Workers,
        config: PathwayConfig | None = None,
        transition: TransitionConfig | None = None,
        *,
        public_url: str = "",
        wait: bool = True,
    ) -> None:
        self.engine = engine
        self.wait = wait  # False: never wait for the matrix in a request (BusyError instead)
        self.evidence = evidence
        self.workers = workers
        self.public_url = public_url  # where the programs' achievements are published
        self.config = config or PathwayConfig()
        self.transition = transition or TransitionConfig()

    def mine(
        self,
        worker: Principal,
        *,
        target: str = "",
        top: int | None = None,
        today: date | None = None,
    ) -> WorkerPathwaysView:
        """The worker's own pathways; their profile's location picks where pay is from."""
        policy.require_worker(worker)
        gathered = self.evidence.evidence_for(worker, worker.user.id)
        jobs = self.evidence.work_history(worker, worker.user.id)
        place = str(self.workers.profile(worker).get("location") or "")
        return self._view(worker.user.id, gathered.evidence, jobs, place, target, top, today)

    def for_navigator(
        self,
        navigator: Principal,
        org_id: str,
        worker_id: str,
        *,
        target: str = "",
        top: int | None = None,
        today: date | None = None,
    ) -> WorkerPathwaysView:
        """A worker's pathways for a navigator of `org_id`, only while the worker shares their
        profile or skills with it; each look is in the audit log the worker reads. Pay is for
        the whole country (the navigator is not shown where the worker lives)."""
        policy.require_member(navigator, org_id, admin_may=False)
        if Role.NAVIGATOR not in navigator.roles_in(org_id):
            raise PermissionDeniedError(ONLY_NAVIGATORS)
        jobs = self.evidence.work_history(navigator, worker_id, org_id=org_id)
        gathered = self.evidence.evidence_for(navigator, worker_id, org_id=org_id)
        view = self._view(worker_id, gathered.evidence, jobs, "", target, top, today)
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.PATHWAYS_VIEW,
                actor_id=navigator.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type="pathways",
                target_id=worker_id,
                details={"target": view.target[0] if view.target else ""},
            )
        return view

    def find_targets(self, query: str, limit: int = 10) -> list[TargetChoice]:
        """Occupations whose title holds every word of `query`, titles starting with it first."""
        words = query.casefold().split()
        if len(query) > MAX_QUERY:
            raise InvalidInputError(f"Keep the job title under {MAX_QUERY} characters.")
        if not words:
            return []
        try:
            matrix, _index = matrix_and_index(
                self.engine, self.transition, self.config, wait=self.wait
            )
        except NotFoundError:
            return []
        hits = [f for f in matrix.features if all(w in f.title.casefold() for w in words)]
        text = " ".join(words)
        hits.sort(key=lambda f: (not f.title.casefold().startswith(text), len(f.title), f.title))
        return [TargetChoice(f.code, f.title) for f in hits[:limit]]

    # -- the shared part -------------------------------------------------------------------
    def _view(
        self,
        worker_id: str,
        evidence: Sequence[Evidence],
        jobs: Sequence[Entry],
        place: str,
        target: str,
        top: int | None,
        today: date | None,
    ) -> WorkerPathwaysView:
        config = self.config
        if top is not None:
            if not 1 <= top <= MAX_TOP:
                raise InvalidInputError(f"Ask for 1 to {MAX_TOP} next steps.")
            config = _with_top(config, top)
        try:
            matrix, index = matrix_and_index(
                self.engine, self.transition, self.config, wait=self.wait
            )
        except NotFoundError:
            if target.strip():
                raise NotFoundError(NO_DATA) from None
            return empty_view(worker_id)
        wanted = None
        if target.strip():
            wanted = matrix.index(target.strip())  # NotFoundError names the code
        profile = build_profile(evidence, today=today or now().date())
        held = held_levels(profile)
        pay = area_pay(self.engine, place)
        local = np.array(
            [_ln_pay(pay.pay(f.code[:7])) for f in matrix.features], dtype=np.float64
        )  # an O*NET-SOC code starts with its SOC 2018 code
        scores = score_worker(matrix, index, held, current_jobs(jobs), config, local)
        if not scores.origins:
            return empty_view(worker_id)
        nexts, stretch = next_steps_and_stretch(index, scores, config)
        found = search(matrix, index, scores, wanted, config) if wanted is not None else []
        shown = [*nexts, *stretch, *(j for f in found for j in f.path[1:])]
        programs = self._programs(gap_skills(matrix, index, held, shown, config))

        def pay_of(code: str) -> Pay | None:
            return pay.pay(code[:7])  # an O*NET-SOC code starts with its SOC 2018 code

        def step(j: int) -> StepView:
            return step_view(
                matrix,
                index,
                scores,
                held,
                None,
                j,
                pay_of=pay_of,
                programs=programs,
                config=config,
            )

        starts = tuple((matrix.features[i].code, matrix.features[i].title) for i in scores.origins)
        note = "" if scores.origins_known else NO_JOB.format(title=starts[0][1])
        target_note = ""
        if wanted is not None and not found:
            target_note = "You already work in this job." if wanted in scores.origins else ""
        elif found and not found[0].close:
            target_note = (
                "None of the jobs close to yours lead there in three steps, so this is one big "
                "move. It may take a lot of training."
            )
        return WorkerPathwaysView(
            worker_id=worker_id,
            starts=starts,
            start_known=scores.origins_known,
            start_note=note,
            pay_note=_pay_note(pay),
            pay_now=pay_of(starts[0][0]),
            skills_counted=len(held),
            next_steps=tuple(step(j) for j in nexts),
            stretch=tuple(step(j) for j in stretch),
            target=None
            if wanted is None
            else (matrix.features[wanted].code, matrix.features[wanted].title),
            pathways=tuple(
                pathway_view(
                    matrix, index, scores, held, f, pay_of=pay_of, programs=programs, config=config
                )
                for f in found
            ),
            target_note=target_note,
            lacks=tuple(lack.label for lack in matrix.lacks),
        )

    def _programs(self, uris: set[str]) -> dict[str, list[ProgramLine]]:
        """Skill URI -> up to `PROGRAMS_PER_SKILL` (provider, program, address) lines."""
        asked = sorted(uris)[:MAX_SKILLS]
        found: dict[str, list[ProgramLine]] = {}
        for p in programs_for_skills(self.engine, asked, public_url=self.public_url):
            for uri in p.skills:
                listed = found.setdefault(uri, [])
                if len(listed) < PROGRAMS_PER_SKILL:
                    listed.append((p.org_name, p.name, p.url))
        return found


def empty_view(worker_id: str) -> WorkerPathwaysView:
    """What the worker sees before any occupation data is imported."""
    return WorkerPathwaysView(
        worker_id, (), False, NO_DATA, "", None, 0, (), (), None, (), "", (NO_DATA,)
    )


def current_jobs(jobs: Sequence[Entry]) -> list[str]:
    """The occupations of the jobs the worker holds now (no end date), most recent start
    first; when none is ongoing, the one that ended last. Jobs not coded are skipped."""
    coded = [e for e in jobs if e.occupation_code]
    ongoing = [e for e in coded if e.ended_on is None]
    if ongoing:
        ongoing.sort(key=lambda e: e.started_on or date.min, reverse=True)
        return [e.occupation_code for e in ongoing]
    if coded:
        return [max(coded, key=lambda e: e.dated).occupation_code]
    return []


def _ln_pay(pay: Pay | None) -> float:
    return math.log(pay.annual) if pay is not None and pay.annual > 0 else math.nan


def _pay_note(pay: AreaPay) -> str:
    if pay.area is not None:
        return ""
    return pay.note


def _with_top(config: PathwayConfig, top: int) -> PathwayConfig:
    return replace(config, next_steps=top, stretch_targets=min(top, config.stretch_targets))
