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
from onramp.credentials.verify.trust import TrustRegistry
from onramp.errors import InvalidInputError
from onramp.matching.scoring import JobSpec, TopK, build_profile, read_job
from onramp.matching.scoring.batch import output_line, read_profile_line

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
    total = _count_lines(profiles)
    with count_bar("matching profiles", total, enabled=not (quiet or as_json)) as advance:
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
