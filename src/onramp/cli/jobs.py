"""`onramp jobs`: lint job ads (and, as issue 13 lands, build, import and export jobs)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json
from onramp.cli.taxonomy import JSON
from onramp.errors import InvalidInputError
from onramp.jobs.lint import MAX_LINT_CHARS, Finding, lint_text
from onramp.nlp.documents import read_path

app = typer.Typer(help="Skills-based jobs: lint job ads.", no_args_is_help=True)

_PLAIN_SUFFIXES = ("", ".txt", ".text", ".md")


def read_ad(source: str) -> str:
    """The ad's text: `-` is standard input; a plain-text file is read as it is, so offsets
    point into the file; HTML, PDF and DOCX go through the document reader."""
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_LINT_CHARS * 4 + 1)
        return _decode(raw, "standard input")
    path = Path(source)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    if path.suffix.lower() in _PLAIN_SUFFIXES:
        with path.open("rb") as handle:
            return _decode(handle.read(MAX_LINT_CHARS * 4 + 1), str(path))
    return read_path(path).text


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{name}: not UTF-8 text (byte {error.start})") from error


@app.command("lint")
def lint(
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="A job ad (text, HTML, PDF, DOCX) or - for standard input"
    ),
    as_json: bool = JSON,
) -> None:
    """Find degree and years proxies, coded or exclusionary words, jargon, hard reading, too
    many must-haves, and missing pay. Exits 0 with or without findings."""
    text = read_ad(source)
    findings = lint_text(text)
    if as_json:
        emit_json([f.as_json() for f in findings])
        return
    _print(findings)


def _print(findings: list[Finding]) -> None:
    if not findings:
        console.print("No findings.")
        return
    table = Table("where", "rule", "severity", "text", "message", "suggestion")
    for f in findings:
        table.add_row(
            f"{f.start}-{f.end}",
            f.rule.value,
            f.severity.value,
            f.text,
            f.message,
            f.suggestion or "",
        )
    console.print(table)
