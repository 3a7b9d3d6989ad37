"""`onramp credentials verify`: check credentials in JSON, compact JWT/JWS, or Open Badges baked
into PNG and SVG images (OB 2.0 assertions are read and reported as legacy, unverified).

When the command runs where it can read an Onramp instance's database (the configured store
exists), that instance's own DID documents and status lists come straight from the store, so
its credentials verify with no network at all. Everything else comes from `--offline-map`, or,
with `--online`, from an SSRF-safe HTTPS fetch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape
from sqlalchemy.engine import make_url

from onramp.cli.common import console, emit_json, err_console
from onramp.cli.contexts import stored_contexts
from onramp.config import get_settings
from onramp.credentials.did.fetch import SafeFetcher
from onramp.credentials.verify.report import Report, Status
from onramp.credentials.verify.trust import TrustRegistry
from onramp.credentials.verify.verifier import Resolver, Verifier
from onramp.errors import ImportFileError, InvalidInputError, OnrampError

app = typer.Typer(
    help="Verifiable credentials (Open Badges 3.0, CLR 2.0, VC 2.0).", no_args_is_help=True
)

MARK = {
    Status.PASS: "[green]pass[/]",
    Status.FAIL: "[red]FAIL[/]",
    Status.WARN: "[yellow]warn[/]",
    Status.SKIP: "[dim]skip[/]",
}


def _store_resolver(base: Resolver, use_store: bool | None) -> tuple[Resolver, str]:
    """Onramp's own documents from the configured store, when there is one (and a note on
    where they came from); otherwise the base resolver."""
    if use_store is False:
        return base, ""
    settings = get_settings()
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        if use_store:
            raise InvalidInputError(f"--store: there is no Onramp database at {url.database}")
        return base, ""
    from onramp.cli.issuing import credential_service
    from onramp.credentials.hosting import StoreResolver

    try:
        service, _ = credential_service()
    except OnrampError as error:
        if use_store:
            raise
        return base, f"this instance's database could not be read ({error})"
    site = service.site.public_url
    return StoreResolver(service.hosting, base), f"documents under {site} come from its database"


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
    store: bool | None = typer.Option(
        None,
        "--store/--no-store",
        help="Read this instance's own DIDs and status lists from its database "
        "(default: when the database exists)",
    ),
) -> None:
    """Check each credential; the exit code is 0 only when every file verified."""
    fetcher = SafeFetcher() if online else None
    resolver = (
        Resolver.from_map_file(offline_map, fetcher) if offline_map else Resolver(None, fetcher)
    )
    resolver, note = _store_resolver(resolver, store)
    registry = None
    if trust is not None:
        try:
            registry = TrustRegistry.from_json(json.loads(trust.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            raise InvalidInputError(
                f"{trust}: not a readable JSON trust registry ({error})"
            ) from None
    verifier = Verifier(resolver, trust=registry, extra_contexts=stored_contexts())
    if note and not as_json:
        err_console.print(f"[dim]Note: {escape(note)}.[/]", highlight=False)
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
        else:
            _print_report(path, report)
    if not all_verified:
        sys.exit(1)


def _print_report(path: Path, report: Report) -> None:
    """A headline nobody can misread (a green tick or a red cross, and why), then each check."""
    verdict, name = report.verdict, f"[bold]{escape(str(path))}[/] ({report.format})"
    if report.verified:
        console.print(
            f"[bold white on green] ✔ VERIFIED [/] {name}",
            highlight=False,
        )
        console.print(f"  [green]{verdict.label}[/]", highlight=False)
    else:
        console.print(
            f"[bold white on red] ✘ NOT VERIFIED [/] {name}",
            highlight=False,
        )
        console.print(f"  [bold red]{verdict.label}[/]", highlight=False)
        console.print(f"  [red]Why: {escape(report.failures())}[/]", highlight=False)
    if report.conforms is False:
        console.print(
            "  [yellow]Its shape differs from the Open Badges / CLR standard (warnings below); "
            "that does not make it fake.[/]",
            highlight=False,
        )
    for check in report.checks:
        console.print(
            f"  {MARK[check.status]} {check.id}: {escape(check.plain)} ({escape(check.message)})",
            highlight=False,
        )
