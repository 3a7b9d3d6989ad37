"""`onramp metrics ...`: metrics and equity from the command line (issue 18, item 7).

Each kind of metric has its commands in a module of its own, registered onto `app`
(`metrics_employer`: `employer` and `roi`; `metrics_wioa`: `wioa` and `wioa-import`;
`metrics_region`: `region`), so the group grows without this file or the root growing."""

from __future__ import annotations

import typer

from onramp.cli import metrics_employer, metrics_region

app = typer.Typer(
    help="Metrics: hiring figures, training payoff, workforce board reports.",
    no_args_is_help=True,
)
metrics_employer.register(app)
metrics_region.register(app)
