"""`onramp microcredentials design ...`: design and publish microcredentials from the terminal
(issue 16, items 3-4), through the same use case as the pages and the API, acting as a member
(`--as EMAIL`) so the same rights and the audit apply. A refused publish lists every gap and
exits 2 (invalid input)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import ValidationError

from onramp.cli.common import console, emit_json
from onramp.cli.issuing import acting_member, credential_service
from onramp.errors import InvalidInputError
from onramp.market.microcredentials.designs import DesignView, MicrocredentialDesigns
from onramp.market.microcredentials.model import DesignParts
from onramp.platform import Platform, Principal

app = typer.Typer(help="Microcredentials designed with employers.", no_args_is_help=True)
design_app = typer.Typer(help="Design, check, publish and export.", no_args_is_help=True)
app.add_typer(design_app, name="design")

ACTING = typer.Option(..., "--as", help="The email of the member you act as")
JSON = typer.Option(False, "--json", help="Print JSON")


def _designs(email: str) -> tuple[MicrocredentialDesigns, Principal, Platform]:
    credentials, platform = credential_service()
    designs = MicrocredentialDesigns(credentials.engine, credentials.issuing)
    return designs, acting_member(platform, email), platform


def _print(view: DesignView) -> None:
    design, parts = view.design, view.design.parts
    console.print(f"{parts.name} ({design.state.value}) id {design.id}", markup=False)
    console.print(f"CTID: {design.ctid}. Provider: {view.provider.name}.", markup=False)
    if view.partners:
        console.print("Partners: " + ", ".join(p.name for p in view.partners), markup=False)
    for outcome in parts.outcomes:
        signed = (
            f"signed off by {outcome.sign_off.user_name} of {outcome.sign_off.org_name}"
            if outcome.sign_off
            else "not signed off"
        )
        console.print(f"  outcome {outcome.label}: level {outcome.level}, {signed}", markup=False)
    _print_gaps(view)


def _print_gaps(view: DesignView) -> None:
    gaps = view.gaps
    if not gaps:
        console.print("Complete: nothing is missing.", markup=False)
        return
    console.print(f"Still to do ({len(gaps)}):", markup=False)
    for gap in gaps:
        console.print(f"  - {gap.sentence}", markup=False)


@design_app.command("create")
def create(
    name: str = typer.Argument(..., help="The design's name"),
    org: str = typer.Option(..., "--org", help="The training provider's organization id"),
    acting: str = ACTING,
    as_json: bool = JSON,
) -> None:
    """Start a new, empty design for a training provider."""
    designs, principal, _platform = _designs(acting)
    view = designs.create(principal, org, name)
    if as_json:
        emit_json(view.contract())
        return
    console.print(f"Started {view.design.parts.name}: id {view.design.id}", markup=False)


@design_app.command("edit")
def edit(
    design_id: str = typer.Argument(...),
    parts_file: Path = typer.Option(..., "--parts", help="A JSON file of the design's parts"),
    acting: str = ACTING,
    as_json: bool = JSON,
) -> None:
    """Replace a draft's parts with those in a JSON file (all or nothing)."""
    designs, principal, _platform = _designs(acting)
    try:
        parts = DesignParts.model_validate(json.loads(parts_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as error:
        raise InvalidInputError(f"{parts_file} is not a design's parts: {error}") from None
    view = designs.edit(principal, design_id, parts)
    if as_json:
        emit_json(view.contract())
        return
    _print(view)


@design_app.command("show")
def show(design_id: str = typer.Argument(...), acting: str = ACTING, as_json: bool = JSON) -> None:
    """A design, its outcomes' sign-offs, and what is still missing."""
    designs, principal, _platform = _designs(acting)
    view = designs.get(principal, design_id)
    if as_json:
        emit_json(view.contract())
        return
    _print(view)


@design_app.command("check")
def check(design_id: str = typer.Argument(...), acting: str = ACTING, as_json: bool = JSON) -> None:
    """What is missing before the design can be published."""
    designs, principal, _platform = _designs(acting)
    view = designs.get(principal, design_id)
    if as_json:
        emit_json({"complete": not view.gaps, "gaps": view.contract()["gaps"]})
        return
    _print_gaps(view)


@design_app.command("publish")
def publish(
    design_id: str = typer.Argument(...), acting: str = ACTING, as_json: bool = JSON
) -> None:
    """Publish a complete design as CTDL and as an OB 3.0 Achievement (exit 2 with the gaps)."""
    designs, principal, _platform = _designs(acting)
    view = designs.publish(principal, design_id)
    if as_json:
        emit_json(view.contract())
        return
    console.print(
        f"Published {view.design.parts.name}. Achievement {view.design.achievement_id}.",
        markup=False,
    )


@design_app.command("export")
def export(
    design_id: str = typer.Argument(...),
    ctdl: bool = typer.Option(False, "--ctdl", help="CTDL JSON-LD (the only format for now)"),
    out: Path | None = typer.Option(None, "--out", help="Write to this file"),
    acting: str = ACTING,
    as_json: bool = JSON,
) -> None:
    """The design as CTDL JSON-LD for Credential Engine's Credential Registry."""
    if not ctdl:
        raise InvalidInputError("Say which format: --ctdl.")
    designs, principal, _platform = _designs(acting)
    document = designs.export_ctdl(principal, design_id)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        if not as_json:
            console.print(f"Wrote {out}", markup=False)
        return
    if as_json:
        emit_json(document)
        return
    console.print(text, markup=False, highlight=False)
