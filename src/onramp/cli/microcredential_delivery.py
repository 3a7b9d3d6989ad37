"""`onramp microcredentials enroll|learners|result|placement|outcomes`: enroll learners,
record rubric results and placements, and read the outcome figures of microcredentials
(issue 16, item 5), acting as a member of the provider (`--as EMAIL`) so the same role checks
and audit entries apply as on the web."""

from __future__ import annotations

from datetime import date

import typer

from onramp.cli.common import console, emit_json, engine
from onramp.cli.issuing import AS, JSON_OUT, acting_member, credential_service
from onramp.errors import InvalidInputError, NotFoundError
from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_json import (
    enrollment_json,
    learner_json,
    outcomes_json,
    placement_json,
    result_json,
    status_json,
)
from onramp.market.microcredentials.delivery_model import PlacementDraft
from onramp.platform import Platform
from onramp.platform.directory import organization_names

app = typer.Typer(
    help="Deliver microcredentials: learners, results, placements and outcomes.",
    no_args_is_help=True,
)


def _delivery() -> tuple[Delivery, Platform]:
    service, platform = credential_service()
    return Delivery(engine(), service), platform


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


@app.command("enroll")
def enroll(
    design_id: str = typer.Argument(..., help="The published design's id"),
    email: str = typer.Option(..., "--email", help="The worker's Onramp email"),
    wage: float | None = typer.Option(None, "--wage-before", help="Hourly pay before, USD"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Enroll an existing Onramp worker; they are told by email."""
    delivery, platform = _delivery()
    enrollment = delivery.enroll_by_email(acting_member(platform, acting), design_id, email, wage)
    if as_json:
        emit_json(enrollment_json(enrollment))
        return
    console.print(f"enrolled {enrollment.learner_name}: {enrollment.id}", highlight=False)


@app.command("learners")
def learners(
    design_id: str = typer.Argument(...), acting: str = AS, as_json: bool = JSON_OUT
) -> None:
    """The learners of a design, with their progress on each outcome."""
    delivery, platform = _delivery()
    view = delivery.delivery(acting_member(platform, acting), design_id)
    if as_json:
        emit_json({"learners": [learner_json(v) for v in view.learners]})
        return
    for v in view.learners:
        met = sum(1 for s in v.outcomes if s.progress.value == "met")
        console.print(
            f"{v.enrollment.id}  {v.enrollment.learner_name}  {v.enrollment.state.value}  "
            f"{met}/{len(v.outcomes)} outcomes met",
            highlight=False,
            markup=False,
        )


@app.command("result")
def result(
    enrollment_id: str = typer.Argument(...),
    assessment: str = typer.Option(..., "--assessment", help="The assessment's id"),
    outcome: str = typer.Option(..., "--outcome", help="The outcome it assesses"),
    level: int = typer.Option(..., "--level", help="The rubric level reached (1-5)"),
    note: str = typer.Option("", "--note"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Record a rubric result; the credential is issued when every outcome is met."""
    delivery, platform = _delivery()
    recorded = delivery.record_result(
        acting_member(platform, acting),
        enrollment_id,
        assessment_id=assessment,
        outcome_id=outcome,
        level=level,
        note=note,
    )
    if as_json:
        emit_json(
            {
                "result": result_json(recorded.result),
                "outcomes": [status_json(s) for s in recorded.outcomes],
                "completed": recorded.completed,
                "credential_id": recorded.credential.id if recorded.credential else None,
            }
        )
        return
    said = "completed: credential issued" if recorded.completed else "recorded"
    console.print(f"{said} ({recorded.result.id})", highlight=False)


@app.command("placement")
def placement(
    enrollment_id: str = typer.Argument(...),
    hired: bool = typer.Option(..., "--hired/--not-hired"),
    interviewed: bool = typer.Option(False, "--interviewed"),
    on: str = typer.Option(..., "--date", help="Interview or first day (YYYY-MM-DD)"),
    employer_org: str = typer.Option("", "--employer-org", help="The employer's org id"),
    employer_name: str = typer.Option("", "--employer", help="Or the employer's name"),
    occupation: str = typer.Option("", "--occupation", help="O*NET-SOC code"),
    wage: float | None = typer.Option(None, "--wage", help="Hourly pay, USD"),
    commitment: str = typer.Option("", "--commitment", help="The design commitment it keeps"),
    note: str = typer.Option("", "--note"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Record an interview or a hire (or that the learner was not hired)."""
    try:
        placed_on = date.fromisoformat(on)
    except ValueError:
        raise InvalidInputError(f"--date must be a date such as 2027-03-01, not {on!r}") from None
    delivery, platform = _delivery()
    placed = delivery.record_placement(
        acting_member(platform, acting),
        enrollment_id,
        PlacementDraft(
            hired=hired,
            interviewed=interviewed,
            placed_on=placed_on,
            employer_org_id=employer_org or None,
            employer_name=employer_name,
            occupation=occupation,
            wage=wage,
            commitment_id=commitment or None,
            note=note,
        ),
    )
    if as_json:
        emit_json(placement_json(placed))
        return
    console.print(f"recorded ({placed.id})", highlight=False)


@app.command("outcomes")
def outcomes(
    design_id: str = typer.Argument("", help="One design; leave out and give --org for all"),
    org: str = typer.Option("", "--org", help="The provider's organization slug"),
    acting: str = AS,
    as_json: bool = JSON_OUT,
) -> None:
    """Completion, placement, median pay before and after, and commitments kept."""
    delivery, platform = _delivery()
    principal = acting_member(platform, acting)
    if design_id:
        view = delivery.design_outcomes(principal, design_id)
    elif org:
        found = next((m.org_id for m in principal.memberships if m.org_slug == org), None)
        if found is None:
            raise NotFoundError("There is no such organization.")
        view = delivery.provider_outcomes(principal, found)
    else:
        raise InvalidInputError("Give a design id, or --org for all of a provider's designs.")
    if as_json:
        emit_json(outcomes_json(view))
        return
    f = view.figures
    names = dict(organization_names(engine(), {c.employer_org_id for c in f.commitments}))
    console.print(f"[bold]{view.title}[/]")
    console.print(
        f"enrolled {f.enrolled}, completed {f.completed} ({_percent(f.completion_rate)}), "
        f"hired {f.placed} ({_percent(f.placement_rate)} of completers)",
        highlight=False,
    )
    if f.median_wage_change is not None:
        console.print(
            f"median hourly pay {f.median_wage_before} -> {f.median_wage_after} "
            f"(change {f.median_wage_change}, {f.wage_learners} learners)",
            highlight=False,
        )
    for c in f.commitments:
        console.print(
            f"{names.get(c.employer_org_id, c.employer_org_id)}: {c.kind.value} "
            f"{c.done:g} of {c.promised if c.promised is not None else '-'}: {c.state.label}",
            highlight=False,
            markup=False,
        )
