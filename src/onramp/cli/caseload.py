"""`onramp caseload remind`: queue today's reminder emails for navigators (issue 15, item 5).

Run it once a day (from cron, say). Each navigator with check-ins past due or due in the next
7 days gets one digest per organization; running it again the same day sends nothing new. The
mail waits in the outbox until `onramp serve` or `onramp mail deliver` sends it.
"""

from __future__ import annotations

from datetime import date

import typer

from onramp.cli.common import console, emit_json, engine
from onramp.errors import InvalidInputError
from onramp.pathways.caseload_services import reminders_service
from onramp.platform import Platform

app = typer.Typer(help="The navigator caseload: reminders of check-ins due.", no_args_is_help=True)


@app.command("remind")
def remind(
    on: str = typer.Option("", "--today", help="The day to remind for (YYYY-MM-DD; default today)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Queue one email per navigator with check-ins due, at most once a day."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise InvalidInputError(f"--today must be a date such as 2026-12-31, not {on!r}") from None
    sent = reminders_service(Platform(engine())).send_due(day)
    if as_json:
        emit_json(
            {
                "queued": sum(1 for r in sent if r.sent),
                "already_sent": sum(1 for r in sent if not r.sent),
                "reminders": [r.as_json() for r in sent],
            }
        )
        return
    queued = sum(1 for r in sent if r.sent)
    console.print(
        f"queued {queued} reminder email{'s' if queued != 1 else ''}; "
        f"{len(sent) - queued} already sent today",
        highlight=False,
    )
