"""`onramp audit ...`: fairness checks of what Onramp ranks (issue 14, item 6)."""

from __future__ import annotations

import typer

from onramp.cli.common import console, emit_json
from onramp.cli.issuing import acting_member
from onramp.cli.match import AS, matching_for_cli
from onramp.matching.candidates import DEFAULT_TOP, MAX_TOP
from onramp.matching.fairness import audit_job_ranking
from onramp.matching.personal import Question
from onramp.metrics.monitor_json import view_json
from onramp.metrics.monitoring import FairnessMonitor

app = typer.Typer(help="Fairness checks of Onramp's rankings.", no_args_is_help=True)


@app.command("adverse-impact")
def adverse_impact(
    job: str = typer.Option(..., "--job", help="The job's id"),
    top: int = typer.Option(DEFAULT_TOP, "--top", min=1, max=MAX_TOP, help="The top K shown"),
    question: Question = typer.Option(Question.SEX, "--question", help="Which group question"),
    acting: str = AS,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Selection rates by group at the top K of a job's ranking, the four-fifths ratio and
    Fisher's exact test, with what the numbers do and do not show. Counts only."""
    services, platform = matching_for_cli()
    found = audit_job_ranking(
        services.matching, services.personal, acting_member(platform, acting), job, top, question
    )
    if as_json:
        emit_json({"job_id": job, "question": question.value, **found.contract()})
        return
    console.print(
        f"Top {found.top_k} of {found.candidates} candidates; {found.undeclared} gave no answer "
        f"to: {question.label}",
        highlight=False,
    )
    for g in found.groups:
        ratio = "reference" if g.impact_ratio is None else f"ratio {g.impact_ratio:.2f}"
        p_value = "" if g.p_value is None else f", Fisher p = {g.p_value:.3f}"
        flag = "  below four-fifths" if g.flagged else ""
        console.print(
            f"  {g.group}: {g.selected} of {g.candidates} shown "
            f"({g.rate:.0%}), {ratio}{p_value}{flag}",
            highlight=False,
        )
    if found.suppressed:
        console.print(f"  {found.suppressed} small group(s) not shown.")
    for note in found.notes:
        console.print(note, highlight=False)


@app.command("monitor")
def monitor_command(
    org: str = typer.Option("", "--org", help="Only this employer (its id or slug)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Run the adverse-impact monitor: judge the last 90 days of candidate lists of every
    employer (or one), raise and mail new alerts to its admins, and print what it found.
    Counts by group only, never a person. Meant for a daily schedule (cron)."""
    services, platform = matching_for_cli()
    fairness = FairnessMonitor(
        platform.engine, services.personal, platform.mailer, platform.links.public_url
    )
    if org:
        org_id = platform.orgs.find(org).id
        raised = {org_id: fairness.check(org_id)}
    else:
        raised = fairness.run_all()
    views = [fairness.view_of(org_id) for org_id in raised]
    if as_json:
        emit_json(
            [{**view_json(v), "new_alerts": [a.id for a in raised[v.org_id]]} for v in views]
        )
        return
    if not views:
        console.print("No candidate lists were shown in the last 90 days.")
    for view in views:
        name = view.employer[0].name if view.employer else view.org_id
        console.print(f"{name}: {len(raised[view.org_id])} new alert(s)", highlight=False)
        for w in (*view.employer, *view.jobs):
            console.print(f"  {w.name} · {w.question}: {w.message}", highlight=False)
        for alert in view.open_alerts:
            console.print(f"  OPEN: {alert.message}", highlight=False)
