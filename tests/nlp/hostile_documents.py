"""Hostile documents built in memory, small on the wire and costly to read: the security
audit's attack files (issue 11, item 10) and a PDF stream bomb (item 18).

Each is a real file of its format, written by hand (no python-docx): a DOCX is a zip with a
`word/document.xml` part; a PDF is PDF 1.4 objects with a correct xref table.
"""

from __future__ import annotations

import io
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SENTENCE = "Experience with Python, SQL and customer service is required."


def docx(body: str | bytes) -> bytes:
    """A minimal DOCX whose document body is `body` (WordprocessingML)."""
    raw = body.encode() if isinstance(body, str) else body
    xml = (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
            "<w:body>"
        ).encode()
        + raw
        + b"<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def many_empty_paragraphs_docx(count: int = 8_000_000) -> bytes:
    """About 70 KB holding `count` empty paragraphs (the audit's 73 KB, 8M-paragraph file)."""
    return docx(b"<w:p/>" * count)


def repeated_sentences_docx(count: int = 500_000) -> bytes:
    """One sentence in `count` paragraphs: about 160 KB zipped, 40 MB of XML,
    30 MB of text."""
    paragraph = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>".encode()
    return docx(paragraph * count)


def big_text(size: int = 5 * 1024 * 1024) -> bytes:
    """`size` bytes of plain text: the same posting lines over and over."""
    line = (SENTENCE + "\n").encode()
    return (line * (size // len(line) + 1))[:size]


def pdf(objects: list[bytes]) -> bytes:
    """A PDF 1.4 file of `objects` (numbered from 1; object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def many_pages_pdf(pages: int = 35_000, declared: int | None = None) -> bytes:
    """`pages` pages sharing one content stream, one font and one media box (the audit's
    35k-page PDF; about 90 bytes a page). `declared`: the page count the file claims."""
    content = f"BT /F1 12 Tf 72 720 Td ({SENTENCE}) Tj ET".encode()
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % (pages if declared is None else declared),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"] * pages
    return pdf(objects)


def stream_bomb_pdf(size: int = 200_000_000) -> bytes:
    """One page whose content stream inflates to `size` bytes (a few hundred KB zipped): pypdf
    stops it with LimitReachedError."""
    squeezer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(squeezer.compress(chunk) for _ in range(size // len(chunk)))
    stream += squeezer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf(objects)
