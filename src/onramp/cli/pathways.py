"""`onramp pathways batch`: what a typical worker in each occupation can move to (issue 15)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from onramp.cli.common import console, count_bar, emit_json, engine, input_file
from onramp.errors import InvalidInputError, NotFoundError
from onramp.pathways import transition_matrix
from onramp.pathways.batch import MAX_TOP, batch_lines, parse_codes
from onramp.pathways.store import occupation_count
from onramp.pathways.worker import MAX_TOP as MAX_WORKER_TOP
from onramp.platform import AccountKind

if TYPE_CHECKING:
    from onramp.pathways.worker_views import StepView, WorkerPathwaysView

app = typer.Typer(help="Career pathways: moves between occupations.", no_args_is_help=True)


@app.command("batch")
def batch(
    input: Path = typer.Option(..., "--input", "-i", help="One O*NET-SOC code per line"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL: {from, transitions}"),
    top: int = typer.Option(20, "--top", min=1, max=MAX_TOP, help="Transitions per code"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """The best moves from each occupation, best first, one JSON line per input code.

    The input is checked in full first; a bad line stops the run naming the line, and the
    output is written to a temporary file renamed into place at the end, so it is never partial.
    """
    input_file(input)
    with input.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    parse_codes(lines, str(input))  # the form of every line, before the slow part
    store = engine()
    started = time.perf_counter()
    with count_bar("reading occupations", 2 * occupation_count(store), not as_json) as advance:
        matrix = transition_matrix(store, advance=advance)
    codes = parse_codes(lines, str(input), matrix.codes)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            out.writelines(batch_lines(matrix, codes, top))
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    summary = {
        "codes": len(codes),
        "top": top,
        "output": str(output),
        "occupations": len(matrix.codes),
        "seconds": round(time.perf_counter() - started, 2),
        "lacks": [{"code": lack.value, "text": lack.label} for lack in matrix.lacks],
    }
    if as_json:
        emit_json(summary)
        return
    console.print(
        f"Wrote the best {top} moves from {len(codes)} occupations to {output} "
        f"in {summary['seconds']} s",
        highlight=False,
    )
    for lack in matrix.lacks:
        console.print(f"  missing: {lack.label}", highlight=False)


@app.command("for-worker")
def for_worker(
    worker: str = typer.Argument(..., help="The worker's email (you act as them)"),
    target: str = typer.Option("", "--target", help="O*NET-SOC code of a job to aim for"),
    top: int = typer.Option(6, "--top", min=1, max=MAX_WORKER_TOP, help="Next steps shown"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (a stable shape)"),
) -> None:
    """A worker's next steps, bigger moves and, with --target, pathways of up to three steps
    toward a job, from their own proof of skills. An unknown worker or code exits with 2."""
    from onramp.cli.issuing import credential_service
    from onramp.jobs.service import Jobs
    from onramp.matching.services import matching_services
    from onramp.pathways.worker_service import WorkerPathways

    credentials, platform = credential_service()
    user = platform.accounts.user_by_email(worker)
    if user is None or user.kind != AccountKind.WORKER:
        raise InvalidInputError(f"There is no worker account with the email {worker}.")
    jobs = Jobs(credentials.engine, platform.consents, credentials.wallet)
    matching = matching_services(credentials.engine, platform.consents, credentials.wallet, jobs)
    pathways = WorkerPathways(
        credentials.engine,
        matching.evidence,
        platform.workers,
        public_url=credentials.site.public_url,
    )
    with console.status("Reading occupations (once per release)…"):
        try:
            view = pathways.mine(platform.accounts.principal(user), target=target, top=top)
        except NotFoundError as error:
            raise InvalidInputError(str(error)) from None
    if as_json:
        emit_json(view.as_json())
        return
    _print_view(view)


def _print_view(view: WorkerPathwaysView) -> None:
    if not view.starts:
        console.print(view.start_note, highlight=False)
        return
    if view.start_known:
        console.print(f"Now: {', '.join(t for _c, t in view.starts)}", highlight=False)
    for note in (view.start_note, view.pay_note):
        if note:
            console.print(note, highlight=False, markup=False)
    for heading, steps in (("Next steps", view.next_steps), ("Bigger moves", view.stretch)):
        table = Table(title=heading, title_justify="left")
        for name in ("Job", "Code", "Pay a year", "Fit", "Skills to learn", "Outlook"):
            table.add_column(name)
        for s in steps:
            table.add_row(s.title, s.code, _pay(s), f"{s.fit:.0%}", str(s.gap_count), _outlook(s))
        console.print(table)
    if view.target is not None:
        console.print(f"\nPathways to {view.target[1]} ({view.target[0]})", highlight=False)
        if view.target_note:
            console.print(view.target_note, highlight=False)
        for n, p in enumerate(view.pathways, 1):
            route = " -> ".join([view.starts[0][1], *(s.title for s in p.steps)])
            console.print(f"{n}. {route}  (about {p.months} months)", highlight=False)
            for s in p.steps:
                gaps = ", ".join(f"{g.label} ({g.ways[0].label})" for g in s.gaps[:3])
                console.print(f"   {s.title}: {_pay(s)}; learn {s.gap_count}: {gaps}", markup=False)
    for lack in view.lacks:
        console.print(f"  missing: {lack}", highlight=False)


def _pay(step: StepView) -> str:
    if step.pay is None:
        return "not known"
    change = "" if step.pay_change is None else f" ({step.pay_change:+,.0f})"
    return f"${step.pay.annual:,.0f}{change}, {step.pay.where}"


def _outlook(step: StepView) -> str:
    o = step.outlook
    if not o.known:
        return "not known"
    growth = "" if o.growth_percent is None else f"{o.growth_percent:+.1f}%"
    openings = "" if o.annual_openings is None else f" {o.annual_openings * 1000:,.0f}/yr"
    return (growth + openings).strip()
