"""Pages for skills-based jobs (issue 13): the public job list and job page (with its
schema.org JobPosting), an employer's jobs, the builder (from an occupation, an imported
posting, or blank), the worker's "apply" and "my applications", and the employer's applicants.

Pages are thin: each calls a `Jobs` use case, which holds the policy. Every form works with
no script; `static/jobs.js` adds live linting to the builder through `POST /api/v1/jobs/lint`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from onramp.api.deps import (
    OptionalPrincipalDep,
    PlatformDep,
    PrincipalDep,
    jobs_service,
    matching_services,
)
from onramp.api.errors import status_for
from onramp.errors import ConflictError, InvalidInputError, NotAvailableError, NotFoundError
from onramp.jobs import policy as job_policy
from onramp.jobs.lint import JobFinding, Severity
from onramp.jobs.model import Job, JobState, Proficiency
from onramp.jobs.publish import evidence_words, level_words, schema_org
from onramp.jobs.service import parse_draft
from onramp.nlp.limits import MAX_INPUT_BYTES, check_input_bytes
from onramp.nlp.service import ExtractionJob, extract_in_worker
from onramp.taxonomy import Catalog
from onramp.web import match_pages
from onramp.web.common import page as _page  # short local names: page and redirect
from onramp.web.common import redirect as _to
from onramp.web.job_forms import CHOICES, blank_row, draft_of_form, form_of_draft, form_of_post
from onramp.web.roadmap_pages import WORDS as ROADMAP_WORDS
from onramp.web.roadmap_pages import leads_to_or_none

router = APIRouter(include_in_schema=False)
router.include_router(match_pages.router)  # a job's candidates, and "jobs for me"
PAGE_SIZE = 20
# the buttons each state offers: (state to move to, words on the button)
ACTIONS: dict[JobState, list[tuple[JobState, str]]] = {
    JobState.DRAFT: [(JobState.OPEN, "Publish"), (JobState.CLOSED, "Close")],
    JobState.OPEN: [
        (JobState.PAUSED, "Pause"),
        (JobState.FILLED, "Mark filled"),
        (JobState.CLOSED, "Close"),
    ],
    JobState.PAUSED: [
        (JobState.OPEN, "Open again"),
        (JobState.FILLED, "Mark filled"),
        (JobState.CLOSED, "Close"),
    ],
    JobState.FILLED: [(JobState.OPEN, "Open again"), (JobState.CLOSED, "Close")],
    JobState.CLOSED: [],
}
FIELD_WORDS = {"title": "Title", "summary": "About the job", "pay": "Pay"}


def json_ld(job: Job, url: str) -> str:
    """The JobPosting as JSON safe inside a <script> element: no "<", ">" or "&" survives,
    so no text an employer writes can close the element."""
    text = json.dumps(schema_org(job, url), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _job_view_words() -> dict[str, Any]:
    return {"level_words": level_words, "evidence_words": evidence_words}


# -- anyone: open jobs and one job -----------------------------------------------------------
@router.get("/jobs", response_class=HTMLResponse)
def job_list(
    request: Request, _who: OptionalPrincipalDep, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    jobs = jobs_service(request)
    total = jobs.count_open()
    found = jobs.open_jobs(PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return _page(request, "jobs.html", jobs=found, total=total, page=page, pages=pages)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, principal: OptionalPrincipalDep) -> Response:
    jobs = jobs_service(request)
    job = jobs.public(job_id)  # drafts and closed jobs do not exist to the public
    application = None
    if principal is not None and principal.user.kind.value == "worker":
        application = jobs.application_to(principal, job_id)
    url = str(request.url_for("job_page", job_id=job.id))
    return _page(
        request,
        "job.html",
        job=job,
        ld=json_ld(job, url),
        application=application,
        leads=leads_to_or_none(request, principal, job.id),
        **_job_view_words(),
        **ROADMAP_WORDS,
    )


# -- an employer's jobs ----------------------------------------------------------------------
def _hires(principal: Any, org_id: str) -> bool:
    """Whether to offer the job's candidates (their use case still checks who may)."""
    roles = principal.roles_in(org_id) & job_policy.JOB_ROLES
    return bool(roles) and not principal.user.is_platform_admin


def _org_jobs_page(
    request: Request, org_id: str, principal: Any, p: Any, status: int = 200, **extra: Any
) -> Response:
    jobs = jobs_service(request)
    found = jobs.for_org(principal, org_id)
    counts: dict[str, int] = {}
    if _hires(principal, org_id):
        counts = {j.id: len(jobs.applicants(principal, j.id)) for j in found}
    return _page(
        request,
        "org_jobs.html",
        status,
        org=p.orgs.get(principal, org_id),
        jobs=found,
        counts=counts,
        actions=ACTIONS,
        **extra,
    )


@router.get("/orgs/{org_id}/jobs", response_class=HTMLResponse)
def org_jobs(request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    return _org_jobs_page(request, org_id, principal, p)


@router.get("/orgs/{org_id}/jobs/new", response_class=HTMLResponse)
def new_job_form(
    request: Request,
    org_id: str,
    principal: PrincipalDep,
    p: PlatformDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    jobs_service(request).for_org(principal, org_id)  # members only
    hits = Catalog(request.app.state.engine).search_occupations(q, limit=15) if q.strip() else []
    return _page(request, "job_new.html", org=p.orgs.get(principal, org_id), q=q, hits=hits)


@router.post("/orgs/{org_id}/jobs/new", response_class=HTMLResponse)
async def new_job(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    form = await request.form()
    occupation = str(form.get("occupation", "")).strip()[:200]
    title = str(form.get("title", "")).strip()[:200]

    def work() -> Response:  # the builder reads the store off the event loop
        jobs = jobs_service(request)
        job_policy.require_job_writer(principal, org_id)
        try:
            if occupation:  # what the data lacks is stored with the draft, for its review
                job = jobs.start_from_occupation(principal, org_id, occupation)
                return _to(_builder(job, created=True))
            job = jobs.create(principal, org_id, parse_draft({"title": title or "New job"}))
        except (InvalidInputError, NotFoundError) as error:
            return _page(
                request,
                "job_new.html",
                status_for(error),
                org=p.orgs.get(principal, org_id),
                q="",
                hits=[],
                error=str(error),
            )
        return _to(f"/orgs/{org_id}/jobs/{job.id}/edit")

    return await run_in_threadpool(work)


@router.post("/orgs/{org_id}/jobs/import", response_class=HTMLResponse)
async def import_job(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    form = await request.form()
    pasted = str(form.get("pasted", ""))
    upload = form.get("file")
    chosen = upload if isinstance(upload, StarletteUpload) and upload.filename else None

    def work() -> Response:  # reading and analysing the posting leave the event loop
        return _import(request, org_id, principal, p, pasted, chosen)

    return await run_in_threadpool(work)


def _import(
    request: Request,
    org_id: str,
    principal: Any,
    p: Any,
    pasted: str,
    upload: UploadFile | StarletteUpload | None,
) -> Response:
    job_policy.require_job_writer(principal, org_id)  # before a file is read or analysed
    pool, engine = request.app.state.extraction, request.app.state.engine

    def extract(text: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(
            extract_in_worker(pool, engine, ExtractionJob(text, "posting", format="text"))
        )
        return found

    try:
        if upload is not None:
            # a worker process reads the file; its text is then analysed like a paste
            data = upload.file.read(MAX_INPUT_BYTES + 1)
            check_input_bytes(len(data))
            task = ExtractionJob(data, "posting", name=upload.filename)
            read: dict[str, Any] = json.loads(extract_in_worker(pool, engine, task))
            text = str(read.get("text") or "")
            job, _imported = jobs_service(request).import_posting(
                principal, org_id, text, lambda same: read if same == text else extract(same)
            )
        elif pasted.strip():
            job, _imported = jobs_service(request).import_posting(
                principal, org_id, pasted.strip(), extract
            )
        else:
            raise InvalidInputError("Paste the posting or choose a file.")
    except (InvalidInputError, NotAvailableError) as error:
        page = _page(
            request,
            "job_new.html",
            status_for(error),
            org=p.orgs.get(principal, org_id),
            q="",
            hits=[],
            import_error=str(error),
        )
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            page.headers["Retry-After"] = str(retry_after)
        return page
    # Post/Redirect/Get: a reload shows the draft again and never makes a second one
    return _to(_builder(job, created=True))


# -- the builder -----------------------------------------------------------------------------
def _builder(job: Job, created: bool = False, saved: bool = False) -> str:
    shown = "?created=1" if created else "?saved=1" if saved else ""
    return f"/orgs/{job.org_id}/jobs/{job.id}/edit{shown}"


# where the builder shows each finding: beside the field it is about
FINDING_PLACES = ("title", "summary", "duties", "pay", "requirements")


def _findings_by_place(findings: list[JobFinding]) -> dict[str, list[JobFinding]]:
    placed: dict[str, list[JobFinding]] = {place: [] for place in FINDING_PLACES}
    for found in findings:
        place = found.field.split(".")[0]
        placed.get(place, placed["requirements"]).append(found)
    return placed


def _own_job(request: Request, principal: Any, org_id: str, job_id: str) -> Job:
    job = jobs_service(request).get(principal, job_id)
    if job.org_id != org_id:
        raise NotFoundError("no such job")
    return job


def _edit_page(
    request: Request,
    job: Job,
    principal: Any,
    status: int = 200,
    fields: dict[str, Any] | None = None,
    **extra: Any,
) -> Response:
    jobs = jobs_service(request)
    findings: list[JobFinding] = jobs.findings(principal, job.id)
    return _page(
        request,
        "job_edit.html",
        status,
        job=job,
        f=fields or form_of_draft(job.draft),
        findings=findings,
        placed=_findings_by_place(findings),
        history=jobs.history(principal, job.id),
        notes=job.draft.review_notes if job.state is JobState.DRAFT else (),
        blocking=[x for x in findings if x.finding.severity is Severity.ERROR],
        field_words=FIELD_WORDS,
        actions=ACTIONS[job.state],
        level_labels={int(p.value): p.label for p in Proficiency},
        hires=_hires(principal, job.org_id),
        leads=leads_to_or_none(request, principal, job.id),
        **ROADMAP_WORDS,
        **CHOICES,
        **extra,
    )


@router.get("/orgs/{org_id}/jobs/{job_id}/edit", response_class=HTMLResponse)
def edit_job(
    request: Request,
    org_id: str,
    job_id: str,
    principal: PrincipalDep,
    saved: str = "",
    created: str = "",
) -> Response:
    job = _own_job(request, principal, org_id, job_id)
    return _edit_page(request, job, principal, saved=bool(saved), created=bool(created))


@router.post("/orgs/{org_id}/jobs/{job_id}/edit", response_class=HTMLResponse)
async def save_job(request: Request, org_id: str, job_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    fields = form_of_post(form)
    add_row = bool(form.get("add_row"))

    def work() -> Response:
        jobs = jobs_service(request)
        job_policy.require_job_writer(principal, org_id)
        job = _own_job(request, principal, org_id, job_id)
        try:
            job = jobs.update(principal, job_id, draft_of_form(fields, job.draft))
        except (InvalidInputError, ConflictError) as error:
            fields["requirements"].append(blank_row())
            return _edit_page(
                request, job, principal, status_for(error), fields=fields, error=str(error)
            )
        if add_row:
            shown = form_of_draft(job.draft)
            shown["requirements"].append(blank_row())
            return _edit_page(request, job, principal, fields=shown, saved=True)
        return _to(f"/orgs/{org_id}/jobs/{job_id}/edit?saved=1")

    return await run_in_threadpool(work)


@router.post("/orgs/{org_id}/jobs/{job_id}/state", response_class=HTMLResponse)
async def move_job(
    request: Request, org_id: str, job_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    form = await request.form()
    target, back = str(form.get("state", "")), str(form.get("back", ""))

    def work() -> Response:
        jobs = jobs_service(request)
        job_policy.require_job_writer(principal, org_id)
        job = _own_job(request, principal, org_id, job_id)
        try:
            state = JobState(target)
        except ValueError:
            state = None
        try:
            if state is None:
                raise InvalidInputError("Choose what to do with the job.")
            jobs.move(principal, job_id, state)
        except (InvalidInputError, ConflictError) as error:
            if back == "edit":
                return _edit_page(
                    request, job, principal, status_for(error), state_error=str(error)
                )
            return _org_jobs_page(
                request, org_id, principal, p, status_for(error), error=str(error), bad=job_id
            )
        if back == "edit":
            return _to(f"/orgs/{org_id}/jobs/{job_id}/edit?saved=1")
        return _to(f"/orgs/{org_id}/jobs")

    return await run_in_threadpool(work)


@router.get("/orgs/{org_id}/jobs/{job_id}/applicants", response_class=HTMLResponse)
def job_applicants(
    request: Request, org_id: str, job_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    # blind like the candidate list: names only for those revealed for this job (0023)
    found = matching_services(request).matching.applicants(principal, job_id)
    job = _own_job(request, principal, org_id, job_id)
    presentations = {
        s.grant_id: s.id
        for s in request.app.state.credentials.wallet.shared_with(principal, org_id)
    }
    return _page(
        request,
        "job_applicants.html",
        job=job,
        org=p.orgs.get(principal, org_id),
        applicants=found,
        presentations=presentations,
    )


# -- a worker's applications -----------------------------------------------------------------
@router.get("/me/applications", response_class=HTMLResponse)
def my_applications(request: Request, principal: PrincipalDep) -> Response:
    found = jobs_service(request).my_applications(principal)
    return _page(request, "my_applications.html", applications=found)


def _apply_page(
    request: Request, principal: Any, job_id: str, status: int = 200, **extra: Any
) -> Response:
    jobs = jobs_service(request)
    application = jobs.application_to(principal, job_id)  # workers only
    job = jobs.public(job_id)
    items = [i for i in jobs.wallet.items(principal) if i.is_mine]
    return _page(
        request, "job_apply.html", status, job=job, application=application, items=items, **extra
    )


@router.get("/me/applications/{job_id}", response_class=HTMLResponse)
def apply_form(request: Request, job_id: str, principal: PrincipalDep) -> Response:
    return _apply_page(request, principal, job_id)


@router.post("/me/applications/{job_id}", response_class=HTMLResponse)
async def apply(request: Request, job_id: str, principal: PrincipalDep) -> Response:
    form = await request.form()
    chosen = [str(v) for v in form.getlist("item_ids")][:50]

    def work() -> Response:  # signing the presentation runs off the event loop
        try:
            jobs_service(request).apply(principal, job_id, chosen)
        except (InvalidInputError, ConflictError) as error:
            return _apply_page(request, principal, job_id, status_for(error), error=str(error))
        return _to(f"/me/applications/{job_id}")

    return await run_in_threadpool(work)


@router.post("/me/applications/{job_id}/withdraw")
def withdraw(request: Request, job_id: str, principal: PrincipalDep) -> Response:
    jobs_service(request).withdraw(principal, job_id)
    return _to(f"/me/applications/{job_id}")
