"""`onramp roadmap build`: an employer's talent development roadmap (issue 15, items 3 and 7).

The operator at the machine reads it by the organization's slug or id; `--as EMAIL` reads it
as one of the organization's members instead, so their rights apply."""

from __future__ import annotations

import typer

from onramp.cli.common import console, emit_json
from onramp.cli.issuing import acting_member, credential_service
from onramp.config import get_settings
from onramp.errors import InvalidInputError, NotFoundError
from onramp.jobs.service import Jobs
from onramp.pathways.roadmap_model import Family, Roadmap, Rung
from onramp.pathways.roadmaps import Roadmaps

app = typer.Typer(help="Talent development roadmaps of employers.", no_args_is_help=True)


@app.command("build")
def build(
    org: str = typer.Option(..., "--org", help="The employer's slug or id"),
    acting: str | None = typer.Option(None, "--as", help="Read it as this member (their rights)"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output"),
) -> None:
    """The employer's job-family ladders: each rung's skills, what it adds, how workers gain
    it, typical time, and the moves out where a ladder ends."""
    service, platform = credential_service()
    jobs = Jobs(service.engine, platform.consents, service.wallet)
    roadmaps = Roadmaps(
        service.engine, jobs, platform.orgs, public_url=get_settings().effective_public_url
    )
    try:
        found = platform.orgs.find(org)
    except NotFoundError as error:
        raise InvalidInputError(f"{error}: give the organization's slug or id") from error
    if acting:
        roadmap = roadmaps.for_org(acting_member(platform, acting), found.id)
    else:
        roadmap = roadmaps.for_operator(found.id)
    if as_json:
        emit_json(roadmap.contract())
        return
    _print(roadmap)


def _print(roadmap: Roadmap) -> None:
    console.print(f"[bold]Talent development roadmap: {roadmap.org_name}[/]", highlight=False)
    if not roadmap.families:
        console.print("No job here names an occupation yet, so there is no ladder.")
    for family in roadmap.families:
        _family(family)
    for unplaced in roadmap.unplaced:
        console.print(f"Not on a ladder: {unplaced.job.title}. {unplaced.reason}", highlight=False)
    for note in roadmap.notes:
        console.print(f"Note: {note.label}", highlight=False)
    for lack in roadmap.lacks:
        console.print(f"Missing: {lack}", highlight=False)


def _family(family: Family) -> None:
    console.print(f"\n[bold]{family.name}[/] (bottom first)", highlight=False)
    for number, rung in enumerate(family.rungs, 1):
        _rung(number, rung)
    for move in family.up_and_out:
        ratio = f"{move.wage_ratio:.2f}x pay" if move.wage_ratio is not None else "pay unknown"
        zone = "" if move.job_zone_change is None else f", job zone {move.job_zone_change:+d}"
        where = "another industry" if move.other_industry else "same field"
        console.print(
            f"  up and out: {move.title} ({move.code}; {ratio}{zone}; {where})", highlight=False
        )


def _rung(number: int, rung: Rung) -> None:
    here = ", ".join(j.title for j in rung.jobs) if rung.here else "not a job here yet"
    pay = rung.pay or (f"typical ${rung.typical_wage:,.0f} a year" if rung.typical_wage else "")
    console.print(
        f"  {number}. {rung.title} [{rung.occupation} {rung.occupation_title}] {here}"
        + (f"; {pay}" if pay else ""),
        highlight=False,
        markup=False,
    )
    if rung.time_from_below is not None:
        console.print(
            f"     typical time from below: {rung.time_from_below.words}", highlight=False
        )
    for skill in rung.added:
        ways = "; ".join(
            way.kind.label
            + (f" (about {way.weeks} weeks)" if way.weeks else "")
            + (
                ": " + ", ".join(f"{p.name} ({p.org_name})" for p in way.programs)
                if way.programs
                else ""
            )
            for way in skill.ways
        )
        console.print(
            f"     + {skill.label} level {skill.level}: {ways}", highlight=False, markup=False
        )
