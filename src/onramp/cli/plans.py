"""`onramp pathways plan show`: a career advancement plan in the terminal (issue 15, item 4),
through the same use case as the pages, so the same rights apply and views are audited."""

from __future__ import annotations

import typer

from onramp.cli.common import console, emit_json
from onramp.cli.issuing import acting_member, credential_service
from onramp.errors import InvalidInputError
from onramp.pathways.plan_model import CareerPlan
from onramp.pathways.plans import CareerPlans

app = typer.Typer(help="Career advancement plans.", no_args_is_help=True)


def _print(plans: CareerPlans, plan: CareerPlan) -> None:
    guide = plans.guide_for(plan)
    console.print(
        f"Status: {plan.status.value}. Stage now: {guide.of(plan.stage).title}.", markup=False
    )
    if plan.target:
        steps = " -> ".join(s.title for s in plan.steps)
        console.print(
            f"Aims at: {plan.target.title}" + (f" ({steps})" if steps else ""), markup=False
        )
    for part in guide.stages:
        held = plan.part(part.stage)
        if not (held.goals or held.milestones or held.supports or held.notes):
            continue
        console.print(f"{part.stage.number}. {part.title}", markup=False, style="bold")
        for g in held.goals:
            console.print(f"  goal [{'x' if g.done else ' '}] {g.text}", markup=False)
        for m in held.milestones:
            due = f" by {m.due.isoformat()}" if m.due else ""
            console.print(f"  milestone [{'x' if m.done else ' '}] {m.text}{due}", markup=False)
        for s in held.supports:
            console.print(f"  help: {s.kind.value} {s.text}".rstrip(), markup=False)
        for n in held.notes:
            console.print(f"  note ({n.author_name or n.author.value}): {n.text}", markup=False)


@app.command("show")
def show(
    worker: str = typer.Argument(..., help="The worker's email"),
    acting: str = typer.Option(
        "", "--as", help="A navigator's email (with --org); leave out to act as the worker"
    ),
    org: str = typer.Option("", "--org", help="The navigator's organization id"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """A worker's plan: as the worker, or as a navigator the plan is shared with (audited)."""
    credentials, platform = credential_service()
    plans = CareerPlans(credentials.engine, platform.consents)
    if bool(acting) != bool(org):
        raise InvalidInputError("Give --as and --org together, or neither.")
    if acting:
        seen = plans.shared(
            acting_member(platform, acting), org, acting_member(platform, worker).user.id
        )
        plan = seen.plan
    else:
        plan = plans.mine(acting_member(platform, worker))
    if as_json:
        emit_json(None if plan is None else plan.contract())
        return
    if plan is None:
        console.print("No plan yet.")
        return
    _print(plans, plan)
