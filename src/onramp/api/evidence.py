"""/api/v1/me/evidence and /api/v1/me/demographics: a worker's own proof of skills, their skill
profile built from it, and the demographic answers they volunteer (kept apart, never scored)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, File, Request, Response, UploadFile
from pydantic import BaseModel, Field

from onramp.api.deps import MatchingDep, PrincipalDep
from onramp.errors import InvalidInputError
from onramp.matching.my_skills import my_skills
from onramp.matching.personal import DEMOGRAPHICS_PURPOSE, Question
from onramp.matching.scoring.evidence import MAX_LEVEL, MIN_LEVEL, EvidenceKind
from onramp.matching.service import MAX_SKILLS, EntryDraft, WorkerEvidence
from onramp.matching.sources.entries import Entry
from onramp.nlp.limits import MAX_INPUT_BYTES
from onramp.nlp.service import ExtractionJob, extract_in_worker
from onramp.platform import Principal, Scope, policy
from onramp.platform.secrets import now
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1/me", tags=["skill evidence"])


class SkillLevel(BaseModel):
    skill: str = Field(min_length=3, max_length=500)  # a URI
    level: int = Field(ge=MIN_LEVEL, le=MAX_LEVEL)


class NewEntry(BaseModel):
    kind: EvidenceKind
    title: str = Field(max_length=300)
    skills: list[SkillLevel] = Field(max_length=MAX_SKILLS)
    issuer: str = Field(default="", max_length=500)
    started_on: date | None = None
    ended_on: date | None = None
    link: str = Field(default="", max_length=1000)
    description: str = Field(default="", max_length=4000)
    score: str = Field(default="", max_length=100)


class PastJob(BaseModel):
    title: str = Field(max_length=300)
    employer: str = Field(default="", max_length=300)
    started_on: date | None = None
    ended_on: date | None = None
    description: str = Field(default="", max_length=4000)
    occupation_code: str = Field(default="", max_length=100)
    skills: list[SkillLevel] = Field(default_factory=list, max_length=MAX_SKILLS)


class Ratings(BaseModel):
    """Essential Skills Framework skill URI -> level 1-4, or null to skip it."""

    ratings: dict[str, int | None] = Field(max_length=200)


class Answers(BaseModel):
    answers: dict[Question, list[str]] = Field(default_factory=dict)
    consent: bool = False


def entry_json(entry: Entry) -> dict[str, Any]:
    return dict(to_plain(entry))


@router.get("/evidence", summary="Your proof of skills: everything you entered")
def entries(principal: PrincipalDep, m: MatchingDep) -> list[dict[str, Any]]:
    return [entry_json(e) for e in m.evidence.entries(principal)]


@router.post("/evidence", status_code=201, summary="Add an attestation, test, course or sample")
def add(body: NewEntry, principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    draft = EntryDraft(
        body.kind,
        body.title,
        [(s.skill, s.level) for s in body.skills],
        issuer=body.issuer,
        started_on=body.started_on,
        ended_on=body.ended_on,
        link=body.link,
        description=body.description,
        score=body.score,
    )
    return entry_json(m.evidence.add(principal, draft))


@router.get("/evidence/profile", summary="Your skill profile: each skill, how sure, and why")
def profile(principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    return my_skills(m.evidence, principal, now().date()).as_json()


@router.get("/evidence/essential-skills", summary="Your Essential Skills self-ratings")
def ratings(principal: PrincipalDep, m: MatchingDep) -> dict[str, int]:
    return m.evidence.self_ratings(principal)


@router.put("/evidence/essential-skills", summary="Rate yourself on the Essential Skills")
def rate(body: Ratings, principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    return entry_json(m.evidence.rate_essential_skills(principal, body.ratings))


@router.post("/evidence/work-history", status_code=201, summary="Add a past job")
def past_job(body: PastJob, principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    found = m.evidence.add_work_history(
        principal,
        title=body.title,
        employer=body.employer,
        started_on=body.started_on,
        ended_on=body.ended_on,
        description=body.description,
        occupation_code=body.occupation_code,
        skills=[(s.skill, s.level) for s in body.skills],
    )
    return entry_json(found)


def resume_from_file(
    request: Request, books: WorkerEvidence, worker: Principal, data: bytes, name: str
) -> Entry:
    """A resume file (PDF, DOCX, HTML or text) read by the extraction workers; the skills
    found become the worker's claims. The worker's right to write is checked before any
    reading starts."""
    policy.require_worker(worker)
    policy.require_scope(worker, Scope.WRITE)
    job = ExtractionJob(data, "resume", name=name or None)
    found = json.loads(extract_in_worker(request.app.state.extraction, books.engine, job))
    return books.add_resume(worker, found)


@router.post(
    "/evidence/resume",
    status_code=201,
    summary="Upload your resume: the skills in it count as your own claims",
    description=f"PDF, DOCX, HTML or plain text, up to {MAX_INPUT_BYTES // (1024 * 1024)} MB.",
)
def resume(
    request: Request,
    principal: PrincipalDep,
    m: MatchingDep,
    file: UploadFile | None = File(None),
) -> dict[str, Any]:
    policy.require_worker(principal)
    policy.require_scope(principal, Scope.WRITE)  # before reading the file
    if file is None:
        raise InvalidInputError("Send your resume as the form's 'file'.")
    data = file.file.read(MAX_INPUT_BYTES + 1)  # the use case refuses any more
    return entry_json(resume_from_file(request, m.evidence, principal, data, file.filename or ""))


@router.delete("/evidence/{evidence_id}", status_code=204, summary="Remove one entry")
def remove(evidence_id: str, principal: PrincipalDep, m: MatchingDep) -> Response:
    m.evidence.remove(principal, evidence_id)
    return Response(status_code=204)


@router.get("/demographics", summary="The answers you volunteered, if any, and how we use them")
def demographics(principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    found = m.personal.demographics(principal)
    return {"purpose": DEMOGRAPHICS_PURPOSE, "given": found.to_json() if found else None}


@router.put("/demographics", summary="Give (or change) your answers; each one is optional")
def give(body: Answers, principal: PrincipalDep, m: MatchingDep) -> dict[str, Any]:
    answers = {q.value: a for q, a in body.answers.items()}
    found = m.personal.give_demographics(principal, answers, consent=body.consent)
    return {"purpose": DEMOGRAPHICS_PURPOSE, "given": found.to_json()}


@router.delete("/demographics", status_code=204, summary="Delete your answers")
def forget(principal: PrincipalDep, m: MatchingDep) -> Response:
    m.personal.delete_demographics(principal)
    return Response(status_code=204)
