"""`onramp skills extract FILE`: the skills a posting, resume or course description evidences."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json, engine
from onramp.cli.search import skills_app
from onramp.cli.taxonomy import JSON
from onramp.errors import NotAvailableError, NotFoundError
from onramp.nlp.documents import read_path
from onramp.nlp.extract import Extraction, Extractor, Lexicon
from onramp.nlp.sections import check_kind

DENSE_FRAMEWORK = "esco"


@skills_app.command("extract")
def extract(
    file: Path = typer.Argument(..., help="Plain text, HTML, PDF or DOCX file"),
    kind: str = typer.Option("posting", "--kind", "-k", help="posting, resume or course"),
    framework: list[str] | None = typer.Option(
        None, "--framework", "-f", help="Link only to these framework keys (repeatable)"
    ),
    dense: bool = typer.Option(
        True,
        "--dense/--no-dense",
        help="Also rank clauses against ESCO with the embedding model, when its skill vectors "
        "are stored (onramp skills embed)",
    ),
    as_json: bool = JSON,
) -> None:
    """Extract skills with evidence spans, confidence, section, level and requirement flags."""
    check_kind(kind)
    document = read_path(file)
    lexicon = Lexicon.from_store(engine(), framework or None)
    if not lexicon.skills:
        raise NotAvailableError(
            "no skills to link to: run `onramp data bootstrap` or import a framework "
            "(`onramp taxonomy import esco ...`) first"
        )
    why_not = "turned off (--no-dense)" if not dense else "ESCO is not among --framework"
    result = None
    if dense and (not framework or DENSE_FRAMEWORK in framework):
        from onramp.nlp.linking import Linker

        try:
            linker = Linker.for_framework(engine(), DENSE_FRAMEWORK)
            result = Extractor(lexicon, linker).extract(document, kind)
        except (NotFoundError, NotAvailableError) as error:
            why_not = str(error)
    if result is None:
        result = Extractor(lexicon).extract(document, kind)
        result.notes.append(f"Dense linking: {why_not}.")
    if as_json:
        emit_json({"file": str(file), **result.to_dict()})
        return
    _print(result)


def _print(result: Extraction) -> None:
    text = result.document.text
    if not result.skills:
        console.print("No skills found.")
    else:
        table = Table("conf.", "section", "skill", "framework", "evidence", "level")
        for item in result.skills:
            spans = "; ".join(dict.fromkeys(e.text for e in item.evidence))
            label = item.skill.label + (" (hot)" if item.skill.hot else "")
            level = item.level["level"] if item.level else ""
            table.add_row(
                f"{item.confidence:.2f}", item.section, label, item.skill.framework, spans, level
            )
        console.print(table)
    for flag in result.requirements:
        start, end = flag["span"]
        if flag["kind"] == "degree":
            what = f"degree ({flag['level']})"
        else:
            high = f"-{flag['max']}" if flag["max"] is not None else "+"
            what = f"experience ({flag['min']}{high} years)"
        need = "required" if flag["required"] else "not required"
        console.print(f"[bold]{what}[/], {need}: {text[start:end]!r}", highlight=False)
    for note in result.notes:
        console.print(f"[yellow]Note:[/] {note}", highlight=False)
