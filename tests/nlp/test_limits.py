"""The limits on what skill extraction reads (issue 11, items 10 and 18): each reader counts as
it reads and stops at the first limit passed with a TooLargeError (413 over HTTP, exit 2 on
the command line); hostile PDFs and DOCX zips are turned away plainly, never with a 500."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError, TooLargeError
from onramp.nlp import documents
from onramp.nlp.documents import TextDocument, read_document
from onramp.nlp.extract import Extractor, Lexicon, SkillInfo
from onramp.nlp.limits import (
    MAX_ELEMENTS,
    MAX_INPUT_BYTES,
    MAX_PAGES,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_documents as hostile  # noqa: E402


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(TooLargeError, match="too big: 5.0 MB. The limit is 5.0 MB"):
        read_document(b"a" * (MAX_INPUT_BYTES + 1), name="posting.txt")


def test_text_over_the_character_limit_is_refused() -> None:
    assert len(read_document("a" * MAX_TEXT_CHARS, format="text").text) == MAX_TEXT_CHARS
    with pytest.raises(TooLargeError, match="more than 200,000 characters"):
        read_document("a" * (MAX_TEXT_CHARS + 1), format="text")
    with pytest.raises(TooLargeError, match="too much text"):
        read_document(hostile.big_text(), name="posting.txt")  # the audit's 5 MB text file


def test_too_many_lines_are_refused() -> None:
    lines = "\n".join(["Python"] * MAX_PARAGRAPHS)
    assert len(read_document(lines, format="text").blocks) == MAX_PARAGRAPHS
    with pytest.raises(TooLargeError, match="more than 20,000"):
        read_document(lines + "\nSQL", format="text")


def test_docx_empty_paragraphs_count_and_stop_the_read() -> None:
    # small when unzipped too (about 120 KB), so only the paragraph count can stop it
    with pytest.raises(TooLargeError, match="too many paragraphs"):
        read_document(hostile.docx(b"<w:p/>" * (MAX_PARAGRAPHS + 1)))
    # the audit's 70 KB file: 8 million empty paragraphs, 48 MB of XML
    with pytest.raises(TooLargeError, match="too big once unpacked"):
        read_document(hostile.many_empty_paragraphs_docx())


def test_docx_text_and_elements_are_counted() -> None:
    with pytest.raises(TooLargeError, match="too much text"):
        read_document(hostile.repeated_sentences_docx(count=5_000))
    with pytest.raises(TooLargeError, match="too much markup"):
        read_document(hostile.docx(b"<w:p>" + b"<w:r/>" * MAX_ELEMENTS + b"</w:p>"))
    with pytest.raises(TooLargeError, match="too big once unpacked"):
        read_document(hostile.repeated_sentences_docx())  # the audit's 160 KB file


def test_docx_unpacking_is_counted_whatever_the_zip_declares() -> None:
    reader = documents._CappedReader(io.BytesIO(b"x" * 100), limit=10)
    assert reader.read(10) == b"x" * 10
    with pytest.raises(TooLargeError, match="too big once unpacked"):
        reader.read(1)


def test_docx_nested_paragraphs_keep_their_order() -> None:
    inner = "<w:p><w:r><w:t>inner</w:t></w:r></w:p>"
    box = (
        "<w:p><w:r><w:t>outer</w:t><w:pict><w:txbxContent>"
        f"{inner}</w:txbxContent></w:pict></w:r></w:p>"
    )
    doc = read_document(hostile.docx(box + "<w:p><w:r><w:t>after</w:t></w:r></w:p>"))
    assert doc.text.split("\n") == ["outerinner", "inner", "after"]


def test_pdf_page_limits() -> None:
    assert len(read_document(hostile.many_pages_pdf(MAX_PAGES)).pages) == MAX_PAGES
    with pytest.raises(TooLargeError, match=f"too many pages: {MAX_PAGES + 1}"):
        read_document(hostile.many_pages_pdf(MAX_PAGES + 1))
    with pytest.raises(TooLargeError, match="too many pages: 35,000"):
        read_document(hostile.many_pages_pdf())  # the audit's 35k-page PDF, read no further
    with pytest.raises(TooLargeError, match="too big or too complex"):
        read_document(hostile.many_pages_pdf(5 * MAX_PAGES, declared=1))  # it lies


def test_a_pdf_stream_bomb_is_a_clear_4xx() -> None:
    """Item 18: pypdf's LimitReachedError used to escape as a 500."""
    with pytest.raises(TooLargeError, match="too big or too complex"):
        read_document(hostile.stream_bomb_pdf())


def test_html_limits() -> None:
    with pytest.raises(TooLargeError, match="too much markup"):
        read_document("<br>" * (MAX_ELEMENTS + 1), format="html")
    with pytest.raises(TooLargeError, match="too much text"):
        read_document("<p>" + "a " * MAX_TEXT_CHARS + "</p>", format="html")
    with pytest.raises(TooLargeError, match="too many paragraphs"):
        read_document("<p>a</p>" * (MAX_PARAGRAPHS + 1), format="html")


def test_unclosed_html_tags_are_text() -> None:
    # html.parser rescans from each unclosed `<` to the end: minutes for a few thousand; and
    # here it used to take "<a <a <a and SQL</p>" for one tag and drop the text
    doc = read_document("<p>Python <a <a <a and SQL</p><!-- x", format="html")
    assert doc.text == "Python <a <a <a and SQL\n<!-- x\n"
    word = read_document("<p>a</p><![if !supportLists]><p>b</p><![endif]>", format="html")
    assert word.text == "a\nb\n"  # Word's conditional sections are still passed over
    unknown = read_document("<p>a</p><![foo x]><p>b</p>", format="html")
    assert unknown.text == "a\n<![foo x]>\nb\n"  # html.parser used to raise (a 500)


PIECES = [*"<>!-/ab'\"= []", "script", "<!--", "-->", "<![if x]>", "<![CDATA[", "]]>", "&lt;"]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_defusing_html_only_escapes_angle_brackets(html: str) -> None:
    defused = documents._defuse_html(html)
    assert defused.replace("&lt;", "<") == html.replace("&lt;", "<")
    read_document(html, format="html")  # and never fails


def test_extraction_checks_documents_it_did_not_read() -> None:
    lexicon = Lexicon.build([SkillInfo("py", "Python", "esco", "knowledge")], [])
    text = "Python\n" * (MAX_TEXT_CHARS // 7 + 1)
    with pytest.raises(TooLargeError, match="too much text"):
        Extractor(lexicon).extract(TextDocument(text, "text"), "posting")


def test_broken_files_stay_invalid_input_not_too_large() -> None:
    with pytest.raises(InvalidInputError, match="cannot read the PDF") as pdf:
        read_document(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n")
    assert not isinstance(pdf.value, TooLargeError)
    with pytest.raises(InvalidInputError, match="cannot read the DOCX") as docx:
        read_document(hostile.docx(b"<w:p><w:r>"))
    assert not isinstance(docx.value, TooLargeError)
