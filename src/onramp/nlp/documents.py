"""Read postings, resumes and course descriptions into plain text with a structural map.

Every reader returns a `TextDocument`: the extracted text, and `blocks` giving the character
offsets (into that text) of each heading, list item and paragraph or line. Evidence spans found
later are offsets into `text`, so `text[start:end]` is always the evidence. Formats:

- plain text (UTF-8, with or without a BOM; Windows-1252 as a fallback), line endings normalized;
- HTML (stdlib parser): scripts, styles and the head are dropped, entities decoded, whitespace
  collapsed, block elements become lines, `h1`-`h6` headings and `li` items;
- PDF (pypdf text extraction), pages joined by a blank line;
- DOCX (Office Open XML read from the zip with defusedxml): paragraphs, table cells, heading
  and list styles.

Every reader obeys `nlp.limits`: it counts bytes, characters, paragraphs, pages and elements
while it reads and stops with a `TooLargeError` at the first limit passed, so a small file that
unpacks into millions of paragraphs costs no more than the limit.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from onramp.errors import InvalidInputError, TooLargeError
from onramp.nlp.limits import (
    MAX_ELEMENTS,
    MAX_PAGES,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
    MAX_UNPACKED_BYTES,
    check_input_bytes,
    too_big_unpacked,
    too_many_pages,
    too_many_paragraphs,
    too_much_markup,
    too_much_text,
)

FORMATS = ("text", "html", "pdf", "docx")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•·▪◦‣–—●○■□➢➤✓✔]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)](?=\s))[ \t]+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the extracted text: `text[start:end]` is its content."""

    start: int
    end: int
    kind: str  # heading | item | paragraph | line


@dataclass(frozen=True, slots=True)
class TextDocument:
    text: str
    format: str
    blocks: tuple[Block, ...] = ()
    pages: tuple[int, ...] = field(default=())  # start offset of each page (PDF)

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


def read_document(
    data: bytes | str, *, name: str | None = None, format: str | None = None
) -> TextDocument:
    """Read a document given as bytes (or already-decoded text). The format is `format` if
    given, else guessed from the file name's extension, else from the content. Raises
    TooLargeError past any limit of `nlp.limits`."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    check_input_bytes(len(raw), "This file" if name else "This text")
    chosen = format or guess_format(raw, name)
    if chosen not in FORMATS:
        raise InvalidInputError(f"unknown document format {chosen!r}; use one of {FORMATS}")
    if chosen == "pdf":
        document = read_pdf(raw)
    elif chosen == "docx":
        document = read_docx(raw)
    else:
        text = data if isinstance(data, str) else decode_text(raw)
        document = read_html(text) if chosen == "html" else read_text(text)
    return check_document(document)


def read_path(path: Path | str, format: str | None = None) -> TextDocument:
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"{file}: no such file")
    check_input_bytes(file.stat().st_size, file.name)
    return read_document(file.read_bytes(), name=file.name, format=format)


def check_document(document: TextDocument) -> TextDocument:
    """The document itself, if it is within the limits on text, paragraphs and pages."""
    if len(document.text) > MAX_TEXT_CHARS:
        raise too_much_text()
    if len(document.blocks) > MAX_PARAGRAPHS:
        raise too_many_paragraphs()
    if len(document.pages) > MAX_PAGES:
        raise too_many_pages(len(document.pages))
    return document


def guess_format(raw: bytes, name: str | None = None) -> str:
    suffix = Path(name).suffix.lower() if name else ""
    by_suffix = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if suffix in (".txt", ".text", ".md"):
        return "text"
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    head = raw[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or re.search(
        rb"<(html|body|p|div|ul|li|h[1-6])[\s>]", head
    ):
        return "html"
    return "text"


def decode_text(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise InvalidInputError("this looks like a binary file, not text, HTML, PDF or DOCX")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _line_blocks(text: str) -> tuple[str, tuple[Block, ...]]:
    """Lines become blocks: bulleted lines are items (the bullet left out), others lines."""
    if len(text) > MAX_TEXT_CHARS:
        raise too_much_text()
    blocks: list[Block] = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        stripped_end = position + len(line.rstrip())
        bullet = _BULLET.match(line)
        if bullet:
            blocks.append(Block(position + bullet.end(), stripped_end, "item"))
        elif line.strip():
            start = position + len(line) - len(line.lstrip())
            blocks.append(Block(start, stripped_end, "line"))
        if len(blocks) > MAX_PARAGRAPHS:
            raise too_many_paragraphs()
        position = end + 1
    return text, tuple(blocks)


def read_text(text: str) -> TextDocument:
    if len(text) > MAX_TEXT_CHARS:
        raise too_much_text()
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    normalized, blocks = _line_blocks(normalized)
    return TextDocument(normalized, "text", blocks)


# -- HTML ------------------------------------------------------------------------------------
_SKIP = frozenset(["script", "style", "head", "noscript", "template", "svg", "iframe", "object"])
_BLOCK_TAGS = frozenset([
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul", "ol",
    "table", "tr", "dl", "dt", "dd", "blockquote", "pre", "form", "fieldset", "address",
    "figure", "figcaption", "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th",
    "title",
])  # fmt: skip
_VOID = frozenset([
    "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
    "track", "wbr",
])  # fmt: skip


_COMMENT_END = re.compile(r"--\s*>")  # as html.parser ends a comment
_RAW_TEXT = re.compile(r"<(script|style)[\s/>]", re.I)  # html.parser's CDATA elements
_MARKED = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)")  # a marked section, as _markupbase
_SECTION_END = {
    **dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), re.compile(r"]\s*]\s*>")),
    **dict.fromkeys(("if", "else", "endif"), re.compile(r"]\s*>")),  # Word's conditionals
}


def _defuse_html(html: str) -> str:
    """`html` with every `<` that html.parser would scan again and again written as `&lt;`.

    html.parser looks for the end of a tag, comment or marked section from each `<`, to the
    end of the page if it never comes: thirty thousand unclosed `<a ` take it minutes. Here a
    `<` stays markup only when its `>` comes before the next `<` (comments, scripts and styles
    are passed over whole, as the parser reads them), so each scan stops within its own piece.
    A `<` inside a quoted attribute value also becomes text: rare, and harmless here."""
    out: list[str] = []
    copied = 0
    position = 0
    comments_close = scripts_close = True  # until a search finds no end: then none later will
    while (start := html.find("<", position)) >= 0:
        if html.startswith("<!--", start):
            found = _COMMENT_END.search(html, start + 4) if comments_close else None
            if found:
                position = found.end()
                continue
            comments_close = False
        else:
            following = html.find("<", start + 1)
            stop = len(html) if following < 0 else following
            close = html.find(">", start + 1, stop)
            if html.startswith("<![", start):
                close = _marked_section_end(html, start, stop)
            if close >= 0:
                position = close + 1
                raw = _RAW_TEXT.match(html, start)
                if raw and html[close - 1] != "/":
                    ending = re.compile(rf"</\s*{raw.group(1)}\s*>", re.I)
                    found = ending.search(html, position) if scripts_close else None
                    if found is None:
                        scripts_close = False
                        break  # the rest is script or style: the parser passes over it
                    position = found.start()
                continue
        out.append(html[copied:start])
        out.append("&lt;")
        copied = position = start + 1
    out.append(html[copied:])
    return "".join(out)


def _marked_section_end(html: str, start: int, stop: int) -> int:
    """Where the marked section at `start` ends (its last `>`), if html.parser knows its kind
    and it ends before `stop`; else -1 (an unknown kind stops html.parser with an error)."""
    name = _MARKED.match(html, start)
    end = _SECTION_END.get(name.group(1).lower()) if name else None
    found = end.search(html, start + 3, stop) if end else None
    return found.end() - 1 if found else -1


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.skip_depth = 0
        self.open_kind: str | None = None
        self.block_start = 0
        self.pending_space = False
        self.elements = 0

    def _emit(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)
        if self.length > MAX_TEXT_CHARS:
            raise too_much_text()

    def _break(self, kind: str | None) -> None:
        """End the current block; start a new one of `kind` (None: a plain paragraph)."""
        if self.length > self.block_start:
            self.blocks.append(Block(self.block_start, self.length, self.open_kind or "paragraph"))
            if len(self.blocks) > MAX_PARAGRAPHS:
                raise too_many_paragraphs()
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")
        self.block_start = self.length
        self.open_kind = kind
        self.pending_space = False

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise too_much_markup()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in _BLOCK_TAGS:
            kind = "heading" if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else None
            kind = "item" if tag == "li" else kind
            if kind is None and self.length == self.block_start:
                kind = self.open_kind  # <li><p>...</p></li> is still an item
            self._break(kind)
        elif tag in ("td", "th"):
            self.pending_space = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        if not self.skip_depth and tag in _BLOCK_TAGS:
            self._break(None)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if not self.skip_depth and tag in _BLOCK_TAGS:
            self._break(None)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        words = data.split()
        if not words:
            if data and self.length > self.block_start:
                self.pending_space = True
            return
        if (data[0].isspace() or self.pending_space) and self.length > self.block_start:
            self._emit(" ")
        self._emit(" ".join(words))
        self.pending_space = data[-1].isspace()

    def result(self) -> tuple[str, tuple[Block, ...]]:
        self._break(None)
        return "".join(self.parts), tuple(self.blocks)


def read_html(html: str) -> TextDocument:
    if len(html) > MAX_UNPACKED_BYTES:
        raise too_big_unpacked("HTML page")
    parser = _HtmlText()
    parser.feed(_defuse_html(html))
    parser.close()
    text, blocks = parser.result()
    return TextDocument(text, "html", blocks)


# -- PDF -------------------------------------------------------------------------------------
_PDF_FAULTS = (
    ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError, RecursionError,
    ZeroDivisionError, OverflowError, UnicodeError, zlib.error,
)  # fmt: skip  # what pypdf raises on broken files besides its own errors


def _pdf_limits() -> dict[str, int]:
    """pypdf's own limits (pypdf.Configuration, pypdf 6+), tightened to ours: no stream
    inflates past MAX_UNPACKED_BYTES and the page tree holds a few nodes per allowed page."""
    unpacked = MAX_UNPACKED_BYTES
    return {
        "maximum_declared_stream_length": unpacked,
        "array_based_stream_maximum_output_length": unpacked,
        "jbig2_maximum_output_length": unpacked,
        "lzw_maximum_output_length": unpacked,
        "run_length_maximum_output_length": unpacked,
        "zlib_maximum_output_length": unpacked,
        "brotli_maximum_output_length": unpacked,
        "image_maximum_buffer_size": unpacked,
        "stream_decoding_work_maximum_length": 2 * unpacked,
        "page_tree_maximum_entries": 4 * MAX_PAGES,
    }


def read_pdf(raw: bytes) -> TextDocument:
    from pypdf import PdfReader, apply_configuration, get_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        with apply_configuration(get_configuration().with_overwrites(**_pdf_limits())):
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                raise InvalidInputError(
                    "the PDF is encrypted; save an unprotected copy and try again"
                )
            tree = reader.root_object.get("/Pages")
            tree = tree.get_object() if tree is not None else None
            declared = tree.get("/Count") if isinstance(tree, dict) else None
            if isinstance(declared, int) and declared > MAX_PAGES:
                raise too_many_pages(declared)  # before walking a page tree that large
            if len(reader.pages) > MAX_PAGES:
                raise too_many_pages(len(reader.pages))
            pages: list[str] = []
            length = 0
            for pdf_page in reader.pages:
                pages.append(pdf_page.extract_text() or "")
                length += len(pages[-1]) + 2
                if length > MAX_TEXT_CHARS:
                    raise too_much_text()
    except LimitReachedError:
        raise TooLargeError(
            "This PDF is too big or too complex for us to read. Save a simpler copy, "
            "or paste the text."
        ) from None
    except (PyPdfError, *_PDF_FAULTS) as error:
        raise InvalidInputError(f"cannot read the PDF: {error}") from None
    text = ""
    starts: list[int] = []
    for page in pages:
        if text:
            text += "\n\n"
        starts.append(len(text))
        text += page.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        raise InvalidInputError(
            "the PDF has no extractable text (a scanned image?); paste the text instead"
        )
    text, blocks = _line_blocks(text)
    return TextDocument(text, "pdf", blocks, tuple(starts))


# -- DOCX ------------------------------------------------------------------------------------
_P, _BODY = f"{_W}p", f"{_W}body"
_ZIP_FAULTS = (
    zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError,
)  # fmt: skip  # broken, truncated, encrypted or oddly compressed zip members


class _CappedReader:
    """A zip member read through a counter: more than `limit` bytes unpacked stops the read
    (a zip bomb stops at the limit, whatever the sizes its directory declares)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size >= 0 else self.limit + 1 - self.count)
        self.count += len(data)
        if self.count > self.limit:
            raise too_big_unpacked("DOCX")
        return data


def read_docx(raw: bytes) -> TextDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (*_ZIP_FAULTS, ValueError):
        raise InvalidInputError("cannot read the DOCX: not a zip file") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise InvalidInputError("cannot read the DOCX: it has no word/document.xml") from None
        if info.file_size > MAX_UNPACKED_BYTES:
            raise too_big_unpacked("DOCX")
        try:
            with archive.open(info) as member:
                return _docx_text(_CappedReader(member, MAX_UNPACKED_BYTES))
        except (ElementTree.ParseError, DefusedXmlException, *_ZIP_FAULTS) as error:
            raise InvalidInputError(f"cannot read the DOCX: {error}") from None


def _docx_text(stream: _CappedReader) -> TextDocument:
    """The body's paragraphs (table cells included) in document order, read as a stream:
    each paragraph is turned into text when it ends and then dropped, and the counts of
    elements, paragraphs (empty ones too) and characters stop the read at their limits."""
    parts: list[str] = []
    blocks: list[Block] = []
    length = elements = paragraphs = 0
    open_paragraphs = in_body = 0
    seen_body = False
    path: list[Any] = []  # the open elements, outermost first
    for event, node in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            elements += 1
            if elements > MAX_ELEMENTS:
                raise too_much_markup()
            if node.tag == _P:
                open_paragraphs += 1
                paragraphs += 1
                if paragraphs > MAX_PARAGRAPHS:
                    raise too_many_paragraphs()
            elif node.tag == _BODY:
                in_body += 1
                seen_body = True
            path.append(node)
            continue
        path.pop()
        if node.tag == _P:
            open_paragraphs -= 1
        elif node.tag == _BODY:
            in_body -= 1
        if open_paragraphs:
            continue  # inside a paragraph: it is read whole when it ends
        if node.tag == _P and in_body:
            for paragraph in node.iter(_P):  # nested ones (text boxes) too, outer first
                content = _docx_paragraph(paragraph)
                if not content.strip():
                    continue
                if parts:
                    parts.append("\n")
                    length += 1
                kind = _docx_kind(paragraph)
                lead = len(content) - len(content.lstrip())
                blocks.append(Block(length + lead, length + len(content.rstrip()), kind))
                parts.append(content)
                length += len(content)
                if length > MAX_TEXT_CHARS:
                    raise too_much_text()
        if path:
            path[-1].remove(node)  # read already: the tree never holds more than one branch
    if not seen_body:
        raise InvalidInputError("cannot read the DOCX: word/document.xml has no body")
    return TextDocument("".join(parts), "docx", tuple(blocks))


def _docx_paragraph(paragraph: object) -> str:
    pieces: list[str] = []
    for node in paragraph.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            pieces.append(node.text)
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append(" ")
    return "".join(pieces)


def _docx_kind(paragraph: object) -> str:
    properties = paragraph.find(f"{_W}pPr")  # type: ignore[attr-defined]
    if properties is None:
        return "paragraph"
    style = properties.find(f"{_W}pStyle")
    name = (style.get(f"{_W}val") or "").lower() if style is not None else ""
    if name.startswith(("heading", "title", "subtitle")) or (
        properties.find(f"{_W}outlineLvl") is not None
    ):
        return "heading"
    if properties.find(f"{_W}numPr") is not None or "list" in name:
        return "item"
    return "paragraph"
