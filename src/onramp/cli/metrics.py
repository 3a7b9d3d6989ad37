"""`onramp metrics ...`: metrics and equity from the command line (issue 18, item 7).

Each kind of metric registers its commands onto `app` from a module of its own
(`metrics_wioa`: `onramp metrics wioa` and `onramp metrics wioa-import`; `metrics_region`:
`onramp metrics region`, through its `register`), so the group grows
without this file or the root growing with it."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Metrics: hiring figures, workforce board reports and equity checks.",
    no_args_is_help=True,
)
