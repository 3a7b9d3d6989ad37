"""`onramp metrics region`: the regional view (issue 18, item 5) from the command line. The
operator runs it on the server, so no reader check applies (as `onramp market demand`); the
figures and the hiding of small counts are exactly those of the page and the API."""

from __future__ import annotations

from pathlib import Path

import typer

from onramp.cli.common import console, emit_json, engine
from onramp.metrics.region import RegionalView


def _count(value: int | None, why: str) -> str:
    if value is not None:
        return f"{value:,}"
    return "hidden" if why == "complement" else "small"


def register(app: typer.Typer) -> None:
    """Add `region` to the `metrics` sub-app."""

    @app.command("region")
    def region(
        area: str | None = typer.Option(
            None, "--area", help="A state (OH), a city and state, or an OEWS area code"
        ),
        first: str | None = typer.Option(None, "--first", help="First month, YYYY-MM"),
        last: str | None = typer.Option(None, "--last", help="Last month, YYYY-MM"),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON"),
        csv_path: Path | None = typer.Option(None, "--csv", help="Write the table as CSV"),
    ) -> None:
        """Job postings, workers with consented profiles, hires and pay by occupation for an
        area (the whole country without --area). Counts of people under 10 are hidden, with
        one more in the column so the total gives none back. Formulas: docs/metrics_region.md."""
        report = RegionalView(engine()).figures(area, first, last)
        if csv_path is not None:
            csv_path.write_text(report.as_csv(), encoding="utf-8")
        if as_json:
            emit_json(report.as_json())
            return
        months = report.months
        span = f", {months[0]} to {months[1]}" if months else ""
        console.print(f"{report.area}{span}: {len(report.rows)} occupations.", highlight=False)
        console.print("  postings  workers  hired  occupation", highlight=False)
        for r in [*report.rows, report.total]:
            workers = _count(r.workers, r.hidden.get("workers", ""))
            hired = _count(r.placements, r.hidden.get("placements", ""))
            console.print(
                f"  {r.postings:>8,}  {workers:>7}  {hired:>5}  {r.title} ({r.code})",
                highlight=False,
                markup=False,
            )
        console.print(
            f"'small': under {report.threshold}; 'hidden': hidden so a small count cannot be "
            "worked out from the total.",
            highlight=False,
            markup=False,
        )
        if csv_path is not None:
            console.print(f"Wrote {csv_path}.", highlight=False, markup=False)
