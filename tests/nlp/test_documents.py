"""Document readers on small real files written here: plain text, HTML, DOCX (a real Office
Open XML zip) and PDF (a real PDF 1.4 file with a Helvetica text stream)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.nlp.documents import guess_format, read_document, read_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(paragraphs: list[tuple[str | None, str, bool]], table: list[str] = ()) -> bytes:
    """(style, text, numbered) paragraphs, then a one-row table with `table` cells."""

    def paragraph(style: str | None, text: str, numbered: bool) -> str:
        props = ""
        if style or numbered:
            inner = f'<w:pStyle w:val="{style}"/>' if style else ""
            if numbered:
                inner += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            props = f"<w:pPr>{inner}</w:pPr>"
        first, _, rest = text.partition(" ")
        runs = f"<w:r><w:t>{first}</w:t></w:r>"
        if rest:
            runs += f'<w:r><w:t xml:space="preserve"> {rest}</w:t></w:r>'
        return f"<w:p>{props}{runs}</w:p>"

    body = "".join(paragraph(*p) for p in paragraphs)
    if table:
        cells = "".join(f"<w:tc>{paragraph(None, c, False)}</w:tc>" for c in table)
        body += f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>"
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with each line drawn by Tj, and a correct xref table."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({x}) Tj T*" for x in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _blocks(doc: object) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]  # type: ignore[attr-defined]


def test_plain_text_lines_bullets_and_line_endings() -> None:
    raw = "\ufeffRequirements:\r\n- Python and SQL\r\n  * 3+ years\r\n\r\nWe are nice.".encode()
    doc = read_document(raw)
    assert doc.format == "text"
    assert doc.text == "Requirements:\n- Python and SQL\n  * 3+ years\n\nWe are nice."
    assert _blocks(doc) == [
        ("line", "Requirements:"),
        ("item", "Python and SQL"),
        ("item", "3+ years"),
        ("line", "We are nice."),
    ]


def test_windows_1252_fallback_and_binary_refused() -> None:
    assert read_document("café résumé".encode("cp1252")).text == "café résumé"
    with pytest.raises(InvalidInputError, match="binary"):
        read_document(b"\x00\x01\x02 not text")


def test_html_drops_scripts_styles_head_and_decodes_entities() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Ad</title><style>li{color:red}</style></head><body>"
        "<h2>What you&rsquo;ll need</h2><ul><li>Python &amp; SQL</li>"
        "<li>Strong   <b>communication</b>\n skills</li></ul>"
        "<script>var skills = ['Cobol'];</script><noscript>Enable JS</noscript>"
        "<p>Caf&eacute; on site&nbsp;&#8211; free</p></body></html>"
    )
    doc = read_document(html.encode(), name="ad.html")
    assert doc.format == "html"
    assert "Cobol" not in doc.text and "color" not in doc.text and "Enable" not in doc.text
    assert _blocks(doc) == [
        ("heading", "What you’ll need"),
        ("item", "Python & SQL"),
        ("item", "Strong communication skills"),
        ("paragraph", "Café on site – free"),  # nbsp is whitespace
    ]


def test_html_nested_blocks_keep_the_item_and_heading_kinds() -> None:
    doc = read_document("<h3><span>Skills</span></h3><ul><li><p>Welding</p></li></ul><p>x</p>")
    assert _blocks(doc) == [("heading", "Skills"), ("item", "Welding"), ("paragraph", "x")]


def test_html_is_guessed_from_content() -> None:
    assert guess_format(b"  <div><p>Hi</p></div>") == "html"
    assert guess_format(b"Plain words < and > signs") == "text"
    assert guess_format(b"%PDF-1.7 ...") == "pdf"
    assert guess_format(b"PK\x03\x04...", "cv.docx") == "docx"


def test_docx_paragraphs_headings_lists_and_tables() -> None:
    data = make_docx(
        [
            ("Title", "Jane Doe", False),
            ("Heading1", "Work experience", False),
            (None, "Line cook at Blue Bistro", False),
            ("ListParagraph", "Prepared meals for 200 guests", True),
            ("Heading1", "Education", False),
        ],
        table=["High school diploma", "2019"],
    )
    doc = read_document(data)
    assert doc.format == "docx"
    assert _blocks(doc) == [
        ("heading", "Jane Doe"),
        ("heading", "Work experience"),
        ("paragraph", "Line cook at Blue Bistro"),
        ("item", "Prepared meals for 200 guests"),
        ("heading", "Education"),
        ("paragraph", "High school diploma"),
        ("paragraph", "2019"),
    ]


def test_docx_errors_are_clear() -> None:
    with pytest.raises(InvalidInputError, match="not a zip"):
        read_document(b"PK\x03\x04 truncated", format="docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.xml", "<a/>")
    with pytest.raises(InvalidInputError, match="no word/document.xml"):
        read_document(buffer.getvalue(), format="docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document xmlns:w='x'><unclosed>")
    with pytest.raises(InvalidInputError, match="cannot read the DOCX"):
        read_document(buffer.getvalue(), format="docx")


def test_pdf_text_is_extracted_in_lines() -> None:
    doc = read_document(make_pdf(["Requirements", "- Expert in Python (3+ years)", "Thanks"]))
    assert doc.format == "pdf" and doc.pages == (0,)
    assert _blocks(doc) == [
        ("line", "Requirements"),
        ("item", "Expert in Python (3+ years)"),
        ("line", "Thanks"),
    ]


def test_pdf_errors_are_clear() -> None:
    with pytest.raises(InvalidInputError, match="cannot read the PDF"):
        read_document(b"%PDF-1.4\nnothing else here")
    with pytest.raises(InvalidInputError, match="no extractable text"):
        read_document(make_pdf([]))


def test_read_path_and_unknown_format(tmp_path: Path) -> None:
    file = tmp_path / "cv.docx"
    file.write_bytes(make_docx([(None, "Forklift operator", False)]))
    assert read_path(file).text == "Forklift operator"
    with pytest.raises(InvalidInputError, match="no such file"):
        read_path(tmp_path / "missing.pdf")
    with pytest.raises(InvalidInputError, match="unknown document format"):
        read_document(b"x", format="rtf")


@given(st.text(alphabet=st.sampled_from(list("ab <>/&;#lipuhscrt=\"'\n")), max_size=200))
@settings(max_examples=300, deadline=None)
def test_html_reader_blocks_lie_inside_the_text(html: str) -> None:
    doc = read_document(html, format="html")
    previous = 0
    for block in doc.blocks:
        assert previous <= block.start < block.end <= len(doc.text)
        assert doc.text[block.start : block.end].strip()
        previous = block.end


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_text_reader_keeps_every_line(text: str) -> None:
    doc = read_document(text, format="text")
    for block in doc.blocks:
        content = doc.text[block.start : block.end]
        assert content and content == content.strip() and "\n" not in content
