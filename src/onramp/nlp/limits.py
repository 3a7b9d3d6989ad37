"""How much skill extraction agrees to read, and for how long.

One place for the limits that the readers (`nlp.documents`), the extractor, the API, the pages
and the CLI all obey. The readers count while they read and stop at the first limit passed, so
a small file that unpacks into millions of paragraphs costs no more than the limit. The numbers,
and what a document at every limit costs, are in docs/decisions/0010-bounded-extraction.md.
"""

from __future__ import annotations

from onramp.errors import TooLargeError

MAX_INPUT_BYTES = 5 * 1024 * 1024
"""A file, or pasted text, as sent."""
MAX_TEXT_CHARS = 200_000
"""Extracted text: about 30,000 words, or 80 full pages."""
MAX_PARAGRAPHS = 20_000
"""Paragraphs, lines, headings and list items with text. A DOCX counts its empty ones too."""
MAX_PAGES = 300
"""Pages of a PDF."""
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
"""A DOCX's text part once unzipped; any PDF stream once inflated."""
MAX_ELEMENTS = 500_000
"""Elements of a DOCX's XML or of an HTML page."""
EXTRACTION_SECONDS = 30.0
"""Reading and analysing one document, start to finish, in a server worker."""


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def check_input_bytes(size: int, what: str = "This file") -> None:
    if size > MAX_INPUT_BYTES:
        raise TooLargeError(
            f"{what} is too big: {_size(size)}. The limit is {_size(MAX_INPUT_BYTES)}."
        )


def too_much_text() -> TooLargeError:
    return TooLargeError(
        f"This document has too much text: more than {MAX_TEXT_CHARS:,} characters. "
        "Send a shorter one, or split it into parts."
    )


def too_many_paragraphs() -> TooLargeError:
    return TooLargeError(
        f"This document has too many paragraphs or lines: more than {MAX_PARAGRAPHS:,}. "
        "Send a shorter one, or split it into parts."
    )


def too_many_pages(pages: int | None = None) -> TooLargeError:
    count = f"{pages:,}" if pages is not None else f"more than {MAX_PAGES:,}"
    return TooLargeError(f"This PDF has too many pages: {count}. The limit is {MAX_PAGES:,}.")


def too_much_markup() -> TooLargeError:
    return TooLargeError(
        f"This document has too much markup: more than {MAX_ELEMENTS:,} elements. "
        "Save it as plain text, or paste the text."
    )


def too_big_unpacked(what: str) -> TooLargeError:
    return TooLargeError(
        f"This {what} is too big once unpacked: more than {_size(MAX_UNPACKED_BYTES)}. "
        "Save it again without pictures, or paste the text."
    )
