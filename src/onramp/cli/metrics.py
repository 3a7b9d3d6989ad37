"""`onramp metrics ...`: metrics and equity (issue 18). Each part registers its commands."""

from __future__ import annotations

import typer

from onramp.cli import metrics_employer

app = typer.Typer(
    help="Metrics: hiring figures, training payoff and reports.", no_args_is_help=True
)
metrics_employer.register(app)
