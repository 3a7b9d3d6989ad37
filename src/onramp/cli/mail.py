"""`onramp mail`: what the outbox holds, and delivering it by hand.

`onramp serve` delivers the outbox by itself while it runs; these commands are for an operator
who wants to see what waits (without message bodies) or to send it now, e.g. after fixing SMTP.
"""

from __future__ import annotations

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json, engine
from onramp.config import get_settings
from onramp.errors import ConfigError
from onramp.platform.mail import OutboxMailer
from onramp.platform.mail_transports import from_settings

app = typer.Typer(help="The outbox: mail waiting to go out, and what went.", no_args_is_help=True)


def _mailer() -> OutboxMailer:
    return OutboxMailer(engine(), get_settings().effective_secrets_dir)


@app.command("show")
def show(
    to: str = typer.Option("", "--to", help="Only mail to this address"),
    limit: int = typer.Option(50, "--limit", min=1, max=5000, help="How many, newest first"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the outbox, newest first: recipient, subject, state and tries (never the bodies)."""
    rows = _mailer().messages(to or None, newest_first=True, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "subject", "state", "tries", "last error")
    table.add_column("to", overflow="fold")  # an address is never cut short
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["subject"],
            row["state"],
            str(row["attempts"]),
            row["last_error"],
            row["to_email"],
        )
    console.print(table)


@app.command("deliver")
def deliver(
    everything: bool = typer.Option(
        False, "--all", help="Try every waiting message now, even those waiting for a retry"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Hand waiting mail to the configured transport (ONRAMP_MAIL_TRANSPORT) now."""
    settings = get_settings()
    transport = from_settings(
        settings, settings.effective_secrets_dir, settings.effective_public_url
    )
    if transport is None:
        raise ConfigError(
            "no mail transport is configured: set ONRAMP_MAIL_TRANSPORT=smtp (or dev)"
        )
    mailer = _mailer()
    delivered = mailer.deliver_pending(transport, everything=everything)
    waiting = [m for m in mailer.messages(newest_first=True) if m["state"] != "sent"]
    if as_json:
        emit_json({"delivered": delivered, "waiting": len(waiting)})
        return
    console.print(f"delivered {delivered}; {len(waiting)} still waiting", highlight=False)
