"""`onramp match ...`: match workers to a job by their evidence (issue 14, item 9).

`match batch` is the stateless contract: a job's JSON export and a JSONL file of profiles in,
a ranked JSONL file out, no store. Each profile line is read by
`onramp.matching.scoring.batch.read_profile_line`, which returns only the id and the evidence,
so a line's other keys (education, name, birth year, address) never reach scoring.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

from onramp.cli.common import console, count_bar, emit_json, input_file
from onramp.cli.issuing import acting_member, credential_service
from onramp.config import get_settings
from onramp.credentials.verify.trust import TrustRegistry
from onramp.errors import InvalidInputError, NotFoundError
from onramp.jobs.service import Jobs
from onramp.matching.candidates import DEFAULT_TOP, MAX_TOP
from onramp.matching.index import ProfileIndex, default_path
from onramp.matching.scoring import JobSpec, Match, TopK, build_profile, read_job
from onramp.matching.scoring.batch import output_line, read_profile_line
from onramp.matching.services import MatchingServices, matching_services
from onramp.metrics.monitoring import monitor_rankings
from onramp.platform import Platform
from onramp.platform.model import Principal

app = typer.Typer(help="Match workers to jobs by what their evidence shows.", no_args_is_help=True)

MAX_JOB_BYTES = 2_000_000


def read_job_file(path: Path) -> JobSpec:
    """The job's JSON export (`onramp jobs export --format json`)."""
    input_file(path)
    raw = path.read_bytes()[: MAX_JOB_BYTES + 1]
    if len(raw) > MAX_JOB_BYTES:
        raise InvalidInputError(f"{path}: a job file is at most {MAX_JOB_BYTES:,} bytes")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"{path}: not a JSON job ({error})") from None
    return read_job(data, str(path))


def read_trust_file(path: Path) -> Callable[[str, str], bool]:
    """A trust registry as JSON (`{"issuer id": ["skill uri", ...] or "*"}`)."""
    input_file(path)
    try:
        registry = TrustRegistry.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"{path}: not a JSON trust registry ({error})") from None
    return lambda issuer, skill: registry.assess(issuer, [skill]).trusted


def _day(value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"--today {value!r}: use YYYY-MM-DD") from None


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def rank_file(
    job: JobSpec,
    profiles: Path,
    top: int | None,
    today: date,
    trust: Callable[[str, str], bool] | None,
    advance: Callable[[int], Any],
) -> TopK:
    """Score every line of PROFILES, keeping the best `top`; a bad line stops it, named."""
    best = TopK(job, top)
    seen: dict[str, int] = {}
    with profiles.open(encoding="utf-8") as lines:
        number = 0
        try:
            for number, text in enumerate(lines, 1):  # noqa: B007 (read after the loop)
                advance(1)
                if not text.strip():
                    continue
                where = f"{profiles}, line {number}"
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    raise InvalidInputError(f"{where}: not JSON ({error.msg})") from None
                worker, evidence = read_profile_line(data, where)
                if worker in seen:
                    raise InvalidInputError(
                        f"{where}: the id {worker!r} was already used on line {seen[worker]}"
                    )
                seen[worker] = number
                best.add(worker, build_profile(evidence, today=today, trust=trust))
        except UnicodeDecodeError:
            raise InvalidInputError(f"{profiles}, line {number + 1}: not UTF-8 text") from None
    if not seen:
        raise InvalidInputError(f"{profiles}: no profiles")
    return best


@app.command("batch")
def batch(
    job_file: Path = typer.Option(..., "--job", help="The job's JSON (jobs export --format json)"),
    profiles: Path = typer.Option(..., "--profiles", help="JSONL: {id, evidence: [...]} a line"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL: one ranked line a profile"),
    top: int | None = typer.Option(None, "--top", min=1, help="Keep only the best K"),
    today: str | None = typer.Option(
        None, "--today", help="Score as of YYYY-MM-DD (default: today)"
    ),
    trust_file: Path | None = typer.Option(
        None, "--trust", help='Trusted issuers: {"issuer": ["skill uri", ...] or "*"}'
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Rank profiles for a job by their evidence, best first, with each requirement's status,
    the evidence used and the gaps. Needs no store.

    Only each line's "id" and "evidence" are read; other keys never reach scoring. A bad line
    stops the run, naming the line, and nothing is written: the output goes to a temporary
    file renamed into place at the end.
    """
    spec = read_job_file(job_file)
    input_file(profiles)
    trust = read_trust_file(trust_file) if trust_file is not None else None
    day = _day(today)
    started = time.perf_counter()
    # a stream (/dev/stdin) can be read once only: no count, no bar
    total = _count_lines(profiles) if profiles.is_file() else 0
    with count_bar("matching profiles", total, enabled=total > 0 and not (quiet or as_json)) as (
        advance
    ):
        best = rank_file(spec, profiles, top, day, trust, advance)
    ranked = best.results()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            for entry in ranked:
                out.write(json.dumps(output_line(entry.id, entry.match)) + "\n")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    summary = {
        "job": spec.title,
        "profiles": best.seen,
        "written": len(ranked),
        "today": day.isoformat(),
        "output": str(output),
        "seconds": round(seconds, 3),
    }
    if as_json:
        emit_json(summary)
    elif not quiet:
        console.print(
            f"Ranked {best.seen} profiles for {spec.title} in {seconds:.1f} s; "
            f"wrote the best {len(ranked)} to {output}",
            highlight=False,
        )


# -- over the store: the same use cases as the web app and the API --------------------------
AS = typer.Option(..., "--as", help="Email of the person you act as (their rights apply)")


def matching_for_cli() -> tuple[MatchingServices, Platform]:
    """The matching use cases over the configured store; with the profile index file when
    one was built (`onramp match index`), so large pools are pre-filtered."""
    credentials, platform = credential_service()
    jobs = Jobs(credentials.engine, platform.consents, credentials.wallet)
    found = matching_services(credentials.engine, platform.consents, credentials.wallet, jobs)
    monitor_rankings(
        credentials.engine,
        found.matching,
        found.personal,
        platform.mailer,
        platform.links.public_url,
    )
    path = default_path(get_settings())
    if path.is_file():
        found.matching.use_index(ProfileIndex.load(path), found.vectors)
    return found, platform


def _candidate(
    services: MatchingServices, platform: Platform, member: Principal, job: str, worker: str
) -> str:
    """The worker `--worker` names for the job: a handle from `match rank`, or an email. An
    email says who the person is, so reading one is a reveal, checked and written to the audit
    log like the Reveal button (decisions/0023); a handle stays blind. A bare account id is
    neither, and is refused: it would join an alias to a person with no reveal."""
    if "@" not in worker:
        return services.matching.worker_of(job, worker)
    user = platform.accounts.user_by_email(worker)
    if user is None:
        raise NotFoundError(f"no account with the email {worker}")
    services.personal.reveal(member, job, user.id)  # checks who may, and audits
    return user.id


def _print_match(title: str, found: Match) -> None:
    console.print(
        f"[bold]{title}[/]: score {found.score:.2f}, confidence {found.confidence:.2f}",
        highlight=False,
    )
    for r in found.requirements:
        mark = "must" if r.requirement.must_have else "nice"
        console.print(
            f"  {r.status.value:<10} {mark}  {r.requirement.label} (level {r.requirement.level})"
            f" — {r.sentence()}",
            highlight=False,
            markup=False,
        )
    for gap in found.gaps:
        console.print(f"  gap: {gap.requirement.label}: {gap.sentence()}", markup=False)


@app.command("rank")
def rank_candidates(
    job: str = typer.Option(..., "--job", help="The job's id"),
    acting: str = AS,
    top: int = typer.Option(DEFAULT_TOP, "--top", min=1, max=MAX_TOP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """A job's candidates (who applied or share with the employer), blind, best first."""
    services, platform = matching_for_cli()
    found = services.matching.candidates(acting_member(platform, acting), job, top)
    if as_json:
        emit_json(found.as_json())
        return
    console.print(
        f"{len(found.candidates)} of {found.considered} candidates for {found.job.draft.title}",
        highlight=False,
    )
    for row in found.candidates:
        console.print(
            f"{row.rank:>3}. {row.alias}  score {row.match.score:.2f}  confidence "
            f"{row.match.confidence:.2f}  met {row.met}/{len(row.match.requirements)}  "
            f"handle {row.handle}",
            highlight=False,
            soft_wrap=True,  # a handle is copied whole into `match explain --worker`
        )


@app.command("explain")
def explain(
    job: str = typer.Option(..., "--job", help="The job's id"),
    worker: str = typer.Option(
        ..., "--worker", help="The candidate's handle (from match rank), or email (a reveal)"
    ),
    acting: str = AS,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """One candidate's match, requirement by requirement, with the evidence used. Name the
    candidate by the handle `match rank` prints to stay blind; an email reveals them, and the
    reveal is in the audit log."""
    services, platform = matching_for_cli()
    member = acting_member(platform, acting)
    found = services.matching.explain(
        member, job, _candidate(services, platform, member, job, worker)
    )
    if as_json:
        emit_json(found.as_json())
        return
    if "@" in worker:
        console.print("You named this candidate by email: that is a reveal, in the audit log.")
    _print_match(f"{found.alias} for {found.job.draft.title}", found.match)


@app.command("jobs")
def jobs_for_worker(
    worker: str = typer.Option(..., "--worker", help="The worker's email (you act as them)"),
    top: int = typer.Option(20, "--top", min=1, max=100),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Open jobs that fit a worker best, with reasons and what is missing."""
    services, platform = matching_for_cli()
    found = services.matching.jobs_for_me(acting_member(platform, worker), top)
    if as_json:
        emit_json([f.as_json() for f in found])
        return
    if not found:
        console.print("No open jobs.")
    for fit in found:
        _print_match(f"{fit.job.draft.title} at {fit.job.org_name} ({fit.job.id})", fit.match)
        console.print(f"  {fit.match.uses.sentence()}", markup=False)


@app.command("index")
def build_index(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
) -> None:
    """Bring the profile index up to date: rebuild the profile vectors whose evidence changed,
    then put every changed vector into the index file beside the store (decisions/0019).
    `match rank` pre-filters large pools of candidates with it."""
    services, _ = matching_for_cli()
    path = default_path(get_settings())
    index = ProfileIndex.load(path) if path.is_file() else ProfileIndex()
    stale = len(services.vectors.stale())
    with count_bar("profile vectors", stale, enabled=stale > 0 and not as_json) as advance:
        built = services.vectors.refresh(advance=advance)
    services.vectors.sync(index)
    index.save(path)
    summary = {"rebuilt": built, "workers": len(index), "path": str(path)}
    if as_json:
        emit_json(summary)
    else:
        console.print(
            f"Rebuilt {built} profile vectors; the index holds {len(index)} workers: {path}",
            highlight=False,
        )
