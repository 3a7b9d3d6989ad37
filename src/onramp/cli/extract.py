"""`onramp skills extract FILE`: the skills a posting, resume or course description evidences."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json, engine
from onramp.cli.search import skills_app
from onramp.cli.taxonomy import JSON
from onramp.nlp.documents import read_path
from onramp.nlp.extract import Extraction
from onramp.nlp.sections import check_kind
from onramp.nlp.service import extract_document


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
    result = extract_document(
        engine(),
        document,
        kind,
        frameworks=framework or None,
        dense=dense,
        off_reason="turned off (--no-dense)",
        excluded_reason="ESCO is not among --framework",
    )
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
