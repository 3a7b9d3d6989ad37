"""/api/v1/jobs: skills-based jobs. Open jobs, the linter and the builder's proposals are
public; an employer's drafts, lint settings and applicants are its own; applying and
withdrawing are the worker's, under consent."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from onramp.api.deps import JobsDep, MatchingDep, OptionalPrincipalDep, PrincipalDep
from onramp.errors import NotFoundError, PermissionDeniedError
from onramp.jobs.lint import MAX_LINT_CHARS, JobFinding, LintSettings, lint_text
from onramp.jobs.model import Job, JobDraft, JobState
from onramp.jobs.publish import export
from onramp.jobs.service import Jobs
from onramp.nlp.service import ExtractionJob, extract_in_worker
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1", tags=["jobs"])


class LintRequest(BaseModel):
    text: str = Field(max_length=MAX_LINT_CHARS)


class Move(BaseModel):
    state: JobState


class Apply(BaseModel):
    item_ids: list[str] = Field(default_factory=list, max_length=50)


class ImportPosting(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_LINT_CHARS)


def _job(job: Job) -> dict[str, Any]:
    return job.contract()


def _finding(found: JobFinding) -> dict[str, Any]:
    return {"field": found.field, **found.finding.as_json()}


@router.get("/jobs", summary="Open jobs, newest first")
def open_jobs(
    jobs: JobsDep,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    return {
        "total": jobs.count_open(),
        "jobs": [_job(j) for j in jobs.open_jobs(limit, offset)],
    }


@router.post("/jobs/lint", summary="Lint a job ad's text (the findings of `onramp jobs lint`)")
def lint(body: LintRequest) -> list[dict[str, Any]]:
    return [f.as_json() for f in lint_text(body.text)]


@router.post(
    "/jobs/{job_id}/lint",
    summary="Lint one field of a job while it is written, with its organization's settings",
)
def lint_job_field(
    job_id: str, body: LintRequest, principal: PrincipalDep, jobs: JobsDep
) -> list[dict[str, Any]]:
    return [f.as_json() for f in jobs.lint_live(principal, job_id, body.text)]


@router.get("/jobs/proposal", summary="A draft job proposed from an occupation's profile")
def proposal(jobs: JobsDep, occupation: str = Query(..., max_length=200)) -> dict[str, Any]:
    found = jobs.propose(occupation)
    return {
        "draft": found.draft.contract(),
        "job_zone": found.job_zone,
        "sources": found.sources,
        "lacks": found.lacks,
    }


def _readable(jobs: Jobs, principal: Any, job_id: str) -> Job:
    """A published job for anyone; a draft only for the employer's own people."""
    try:
        return jobs.public(job_id)
    except NotFoundError:
        if principal is None:
            raise
        try:
            return jobs.get(principal, job_id)
        except PermissionDeniedError as error:
            raise NotFoundError("no such job") from error


@router.get("/jobs/{job_id}", summary="One job (drafts only for the employer)")
def one(job_id: str, jobs: JobsDep, principal: OptionalPrincipalDep) -> dict[str, Any]:
    return _job(_readable(jobs, principal, job_id))


@router.get("/jobs/{job_id}/export", summary="A job as schema.org JobPosting, HTML or JSON")
def export_job(
    job_id: str,
    request: Request,
    jobs: JobsDep,
    principal: OptionalPrincipalDep,
    format: Literal["schema-org", "html", "json"] = "schema-org",
) -> Response:
    job = _readable(jobs, principal, job_id)
    url = request.app.state.platform.links.job(job.id) if job.state is not JobState.DRAFT else ""
    media = {"schema-org": "application/ld+json", "html": "text/html", "json": "application/json"}
    return Response(export(job, format, url), media_type=media[format])


@router.put("/jobs/{job_id}", summary="Change a job's content")
def update(job_id: str, body: JobDraft, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return _job(jobs.update(principal, job_id, body))


@router.post("/jobs/{job_id}/state", summary="Publish, pause, fill or close a job")
def move(job_id: str, body: Move, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return _job(jobs.move(principal, job_id, body.state))


@router.get("/jobs/{job_id}/findings", summary="The linter's findings on a job")
def findings(job_id: str, principal: PrincipalDep, jobs: JobsDep) -> list[dict[str, Any]]:
    return [_finding(f) for f in jobs.findings(principal, job_id)]


@router.get(
    "/jobs/{job_id}/applicants",
    summary="Who applied, blind: alias and handle; name and ids only after a reveal",
)
def applicants(job_id: str, principal: PrincipalDep, services: MatchingDep) -> list[dict[str, Any]]:
    return [a.as_json() for a in services.matching.applicants(principal, job_id)]


@router.post("/jobs/{job_id}/application", status_code=201, summary="Apply to an open job")
def apply(job_id: str, body: Apply, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return dict(to_plain(jobs.apply(principal, job_id, body.item_ids)))


@router.delete("/jobs/{job_id}/application", summary="Withdraw your application")
def withdraw(job_id: str, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return dict(to_plain(jobs.withdraw(principal, job_id)))


@router.get("/me/applications", summary="Your applications")
def my_applications(principal: PrincipalDep, jobs: JobsDep) -> list[dict[str, Any]]:
    return [dict(to_plain(a)) for a in jobs.my_applications(principal)]


@router.get("/orgs/{org_id}/jobs", summary="An organization's jobs, in every state")
def org_jobs(org_id: str, principal: PrincipalDep, jobs: JobsDep) -> list[dict[str, Any]]:
    return [_job(j) for j in jobs.for_org(principal, org_id)]


@router.post("/orgs/{org_id}/jobs", status_code=201, summary="Save a new draft job")
def create(org_id: str, body: JobDraft, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return _job(jobs.create(principal, org_id, body))


@router.post(
    "/orgs/{org_id}/jobs/import",
    status_code=201,
    summary="Turn an existing posting's text into a draft to review",
)
def import_posting(
    org_id: str, body: ImportPosting, request: Request, principal: PrincipalDep, jobs: JobsDep
) -> dict[str, Any]:
    def extract(text: str) -> dict[str, Any]:
        job = ExtractionJob(text, "posting", format="text")
        found: dict[str, Any] = json.loads(
            extract_in_worker(request.app.state.extraction, request.app.state.engine, job)
        )
        return found

    job, imported = jobs.import_posting(principal, org_id, body.text, extract)
    return {
        "job": _job(job),
        "notes": imported.notes,
        "findings": [f.as_json() for f in imported.findings],
    }


@router.get("/orgs/{org_id}/lint-settings", summary="The organization's linter settings")
def get_lint_settings(org_id: str, principal: PrincipalDep, jobs: JobsDep) -> dict[str, Any]:
    return jobs.org_lint_settings(principal, org_id).model_dump(mode="json")


@router.put("/orgs/{org_id}/lint-settings", summary="Turn rules off, add terms, set the limit")
def put_lint_settings(
    org_id: str, body: LintSettings, principal: PrincipalDep, jobs: JobsDep
) -> dict[str, Any]:
    return jobs.set_lint_settings(principal, org_id, body).model_dump(mode="json")
