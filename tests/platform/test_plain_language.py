"""Worker-facing copy that Onramp writes itself reads at grade 8 or below (Flesch-Kincaid).

Data from O*NET and ESCO is shown as published; this checks the pages' own words.
"""

from __future__ import annotations

import re
from pathlib import Path

import textstat

from onramp.web.pages import ERROR_TITLES

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "onramp" / "web" / "templates"
# Legal attribution and shell commands are quoted, not written for reading level.
EXEMPT = (
    "This product includes information from O*NET",
    "Department of Labor",
    "ESCO classification of the European Commission",
    "onramp ",
)


def _sentences(template: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template, flags=re.S)
    text = re.sub(r"<(code|pre|style|script)[^>]*>.*?</\1>", " ", text, flags=re.S)
    # each paragraph, heading or label is read on its own
    units = [
        " ".join(u.split())
        for u in re.split(
            r"<(?:p|h\d|li|label|summary|td|th|caption|"
            r"title|a|div|section)[ >]",
            text,
        )
    ]
    units = [re.sub(r"<[^>]+>", " ", re.sub(r"^[^<>]*>", "", u)) for u in units]
    sentences: list[str] = []
    for unit in units:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(unit.split())):
            if len(sentence.split()) >= 5:
                sentences.append(sentence)
    return sentences


def test_page_copy_is_plain() -> None:
    too_hard = []
    for template in sorted(TEMPLATES.glob("*.html")):
        for sentence in _sentences(template.read_text(encoding="utf-8")):
            if any(marker in sentence for marker in EXEMPT):
                continue
            grade = textstat.flesch_kincaid_grade(sentence)
            if grade > 8:
                too_hard.append(f"{template.name}: {grade:.1f}: {sentence}")
    assert not too_hard, "\n".join(too_hard)


def test_error_titles_are_plain() -> None:
    for title in ERROR_TITLES.values():
        assert textstat.flesch_kincaid_grade(title) <= 8, title


def test_verification_report_sentences_are_plain() -> None:
    """Every plain sentence the credential report can show a worker (capitalised and ending
    with a full stop, as the technical messages are not)."""
    folder = TEMPLATES.parents[1] / "credentials" / "verify"
    for name in ("verifier.py", "checks_model.py", "checks_proof.py", "binding.py", "report.py"):
        _plain_sentences_in(folder / name)


def _plain_sentences_in(source: Path) -> None:
    import ast

    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    sentences = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value[:1].isupper()
        and node.value.endswith(".")
        and " " in node.value
    ]
    assert len(sentences) >= 5, source
    too_hard = [
        f"{source.name}: {textstat.flesch_kincaid_grade(s):.1f}: {s}"
        for s in sentences
        if textstat.flesch_kincaid_grade(s) > 8
    ]
    assert not too_hard, "\n".join(too_hard)


def test_every_vocabulary_member_has_a_plain_sentence() -> None:
    import importlib
    import pkgutil

    import onramp
    from onramp.vocabulary import is_official, vocabularies

    # every module, so a vocabulary added anywhere is checked without being listed here
    for module in pkgutil.walk_packages(onramp.__path__, "onramp."):
        if ".migrations" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found = vocabularies()
    assert len(found) >= 20
    too_hard = []
    for vocabulary in found:
        for member in vocabulary:
            assert member.label.strip(), f"{vocabulary.__name__}.{member.name} has no sentence"
            if is_official(vocabulary):  # a form's own wording, shown as the form has it
                continue
            # a slot such as {actor} is filled with a name: read it as a short one
            words = re.sub(r"\{\w+\}", "Sam", member.label)
            if textstat.flesch_kincaid_grade(words) > 8:
                too_hard.append(f"{vocabulary.__name__}.{member.name}: {member.label}")
    assert not too_hard, "\n".join(too_hard)
