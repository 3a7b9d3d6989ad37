"""A document extraction as one job: what the server sends a worker (`nlp.workers`) and how
the worker runs it. Shared by both ends, so neither imports the other's module for it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from onramp.errors import NotAvailableError, NotFoundError
from onramp.nlp.documents import TextDocument, read_document
from onramp.nlp.extract import Extraction, Extractor, Lexicon, Linker


@dataclass(frozen=True)
class ExtractionJob:
    """A document to extract skills from, as a request gives it: read and analysed in a
    server worker (`nlp.workers`), never in the server's own process."""

    data: bytes | str
    kind: str
    name: str | None = None
    format: str | None = None
    frameworks: tuple[str, ...] | None = None
    dense: bool = True
    no_dense_reason: str = ""  # set by the server: why dense linking will not run


def analyse(
    engine: Engine,
    document: TextDocument,
    kind: str,
    frameworks: Sequence[str] | None,
    linker: Linker | None,
    no_dense_reason: str,
) -> Extraction:
    """Extract with the current lexicon and `linker`; if the linker fails for want of its
    model or vectors, extract again without it and say why."""
    lexicon = Lexicon.from_store(engine, list(frameworks) if frameworks else None)
    if not lexicon.skills:
        raise NotAvailableError(
            "no skills to link to: run `onramp data bootstrap` or import a framework "
            "(`onramp taxonomy import esco ...`) first"
        )
    if linker is not None:
        try:
            return Extractor(lexicon, linker).extract(document, kind)
        except (NotFoundError, NotAvailableError) as error:
            no_dense_reason = str(error)
    return Extractor(lexicon, no_dense_reason=no_dense_reason).extract(document, kind)


def as_json(extraction: dict[str, Any]) -> bytes:
    """An extraction's JSON form, compact, as the API sends it."""
    return json.dumps(extraction, ensure_ascii=False, separators=(",", ":")).encode()


def run_job(engine: Engine, job: ExtractionJob, linker: Linker | None) -> Extraction:
    """A job as a worker runs it: read the document, then analyse it."""
    document = read_document(job.data, name=job.name, format=job.format)
    return analyse(engine, document, job.kind, job.frameworks, linker, job.no_dense_reason)
