"""`onramp jobs`: lint job ads, propose a job from an occupation, import a posting as a draft,
and export a job. Writing for an organization is done as one of its members (`--as EMAIL`), so
the same role checks and audit log apply as on the web."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from onramp.cli.common import console, emit_json, err_console
from onramp.cli.issuing import acting_member, credential_service
from onramp.cli.taxonomy import JSON
from onramp.errors import InvalidInputError, NotFoundError
from onramp.jobs.lint import MAX_LINT_CHARS, Finding, lint_text
from onramp.jobs.publish import export as export_job
from onramp.jobs.service import Jobs
from onramp.nlp.documents import read_path
from onramp.nlp.service import extract_document
from onramp.platform import Platform

app = typer.Typer(
    help="Skills-based jobs: lint, build from an occupation, import, export.",
    no_args_is_help=True,
)

_PLAIN_SUFFIXES = ("", ".txt", ".text", ".md")


def read_ad(source: str) -> str:
    """The ad's text: `-` is standard input; a plain-text file is read as it is, so offsets
    point into the file; HTML, PDF and DOCX go through the document reader."""
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_LINT_CHARS * 4 + 1)
        return _decode(raw, "standard input")
    path = Path(source)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    if path.suffix.lower() in _PLAIN_SUFFIXES:
        with path.open("rb") as handle:
            return _decode(handle.read(MAX_LINT_CHARS * 4 + 1), str(path))
    return read_path(path).text


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{name}: not UTF-8 text (byte {error.start})") from error


@app.command("lint")
def lint(
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="A job ad (text, HTML, PDF, DOCX) or - for standard input"
    ),
    as_json: bool = JSON,
) -> None:
    """Find degree and years proxies, coded or exclusionary words, jargon, hard reading, too
    many must-haves, and missing pay. Exits 0 with or without findings."""
    text = read_ad(source)
    findings = lint_text(text)
    if as_json:
        emit_json([f.as_json() for f in findings])
        return
    _print(findings)


def _print(findings: list[Finding]) -> None:
    if not findings:
        console.print("No findings.")
        return
    table = Table("where", "rule", "severity", "text", "message", "suggestion")
    for f in findings:
        table.add_row(
            f"{f.start}-{f.end}",
            f.rule.value,
            f.severity.value,
            f.text,
            f.message,
            f.suggestion or "",
        )
    console.print(table)


def _jobs() -> tuple[Jobs, Platform]:
    credentials, platform = credential_service()
    return Jobs(credentials.engine, platform.consents, credentials.wallet), platform


@app.command("build")
def build(
    occupation: str = typer.Option(..., "--occupation", help="O*NET-SOC code or ESCO URI"),
    as_json: bool = JSON,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the JSON here (e.g. for `match batch --job`)"
    ),
) -> None:
    """Propose a job from an occupation's current O*NET and ESCO data. Prints the draft in the
    same JSON as `export --format json` (or writes it to --output); what the data lacks goes
    to standard error."""
    jobs, _ = _jobs()
    proposal = jobs.propose(occupation)
    for note in proposal.lacks:
        err_console.print(f"Note: {note}", highlight=False)
    if output is not None:
        text = json.dumps(proposal.draft.contract(), indent=2, ensure_ascii=False)
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"Wrote the draft job to {output}", highlight=False)
        return
    if as_json:
        emit_json(proposal.draft.contract())
        return
    draft = proposal.draft
    console.print(f"[bold]{draft.title}[/] (job zone {proposal.job_zone or 'unknown'})")
    table = Table("skill", "level", "must-have", "source", "uri")
    for r in draft.requirements:
        table.add_row(r.label, str(r.level), "yes" if r.must_have else "", r.source, r.skill)
    console.print(table)


@app.command("import")
def import_posting(
    file: Path = typer.Argument(..., help="The posting: text, HTML, PDF or DOCX"),
    org: str = typer.Option(..., "--org", help="Organization slug"),
    as_email: str = typer.Option(..., "--as", help="Email of a member who may write jobs"),
    as_json: bool = JSON,
) -> None:
    """Store a posting as a draft job to review (never published by this command)."""
    jobs, platform = _jobs()
    principal = acting_member(platform, as_email)
    org_id = next((m.org_id for m in principal.memberships if m.org_slug == org), None)
    if org_id is None:
        raise NotFoundError(f"{as_email} is not a member of an organization named {org}")
    document = read_path(file)
    job, imported = jobs.import_posting(
        principal,
        org_id,
        document.text,
        lambda _text: extract_document(jobs.engine, document, "posting").to_dict(),
    )
    if as_json:
        emit_json(
            {
                "job": job.contract(),
                "notes": imported.notes,
                "findings": [f.as_json() for f in imported.findings],
            }
        )
        return
    console.print(f"Saved draft job {job.id}: {job.draft.title}", highlight=False)
    for note in imported.notes:
        console.print(f"Note: {note}", highlight=False)
    _print(imported.findings)


@app.command("export")
def export(
    job_id: str = typer.Argument(..., metavar="JOB", help="The job's id"),
    fmt: str = typer.Option("json", "--format", help="schema-org, html or json"),
    as_email: str | None = typer.Option(None, "--as", help="A member, to export a draft"),
) -> None:
    """Print a job as schema.org JobPosting JSON-LD, HTML, or the JSON an HR system imports."""
    jobs, platform = _jobs()
    job = jobs.get(acting_member(platform, as_email), job_id) if as_email else jobs.public(job_id)
    url = platform.links.job(job.id)
    sys.stdout.write(export_job(job, fmt, url) + "\n")
