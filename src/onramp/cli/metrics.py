"""`onramp metrics`: hiring, workforce and regional metrics (issue 18). Each command lives in
its own module and registers itself here."""

from __future__ import annotations

import typer

from onramp.cli import metrics_region

app = typer.Typer(help="Hiring, workforce and regional metrics.", no_args_is_help=True)
metrics_region.register(app)
