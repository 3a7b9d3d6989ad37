"""The extraction page: paste or upload a posting, resume or course description and see the
skills highlighted in the text, each with its evidence and a link to the skill."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from onramp.api.auth import OptionalPrincipalDep
from onramp.errors import InvalidInputError, NotAvailableError
from onramp.nlp.documents import read_document
from onramp.nlp.extract import Extraction
from onramp.nlp.sections import check_kind
from onramp.nlp.service import extract_document
from onramp.web.account_pages import _page

router = APIRouter(include_in_schema=False)
MAX_DOCUMENT = 5 * 1024 * 1024
KIND_LABELS = {"posting": "A job posting", "resume": "A resume", "course": "A course description"}
SECTION_WORDS = {
    "requirement": "required",
    "nice_to_have": "nice to have",
    "experience": "experience",
    "education": "education",
    "learning_outcome": "learning outcome",
}


def segments(result: Extraction) -> list[dict[str, Any]]:
    """The text cut into plain parts and highlighted parts (one skill each, no overlaps: the
    earlier, then longer, span wins)."""
    text = result.document.text
    spans = sorted(
        (
            (e.start, -(e.end - e.start), e.end, index)
            for index, item in enumerate(result.skills)
            for e in item.evidence
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
    return _page(request, "extract.html", kinds=KIND_LABELS, kind="posting")


@router.post("/extract", response_class=HTMLResponse)
async def extract(request: Request, principal: OptionalPrincipalDep) -> Response:
    form = await request.form()
    kind = str(form.get("kind", "posting"))
    pasted = str(form.get("pasted", "")).strip()
    upload = form.get("file")
    try:
        check_kind(kind)
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(MAX_DOCUMENT + 1)
            if len(data) > MAX_DOCUMENT:
                raise InvalidInputError("That file is too big (over 5 MB).")
            document = read_document(data, name=upload.filename)
        elif pasted:
            document = read_document(pasted, format="text")
        else:
            raise InvalidInputError("Paste some text or choose a file.")
        result = extract_document(request.app.state.engine, document, kind)
    except (InvalidInputError, NotAvailableError) as error:
        return _page(request, "extract.html", 422, kinds=KIND_LABELS, kind=kind, error=str(error))
    return _page(
        request,
        "extract.html",
        kinds=KIND_LABELS,
        kind=kind,
        result=result,
        parts=segments(result),
        section_words=SECTION_WORDS,
    )
