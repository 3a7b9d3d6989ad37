"""The jobs use cases over the store: write and move jobs, lint them with the organization's
settings, publish, and let workers apply and withdraw under consent.

Applying shares the worker's profile (and the credentials they choose, as a signed
presentation) with the employer under a `job_application` consent grant whose `purpose_ref` is
the job; withdrawing revokes that grant, so the employer loses access on the next request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, func, insert, select, update

from onramp.credentials.wallet import Wallet
from onramp.errors import ConflictError, InvalidInputError, NotFoundError
from onramp.jobs import policy as job_policy
from onramp.jobs.builder import Proposal, propose
from onramp.jobs.importing import ImportedDraft, draft_from_posting
from onramp.jobs.lint import Finding, JobFinding, LintSettings, Severity, lint_field, lint_job
from onramp.jobs.model import (
    MAX_NOTE_CHARS,
    MAX_NOTES,
    TRANSITIONS,
    Job,
    JobDraft,
    JobState,
    StateChange,
)
from onramp.nlp.occupation_skills import occupation_skills
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.model import OrgKind, Principal, PurposeKind, Scope
from onramp.platform.secrets import aware, now
from onramp.store import job_tables as j
from onramp.store import platform_tables as t
from onramp.store.engine import write_transaction
from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.esf.view import EsfView, essential_skills

PUBLIC_STATES = frozenset({JobState.OPEN, JobState.PAUSED, JobState.FILLED})
APPLIED, WITHDRAWN = "applied", "withdrawn"
APPLICATION_DAYS = 180


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    job_id: str
    job_title: str
    org_id: str
    org_name: str
    worker_id: str
    state: str
    grant_id: str | None
    created_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of a job's state, with the name of who made it ("" when unknown: the
    account was removed, or the system made it)."""

    state: JobState
    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class Applicant:
    """What the employer sees of one applicant: only what the active grant shares."""

    application_id: str
    worker_id: str
    name: str
    applied_at: datetime
    credentials: int  # how many credentials they shared with this application
    grant_id: str


def with_notes(draft: JobDraft, notes: list[str]) -> JobDraft:
    """The draft with notes for its review, cut to what the model keeps."""
    kept = tuple(n[:MAX_NOTE_CHARS] for n in notes if n.strip())[:MAX_NOTES]
    return draft.model_copy(update={"review_notes": kept})


def parse_draft(data: dict[str, Any]) -> JobDraft:
    """A draft from its JSON form, with errors in words a person can act on."""
    try:
        return JobDraft.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'job'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidInputError(f"The job is not complete: {problems}") from error


class Jobs:
    def __init__(self, engine: Engine, consents: Consents, wallet: Wallet) -> None:
        self.engine = engine
        self.consents = consents
        self.wallet = wallet
        self.catalog = Catalog(engine)

    # -- writing -------------------------------------------------------------------------
    def create(self, principal: Principal, org_id: str, draft: JobDraft) -> Job:
        job_policy.require_job_writer(principal, org_id)
        self._require_employer(org_id)
        job_id, moment = str(uuid.uuid4()), now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(j.jobs).values(
                    id=job_id,
                    org_id=org_id,
                    title=draft.title,
                    state=JobState.DRAFT.value,
                    draft=draft.model_dump(mode="json"),
                    created_by=principal.user.id,
                    created_at=moment,
                    updated_at=moment,
                )
            )
            self._change(conn, job_id, JobState.DRAFT, principal.user.id, moment)
            audit.record(
                conn,
                AuditAction.JOB_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="job",
                target_id=job_id,
                details={"title": draft.title},
            )
        return self._load(job_id)

    def start_from_occupation(self, principal: Principal, org_id: str, code: str) -> Job:
        """A draft proposed from an occupation, stored with what the data lacks and where
        each part came from, for the employer's review."""
        job_policy.require_job_writer(principal, org_id)
        proposal = self.propose(code)
        notes = [*proposal.lacks, *(f"Proposed from {s}." for s in proposal.sources)]
        return self.create(principal, org_id, with_notes(proposal.draft, notes))

    def update(self, principal: Principal, job_id: str, draft: JobDraft) -> Job:
        job = self._load(job_id)
        job_policy.require_job_writer(principal, job.org_id)
        if job.state is JobState.CLOSED:
            raise ConflictError("This job is closed. Copy it to make a new one.")
        with write_transaction(self.engine, f"job:{job_id}") as conn:
            conn.execute(
                update(j.jobs)
                .where(j.jobs.c.id == job_id)
                .values(title=draft.title, draft=draft.model_dump(mode="json"), updated_at=now())
            )
            audit.record(
                conn,
                AuditAction.JOB_UPDATE,
                actor_id=principal.user.id,
                org_id=job.org_id,
                target_type="job",
                target_id=job_id,
            )
        return self._load(job_id)

    def move(self, principal: Principal, job_id: str, state: JobState) -> Job:
        """Open (publish), pause, fill or close a job. Publishing needs the errors the linter
        found fixed first: an error is wording the law or fairness does not allow."""
        job = self._load(job_id)
        job_policy.require_job_writer(principal, job.org_id)
        if state not in TRANSITIONS[job.state]:
            raise ConflictError(f"A job that is {job.state.value} cannot become {state.value}.")
        if state is JobState.OPEN:
            blocking = [
                f for f in self.findings(principal, job_id) if f.finding.severity is Severity.ERROR
            ]
            if blocking:
                words = "; ".join(f"“{f.finding.text}”" for f in blocking[:5])
                raise InvalidInputError(
                    f"Fix these before you publish: {words}. {blocking[0].finding.message}"
                )
        moment = now()
        with write_transaction(self.engine, f"job:{job_id}") as conn:
            current = conn.execute(select(j.jobs.c.state).where(j.jobs.c.id == job_id)).scalar()
            if current != job.state.value:
                raise ConflictError("Someone else changed this job. Reload and try again.")
            conn.execute(
                update(j.jobs)
                .where(j.jobs.c.id == job_id)
                .values(state=state.value, updated_at=moment)
            )
            self._change(conn, job_id, state, principal.user.id, moment)
            audit.record(
                conn,
                AuditAction.JOB_STATE,
                actor_id=principal.user.id,
                org_id=job.org_id,
                target_type="job",
                target_id=job_id,
                details={"from": job.state.value, "to": state.value},
            )
        return self._load(job_id)

    # -- reading -------------------------------------------------------------------------
    def get(self, principal: Principal, job_id: str) -> Job:
        job = self._load(job_id)
        job_policy.require_job_reader(principal, job.org_id)
        return job

    def history(self, principal: Principal, job_id: str) -> list[HistoryEntry]:
        """Each change of the job's state, oldest first, with who made it."""
        job = self.get(principal, job_id)
        ids = {c.by for c in job.history if c.by}
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.users.c.id, t.users.c.name).where(t.users.c.id.in_(ids)))
            names = {row.id: row.name for row in rows}
        return [HistoryEntry(c.state, c.at, names.get(c.by or "", "")) for c in job.history]

    def public(self, job_id: str) -> Job:
        """A job anyone may read: published and not closed. Drafts do not exist to the public."""
        job = self._load(job_id)
        if job.state not in PUBLIC_STATES:
            raise NotFoundError("no such job")
        return job

    def for_org(self, principal: Principal, org_id: str) -> list[Job]:
        job_policy.require_job_reader(principal, org_id)
        return self._query(j.jobs.c.org_id == org_id)

    def listed_for_org(self, org_id: str, *, public_only: bool) -> list[Job]:
        """An organization's jobs with no policy check, for a use case that holds its own (the
        talent development roadmap): published ones only, or every state."""
        where = j.jobs.c.org_id == org_id
        if public_only:
            where = where & j.jobs.c.state.in_([s.value for s in PUBLIC_STATES])
        return self._query(where)

    def open_jobs(self, limit: int = 50, offset: int = 0) -> list[Job]:
        return self._query(j.jobs.c.state == JobState.OPEN.value, limit=limit, offset=offset)

    def count_open(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(j.jobs.c.state == JobState.OPEN.value)
                ).scalar_one()
            )

    # -- building ------------------------------------------------------------------------
    def propose(self, occupation_code: str) -> Proposal:
        """A draft from an occupation, from the current releases (anyone may ask: it is
        reference data; nothing is stored until an employer saves it)."""
        profile = self.catalog.profile(occupation_code)
        skills = occupation_skills(self.engine, occupation_code, profile=profile)
        try:
            esf: EsfView | None = essential_skills(self.engine)
        except NotFoundError:
            esf = None
        return propose(profile, esf, skills=skills)

    def import_posting(
        self,
        principal: Principal,
        org_id: str,
        text: str,
        extract: Callable[[str], dict[str, Any]],
    ) -> tuple[Job, ImportedDraft]:
        """Store a posting's draft for review. `extract` gives the extractor's JSON for the
        text; it runs only once the caller may write jobs for an employer."""
        job_policy.require_job_writer(principal, org_id)
        self._require_employer(org_id)
        imported = draft_from_posting(text, extract(text), self.lint_settings(org_id))
        draft = with_notes(imported.draft, imported.notes)
        return self.create(principal, org_id, draft), imported

    # -- linting -------------------------------------------------------------------------
    def findings(self, principal: Principal, job_id: str) -> list[JobFinding]:
        job = self.get(principal, job_id)
        return lint_job(job.draft, self.lint_settings(job.org_id), self.job_zone(job.draft))

    def lint_live(self, principal: Principal, job_id: str, text: str) -> list[Finding]:
        """One field's text as the builder checks it while the employer types, with the
        organization's settings (rules turned off stay off; added terms are found). It
        changes nothing, so reading is the scope it needs."""
        policy.require_scope(principal, Scope.READ)
        job = self.get(principal, job_id)
        return lint_field(text, self.lint_settings(job.org_id))

    def job_zone(self, draft: JobDraft) -> int | None:
        """The O*NET job zone of the job's first occupation that has one."""
        for code in draft.occupations:
            try:
                _framework, occupation = self.catalog.find_occupation(code)
            except NotFoundError:
                continue
            if occupation.job_zone:
                return occupation.job_zone
        return None

    def lint_settings(self, org_id: str) -> LintSettings:
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(j.lint_settings.c.settings).where(j.lint_settings.c.org_id == org_id)
            ).scalar()
        return LintSettings.model_validate(raw) if raw else LintSettings()

    def org_lint_settings(self, principal: Principal, org_id: str) -> LintSettings:
        """The settings as the organization's members may read them."""
        job_policy.require_job_reader(principal, org_id)
        return self.lint_settings(org_id)

    def set_lint_settings(
        self, principal: Principal, org_id: str, settings: LintSettings
    ) -> LintSettings:
        """Turn rules off, add terms, or set the must-have limit; every change is audited
        with what it was before."""
        job_policy.require_lint_admin(principal, org_id)
        self._require_employer(org_id)
        before = self.lint_settings(org_id)
        value = settings.model_dump(mode="json")
        with write_transaction(self.engine, f"lint:{org_id}") as conn:
            exists = conn.execute(
                select(j.lint_settings.c.org_id).where(j.lint_settings.c.org_id == org_id)
            ).first()
            row = {"settings": value, "updated_at": now(), "updated_by": principal.user.id}
            if exists:
                conn.execute(
                    update(j.lint_settings).where(j.lint_settings.c.org_id == org_id).values(row)
                )
            else:
                conn.execute(insert(j.lint_settings).values(org_id=org_id, **row))
            audit.record(
                conn,
                AuditAction.JOB_LINT_SETTINGS,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="lint_settings",
                target_id=org_id,
                details={"before": before.model_dump(mode="json"), "after": value},
            )
        return self.lint_settings(org_id)

    # -- applying ------------------------------------------------------------------------
    def apply(self, worker: Principal, job_id: str, item_ids: list[str]) -> Application:
        """Apply to an open job, sharing the profile and the chosen credentials."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.CONSENT)
        job = self.public(job_id)
        if job.state is not JobState.OPEN:
            raise ConflictError("This job is not taking applications now.")
        current = self._application(job_id, worker.user.id)
        if current is not None and current.state == APPLIED:
            raise ConflictError("You already applied to this job.")
        purpose = f"My application for {job.draft.title}"
        if item_ids:
            grant_id = self.wallet.share(
                worker,
                job.org_id,
                item_ids,
                purpose,
                purpose_kind=PurposeKind.JOB_APPLICATION,
                days=APPLICATION_DAYS,
                purpose_ref=job_id,
                parts=("profile", "records"),
            ).grant_id
        else:
            grant_id = self.consents.grant(
                worker,
                job.org_id,
                ["profile"],
                PurposeKind.JOB_APPLICATION,
                purpose,
                APPLICATION_DAYS,
                purpose_ref=job_id,
            ).id
        try:
            with write_transaction(self.engine, f"apply:{job_id}:{worker.user.id}") as conn:
                values = {"grant_id": grant_id, "state": APPLIED, "created_at": now()}
                if current is None:
                    conn.execute(
                        insert(j.job_applications).values(
                            id=str(uuid.uuid4()),
                            job_id=job_id,
                            worker_id=worker.user.id,
                            withdrawn_at=None,
                            **values,
                        )
                    )
                else:
                    conn.execute(
                        update(j.job_applications)
                        .where(j.job_applications.c.id == current.id)
                        .values(withdrawn_at=None, **values)
                    )
                audit.record(
                    conn,
                    AuditAction.JOB_APPLY,
                    actor_id=worker.user.id,
                    org_id=job.org_id,
                    subject_id=worker.user.id,
                    target_type="job",
                    target_id=job_id,
                    details={"credentials": len(item_ids)},
                )
        except Exception:
            self.consents.revoke(worker, grant_id)  # no grant without its application
            raise
        found = self._application(job_id, worker.user.id)
        assert found is not None
        return found

    def withdraw(self, worker: Principal, job_id: str) -> Application:
        """Take an application back: the grant is revoked first, so the employer loses
        access even if marking the application fails."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.CONSENT)
        current = self._application(job_id, worker.user.id)
        if current is None or current.state != APPLIED:
            raise NotFoundError("You have not applied to this job.")
        if current.grant_id:
            self.consents.revoke(worker, current.grant_id)
        with self.engine.begin() as conn:
            conn.execute(
                update(j.job_applications)
                .where(j.job_applications.c.id == current.id)
                .values(state=WITHDRAWN, withdrawn_at=now())
            )
            audit.record(
                conn,
                AuditAction.JOB_WITHDRAW,
                actor_id=worker.user.id,
                org_id=current.org_id,
                subject_id=worker.user.id,
                target_type="job",
                target_id=job_id,
            )
        found = self._application(job_id, worker.user.id)
        assert found is not None
        return found

    def my_applications(self, worker: Principal) -> list[Application]:
        policy.require_worker(worker)
        return self._applications(j.job_applications.c.worker_id == worker.user.id)

    def application_to(self, worker: Principal, job_id: str) -> Application | None:
        policy.require_worker(worker)
        return self._application(job_id, worker.user.id)

    def applicants(self, principal: Principal, job_id: str) -> list[Applicant]:
        """Workers who applied and whose grant is active now; a withdrawn or expired grant
        drops them from the list on the next request."""
        job = self._load(job_id)
        job_policy.require_applicant_reader(principal, job.org_id)
        moment = now()
        grants = {g.id: g for g in self.consents.to_org(principal, job.org_id)}
        out = []
        for application in self._applications(
            (j.job_applications.c.job_id == job_id) & (j.job_applications.c.state == APPLIED)
        ):
            grant = grants.get(application.grant_id or "")
            if grant is None or not grant.active_at(moment) or grant.purpose_ref != job_id:
                continue
            out.append(
                Applicant(
                    application.id,
                    application.worker_id,
                    grant.worker_name or "A worker",
                    application.created_at,
                    len(grant.scope.get("records", [])),
                    grant.id,
                )
            )
        return out

    def applicant_counts(self, principal: Principal, org_id: str) -> dict[str, int]:
        """How many applicants each of the organization's jobs has, by the rule of
        `applicants` (applied, under an active grant for that job), read in two queries
        rather than one per job: the employer's dashboard lists every job."""
        job_policy.require_applicant_reader(principal, org_id)
        moment = now()
        active = {
            g.id: g.purpose_ref
            for g in self.consents.to_org(principal, org_id)
            if g.active_at(moment)
        }
        a = j.job_applications
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.job_id, a.c.grant_id)
                .join(j.jobs, j.jobs.c.id == a.c.job_id)
                .where(j.jobs.c.org_id == org_id, a.c.state == APPLIED)
            ).all()
        counts: dict[str, int] = {}
        for row in rows:
            job_id, grant_id = str(row.job_id), str(row.grant_id or "")
            if active.get(grant_id) == job_id:
                counts[job_id] = counts.get(job_id, 0) + 1
        return counts

    # -- helpers -------------------------------------------------------------------------
    def _require_employer(self, org_id: str) -> None:
        with self.engine.connect() as conn:
            kind = conn.execute(
                select(t.organizations.c.kind).where(t.organizations.c.id == org_id)
            ).scalar()
        if kind is None:
            raise NotFoundError("no such organization")
        if kind != OrgKind.EMPLOYER.value:
            raise InvalidInputError("Only an employer organization can post jobs.")

    @staticmethod
    def _change(conn: Any, job_id: str, state: JobState, by: str | None, at: datetime) -> None:
        conn.execute(
            insert(j.job_state_changes).values(
                id=str(uuid.uuid4()), job_id=job_id, state=state.value, at=at, by=by
            )
        )

    def _load(self, job_id: str) -> Job:
        found = self._query(j.jobs.c.id == job_id)
        if not found:
            raise NotFoundError("no such job")
        return found[0]

    def _query(self, where: Any, limit: int | None = None, offset: int = 0) -> list[Job]:
        o = t.organizations
        query = (
            select(j.jobs, o.c.name.label("org_name"))
            .join(o, o.c.id == j.jobs.c.org_id)
            .where(where)
            .order_by(j.jobs.c.updated_at.desc(), j.jobs.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            ids = [r.id for r in rows]
            changes: dict[str, list[StateChange]] = {i: [] for i in ids}
            if ids:
                for change in conn.execute(
                    select(j.job_state_changes)
                    .where(j.job_state_changes.c.job_id.in_(ids))
                    .order_by(j.job_state_changes.c.at, j.job_state_changes.c.id)
                ).all():
                    changes[change.job_id].append(
                        StateChange(state=JobState(change.state), at=aware(change.at), by=change.by)
                    )
        return [
            Job(
                id=r.id,
                org_id=r.org_id,
                org_name=r.org_name,
                draft=JobDraft.model_validate(r.draft),
                state=JobState(r.state),
                history=tuple(changes[r.id]),
                created_at=aware(r.created_at),
                updated_at=aware(r.updated_at),
            )
            for r in rows
        ]

    def _applications(self, where: Any) -> list[Application]:
        a, o = j.job_applications, t.organizations
        query = (
            select(a, j.jobs.c.title, j.jobs.c.org_id, o.c.name.label("org_name"))
            .join(j.jobs, j.jobs.c.id == a.c.job_id)
            .join(o, o.c.id == j.jobs.c.org_id)
            .where(where)
            .order_by(a.c.created_at.desc())
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Application(
                r.id,
                r.job_id,
                r.title,
                r.org_id,
                r.org_name,
                r.worker_id,
                r.state,
                r.grant_id,
                aware(r.created_at),
                aware(r.withdrawn_at) if r.withdrawn_at else None,
            )
            for r in rows
        ]

    def _application(self, job_id: str, worker_id: str) -> Application | None:
        found = self._applications(
            (j.job_applications.c.job_id == job_id) & (j.job_applications.c.worker_id == worker_id)
        )
        return found[0] if found else None
