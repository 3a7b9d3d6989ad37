"""`onramp skills` and `onramp occupations`: search and show."""

from __future__ import annotations

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json, engine
from onramp.cli.taxonomy import JSON
from onramp.taxonomy import Catalog, Hit
from onramp.taxonomy.profile import OccupationProfile

skills_app = typer.Typer(help="Search and show skills.", no_args_is_help=True)
occupations_app = typer.Typer(help="Search and show occupations.", no_args_is_help=True)

FRAMEWORK = typer.Option(None, "--framework", "-f", help="Limit to a framework key (repeatable)")
LIMIT = typer.Option(20, "--limit", "-n", min=1, max=500)


def _hits(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        emit_json(hits)
        return
    if not hits:
        console.print("No matches.")
        return
    table = Table("score", "framework", "type", "label", "code")
    for hit in hits:
        label = hit.title if hit.matched == hit.title else f"{hit.title} ({hit.matched})"
        table.add_row(f"{hit.score:.1f}", hit.framework, hit.kind, label, hit.key)
    console.print(table)


@skills_app.command("search")
def search_skills(
    text: str,
    framework: list[str] | None = FRAMEWORK,
    skill_type: list[str] | None = typer.Option(
        None,
        "--type",
        "-t",
        help="skill, knowledge, technology, transversal, language or group (repeatable)",
    ),
    limit: int = LIMIT,
    as_json: bool = JSON,
) -> None:
    """Find skills by label, alternative label or description; typos are tolerated."""
    hits = Catalog(engine()).search_skills(
        text, frameworks=framework or None, kinds=skill_type or None, limit=limit
    )
    _hits(hits, as_json)


@skills_app.command("show")
def show_skill(code: str, as_json: bool = JSON) -> None:
    """Show one skill by code or URI."""
    catalog = Catalog(engine())
    framework, skill = catalog.skill(code)
    assert framework.id is not None
    labels = catalog.skill_labels(framework.id, skill.code)
    hierarchy = catalog.skill_hierarchy(framework.id, skill.code)
    if as_json:
        emit_json(
            {
                "framework": framework.key,
                "version": framework.version,
                "skill": skill,
                "labels": [{"label": label, "kind": kind} for label, kind in labels],
                **hierarchy,
            }
        )
        return
    console.print(
        f"[bold]{skill.preferred_label}[/] ({skill.skill_type}) "
        f"{framework.key} {framework.version}",
        highlight=False,
    )
    console.print(skill.uri, highlight=False)
    if skill.description:
        console.print(skill.description, highlight=False)
    alternatives = [label for label, kind in labels if kind == "alternative"]
    if alternatives:
        console.print("Also called: " + "; ".join(alternatives[:20]), highlight=False)
    for direction in ("broader", "narrower"):
        if hierarchy[direction]:
            names = "; ".join(item["label"] for item in hierarchy[direction][:20])
            console.print(f"{direction.capitalize()}: {names}", highlight=False)


@occupations_app.command("search")
def search_occupations(
    text: str, framework: list[str] | None = FRAMEWORK, limit: int = LIMIT, as_json: bool = JSON
) -> None:
    """Find occupations by title, alternate or reported titles, or description."""
    _hits(
        Catalog(engine()).search_occupations(text, frameworks=framework or None, limit=limit),
        as_json,
    )


@occupations_app.command("show")
def show_occupation(
    code: str = typer.Argument(..., help="O*NET-SOC code (29-1141.00) or ESCO URI"),
    area: str | None = typer.Option(None, "--area", help="OEWS area code or name for wages"),
    as_json: bool = JSON,
) -> None:
    """The occupation profile: job zone, skills, tasks, technology, education, wages, growth."""
    profile = Catalog(engine()).profile(code, area)
    if as_json:
        emit_json(profile.to_dict())
        return
    _print_profile(profile)


def _money(value: float | None) -> str:
    return f"${value:,.0f}" if value is not None else "not published"


def _print_profile(p: OccupationProfile) -> None:
    console.print(f"[bold]{p.title}[/] {p.code} ({p.framework.name})", highlight=False)
    console.print(p.description, highlight=False)
    if p.job_zone:
        console.print(f"Job zone {p.job_zone}: {p.job_zone_name}", highlight=False)
    for title, items in (("Skills", p.skills), ("Knowledge", p.knowledge)):
        if items:
            table = Table(title=title)
            for column in ("name", "importance (1-5)", "level (0-7)"):
                table.add_column(column)
            for s in items[:15]:
                level = (
                    "not relevant"
                    if s.level_not_relevant
                    else (f"{s.level:.2f}" if s.level is not None else "-")
                )
                importance = f"{s.importance:.2f}" if s.importance is not None else "-"
                table.add_row(s.label, importance, level)
            console.print(table)
    if p.other_skills:
        console.print(
            "[bold]Skills[/]: "
            + "; ".join(f"{s.label} ({s.relation})" for s in p.other_skills[:25]),
            highlight=False,
        )
    if p.tasks:
        console.print("[bold]Tasks[/]")
        for task in p.tasks[:10]:
            console.print(f"  - {task.statement}", highlight=False)
    if p.technology:
        console.print(
            "[bold]Technology[/]: "
            + "; ".join(t.example + (" (hot)" if t.hot else "") for t in p.technology[:15]),
            highlight=False,
        )
    if p.tools:
        console.print("[bold]Tools[/]: " + "; ".join(p.tools[:15]), highlight=False)
    if p.linked_skills:
        console.print(
            "[bold]Skills (ESCO, same job)[/]: "
            + "; ".join(f"{s.label} ({s.relation})" for s in p.linked_skills[:25]),
            highlight=False,
        )
    if p.education:
        console.print(
            "[bold]Education[/]: "
            + "; ".join(f"{e.label} {e.percent:.0f}%" for e in p.education if e.percent >= 5),
            highlight=False,
        )
    for wage in (p.national_wage, p.area_wage):
        if wage:
            console.print(
                f"[bold]Median pay ({wage.area_name}, OEWS {wage.release})[/]: "
                f"{_money(wage.annual_median)} a year",
                highlight=False,
            )
    if p.area_note:
        console.print(f"[yellow]Pay for {p.area_query}:[/] {p.area_note}", highlight=False)
    if p.growth:
        console.print(
            f"[bold]Outlook {p.growth.base_year}-{p.growth.projected_year}[/]: "
            f"{p.growth.change_percent}% change, {p.growth.annual_openings}k openings "
            f"a year; typical entry education: {p.growth.typical_education}",
            highlight=False,
        )
    if p.crosswalk:
        console.print(
            "[bold]Linked occupations[/]: "
            + "; ".join(f"{o.title} ({o.match_type or o.framework})" for o in p.crosswalk[:10]),
            highlight=False,
        )
    for line in p.missing:
        console.print(f"[yellow]Not shown:[/] {line}", highlight=False)
