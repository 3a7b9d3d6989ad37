"""`onramp metrics employer --org ORG [--json]` and `onramp metrics roi --org ORG [--set
name=value ...] [--json]` (issue 18, items 1-2): an employer's metrics with the formula and
counts behind each, and its return-on-investment figures. The operator's command line already
holds the database, so it reads aggregates for any organization, as the page shows them to the
employer's hiring staff; nothing here writes, and `--set` tries other assumptions without
saving them (the employer saves on the page or through the API)."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from onramp.cli.common import console, emit_json
from onramp.cli.issuing import credential_service
from onramp.errors import InvalidInputError
from onramp.jobs.service import Jobs
from onramp.matching.personal import Personal
from onramp.metrics.employer_dashboard import dashboard_json
from onramp.metrics.employer_service import EmployerMetrics, figure_json

ORG = typer.Option(..., "--org", help="The employer: its slug or id.")
JSON_FLAG = typer.Option(False, "--json", help="Machine-readable JSON.")
SET = typer.Option(
    [], "--set", help="Try another assumption without saving it: name=value (repeatable)."
)


def _service(org: str) -> tuple[EmployerMetrics, str, str]:
    credentials, platform = credential_service()
    jobs = Jobs(platform.engine, platform.consents, credentials.wallet)
    found = platform.orgs.find(org)
    metrics = EmployerMetrics(platform.engine, jobs, Personal(platform.engine, platform.consents))
    return metrics, found.id, found.name


def changes_of(pairs: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInputError(f"Write --set as name=value, not {pair!r}.")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InvalidInputError(f"Give {name.strip()} as a number, not {value!r}.") from None
    return out


def employer(org: str = ORG, as_json: bool = JSON_FLAG) -> None:
    """An employer's hiring metrics, each with its formula and the counts behind it."""
    metrics, org_id, name = _service(org)
    body = dashboard_json(metrics.dashboards.for_operator(org_id))
    if as_json:
        emit_json(body)
        return
    table = Table(title=f"Hiring metrics of {escape(name)}")
    table.add_column("Metric")
    table.add_column("Figure", justify="right")
    table.add_column("How it was reached")
    for row in body["metrics"]:
        table.add_row(escape(row["label"]), escape(row["shown"]), escape(row["how"]))
    console.print(table)
    for comparison in body["comparisons"]:
        _comparison(comparison)


def _comparison(comparison: dict[str, Any]) -> None:
    table = Table(
        title=f"{escape(comparison['label'])}: before and after asking for skills"
        f" ({comparison['switched_on']})"
    )
    for column in ("Metric", "Before", "After"):
        table.add_column(column)
    for row in comparison["rows"]:
        table.add_row(
            escape(row["label"]), escape(row["before"]["shown"]), escape(row["after"]["shown"])
        )
    console.print(table)
    if comparison["reason"]:
        console.print(escape(comparison["reason"]), highlight=False)


def roi(org: str = ORG, sets: list[str] = SET, as_json: bool = JSON_FLAG) -> None:
    """Return on each saved training investment, with the assumptions and the range."""
    metrics, org_id, name = _service(org)
    figures = metrics.investments.figures_for_operator(org_id, changes_of(sets))
    body: dict[str, Any] = {"org_id": org_id, "investments": [figure_json(f) for f in figures]}
    if as_json:
        emit_json(body)
        return
    if not figures:
        console.print(f"{escape(name)} has saved no training investment yet.", highlight=False)
    for figure in body["investments"]:
        console.print(f"[bold]{escape(figure['name'])}[/bold] ({figure['kind']})")
        for line in figure["costs"] + figure["gains"]:
            console.print(
                f"  {line['name']}: ${line['amount']:,.2f} = {escape(line['formula'])}",
                highlight=False,
            )
        ratio = "none" if figure["roi"] is None else f"{figure['roi'] * 100:.1f}%"
        sens = figure["sensitivity"]
        console.print(
            f"  Net benefit ${figure['net_benefit']:,.2f}, ROI {ratio};"
            f" range ${sens['net_low']:,.2f} to ${sens['net_high']:,.2f}",
            highlight=False,
        )
        for a in figure["assumptions"]:
            console.print(f"  {a['name']} = {a['value']:g} ({a['source']})", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("employer")(employer)
    app.command("roi")(roi)
