"""`onramp credentials verify`: check credentials in JSON, compact JWT/JWS, or Open Badges baked
into PNG and SVG images (OB 2.0 assertions are read and reported as legacy, unverified)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from onramp.cli.common import console, emit_json
from onramp.cli.contexts import stored_contexts
from onramp.credentials.fetch import SafeFetcher
from onramp.credentials.trust import TrustRegistry
from onramp.credentials.verify import Resolver, Status, Verifier
from onramp.errors import ImportFileError, InvalidInputError

app = typer.Typer(
    help="Verifiable credentials (Open Badges 3.0, CLR 2.0, VC 2.0).", no_args_is_help=True
)

MARK = {
    Status.PASS: "[green]pass[/]",
    Status.FAIL: "[red]FAIL[/]",
    Status.WARN: "[yellow]warn[/]",
    Status.SKIP: "[dim]skip[/]",
}


@app.command("verify")
def verify(
    files: list[Path] = typer.Argument(
        ..., help="Credential files: JSON, compact JWT, or a badge baked into .png or .svg"
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per file"),
    offline_map: Path | None = typer.Option(
        None, "--offline-map", help="JSON map of URL -> local file (DID documents, status lists)"
    ),
    online: bool = typer.Option(
        False, "--online", help="Fetch did:web documents and status lists over HTTPS (SSRF-safe)"
    ),
    trust: Path | None = typer.Option(
        None, "--trust", help='JSON trust registry: {"issuer id": ["skill URI", ...] or "*"}'
    ),
) -> None:
    """Check each credential; the exit code is 0 only when every file verified."""
    fetcher = SafeFetcher() if online else None
    resolver = (
        Resolver.from_map_file(offline_map, fetcher) if offline_map else Resolver(None, fetcher)
    )
    registry = None
    if trust is not None:
        try:
            registry = TrustRegistry.from_json(json.loads(trust.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            raise InvalidInputError(
                f"{trust}: not a readable JSON trust registry ({error})"
            ) from None
    verifier = Verifier(resolver, trust=registry, extra_contexts=stored_contexts())
    all_verified = True
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportFileError(str(path), f"cannot be read ({error.strerror})") from None
        report = verifier.verify(data, str(path))
        all_verified &= report.verified
        if as_json:
            emit_json(report.to_json())
            continue
        verdict = "[green]verified[/]" if report.verified else "[red]not verified[/]"
        console.print(f"[bold]{path}[/] ({report.format}): {verdict}", highlight=False)
        for check in report.checks:
            console.print(
                f"  {MARK[check.status]} {check.id}: {check.plain} ({check.message})",
                highlight=False,
            )
    if not all_verified:
        sys.exit(1)
