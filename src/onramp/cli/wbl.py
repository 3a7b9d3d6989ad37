"""`onramp wbl program create|show|activate`, `onramp wbl hours import` and `onramp wbl
report`: work-based learning from the command line (issue 17), acting as a member
(`--as EMAIL`) so the same role checks and audit entries apply as on the web."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from onramp.cli.common import console, emit_json, engine, err_console
from onramp.cli.issuing import AS, JSON_OUT, acting_member, credential_service
from onramp.credentials.service import CredentialService
from onramp.errors import ImportFileError, InvalidInputError, NotFoundError
from onramp.platform.model import Principal
from onramp.wbl.funder import funder_json, write_funder_csv
from onramp.wbl.hours_file import HoursFileError
from onramp.wbl.model import Approach, ProgramKind, ProgramStandards
from onramp.wbl.outcomes import GroupBy, write_outcomes_csv
from onramp.wbl.programs import StandardsIncompleteError
from onramp.wbl.records import EnrollmentState
from onramp.wbl.reporting import IncompleteExportError, export_roster
from onramp.wbl.service import WorkBasedLearning
from onramp.wbl.wbl_json import import_json, outcomes_json, program_view_json

app = typer.Typer(
    help="Work-based learning: apprenticeship programs, hours and reports.",
    no_args_is_help=True,
)
program_app = typer.Typer(help="Write, read and open training programs.", no_args_is_help=True)
hours_app = typer.Typer(help="Load apprentices' on-the-job hours.", no_args_is_help=True)
app.add_typer(program_app, name="program")
app.add_typer(hours_app, name="hours")

BAD_INPUT = 2  # the exit code of every refusal that names what to fix


def _service(email: str) -> tuple[WorkBasedLearning, Principal]:
    wbl, principal, _ = _services(email)
    return wbl, principal


def _services(email: str) -> tuple[WorkBasedLearning, Principal, CredentialService]:
    service, platform = credential_service()
    wbl = WorkBasedLearning(engine(), platform, service)
    return wbl, acting_member(platform, email), service


def _org_id(principal: Principal, given: str) -> str:
    """One of the acting member's organizations, by slug or id."""
    found = next((m.org_id for m in principal.memberships if given in (m.org_slug, m.org_id)), None)
    if found is None:
        raise NotFoundError(f"You are not a member of an organization called {given!r}.")
    return found


def _any_org_id(service: CredentialService, given: str) -> str:
    """Any organization (a workforce board), by slug or id."""
    try:
        return service.hosting.org_by_slug(given)[0]
    except NotFoundError:
        return given  # an id; the use case checks it names a board


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(str(path), f"cannot be read ({error})") from None


@contextmanager
def _working(what: str, quiet: bool) -> Iterator[None]:
    """A spinner on the terminal while one long step runs; nothing when scripting."""
    if quiet or not err_console.is_terminal:
        yield
        return
    with err_console.status(what):
        yield


def _refuse(as_json: bool, document: dict[str, Any], lines: list[str]) -> None:
    """Say every problem (as JSON on stdout, or one line each on stderr), then exit 2."""
    if as_json:
        emit_json(document)
    else:
        for line in lines:
            err_console.print(escape(line), highlight=False, soft_wrap=True)
    raise typer.Exit(BAD_INPUT)


def _show_program(document: dict[str, Any], counts: dict[str, int] | None = None) -> None:
    console.print(f"[bold]{escape(document['name'])}[/]  {document['id']}", highlight=False)
    console.print(
        f"{document['kind']}, {document['occupation']}, sponsor {document['sponsor_name']}: "
        f"{document['state_words']}",
        highlight=False,
        markup=False,
    )
    standards = document["standards"]
    for competency in standards["work_processes"]:
        hours = f" ({competency['hours']:g} hours)" if competency.get("hours") else ""
        console.print(f"  - {competency['name']}{hours}", highlight=False, markup=False)
    for course in standards["courses"]:
        console.print(
            f"  class: {course['name']} ({course['hours']:g} hours)", highlight=False, markup=False
        )
    for finding in document["findings"]:
        console.print(
            f"  {finding['severity']}: {finding['sentence']}", highlight=False, markup=False
        )
    if counts is not None:
        console.print(
            f"apprentices: {counts['apprentices']} (and {counts['invited']} asked to join)",
            highlight=False,
        )


# -- programs -------------------------------------------------------------------------------
@program_app.command("create")
def create(
    org: str = typer.Option(..., "--org", help="The sponsor: your organization's slug or id"),
    occupation: str = typer.Option("", "--occupation", help="O*NET-SOC code, like 47-2111.00"),
    kind: ProgramKind = typer.Option(
        ProgramKind.REGISTERED_APPRENTICESHIP, "--kind", help="The kind of program"
    ),
    approach: Approach = typer.Option(Approach.TIME_BASED, "--approach"),
    name: str = typer.Option("", "--name", help="The program's name (drafted if left out)"),
    area: str = typer.Option("", "--area", help="Where the work is, for the wage check"),
    wage: float | None = typer.Option(None, "--wage", help="Journeyworker pay, USD an hour"),
    board: str = typer.Option("", "--board", help="The workforce board's slug or id"),
    file: Path | None = typer.Option(
        None, "--file", help="Whole standards as JSON, instead of a draft from the occupation"
    ),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Write a draft program: from a standards file, or drafted from the occupation's tasks."""
    wbl, principal, service = _services(acting)
    org_id = _org_id(principal, org)
    board_id = _any_org_id(service, board) if board else None
    if file is not None:
        try:
            standards = ProgramStandards.model_validate_json(_read(file))
        except ValueError as error:
            raise ImportFileError(str(file), f"is not valid program standards ({error})") from None
        view = wbl.programs.create(principal, org_id, standards, board_org_id=board_id)
    elif occupation:
        with _working("Drafting the program from the occupation...", as_json):
            view = wbl.programs.draft(
                principal,
                org_id,
                occupation,
                kind=kind,
                approach=approach,
                name=name or None,
                area=area,
                journeyworker_wage=wage,
                board_org_id=board_id,
            )
    else:
        raise InvalidInputError("Give --occupation to draft a program, or --file with standards.")
    document = program_view_json(view)
    if as_json:
        emit_json(document)
        return
    console.print(f"drafted {view.program.standards.name}: {view.program.id}", highlight=False)
    _show_program(document)


@program_app.command("show")
def show(
    program_id: str = typer.Argument(..., help="The program's id"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """A program's standards, what is missing, and how many apprentices you can see."""
    wbl, principal = _service(acting)
    document = program_view_json(wbl.programs.view(principal, program_id))
    states = [v.enrollment.state for v in wbl.apprentices.roster(principal, program_id)]
    invited = states.count(EnrollmentState.INVITED)
    counts = {"apprentices": len(states) - invited, "invited": invited}
    if as_json:
        emit_json({**document, **counts})
        return
    _show_program(document, counts)


@program_app.command("activate")
def activate(
    program_id: str = typer.Argument(..., help="The draft program's id"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Open a complete draft to apprentices, defining its credentials."""
    wbl, principal = _service(acting)
    try:
        view = wbl.programs.activate(principal, program_id)
    except StandardsIncompleteError as error:
        _refuse(
            as_json,
            {"error": {"code": error.code, "message": str(error), "details": error.details}},
            ["This program is not ready to open:"]
            + [f"- {f['sentence']}" for f in error.details if f["severity"] == "missing"],
        )
        return
    if as_json:
        emit_json(program_view_json(view))
        return
    console.print(f"opened {view.program.standards.name}: {view.program.id}", highlight=False)


# -- hours ----------------------------------------------------------------------------------
@hours_app.command("import")
def import_hours(
    file: Path = typer.Argument(..., help="CSV: apprentice,date,hours,competency,note"),
    program_id: str = typer.Option(..., "--program", help="The program's id"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Load hours from a CSV file, all or nothing. Every bad row is named with its line and
    nothing is saved; rows already loaded are left as they are."""
    text = _read(file)
    wbl, principal = _service(acting)
    try:
        with _working(f"Loading hours from {file.name}...", as_json):
            result = wbl.records.import_hours(principal, program_id, text)
    except HoursFileError as error:
        _refuse(
            as_json,
            {"added": 0, "bad_rows": error.details},
            [f"{len(error.rows)} rows need fixing, so none were saved:"]
            + [row.sentence for row in error.rows],
        )
        return
    if as_json:
        emit_json(import_json(result))
        return
    console.print(
        f"added {result.added}, already there {result.already_there} "
        f"({result.apprentices} apprentices)",
        highlight=False,
    )


# -- reports --------------------------------------------------------------------------------
@app.command("report")
def report(
    program_id: str = typer.Option(..., "--program", help="The program's id"),
    fmt: str = typer.Option("csv", "--format", help="csv or json"),
    kind: str = typer.Option(
        "roster", "--kind", help="roster, funder, or outcomes (all the sponsor's programs)"
    ),
    out: Path | None = typer.Option(None, "--out", help="Write to this file, not the screen"),
    allow_incomplete: bool = typer.Option(
        False, "--allow-incomplete", help="Write the roster even when rows are not complete"
    ),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Download a program's roster (with registration facts), funder report or outcomes."""
    if fmt not in ("csv", "json"):
        raise InvalidInputError("--format is csv or json.")
    if kind not in ("roster", "funder", "outcomes"):
        raise InvalidInputError("--kind is roster, funder or outcomes.")
    wbl, principal = _service(acting)
    org_id = wbl.programs.view(principal, program_id).program.org_id
    text = io.StringIO()
    incomplete = 0
    if kind == "roster":
        facts = wbl.reports.roster(principal, org_id, program_id)
        try:
            problems = export_roster(
                facts, text, as_json=fmt == "json", allow_incomplete=allow_incomplete
            )
        except IncompleteExportError as error:
            _refuse(
                as_json,
                {"error": {"code": error.code, "message": str(error), "details": error.details}},
                ["The roster is not complete, so it was not written:"]
                + [p.message for p in error.problems]
                + ["Fix these, or use --allow-incomplete to write it anyway."],
            )
            return
        incomplete = len({p.row for p in problems})
    elif kind == "funder":
        found = wbl.reports.funder(principal, org_id, program_id)
        if fmt == "json":
            text.write(funder_json(found))
        else:
            write_funder_csv(found, text)
    else:
        view = wbl.reports.outcomes(principal, org_id, by=GroupBy.PROGRAM)
        if fmt == "json":
            text.write(json.dumps(outcomes_json(view), indent=2, ensure_ascii=False))
        else:
            write_outcomes_csv(view, text)
    written = text.getvalue()
    if out is None:
        sys.stdout.write(written if written.endswith("\n") else written + "\n")
        return
    out.write_text(written, encoding="utf-8")
    if as_json:
        emit_json({"kind": kind, "format": fmt, "out": str(out), "incomplete_rows": incomplete})
        return
    said = f" ({incomplete} rows not complete)" if incomplete else ""
    console.print(f"wrote the {kind} report to {out}{said}", highlight=False, markup=False)
