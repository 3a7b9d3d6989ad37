"""`onramp credentials issue|revoke|clr|achievements` and `onramp keys`: an operator acts for an
organization as one of its members (`--as EMAIL`), so role checks and the audit log apply just
as on the web."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import typer

from onramp.cli.common import console, count_bar, emit_json, engine
from onramp.config import get_settings
from onramp.credentials.issuing import Recipient, parse_recipients_csv
from onramp.credentials.service import CredentialService
from onramp.errors import ImportFileError, InvalidInputError, NotFoundError
from onramp.platform import Platform, Principal
from onramp.serialize import to_plain

achievements_app = typer.Typer(help="An organization's Achievements.", no_args_is_help=True)
keys_app = typer.Typer(help="Issuer signing keys and DID documents.", no_args_is_help=True)

ORG = typer.Option(..., "--org", help="Organization slug")
AS = typer.Option(..., "--as", help="Email of a member who may do this")
JSON_OUT = typer.Option(False, "--json", help="Machine-readable output")


def credential_service() -> tuple[CredentialService, Platform]:
    settings = get_settings()
    platform = Platform(engine())
    service = CredentialService(
        engine(),
        platform.mailer,
        platform.consents,
        secrets_dir=settings.effective_secrets_dir,
        public_url=settings.effective_public_url,
    )
    from onramp.matching.services import watch_wallets  # only when a command runs

    watch_wallets(service.wallet)  # wallet changes mark profile vectors stale here too
    return service, platform


def acting_member(platform: Platform, email: str) -> Principal:
    """The member an operator acts as (`--as EMAIL`), so role checks and the audit apply."""
    user = platform.accounts.user_by_email(email)
    if user is None:
        raise NotFoundError(f"no account with the email {email}")
    return platform.accounts.principal(user)


def _write_document(document: dict[str, object], out: Path | None) -> None:
    """A signed credential to a file, or to the terminal as it is (no markup)."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        console.print(text, highlight=False, markup=False)


@contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """Let `kill` (SIGTERM) stop a batch the way Ctrl+C does: the batch removes what it had
    stored, so a stopped batch issued nothing, and the command says "aborted" (exit 130)."""

    def interrupt(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    except KeyboardInterrupt:
        raise click.exceptions.Abort from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _org_id(service: CredentialService, slug: str) -> str:
    return service.hosting.org_by_slug(slug)[0]


@achievements_app.command("list")
def list_achievements(org: str = ORG, acting: str = AS, as_json: bool = JSON_OUT) -> None:
    service, platform = credential_service()
    found = service.issuing.achievements(acting_member(platform, acting), _org_id(service, org))
    if as_json:
        emit_json(to_plain(found))
        return
    for a in found:
        skills = ", ".join(x.target_name for x in a.alignments) or "no skills"
        console.print(f"{a.id}  [bold]{a.name}[/] ({skills})", highlight=False)


@achievements_app.command("define")
def define(
    org: str = ORG,
    acting: str = AS,
    name: str = typer.Option(..., "--name"),
    criteria: str = typer.Option(..., "--criteria", help="What a person must do to earn it"),
    description: str = typer.Option("", "--description"),
    skills: list[str] = typer.Option([], "--skill", help="Skill URI or code (repeat)"),
    levels: list[str] = typer.Option([], "--level", help="Rubric level 'Name: description'"),
    as_json: bool = JSON_OUT,
) -> None:
    """Define an Achievement, aligned to skills from ESCO, O*NET or the ESF."""
    service, platform = credential_service()
    pairs = [(lv.split(":", 1)[0], lv.split(":", 1)[1] if ":" in lv else "") for lv in levels]
    found = service.issuing.define(
        acting_member(platform, acting),
        _org_id(service, org),
        name=name,
        criteria=criteria,
        description=description,
        skills=skills,
        levels=pairs,
    )
    if as_json:
        emit_json(to_plain(found))
    else:
        console.print(f"Defined {found.name}: {found.id}", highlight=False)


def issue(
    org: str = ORG,
    acting: str = AS,
    achievement: str = typer.Option(..., "--achievement", help="Achievement id"),
    to: list[str] = typer.Option([], "--to", help="Recipient email or DID (repeat)"),
    csv_file: Path | None = typer.Option(None, "--csv", help="CSV with email or did, and level"),
    level: str = typer.Option("", "--level", help="Rubric level for --to recipients"),
    proof_format: str = typer.Option(
        "ldp", "--format", help="ldp (eddsa-rdfc-2022, did:web), ldp-key (did:key) or jwt (RS256)"
    ),
    out: Path | None = typer.Option(None, "--out", help="Also write each credential to DIR"),
    as_json: bool = JSON_OUT,
) -> None:
    """Issue an Achievement to people, one by one or from a CSV. All or nothing: a bad row
    stops it before anything is written, and a batch that fails or is stopped part way
    issues nothing. Long batches are stored in chunks, so the server keeps working."""
    if bool(to) == bool(csv_file):
        raise InvalidInputError("give recipients with --to, or a file with --csv (not both)")
    if csv_file:
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFileError(str(csv_file), f"cannot be read ({error})") from None
        recipients = parse_recipients_csv(text)
    else:
        recipients = [
            Recipient(did=r, level_id=level) if r.startswith("did:") else Recipient(r, "", level)
            for r in to
        ]
    service, platform = credential_service()
    with _stopped_cleanly(), count_bar("signing", len(recipients), not as_json) as advance:
        issued = service.issue(
            acting_member(platform, acting),
            _org_id(service, org),
            achievement,
            recipients,
            proof_format,
            advance,
        )
    if out:
        out.mkdir(parents=True, exist_ok=True)
        for credential in issued:
            suffix = "jwt" if proof_format == "jwt" else "json"
            (out / f"{credential.id}.{suffix}").write_text(credential.document, encoding="utf-8")
    if as_json:
        emit_json([{"id": i.id, "recipient": i.recipient_email or i.recipient_did} for i in issued])
    else:
        console.print(f"Issued {len(issued)} credential(s).", highlight=False)


def revoke(
    credential_id: str = typer.Argument(..., help="Issued credential id"),
    org: str = ORG,
    acting: str = AS,
    suspend: bool = typer.Option(False, "--suspend", help="Suspend instead (can be undone)"),
    reinstate: bool = typer.Option(False, "--reinstate", help="Lift a suspension"),
    as_json: bool = JSON_OUT,
) -> None:
    """Revoke (for good), suspend, or reinstate a credential via the hosted status lists."""
    if suspend and reinstate:
        raise InvalidInputError("choose --suspend or --reinstate, not both")
    action = "suspend" if suspend else "reinstate" if reinstate else "revoke"
    service, platform = credential_service()
    found = service.issuing.change_state(
        acting_member(platform, acting), _org_id(service, org), credential_id, action
    )
    if as_json:
        emit_json({"id": found.id, "state": found.state})
    else:
        console.print(f"{found.id} is now {found.state}.", highlight=False)


def clr(
    org: str = ORG,
    acting: str = AS,
    learner: str = typer.Option(..., "--learner", help="The learner's email or DID"),
    out: Path | None = typer.Option(None, "--out", help="Write the CLR here"),
) -> None:
    """A signed CLR 2.0 of every active credential the organization issued to one learner."""
    service, platform = credential_service()
    found = service.issuing.clr(acting_member(platform, acting), _org_id(service, org), learner)
    _write_document(found, out)


def endorse(
    org: str = ORG,
    acting: str = AS,
    subject: str = typer.Option(..., "--subject", help="URL, DID or urn of what is endorsed"),
    comment: str = typer.Option(..., "--comment", help="What the organization vouches for"),
    out: Path | None = typer.Option(None, "--out", help="Write the endorsement here"),
) -> None:
    """Sign an Open Badges 3.0 EndorsementCredential from the organization."""
    service, platform = credential_service()
    found = service.issuing.endorse(
        acting_member(platform, acting), _org_id(service, org), subject, comment
    )
    _write_document(found, out)


@keys_app.command("list")
def list_keys(org: str = ORG, as_json: bool = JSON_OUT) -> None:
    """Every key (public part) the organization has had; retired keys still verify."""
    service, _platform = credential_service()
    keys = service.vault.keys(_org_id(service, org))
    if as_json:
        emit_json(to_plain(keys))
        return
    for key in keys:
        state = f"retired {key.retired_at:%Y-%m-%d}" if key.retired_at else "active"
        console.print(f"{key.id}  {key.algorithm}  {state}", highlight=False)


@keys_app.command("rotate")
def rotate(
    org: str = ORG,
    acting: str = AS,
    algorithm: str = typer.Option("Ed25519", "--algorithm", help="Ed25519, ES256 or RS256"),
    as_json: bool = JSON_OUT,
) -> None:
    """Make a new active key; the old one retires but stays in the DID document."""
    service, platform = credential_service()
    key = service.vault.rotate(acting_member(platform, acting), _org_id(service, org), algorithm)
    if as_json:
        emit_json(to_plain(key))
    else:
        console.print(f"New {key.algorithm} key {key.id} is active.", highlight=False)


@keys_app.command("did")
def did(org: str = ORG) -> None:
    """The organization's did:web DID document, as Onramp serves it."""
    service, _platform = credential_service()
    emit_json(service.hosting.did_document(org))
