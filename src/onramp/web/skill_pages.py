"""The worker's skill pages (issue 14): "My skills" (the skill profile built from all of their
evidence, each skill with its level, how sure we are and why, traced to its evidence), the
forms that add evidence (an attestation or LER, a test, a course, a work sample, an Essential
Skills self-rating, a past job, a resume file), removing an entry, and the optional
demographic questions. Thin: each form calls one use case; a refused form is shown again as
it was typed, with the reason."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import MatchingDep, PrincipalDep
from onramp.api.errors import status_for
from onramp.api.evidence import resume_from_file
from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError
from onramp.jobs.model import Proficiency
from onramp.matching.my_skills import my_skills
from onramp.matching.personal import DEMOGRAPHICS_PURPOSE, PREFER_NOT, Question
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft
from onramp.matching.sources.entries import ENTERED_KINDS
from onramp.nlp.limits import MAX_INPUT_BYTES
from onramp.platform import Scope, policy
from onramp.platform.secrets import now
from onramp.taxonomy import Catalog
from onramp.taxonomy.esf.view import essential_skills
from onramp.taxonomy.skill_choices import chosen_skills, skill_choices
from onramp.web.common import form_date, page, read_upload, redirect

router = APIRouter(include_in_schema=False)

# what each kind of entry is called on its form, and who stands behind it
ENTRY_FORMS: dict[EvidenceKind, dict[str, str]] = {
    EvidenceKind.ATTESTATION: {
        "heading": "Add a letter or record from an employer",
        "title": "What it is (for example: Letter from my manager)",
        "issuer": "Who wrote it",
    },
    EvidenceKind.ASSESSMENT: {
        "heading": "Add a test you took",
        "title": "Name of the test",
        "issuer": "Who gave the test",
    },
    EvidenceKind.TRAINING: {
        "heading": "Add a course you finished",
        "title": "Name of the course",
        "issuer": "Who ran the course",
    },
    EvidenceKind.PORTFOLIO: {
        "heading": "Add a sample of your work",
        "title": "What you made or did",
        "issuer": "",
    },
}
OTHER_FORMS = {
    "essential": "Rate yourself on the essential skills",
    "past-job": "Add a past job",
    "resume": "Upload your resume",
}
SAVED = {
    "entry": "Saved. Your skills below include it now.",
    "essential": "Saved your ratings.",
    "past-job": "Saved your past job.",
    "resume": "We read your resume. The skills we found are on this page as your own claims.",
    "removed": "Removed.",
}
ENTRY_FIELDS = ("title", "issuer", "ended_on", "link", "description", "score", "level", "skill_q")


def _levels() -> list[tuple[str, str]]:
    return [(p.value, p.label) for p in Proficiency]


# -- My skills ---------------------------------------------------------------------------------
@router.get("/me/skills", response_class=HTMLResponse)
def skills_page(
    request: Request, principal: PrincipalDep, m: MatchingDep, saved: str = ""
) -> Response:
    found = my_skills(m.evidence, principal, now().date())
    return page(
        request,
        "my_skills.html",
        mine=found,
        entries=m.evidence.entries(principal),
        saved=SAVED.get(saved, ""),
        entry_forms=ENTRY_FORMS,
        other_forms=OTHER_FORMS,
    )


@router.post("/me/skills/{evidence_id}/remove")
def remove(evidence_id: str, principal: PrincipalDep, m: MatchingDep) -> Response:
    m.evidence.remove(principal, evidence_id)
    return redirect("/me/skills?saved=removed")


# -- adding evidence ---------------------------------------------------------------------------
def _kind(value: str) -> EvidenceKind | None:
    try:
        kind = EvidenceKind(value)
    except ValueError:
        return None
    return kind if kind in ENTERED_KINDS else None


def _add_page(
    request: Request,
    books: Any,
    principal: Any,
    form: str,
    status: int = 200,
    **context: Any,
) -> Response:
    policy.require_worker(principal)
    context.setdefault("typed", {})
    kind = _kind(form)
    if kind is not None:
        context.update(kind=kind, labels=ENTRY_FORMS[kind], levels=_levels())
    elif form == "essential":
        try:
            context["esf"] = essential_skills(books.engine)
        except NotFoundError as error:
            context["esf_missing"] = str(error)
        context.setdefault("ratings", books.self_ratings(principal))
    elif form not in OTHER_FORMS:
        form = ""
    return page(
        request,
        "add_evidence.html",
        status,
        form=form,
        entry_forms=ENTRY_FORMS,
        other_forms=OTHER_FORMS,
        max_mb=MAX_INPUT_BYTES // (1024 * 1024),
        **context,
    )


@router.get("/me/skills/add", response_class=HTMLResponse)
def add_form(request: Request, principal: PrincipalDep, m: MatchingDep, form: str = "") -> Response:
    return _add_page(request, m.evidence, principal, form[:40])


@router.post("/me/skills/add", response_class=HTMLResponse)
async def add_entry(request: Request, principal: PrincipalDep, m: MatchingDep) -> Response:
    """Save an attestation, test, course or work sample; or (the "Find skills" button, which
    works without a script) list skills matching the search words, keeping what was typed."""
    form = await request.form()
    kind_value = str(form.get("kind", ""))
    typed = {k: str(form.get(k, "")) for k in ENTRY_FIELDS}
    picked = [str(v) for v in form.getlist("skills")][:60]

    def work() -> Response:
        catalog = Catalog(m.evidence.engine)
        shown: dict[str, Any] = {"typed": typed, "picked": chosen_skills(catalog, picked)}
        kind = _kind(kind_value)
        if kind is None:
            return _add_page(request, m.evidence, principal, "", 422, error="Choose what to add.")
        if "find_skills" in form:
            found = skill_choices(catalog, typed["skill_q"], 10)
            return _add_page(request, m.evidence, principal, kind.value, choices=found, **shown)
        try:
            level = int(typed["level"] or 0)
            if str(level) not in {p.value for p in Proficiency}:
                raise InvalidInputError("Choose the level this shows, from 1 to 5.")
            draft = EntryDraft(
                kind,
                typed["title"],
                [(uri, level) for uri in picked],
                issuer=typed["issuer"],
                ended_on=form_date(typed["ended_on"], "date"),
                link=typed["link"],
                description=typed["description"],
                score=typed["score"],
            )
            m.evidence.add(principal, draft)
        except (InvalidInputError, NotFoundError) as error:
            return _add_page(
                request,
                m.evidence,
                principal,
                kind.value,
                status_for(error),
                error=str(error),
                **shown,
            )
        return redirect("/me/skills?saved=entry")

    return await run_in_threadpool(work)


@router.post("/me/skills/essential", response_class=HTMLResponse)
async def rate(request: Request, principal: PrincipalDep, m: MatchingDep) -> Response:
    """Each essential skill rated 1-4, or skipped; the ratings replace the last ones."""
    form = await request.form()
    given = {
        key[len("rate:") :]: str(value)
        for key, value in form.multi_items()
        if key.startswith("rate:") and isinstance(value, str)
    }

    def work() -> Response:
        try:
            ratings: dict[str, int | None] = {}
            for uri, value in list(given.items())[:200]:
                if value in ("", "skip"):
                    ratings[uri] = None
                elif value.isdigit():
                    ratings[uri] = int(value)
                else:
                    raise InvalidInputError("Choose a level from the list, or skip.")
            m.evidence.rate_essential_skills(principal, ratings)
        except (InvalidInputError, NotFoundError) as error:
            kept = {u: int(v) for u, v in given.items() if v.isdigit()}
            return _add_page(
                request,
                m.evidence,
                principal,
                "essential",
                status_for(error),
                error=str(error),
                ratings=kept,
            )
        return redirect("/me/skills?saved=essential")

    return await run_in_threadpool(work)


@router.post("/me/skills/past-job", response_class=HTMLResponse)
async def past_job(request: Request, principal: PrincipalDep, m: MatchingDep) -> Response:
    form = await request.form()
    typed = {
        k: str(form.get(k, "")) for k in ("title", "employer", "started_on", "ended_on", "what")
    }

    def work() -> Response:
        try:
            if not typed["title"].strip():
                raise InvalidInputError("Give the job title.")
            m.evidence.add_work_history(
                principal,
                title=typed["title"],
                employer=typed["employer"],
                started_on=form_date(typed["started_on"], "start date"),
                ended_on=form_date(typed["ended_on"], "end date"),
                description=typed["what"],
            )
        except (InvalidInputError, NotFoundError) as error:
            return _add_page(
                request,
                m.evidence,
                principal,
                "past-job",
                status_for(error),
                error=str(error),
                typed=typed,
            )
        return redirect("/me/skills?saved=past-job")

    return await run_in_threadpool(work)


@router.post("/me/skills/resume", response_class=HTMLResponse)
async def resume(request: Request, principal: PrincipalDep, m: MatchingDep) -> Response:
    """A resume file read by the extraction workers; its skills become the worker's claims
    (they replace the last resume's). The file itself is not kept."""
    policy.require_worker(principal)  # before reading the upload
    policy.require_scope(principal, Scope.WRITE)
    form = await request.form()
    data = await read_upload(form, "file", MAX_INPUT_BYTES)
    upload = form.get("file")
    name = str(getattr(upload, "filename", "") or "")

    def work() -> Response:
        try:
            if not data:
                raise InvalidInputError("Choose your resume file: PDF, Word (DOCX) or text.")
            resume_from_file(request, m.evidence, principal, data, name)
        except (InvalidInputError, NotAvailableError) as error:
            shown = _add_page(
                request, m.evidence, principal, "resume", status_for(error), error=str(error)
            )
            retry_after = getattr(error, "retry_after", None)
            if retry_after is not None:
                shown.headers["Retry-After"] = str(retry_after)
            return shown
        return redirect("/me/skills?saved=resume")

    return await run_in_threadpool(work)


# -- demographics ------------------------------------------------------------------------------
def _demographics_page(
    request: Request, principal: Any, personal: Any, status: int = 200, **context: Any
) -> Response:
    given = personal.demographics(principal)
    answered = {q.value: list(a) for q, a in given.answers.items()} if given else {}
    context.setdefault("chosen", answered)
    return page(
        request,
        "demographics.html",
        status,
        given=given,
        questions=list(Question),
        purpose=DEMOGRAPHICS_PURPOSE,
        prefer_not=PREFER_NOT,
        **context,
    )


@router.get("/me/demographics", response_class=HTMLResponse)
def demographics(
    request: Request, principal: PrincipalDep, m: MatchingDep, saved: str = ""
) -> Response:
    notes = {"given": "Saved your answers.", "deleted": "Your answers are deleted."}
    return _demographics_page(request, principal, m.personal, saved=notes.get(saved, ""))


@router.post("/me/demographics", response_class=HTMLResponse)
async def give(request: Request, principal: PrincipalDep, m: MatchingDep) -> Response:
    form = await request.form()
    answers = {q.value: [str(v) for v in form.getlist(q.value)][:20] for q in Question}
    consent = form.get("consent") == "yes"

    def work() -> Response:
        try:
            m.personal.give_demographics(principal, answers, consent=consent)
        except InvalidInputError as error:
            return _demographics_page(
                request, principal, m.personal, 422, error=str(error), chosen=answers
            )
        return redirect("/me/demographics?saved=given")

    return await run_in_threadpool(work)


@router.post("/me/demographics/delete")
def forget(principal: PrincipalDep, m: MatchingDep) -> Response:
    m.personal.delete_demographics(principal)
    return redirect("/me/demographics?saved=deleted")
