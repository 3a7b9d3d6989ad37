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
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from onramp.errors import InvalidInputError

MAX_BYTES = 20 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024
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
    given, else guessed from the file name's extension, else from the content."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise InvalidInputError(f"document is {len(raw)} bytes; the limit is {MAX_BYTES}")
    chosen = format or guess_format(raw, name)
    if chosen not in FORMATS:
        raise InvalidInputError(f"unknown document format {chosen!r}; use one of {FORMATS}")
    if chosen == "pdf":
        return read_pdf(raw)
    if chosen == "docx":
        return read_docx(raw)
    text = data if isinstance(data, str) else decode_text(raw)
    return read_html(text) if chosen == "html" else read_text(text)


def read_path(path: Path | str, format: str | None = None) -> TextDocument:
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(f"{file}: no such file")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInputError(f"{file}: {size} bytes; the limit is {MAX_BYTES}")
    return read_document(file.read_bytes(), name=file.name, format=format)


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
        position = end + 1
    return text, tuple(blocks)


def read_text(text: str) -> TextDocument:
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

    def _emit(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def _break(self, kind: str | None) -> None:
        """End the current block; start a new one of `kind` (None: a plain paragraph)."""
        if self.length > self.block_start:
            self.blocks.append(Block(self.block_start, self.length, self.open_kind or "paragraph"))
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")
        self.block_start = self.length
        self.open_kind = kind
        self.pending_space = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text, blocks = parser.result()
    return TextDocument(text, "html", blocks)


# -- PDF -------------------------------------------------------------------------------------
def read_pdf(raw: bytes) -> TextDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InvalidInputError("the PDF is encrypted; save an unprotected copy and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as error:
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
def read_docx(raw: bytes) -> TextDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise InvalidInputError("cannot read the DOCX: not a zip file") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise InvalidInputError("cannot read the DOCX: it has no word/document.xml") from None
        if info.file_size > MAX_XML_BYTES:
            raise InvalidInputError("the DOCX text part is too large")
        try:
            root = ElementTree.fromstring(archive.read(info))
        except (ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile) as error:
            raise InvalidInputError(f"cannot read the DOCX: {error}") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise InvalidInputError("cannot read the DOCX: word/document.xml has no body")
    parts: list[str] = []
    blocks: list[Block] = []
    length = 0
    for paragraph in body.iter(f"{_W}p"):
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
