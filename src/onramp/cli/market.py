"""`onramp market`: job postings into demand evidence (issue 16)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from onramp.cli.common import console, emit_json, engine, err_console
from onramp.market.posting_model import DEFAULT_BATCH, IngestEngine

app = typer.Typer(help="Job postings and the demand they show.", no_args_is_help=True)


@contextmanager
def _file_bar(name: str, size: int, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A bar over the file's bytes, with the rows read so far; silent for --json or piped."""
    if not enabled or not err_console.is_terminal:
        yield lambda _rows, _offset: None
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console) as bar:
        task = bar.add_task(f"ingest {name}", total=size, rows=0)
        counted = {"rows": 0}

        def advance(rows: int, offset: int) -> None:
            counted["rows"] += rows
            bar.update(task, completed=offset, rows=counted["rows"])

        yield advance


@app.command("ingest")
def ingest(
    files: list[Path] = typer.Argument(..., help="CSV or JSONL files of job postings"),
    fmt: str | None = typer.Option(
        None, "--format", help="csv or jsonl (default: from each file's extension)"
    ),
    batch_size: int | None = typer.Option(
        None,
        "--batch-size",
        min=1,
        help=f"Postings per transaction and checkpoint (default {DEFAULT_BATCH}; with "
        "--engine spark, postings per Spark job, default 20000)",
    ),
    dense: bool = typer.Option(
        False,
        "--dense/--no-dense",
        help="Also rank clauses against skills by meaning (slower; see docs/postings.md)",
    ),
    run_on: str = typer.Option(
        "in-process",
        "--engine",
        help="in-process (default), or spark: extraction as a PySpark job (docs/postings.md)",
    ),
    master: str = typer.Option(
        "local[2]", "--master", help="With --engine spark: local[N], spark://host:7077, yarn..."
    ),
    work_dir: str | None = typer.Option(
        None,
        "--work-dir",
        help="With --engine spark: where the Parquet results go (a shared folder on a cluster)",
    ),
    show: int = typer.Option(20, "--show-bad", min=0, help="Bad rows to list per file"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report"),
) -> None:
    """Read job postings, find their skills, occupation and area, set reposts aside, and
    store them. If a run is stopped, the same command goes on where it stopped; a finished
    file is never read twice. Bad rows are skipped and listed with their line."""
    with _runner(run_on, batch_size, dense, master, work_dir) as runner:
        _ingest_all(runner, files, fmt, show, as_json)


@contextmanager
def _runner(
    run_on: str, batch_size: int | None, dense: bool, master: str, work_dir: str | None
) -> Iterator[Any]:
    from onramp.errors import InvalidInputError
    from onramp.market.posting_ingest import PostingIngest

    try:
        chosen = IngestEngine(run_on.strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"--engine '{run_on}' is not one of: {', '.join(str(e) for e in IngestEngine)}"
        ) from None
    if chosen is IngestEngine.IN_PROCESS:
        yield PostingIngest(engine(), batch_size=batch_size or DEFAULT_BATCH, dense=dense)
        return
    if dense:
        raise InvalidInputError("--dense runs in process only: leave out --engine spark")
    from onramp.market.spark_ingest import SPARK_BATCH, check_spark, spark_ingest

    check_spark()  # before the store is opened: say what is missing first
    with spark_ingest(
        engine(), master=master, batch_size=batch_size or SPARK_BATCH, work_dir=work_dir
    ) as runner:
        yield runner


def _ingest_all(runner: Any, files: list[Path], fmt: str | None, show: int, as_json: bool) -> None:
    reports: list[dict[str, Any]] = []
    for path in files:
        size = path.stat().st_size if path.is_file() else 0
        with _file_bar(path.name, size, not as_json) as advance:
            report = runner.ingest(path, fmt, advance)
        found = report.as_json()
        found["bad_row_lines"] = found["bad_row_lines"][:show]
        reports.append(found)
        if not as_json:
            _print(found)
    if as_json:
        emit_json({"files": reports})


def _print(found: dict[str, Any]) -> None:
    if found["already_done"]:
        console.print(f"{found['file']}: already ingested; nothing changed.", highlight=False)
    else:
        resumed = found["resumed_from_line"]
        note = f" (went on from line {resumed})" if resumed else ""
        console.print(f"{found['file']}: done{note}.", highlight=False)
    console.print(
        f"  {found['rows_read']:,} rows: {found['stored']:,} postings stored, "
        f"{found['reposts']:,} reposts kept aside, {found['exact_duplicates']:,} exact "
        f"copies skipped, {found['bad_rows']:,} bad rows.",
        highlight=False,
    )
    for bad in found["bad_row_lines"]:
        console.print(f"  line {bad['line']}: {bad['reason']}", highlight=False, markup=False)
    if found["bad_rows"] > len(found["bad_row_lines"]):
        console.print(
            f"  ... and {found['bad_rows'] - len(found['bad_row_lines']):,} more bad rows.",
            highlight=False,
        )


def _by(value: str) -> Any:
    from onramp.errors import InvalidInputError
    from onramp.market.demand import DemandBy

    try:
        return DemandBy(value.strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"--by '{value}' is not one of: {', '.join(str(b) for b in DemandBy)}"
        ) from None


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    from onramp.market.demand import rows_csv

    path.write_text(rows_csv(rows), encoding="utf-8", newline="")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


@app.command("demand")
def demand(
    by: str = typer.Option("skill", "--by", help="skill, occupation, area or month"),
    area: str | None = typer.Option(None, "--area", help="A place, state or OEWS area code"),
    first: str | None = typer.Option(None, "--from", help="First month, YYYY-MM"),
    last: str | None = typer.Option(None, "--to", help="Last month, YYYY-MM"),
    occupation: str | None = typer.Option(
        None, "--occupation", help="Only postings coded to this occupation (O*NET code)"
    ),
    top: int = typer.Option(20, "--top", help="Rows to show"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
    csv_path: Path | None = typer.Option(None, "--csv", help="Also write the rows as CSV"),
) -> None:
    """Demand from stored postings (reposts left out): counts, shares and growth between the
    earlier and later half of the months. Formulas: docs/market.md."""
    from onramp.market.demand_store import demand_report

    report = demand_report(engine(), _by(by), area, first, last, top, occupation)
    if csv_path is not None:
        _write_csv(csv_path, report["rows"])
    if as_json:
        emit_json(report)
        return
    months = report["months"]
    span = f", {months[0]} to {months[1]}" if months else ""
    console.print(
        f"{report['what']} {report['postings']:,} postings in {report['area']}{span}.",
        highlight=False,
    )
    for row in report["rows"]:
        change = "new" if row["new"] else _percent(row["growth"])
        console.print(
            f"  {row['postings']:>6,}  {_percent(row['share']):>6}  {change:>8}  {row['label']}",
            highlight=False,
            markup=False,
        )
    if report["trend"]:
        each = ", ".join(f"{t['month']} {t['postings']:,}" for t in report["trend"])
        console.print(f"Postings each month: {each}.", highlight=False, markup=False)
    if report.get("hot_technologies"):
        console.print("Hot technologies:", highlight=False)
        for row in report["hot_technologies"]:
            change = "new" if row["new"] else _percent(row["growth"])
            console.print(f"  {row['label']}: {change}", highlight=False, markup=False)
    if report.get("together"):
        console.print("Skills asked for together (postings, lift):", highlight=False)
        for pair in report["together"]:
            console.print(
                f"  {pair['a_label']} + {pair['b_label']}: {pair['postings']:,}, "
                f"{pair['lift']:.2f}",
                highlight=False,
                markup=False,
            )


@app.command("gaps")
def gaps(
    area: str | None = typer.Option(None, "--area", help="A place, state or OEWS area code"),
    first: str | None = typer.Option(None, "--from", help="First month of postings, YYYY-MM"),
    last: str | None = typer.Option(None, "--to", help="Last month of postings, YYYY-MM"),
    top: int = typer.Option(20, "--top", help="Rows to show"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
    csv_path: Path | None = typer.Option(None, "--csv", help="Also write the rows as CSV"),
) -> None:
    """Skills postings ask for against skills workers in the same area show (counts only;
    counts under 5 are withheld). --from/--to keep the postings of those months; workers
    are counted as their profiles are now. Formulas: docs/market.md."""
    from onramp.market.demand_store import gap_report

    report = gap_report(engine(), area, top, first, last)
    if csv_path is not None:
        _write_csv(csv_path, report["rows"])
    if as_json:
        emit_json(report)
        return
    workers = report["workers"]
    months = report["months"]
    span = f" ({months[0]} to {months[1]})" if months else ""
    console.print(
        f"{report['postings']:,} postings{span} and "
        f"{'fewer than ' + str(report['suppress_below']) if workers is None else workers} "
        f"workers in {report['area']}.",
        highlight=False,
    )
    for row in report["rows"]:
        supply = f"<{report['suppress_below']}" if row["workers"] is None else f"{row['workers']:,}"
        console.print(
            f"  gap {_percent(row['gap']):>7}  postings {row['postings']:>6,}  "
            f"workers {supply:>6}  {row['label']}",
            highlight=False,
            markup=False,
        )
