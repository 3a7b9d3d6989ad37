"""A worker's evidence: the use cases that keep it and gather it (issue 14, item 1).

A worker manages their own entries (attestations and LERs, assessments, training, portfolio
items, self-ratings against the Essential Skills Framework, past jobs, a resume's skills); an
organization may record an attestation, assessment or training for a worker who shares with it,
and that record counts as verified. `evidence_for` gathers every source into one list of
`Evidence` (the wallet's credentials checked again first), which is all the scoring core is
given: nothing here reads names, ages, addresses, schools or degrees (`onramp.matching.personal`
keeps those). Every time an organization is shown a worker's evidence, the audit log says so.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, delete, insert, select

from onramp.credentials.wallet import Wallet
from onramp.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from onramp.matching.access import NOT_SHARED, Access, candidates, org_access
from onramp.matching.past_jobs import JobCoder, job_signature, store_title_coder
from onramp.matching.profile_vectors import mark_stale
from onramp.matching.scoring.evidence import MAX_LEVEL, MIN_LEVEL, Evidence, EvidenceKind
from onramp.matching.sources.credentials import LeftOut
from onramp.matching.sources.entries import (
    ENTERED_KINDS,
    ESF_LEVEL,
    FROM_PROFILE,
    ORG_KINDS,
    Entry,
    OccupationSkills,
    SkillClaim,
    TitleCoder,
    counted_once,
    entry_evidence,
    is_from_profile,
    resume_level,
)
from onramp.matching.sources.wallet import wallet_evidence
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import aware, now
from onramp.platform.workers import Workers, profile_lock
from onramp.store import matching_tables as m
from onramp.store import platform_tables as t
from onramp.store import schema
from onramp.store.engine import write_transaction
from onramp.taxonomy.esf.view import essential_skills

MAX_SKILLS = 40  # skills one entry may name
MAX_ENTRIES = 500  # entries one worker may keep
MAX_TITLE = 300
MAX_TEXT = 4000
MAX_LINK = 1000
MAX_PROFILE_JOBS = 50  # the platform keeps up to 50 jobs in a profile
FROM_PROFILE_NOTE = "This job comes from your profile. Change or remove it on your profile page."


@dataclass(slots=True)
class EntryDraft:
    """What a person enters: one attestation or LER, assessment result, training completion
    or portfolio item, and the skills it shows (skill URI and 1-5 level)."""

    kind: EvidenceKind
    title: str
    skills: list[tuple[str, int]]
    issuer: str = ""  # who attested, assessed or trained
    started_on: date | None = None
    ended_on: date | None = None  # the date it shows
    link: str = ""
    description: str = ""
    score: str = ""


@dataclass(slots=True)
class EvidenceSet:
    """Everything that shows one worker's skills now, and what was left out and why."""

    worker_id: str
    evidence: list[Evidence] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


class WorkerEvidence:
    """The evidence use cases over one store. `title_coder` codes a past job's title to an
    occupation (by default `store_title_coder`) and `occupation_skills` lists that
    occupation's skills (by default the store's own, `matching.occupation_skills`), so every
    edge that builds these use cases infers the same skills from the same past job."""

    def __init__(
        self,
        engine: Engine,
        consents: Consents,
        wallet: Wallet,
        *,
        title_coder: TitleCoder | None = None,
        occupation_skills: OccupationSkills | None = None,
    ) -> None:
        self.engine = engine
        self.consents = consents
        self.wallet = wallet
        self.title_coder = title_coder or store_title_coder(engine)
        self.jobs = JobCoder(engine, self.title_coder)
        self.occupation_skills = occupation_skills or _store_occupation_skills(engine)

    # -- what the worker enters --------------------------------------------------------------
    def add(self, worker: Principal, draft: EntryDraft) -> Entry:
        """An attestation or LER, assessment, training or portfolio item, in the worker's own
        words: unverified."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        if draft.kind not in ENTERED_KINDS:
            raise InvalidInputError(
                "Choose what this is: " + ", ".join(k.value for k in ENTERED_KINDS) + "."
            )
        return self._store(worker.user.id, draft, actor=worker.user.id)

    def record(self, principal: Principal, org_id: str, worker_id: str, draft: EntryDraft) -> Entry:
        """An organization records an attestation, assessment result or training completion
        for a worker who shares with it; it counts as verified, with the organization as
        issuer."""
        policy.require_scope(principal, Scope.WRITE)
        if principal.user.is_platform_admin:
            raise PermissionDeniedError("A platform admin cannot record evidence for a worker.")
        org_access(self.consents, principal, org_id, worker_id)
        if draft.kind not in ORG_KINDS:
            raise InvalidInputError(
                "An organization can record: " + ", ".join(k.value for k in ORG_KINDS) + "."
            )
        with self.engine.connect() as conn:
            org = conn.execute(
                select(t.organizations.c.slug, t.organizations.c.name).where(
                    t.organizations.c.id == org_id
                )
            ).first()
        if org is None:
            raise NotFoundError("no such organization")
        signed = replace(draft, issuer=self.wallet.hosting.site.org_did(org.slug))
        return self._store(
            worker_id, signed, actor=principal.user.id, org_id=org_id, issuer_name=org.name
        )

    def rate_essential_skills(self, worker: Principal, ratings: dict[str, int | None]) -> Entry:
        """The worker's own ratings against the Essential Skills Framework (skill URI -> ESF
        level 1-4, or None to clear one); they replace the last ratings."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        esf = essential_skills(self.engine)
        known = {s.uri: s for g in esf.groups for s in g.skills}
        claims = []
        for uri, level in ratings.items():
            if level is None:
                continue
            skill = known.get(uri)
            if skill is None:
                raise InvalidInputError(f"{uri} is not one of the essential skills.")
            top = max((lv.level for lv in skill.levels), default=max(ESF_LEVEL))
            if level not in ESF_LEVEL or level > top:
                raise InvalidInputError(f"Rate {skill.name} from 1 to {top}.")
            claims.append(SkillClaim(uri, ESF_LEVEL[level], skill.name))
        return self._replace_own(
            worker.user.id,
            EvidenceKind.SELF,
            "My essential skills",
            claims,
            {"framework": esf.name, "version": esf.version},
        )

    def self_ratings(self, worker: Principal) -> dict[str, int]:
        """The worker's current ratings: ESF skill URI -> ESF level."""
        back = {v: k for k, v in ESF_LEVEL.items()}
        found = [e for e in self.entries(worker) if e.kind is EvidenceKind.SELF]
        return {c.skill: back[c.level] for e in found for c in e.skills if c.level in back}

    def add_work_history(
        self,
        worker: Principal,
        *,
        title: str,
        employer: str = "",
        started_on: date | None = None,
        ended_on: date | None = None,
        description: str = "",
        occupation_code: str = "",
        skills: Iterable[tuple[str, int]] = (),
    ) -> Entry:
        """A past job. Its title is coded to an occupation (unless the worker chose one), whose
        profile's skills then count as inferred evidence."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        details: dict[str, Any] = {"employer": _text(employer, "employer", MAX_TITLE)}
        details["description"] = _text(description, "description", MAX_TEXT)
        code = self.jobs.code(title, details, occupation_code.strip())
        draft = EntryDraft(EvidenceKind.WORK_HISTORY, title, list(skills), "", started_on, ended_on)
        return self._store(
            worker.user.id, draft, actor=worker.user.id, details=details, occupation_code=code
        )

    def follow_profile(
        self, worker_id: str, jobs: list[dict[str, str]]
    ) -> Callable[[Connection], None]:
        """The past jobs of the worker's profile as work-history evidence: the profile is where
        they are kept, and these entries follow it (`Workers.follow_work_history`). Each job is
        coded here, before the profile's transaction; what is returned replaces the profile's
        entries inside it, only when a job changed. A job the worker also added on the skills
        page counts once (`sources.entries.counted_once`)."""
        wanted = [self.jobs.profile_job(job) for job in jobs[:MAX_PROFILE_JOBS]]

        def write(conn: Connection) -> None:
            e = m.evidence_entries
            rows = conn.execute(
                select(
                    e.c.id,
                    e.c.title,
                    e.c.started_on,
                    e.c.ended_on,
                    e.c.occupation_code,
                    e.c.details,
                ).where(e.c.worker_id == worker_id, e.c.kind == EvidenceKind.WORK_HISTORY.value)
            ).all()
            kept = [r for r in rows if r.details.get("source") == FROM_PROFILE]
            before = sorted(
                job_signature(r.title, r.started_on, r.ended_on, r.occupation_code, r.details)
                for r in kept
            )
            if before == sorted(job.signature() for job in wanted):
                return  # nothing about the jobs changed: nothing to rebuild
            conn.execute(delete(e).where(e.c.id.in_([r.id for r in kept])))
            mark_stale(conn, worker_id)
            for job in wanted:
                self._insert(
                    conn,
                    worker_id,
                    EvidenceKind.WORK_HISTORY,
                    job.title,
                    [],
                    details=dict(job.details),
                    actor=worker_id,
                    started_on=job.started_on,
                    ended_on=job.ended_on,
                    occupation_code=job.occupation_code,
                )

        return write

    def follow_my_profile(self, worker: Principal) -> None:
        """Bring the worker's evidence up to date with their profile's work history now (the
        demo data, and profiles saved where nothing followed them)."""
        jobs = Workers(self.engine).profile(worker)["work_history"]
        write = self.follow_profile(worker.user.id, jobs)
        with write_transaction(self.engine, profile_lock(worker.user.id)) as conn:
            write(conn)

    def add_resume(self, worker: Principal, extraction: dict[str, Any]) -> Entry:
        """The skills the extractor found in the worker's resume (`Extraction.to_dict`), as
        claims; they replace those of the last resume. The text itself is not kept."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        if extraction.get("kind") not in (None, "resume"):
            raise InvalidInputError("This was not read as a resume.")
        found: dict[str, SkillClaim] = {}
        for skill in extraction.get("skills", []):
            uri = str(skill.get("uri", ""))
            if _is_uri(uri) and uri not in found and len(found) < MAX_SKILLS:
                found[uri] = SkillClaim(uri, resume_level(skill), str(skill.get("label", "")))
        text = str(extraction.get("text", "")) or json.dumps(extraction, sort_keys=True)
        digest = hashlib.sha256(text.encode()).hexdigest()
        return self._replace_own(
            worker.user.id,
            EvidenceKind.RESUME,
            "My resume",
            list(found.values()),
            {"sha256": digest},
        )

    def entries(self, worker: Principal) -> list[Entry]:
        policy.require_worker(worker)
        return self._entries(worker.user.id)

    def remove(self, worker: Principal, entry_id: str) -> None:
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        if is_from_profile(self._entry(worker.user.id, entry_id)):
            raise InvalidInputError(FROM_PROFILE_NOTE)
        with self.engine.begin() as conn:
            conn.execute(delete(m.evidence_entries).where(m.evidence_entries.c.id == entry_id))
            mark_stale(conn, worker.user.id)
            audit.record(
                conn,
                AuditAction.EVIDENCE_REMOVE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="evidence",
                target_id=entry_id,
            )

    # -- gathering -----------------------------------------------------------------------------
    def evidence_for(
        self, principal: Principal, worker_id: str, *, org_id: str | None = None, job_id: str = ""
    ) -> EvidenceSet:
        """Every piece of evidence of a worker, for the worker themselves (all of it) or for a
        member of `org_id` (only what the worker shares with it now; audited, naming `job_id`
        when the worker is seen as a candidate for that job)."""
        if org_id is None:
            policy.require_worker(principal)
            policy.require_self(principal, worker_id)
            return self._gather(worker_id, None, None)
        access = org_access(self.consents, principal, org_id, worker_id)
        found = self._gather(worker_id, org_id, access)
        self._audit_views(principal, org_id, [access], job_id=job_id)
        return found

    def work_history(
        self, principal: Principal, worker_id: str, *, org_id: str | None = None
    ) -> list[Entry]:
        """The worker's past jobs, each coded to an occupation where it could be, counted
        once (for career pathways): for the worker themselves, or for a member of `org_id`
        while the worker shares their profile or skills with it (the caller audits the view)."""
        if org_id is None:
            policy.require_worker(principal)
            policy.require_self(principal, worker_id)
        elif not org_access(self.consents, principal, org_id, worker_id).entries:
            raise PermissionDeniedError(NOT_SHARED)
        kept, _left_out = counted_once(self._entries(worker_id))
        return [e for e in kept if e.kind is EvidenceKind.WORK_HISTORY]

    def evidence_for_job(
        self,
        principal: Principal,
        job_id: str,
        choose: Callable[[set[str]], Collection[str]] | None = None,
    ) -> dict[str, EvidenceSet]:
        """The evidence of every candidate for a job (who applied, or shares with the job's
        organization), by worker id; for the people who hire for it. Each view is audited.
        `choose` narrows a large pool of candidate ids first (the profile index's pre-filter),
        so only the chosen are read and audited."""
        org_id, found = candidates(self.engine, self.consents, principal, job_id)
        if choose is not None:
            chosen = set(choose(set(found)))
            found = {w: a for w, a in found.items() if w in chosen}
        out = {w: self._gather(w, org_id, access) for w, access in found.items()}
        self._audit_views(principal, org_id, list(found.values()), job_id=job_id)
        return out

    def evidence_for_index(self, worker_id: str) -> list[Evidence]:
        """A worker's evidence for their profile vector only (`profile_vectors.refresh`): a
        system read, never shown to a person, so no audit entry."""
        return self._gather(worker_id, None, None).evidence

    def _gather(self, worker_id: str, org_id: str | None, access: Access | None) -> EvidenceSet:
        out = EvidenceSet(worker_id)
        if access is None or access.records:
            read = wallet_evidence(
                self.wallet,
                worker_id,
                org_id=org_id,
                item_ids=None if access is None else access.records,
            )
            out.evidence.extend(read.evidence)
            out.left_out.extend(read.left_out)
        if access is None or access.entries:
            entries, left_out = counted_once(self._entries(worker_id))
            for entry in entries:
                out.evidence.extend(entry_evidence(entry, self.occupation_skills))
            out.left_out.extend(left_out)
        return out

    def _audit_views(
        self, principal: Principal, org_id: str, seen: list[Access], *, job_id: str
    ) -> None:
        if not seen:
            return
        with self.engine.begin() as conn:
            for access in seen:
                audit.record(
                    conn,
                    AuditAction.EVIDENCE_VIEW,
                    actor_id=principal.user.id,
                    org_id=org_id,
                    subject_id=access.worker_id,
                    target_type="consent",
                    target_id=access.grant_id,
                    details={"job": job_id} if job_id else {},
                )

    def _replace_own(
        self,
        worker_id: str,
        kind: EvidenceKind,
        title: str,
        claims: list[SkillClaim],
        details: dict[str, Any],
    ) -> Entry:
        """The worker's one entry of `kind` (self-ratings, resume skills), replacing the last."""
        with write_transaction(self.engine, f"evidence:{worker_id}") as conn:
            conn.execute(
                delete(m.evidence_entries).where(
                    m.evidence_entries.c.worker_id == worker_id,
                    m.evidence_entries.c.kind == kind.value,
                )
            )
            entry_id = self._insert(
                conn, worker_id, kind, title, claims, details=details, actor=worker_id
            )
        return self._entry(worker_id, entry_id)

    # -- helpers -------------------------------------------------------------------------------
    def _store(
        self,
        worker_id: str,
        draft: EntryDraft,
        *,
        actor: str,
        org_id: str | None = None,
        issuer_name: str = "",
        details: dict[str, Any] | None = None,
        occupation_code: str = "",
    ) -> Entry:
        title = _text(draft.title, "title", MAX_TITLE)
        if not title:
            raise InvalidInputError("Give it a short title.")
        more = dict(details or {})
        link = draft.link.strip()
        if link:
            if len(link) > MAX_LINK or urlsplit(link).scheme not in ("https", "http"):
                raise InvalidInputError("A link must be a web address that starts with https://.")
            more["link"] = link
        if draft.description.strip():
            more["description"] = _text(draft.description, "description", MAX_TEXT)
        if draft.score.strip():
            more["score"] = _text(draft.score, "score", 100)
        if issuer_name:
            more["issuer_name"] = issuer_name
        if draft.kind is EvidenceKind.PORTFOLIO and not (link or more.get("description")):
            raise InvalidInputError("Add a link to your work or say what it shows.")
        if draft.started_on and draft.ended_on and draft.ended_on < draft.started_on:
            raise InvalidInputError("The end date is before the start date.")
        if draft.kind is not EvidenceKind.WORK_HISTORY and not draft.skills:
            raise InvalidInputError("Choose at least one skill it shows.")
        claims = self._claims(draft.skills)
        with write_transaction(self.engine, f"evidence:{worker_id}") as conn:
            count = len(
                conn.execute(
                    select(m.evidence_entries.c.id).where(
                        m.evidence_entries.c.worker_id == worker_id
                    )
                ).all()
            )
            if count >= MAX_ENTRIES:
                raise InvalidInputError(f"You can keep up to {MAX_ENTRIES} entries.")
            entry_id = self._insert(
                conn,
                worker_id,
                draft.kind,
                title,
                claims,
                details=more,
                actor=actor,
                issuer=_text(draft.issuer, "issuer", 500),
                org_id=org_id,
                started_on=draft.started_on,
                ended_on=draft.ended_on,
                occupation_code=occupation_code,
            )
        return self._entry(worker_id, entry_id)

    def _insert(
        self,
        conn: Connection,
        worker_id: str,
        kind: EvidenceKind,
        title: str,
        claims: list[SkillClaim],
        *,
        details: dict[str, Any],
        actor: str,
        issuer: str = "",
        org_id: str | None = None,
        started_on: date | None = None,
        ended_on: date | None = None,
        occupation_code: str = "",
    ) -> str:
        entry_id, moment = str(uuid.uuid4()), now()
        mark_stale(conn, worker_id)  # the worker's profile vector is rebuilt from this
        conn.execute(
            insert(m.evidence_entries).values(
                id=entry_id,
                worker_id=worker_id,
                kind=kind.value,
                title=title,
                issuer=issuer,
                org_id=org_id,
                verified=org_id is not None,
                started_on=started_on,
                ended_on=ended_on,
                occupation_code=occupation_code,
                details=details,
                created_by=actor,
                created_at=moment,
                updated_at=moment,
            )
        )
        if claims:
            conn.execute(
                insert(m.evidence_skills),
                [
                    {"entry_id": entry_id, "skill": c.skill, "level": c.level, "label": c.label}
                    for c in claims
                ],
            )
        action = AuditAction.EVIDENCE_RECORD if org_id else AuditAction.EVIDENCE_ADD
        audit.record(
            conn,
            AuditAction(action),
            actor_id=actor,
            org_id=org_id,
            subject_id=worker_id,
            target_type="evidence",
            target_id=entry_id,
            details={"kind": kind.value, "skills": len(claims)},
        )
        return entry_id

    def _claims(self, skills: Iterable[tuple[str, int]]) -> list[SkillClaim]:
        """The skills named, each checked: a URI of a current framework, at a level 1-5."""
        chosen: dict[str, int] = {}
        for uri, level in skills:
            uri = str(uri).strip()
            if not _is_uri(uri):
                raise InvalidInputError(f"{uri!r} is not a skill. Pick skills from the list.")
            if not MIN_LEVEL <= int(level) <= MAX_LEVEL:
                raise InvalidInputError(f"A level is from {MIN_LEVEL} to {MAX_LEVEL}.")
            chosen[uri] = max(int(level), chosen.get(uri, MIN_LEVEL))
        if len(chosen) > MAX_SKILLS:
            raise InvalidInputError(f"Choose up to {MAX_SKILLS} skills.")
        labels = self._labels(list(chosen))
        unknown = [u for u in chosen if u not in labels]
        if unknown:
            raise InvalidInputError(
                f"We do not know the skill {unknown[0]}. Pick one from the list."
            )
        return [SkillClaim(u, level, labels[u]) for u, level in chosen.items()]

    def _labels(self, uris: list[str]) -> dict[str, str]:
        if not uris:
            return {}
        s, f = schema.skills, schema.frameworks
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.c.uri, s.c.preferred_label)
                .join(f, f.c.id == s.c.framework_id)
                .where(f.c.is_current.is_(True), s.c.uri.in_(uris))
            ).all()
        return {str(r.uri): str(r.preferred_label) for r in rows}

    def _entries(self, worker_id: str, entry_id: str | None = None) -> list[Entry]:
        e, k = m.evidence_entries, m.evidence_skills
        query = select(e).where(e.c.worker_id == worker_id)
        if entry_id is not None:
            query = query.where(e.c.id == entry_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(e.c.created_at, e.c.id)).all()
            ids = [r.id for r in rows]
            claims: dict[str, list[SkillClaim]] = {i: [] for i in ids}
            if ids:
                for c in conn.execute(
                    select(k).where(k.c.entry_id.in_(ids)).order_by(k.c.entry_id, k.c.skill)
                ).all():
                    claims[c.entry_id].append(SkillClaim(c.skill, c.level, c.label))
        return [
            Entry(
                id=r.id,
                worker_id=r.worker_id,
                kind=EvidenceKind(r.kind),
                title=r.title,
                issuer=r.issuer,
                org_id=r.org_id,
                verified=bool(r.verified),
                started_on=r.started_on,
                ended_on=r.ended_on,
                occupation_code=r.occupation_code,
                details=dict(r.details),
                created_at=aware(r.created_at),
                skills=claims[r.id],
            )
            for r in rows
        ]

    def _entry(self, worker_id: str, entry_id: str) -> Entry:
        found = self._entries(worker_id, entry_id)
        if not found:
            raise NotFoundError("no such entry")
        return found[0]


def _store_occupation_skills(engine: Engine) -> OccupationSkills:
    from onramp.matching.occupation_skills import store_occupation_skills

    return store_occupation_skills(engine)


def _text(value: str, what: str, limit: int) -> str:
    cleaned = " ".join(value.split()) if what != "description" else value.strip()
    if len(cleaned) > limit:
        raise InvalidInputError(f"Keep the {what} under {limit} characters.")
    return cleaned


def _is_uri(value: str) -> bool:
    return 3 <= len(value) <= 500 and ":" in value and not any(c.isspace() for c in value)
