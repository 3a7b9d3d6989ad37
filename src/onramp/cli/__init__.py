"""The `onramp` command line: a thin adapter over the domain packages."""

from __future__ import annotations

import sys

import click
import typer
from rich.markup import escape

from onramp import errors
from onramp.cli import (
    audit,
    caseload,
    coding,
    credentials,
    data,
    demo,
    esf,
    evaluate,
    issuing,
    jobs,
    ler,
    mail,
    market,
    match,
    metrics,
    microcredential_delivery,
    microcredential_designs,
    pathways,
    plans,
    roadmap,
    search,
    serve,
    system,
    taxonomy,
    wages,
    wbl,
)
from onramp.cli import contexts as pinned_contexts
from onramp.cli import extract as extract  # registers `onramp skills extract`
from onramp.cli import metrics_wioa as metrics_wioa  # `onramp metrics wioa`, `wioa-import`
from onramp.cli import nlp as nlp  # registers `onramp skills embed` and `skills link-batch`
from onramp.cli import occupation_skills as occupation_skills  # `onramp occupations skills`
from onramp.cli.common import err_console, exit_code
from onramp.cli.metrics_region import register as register_region

app = typer.Typer(
    name="onramp",
    help="Onramp: skills-first hiring and career advancement on verifiable records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(system.config_app, name="config")
app.add_typer(system.db_app, name="db")
app.add_typer(data.app, name="data")
app.add_typer(demo.app, name="demo")
app.add_typer(taxonomy.app, name="taxonomy")
app.add_typer(wages.app, name="wages")
app.add_typer(market.app, name="market")
app.add_typer(search.skills_app, name="skills")
search.occupations_app.command("code-batch")(coding.code_batch)
app.add_typer(search.occupations_app, name="occupations")
app.add_typer(esf.app, name="esf")
credentials.app.command("issue")(issuing.issue)
credentials.app.command("revoke")(issuing.revoke)
credentials.app.command("clr")(issuing.clr)
credentials.app.command("endorse")(issuing.endorse)
credentials.app.add_typer(issuing.achievements_app, name="achievements")
credentials.app.add_typer(pinned_contexts.app, name="contexts")
app.add_typer(credentials.app, name="credentials")
app.add_typer(issuing.keys_app, name="keys")
app.add_typer(ler.app, name="ler")
app.add_typer(jobs.app, name="jobs")
app.add_typer(mail.app, name="mail")
app.add_typer(match.app, name="match")
pathways.app.add_typer(plans.app, name="plan")
app.add_typer(pathways.app, name="pathways")
app.add_typer(roadmap.app, name="roadmap")
app.add_typer(caseload.app, name="caseload")
# one `onramp microcredentials` group: `design ...` and the delivery commands beside it
microcredential_designs.app.registered_commands += microcredential_delivery.app.registered_commands
app.add_typer(microcredential_designs.app, name="microcredentials")
app.add_typer(audit.app, name="audit")
app.add_typer(wbl.app, name="wbl")
app.add_typer(metrics.app, name="metrics")
register_region(metrics.app)  # `onramp metrics region`
app.command("serve")(serve.serve)
evaluate.app.command("title-coding")(coding.title_coding)
app.add_typer(evaluate.app, name="eval")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. Domain errors become one clear line on stderr and a distinct exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except errors.OnrampError as error:
        # the message is plain text: "[spark]" in it is not markup
        err_console.print(
            f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True
        )
        sys.exit(exit_code(error))
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
