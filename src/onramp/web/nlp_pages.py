"""The extraction page: paste or upload a posting, resume or course description and see the
skills highlighted in the text, each with its evidence and a link to the skill.

The form is read on the event loop; everything after it (the worker's extraction, the
highlighting and the page) runs in the thread pool, and the document is read and analysed in
a worker process, as for the API. The page shows the extraction's JSON form (the API's)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from onramp.api.auth import OptionalPrincipalDep
from onramp.api.errors import status_for
from onramp.errors import InvalidInputError, NotAvailableError
from onramp.nlp.limits import MAX_INPUT_BYTES
from onramp.nlp.sections import check_kind
from onramp.nlp.service import ExtractionJob, extract_in_worker
from onramp.web.common import page

router = APIRouter(include_in_schema=False)
KIND_LABELS = {"posting": "A job posting", "resume": "A resume", "course": "A course description"}
SECTION_WORDS = {
    "requirement": "required",
    "nice_to_have": "nice to have",
    "experience": "experience",
    "education": "education",
    "learning_outcome": "learning outcome",
}


def segments(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The text cut into plain parts and highlighted parts (one skill each, no overlaps: the
    earlier, then longer, span wins). `result`: an extraction's JSON form."""
    text = result["text"]
    spans = sorted(
        (
            (start, -(end - start), end, index)
            for index, item in enumerate(result["skills"])
            for start, end in (e["span"] for e in item["evidence"])
        ),
    )
    parts: list[dict[str, Any]] = []
    at = 0
    for start, _length, end, index in spans:
        if start < at:
            continue
        if start > at:
            parts.append({"text": text[at:start]})
        parts.append({"text": text[start:end], "skill": index})
        at = end
    if at < len(text):
        parts.append({"text": text[at:]})
    return parts


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request, principal: OptionalPrincipalDep) -> Response:
    return page(request, "extract.html", kinds=KIND_LABELS, kind="posting")


@router.post("/extract", response_class=HTMLResponse)
async def extract(request: Request, principal: OptionalPrincipalDep) -> Response:
    form = await request.form()
    kind = str(form.get("kind", "posting"))
    pasted = str(form.get("pasted", ""))
    upload = form.get("file")
    # a parsed form holds Starlette's UploadFile; FastAPI's is a subclass for parameters only
    chosen = upload if isinstance(upload, UploadFile) and upload.filename else None
    return await run_in_threadpool(_extract, request, kind, pasted, chosen)


def _extract(request: Request, kind: str, pasted: str, upload: UploadFile | None) -> Response:
    try:
        check_kind(kind)
        if upload is not None:
            data = upload.file.read(MAX_INPUT_BYTES + 1)  # the use case refuses any more
            job = ExtractionJob(data, kind, name=upload.filename)
        elif pasted.strip():
            job = ExtractionJob(pasted.strip(), kind, format="text")
        else:
            raise InvalidInputError("Paste some text or choose a file.")
        payload = extract_in_worker(request.app.state.extraction, request.app.state.engine, job)
    except (InvalidInputError, NotAvailableError) as error:
        status, why = status_for(error), str(error)
        shown = page(request, "extract.html", status, kinds=KIND_LABELS, kind=kind, error=why)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            shown.headers["Retry-After"] = str(retry_after)
        return shown
    result = json.loads(payload)
    return page(
        request,
        "extract.html",
        kinds=KIND_LABELS,
        kind=kind,
        result=result,
        parts=segments(result),
        section_words=SECTION_WORDS,
    )
