"""`onramp ler`: HR Open LER-RS resumes (import the HR Open schemas, validate a resume)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from onramp.cli.common import console, emit_json
from onramp.credentials.formats import hropen
from onramp.credentials.rdf import nesting
from onramp.errors import ImportFileError

app = typer.Typer(help="LER-RS resumes (HR Open Standards 4.5).", no_args_is_help=True)
schemas_app = typer.Typer(help="The HR Open JSON Schemas that LER-RS checks use.")
app.add_typer(schemas_app, name="schemas")

DEST_HELP = "Folder for the schemas (default: <home>/hropen/4.5)"


@schemas_app.command("import")
def import_command(
    source: Path = typer.Argument(..., help="HR Open schema folder or zip"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
    dest: Path | None = typer.Option(None, "--dest", help=DEST_HELP),
) -> None:
    """Check every schema file, then copy the set in one step (a bad file changes nothing)."""
    result = hropen.import_schemas(source, dest)
    if as_json:
        emit_json(result.to_json())
        return
    console.print(
        f"Imported {result.files} HR Open {hropen.VERSION} schema files into {result.dest}.",
        highlight=False,
    )
    if result.notes:
        console.print(
            f"{len(result.notes)} files outside LER-RS point to files that are not in the set.",
            highlight=False,
        )


@app.command("validate")
def validate_command(
    file: Path = typer.Argument(..., help="An LER-RS JSON document, or a credential holding one"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
    schemas: Path | None = typer.Option(None, "--schemas", help=DEST_HELP),
) -> None:
    """Check a resume against the imported HR Open schemas; exit code 1 when it has problems."""
    try:
        document = nesting.loads(file.read_bytes())  # refuses deep nesting (exit code 2)
    except OSError as error:
        raise ImportFileError(str(file), f"cannot be read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFileError(str(file), f"is not valid JSON ({error})") from None
    problems = hropen.validate_ler_rs(hropen.ler_rs_part(document), schemas)
    if as_json:
        emit_json({"file": str(file), "valid": not problems, "problems": problems})
    elif problems:
        console.print(f"[bold]{file}[/]: [red]{len(problems)} problem(s)[/]", highlight=False)
        for problem in problems:
            console.print(f"  - {problem}", highlight=False, markup=False)
    else:
        console.print(f"[bold]{file}[/]: [green]valid LER-RS[/]", highlight=False)
    if problems:
        sys.exit(1)
