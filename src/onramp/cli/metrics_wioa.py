"""`onramp metrics wioa --org BOARD --period 2026Q3 [--json|--csv FILE]` and `onramp metrics
wioa-import FILE --org BOARD`: a workforce board's WIOA reporting from the command line
(issue 18, items 4 and 7), acting as a member (`--as EMAIL`, or ONRAMP_AS) so the same role
checks and audit entries apply as on the web. The figures are the use case's
(`onramp.metrics.boards.WioaReports`); the files are the pure core's writers."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from onramp.cli.common import console, emit_json, engine, err_console, exit_code
from onramp.cli.issuing import acting_member
from onramp.cli.metrics import app
from onramp.errors import ImportFileError, InvalidInputError, NotFoundError
from onramp.metrics.boards import ExportKind, WioaReports, quarter_of
from onramp.metrics.wioa import IndicatorName, WioaReport
from onramp.metrics.wioa_records import MAX_FILE_BYTES, ParticipantFileError
from onramp.platform import Platform
from onramp.platform.model import Principal

AS = typer.Option(
    ..., "--as", envvar="ONRAMP_AS", help="Email of a board analyst or admin (or ONRAMP_AS)"
)
ORG = typer.Option(..., "--org", help="The workforce board: your organization's slug or id")
JSON_OUT = typer.Option(False, "--json", help="Machine-readable output")


def _acting(email: str) -> tuple[WioaReports, Principal]:
    return WioaReports(engine()), acting_member(Platform(engine()), email)


def board_id(principal: Principal, given: str) -> str:
    """One of the acting member's organizations, by slug or id."""
    found = next((m.org_id for m in principal.memberships if given in (m.org_slug, m.org_id)), None)
    if found is None:
        raise NotFoundError(f"You are not a member of an organization called {given!r}.")
    return found


def _show(report: WioaReport) -> None:
    table = Table(title=f"WIOA primary indicators, program year quarter {report.quarter}")
    for column in ("indicator", "cohort", "numerator", "denominator", "result", "excluded"):
        table.add_column(column)
    for i in report.indicators:
        if i.name is IndicatorName.MEDIAN_EARNINGS_Q2:
            result = "none" if i.median is None else f"${i.median:,.2f}"
        else:
            result = "none" if i.rate is None else f"{i.rate:.1%}"
        table.add_row(
            i.name.value,
            f"{i.window.start} to {i.window.end}",
            str(i.numerator),
            str(i.denominator),
            result,
            str(len(i.excluded)),
        )
    console.print(table)


@app.command("wioa")
def wioa(
    org: str = ORG,
    period: str = typer.Option(
        "", "--period", help="Program-year quarter like 2026Q3 (default: the current one)"
    ),
    csv_out: Path | None = typer.Option(
        None, "--csv", help="Write the quarterly report as CSV to this file ('-': the screen)"
    ),
    trace_out: Path | None = typer.Option(
        None, "--trace", help="Write the trace of each record as CSV to this file"
    ),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """The WIOA primary indicators for a quarter, each with its numerator and denominator:
    a table, the JSON with the record ids behind each figure, or the CSV file."""
    if as_json and csv_out is not None and str(csv_out) == "-":
        raise InvalidInputError("Choose --json or --csv -, not both on the screen.")
    reports, principal = _acting(acting)
    org_id = board_id(principal, org)
    asked = period or str(quarter_of(date.today()))
    written: dict[str, str] = {}
    for kind, target in ((ExportKind.CSV, csv_out), (ExportKind.TRACE, trace_out)):
        if target is None:
            continue
        text = reports.export(principal, org_id, asked, kind)
        if str(target) == "-":
            sys.stdout.write(text)
        else:
            target.write_text(text, encoding="utf-8")
            written[kind.value] = str(target)
    if as_json:
        document = json.loads(reports.export(principal, org_id, asked, ExportKind.JSON))
        emit_json({**document, "written": written} if written else document)
        return
    if csv_out is not None and str(csv_out) == "-":
        return
    _show(reports.report(principal, org_id, asked))
    for kind_name, where in written.items():
        what = "quarterly report" if kind_name == "csv" else "record trace"
        console.print(f"wrote the {what} to {where}", highlight=False, markup=False)


@app.command("wioa-import")
def wioa_import(
    file: Path = typer.Argument(..., help="The participant file (CSV; see docs/metrics_wioa.md)"),
    org: str = ORG,
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Load a participant file, all or nothing. Every bad line is named and nothing is saved;
    a record id loaded before is replaced by the file's line."""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ImportFileError(str(file), f"cannot be read ({error.strerror})") from None
    reports, principal = _acting(acting)
    org_id = board_id(principal, org)
    try:
        if as_json or not err_console.is_terminal:
            done = reports.import_participants(principal, org_id, data, file.name)
        else:
            with err_console.status(f"Loading {file.name}..."):
                done = reports.import_participants(principal, org_id, data, file.name)
    except ParticipantFileError as refused:
        if as_json:
            emit_json({"loaded": 0, "bad_lines": refused.details})
        else:
            err_console.print(
                f"{len(refused.lines)} lines need fixing, so nothing was loaded:", highlight=False
            )
            for line in refused.lines:
                err_console.print(escape(line.sentence), highlight=False, soft_wrap=True)
        raise typer.Exit(exit_code(refused)) from None
    if as_json:
        emit_json(
            {
                "loaded": done.rows,
                "import_id": done.import_id,
                "file_name": done.file_name,
                "sha256": done.sha256,
                "added": done.added,
                "replaced": done.replaced,
            }
        )
        return
    console.print(
        f"loaded {done.rows} records from {done.file_name}: {done.added} new, "
        f"{done.replaced} replaced (sha256 {done.sha256})",
        highlight=False,
        markup=False,
    )
