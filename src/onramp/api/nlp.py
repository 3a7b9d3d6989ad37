"""Skill intelligence over REST: link text to skills, extract skills from a document, code job
titles to occupations, and search skills and occupations by meaning. Public, like the other
reference-data endpoints; nothing sent is stored.

Every route here is a plain `def`, so it runs in the thread pool, never on the event loop;
documents are read and analysed in the server's worker processes (`nlp.workers`), within the
limits of `nlp.limits` (413 past one) and a time budget."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from onramp.nlp.limits import MAX_INPUT_BYTES, MAX_TEXT_CHARS
from onramp.nlp.occupations import TitleQuery
from onramp.nlp.service import ExtractionJob, code_titles, extract_in_worker, link_texts
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1", tags=["skill intelligence"])
Kind = Literal["posting", "resume", "course"]


def _engine(request: Request) -> Any:
    return request.app.state.engine


class LinkRequest(BaseModel):
    texts: list[Annotated[str, Field(max_length=2000)]] = Field(min_length=1, max_length=200)
    framework: str = Field(default="esco", max_length=40)
    top: int = Field(default=10, ge=1, le=100)


class ExtractRequest(BaseModel):
    # the limit is checked where every document's is (nlp.limits), answering 413 past it
    text: str = Field(min_length=1, json_schema_extra={"maxLength": MAX_TEXT_CHARS})
    kind: Kind = "posting"
    dense: bool = True


class TitleIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=5000)


class CodeRequest(BaseModel):
    titles: list[TitleIn] = Field(min_length=1, max_length=200)
    scheme: Literal["esco", "onet"] = "esco"
    top: int = Field(default=10, ge=1, le=50)


LINK_SCORE = (
    "Each skill's `score` is for ranking only: the best cosine between the text and the "
    "skill's embedded labels (up to 1) plus 0.5 x the square of the largest share of one of "
    "its labels' words that the text contains (up to 0.5). Higher is better; it is not a "
    "probability."
)


@router.post(
    "/skills/link",
    summary="Rank a framework's skills for each text, by meaning",
    description=LINK_SCORE,
)
def link(body: LinkRequest, request: Request) -> list[dict[str, Any]]:
    ranked = link_texts(_engine(request), body.texts, framework=body.framework, top=body.top)
    return [{"text": t, "skills": s} for t, s in zip(body.texts, ranked, strict=True)]


def _extracted(request: Request, job: ExtractionJob) -> Response:
    """The extraction as the worker wrote it in JSON: passed on, never walked here."""
    payload = extract_in_worker(request.app.state.extraction, _engine(request), job)
    return Response(payload, media_type="application/json")


@router.post(
    "/skills/extract",
    summary="Skills a posting, resume or course text evidences",
    response_model=dict[str, Any],
)
def extract(body: ExtractRequest, request: Request) -> Response:
    return _extracted(request, ExtractionJob(body.text, body.kind, format="text", dense=body.dense))


@router.post(
    "/skills/extract-file",
    summary="Skills in an uploaded file: plain text, HTML, PDF or DOCX",
    description=f"The file may be up to {MAX_INPUT_BYTES // (1024 * 1024)} MB.",
    response_model=dict[str, Any],
)
def extract_file(
    request: Request,
    file: UploadFile = File(...),
    kind: Kind = Form("posting"),
) -> Response:
    data = file.file.read(MAX_INPUT_BYTES + 1)  # the use case refuses any more
    return _extracted(request, ExtractionJob(data, kind, name=file.filename or None))


@router.post("/occupations/code", summary="Code job titles to ranked O*NET-SOC or ESCO occupations")
def code(body: CodeRequest, request: Request) -> list[dict[str, Any]]:
    queries = [TitleQuery(str(n), t.title, t.description) for n, t in enumerate(body.titles)]
    ranked = code_titles(_engine(request), queries, scheme=body.scheme, top=body.top)
    return [
        {"title": t.title, "occupations": to_plain(r)}
        for t, r in zip(body.titles, ranked, strict=True)
    ]


@router.get(
    "/skills-by-meaning",
    summary="Search skills by meaning (adds to the lexical search)",
    description=LINK_SCORE,
)
def skills_by_meaning(
    request: Request,
    q: str = Query(min_length=1, max_length=300),
    framework: str = Query("esco", max_length=40),
    limit: int = Query(10, ge=1, le=50),
) -> list[dict[str, Any]]:
    return link_texts(_engine(request), [q], framework=framework, top=limit)[0]


@router.get("/occupations-by-meaning", summary="Search occupations by meaning and title variants")
def occupations_by_meaning(
    request: Request,
    q: str = Query(min_length=1, max_length=300),
    scheme: Literal["esco", "onet"] = "esco",
    limit: int = Query(10, ge=1, le=50),
) -> list[dict[str, Any]]:
    found = code_titles(_engine(request), [TitleQuery("q", q)], scheme=scheme, top=limit)[0]
    return list(to_plain(found))
