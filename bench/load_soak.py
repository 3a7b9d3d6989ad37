"""Load and soak benchmark (issue 11): many clients against a real `onramp serve` on loopback.

The script starts the server itself (`onramp serve --no-demo` on a free loopback port, its own
ONRAMP_HOME in a temporary folder; SQLite, or PostgreSQL with `--postgres auto|URL`), installs
the built-in Essential Skills Framework (no downloads), sets up two organizations, an
Achievement, worker accounts and issued credentials over the API, and then, for `--minutes`:

- `--clients` bounded asyncio clients (httpx), each a closed loop that picks a request kind by
  weight (public and logged-in pages, credential verification, skill extraction from text and
  from uploaded text, HTML and DOCX files, and writes), then waits a random think time;
- a prober that asks `/health` every 200 ms on its own connection;
- `onramp credentials issue --csv` batches of `--batch-size` recipients into the same
  organization and store, one after another (under `nice`), as an operator would run them.

An error is a 5xx answer, a connection error or a timeout. An answer outside a kind's expected
statuses (a 4xx, say), or a verification with the wrong verdict, is counted apart as
"unexpected". Results: a markdown table on stdout and JSON in bench/results/ (not committed).

    PYTHONPATH=$PWD/src .venv/bin/python bench/load_soak.py --minutes 10
    PYTHONPATH=$PWD/src .venv/bin/python bench/load_soak.py --minutes 10 --postgres auto
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_support import (  # noqa: E402
    ROOT,
    Processes,
    Server,
    Session,
    Worker,
    World,
    build_world,
    free_port,
    new_client,
    onramp_command,
    onramp_env,
    posting_docx,
    posting_html,
    posting_text,
    recipients_csv,
    run_cli,
    summarize_log,
)

HEALTH = "health"


@dataclass(frozen=True)
class Kind:
    weight: int
    who: str  # anonymous | worker | staff
    expect: tuple[int, ...]
    what: str  # the request, and what counts as a right answer


KINDS: dict[str, Kind] = {
    "page_home": Kind(6, "anonymous", (200,), "GET /"),
    "page_occupations": Kind(4, "anonymous", (200,), "GET /occupations?q=..."),
    "page_skills": Kind(4, "anonymous", (200,), "GET /skills?q=..."),
    "page_essential_skills": Kind(3, "anonymous", (200,), "GET /essential-skills"),
    "page_verify": Kind(2, "anonymous", (200,), "GET /verify"),
    "page_dashboard": Kind(6, "worker", (200,), "GET /dashboard"),
    "page_wallet": Kind(5, "worker", (200,), "GET /wallet"),
    "page_wallet_item": Kind(3, "worker", (200,), "GET /wallet/{id} (checks it again)"),
    "page_org_desk": Kind(2, "staff", (200,), "GET /orgs/{id}/credentials"),
    "verify_genuine": Kind(
        12, "anonymous", (200,), "POST /api/v1/credentials/verify; 200 and verified"
    ),
    "verify_tampered": Kind(
        5, "anonymous", (200,), "same, one signed value changed; 200 and not verified"
    ),
    "extract_text": Kind(6, "anonymous", (200,), "POST /api/v1/skills/extract (JSON text)"),
    "extract_file_txt": Kind(2, "anonymous", (200,), "POST /api/v1/skills/extract-file .txt"),
    "extract_file_html": Kind(2, "anonymous", (200,), "POST /api/v1/skills/extract-file .html"),
    "extract_file_docx": Kind(2, "anonymous", (200,), "POST /api/v1/skills/extract-file .docx"),
    "wallet_add": Kind(4, "worker", (201,), "POST /api/v1/wallet (paste own credential)"),
    "wallet_remove": Kind(4, "worker", (204,), "DELETE /api/v1/wallet/{id} (one it pasted)"),
    "profile_update": Kind(4, "worker", (200,), "PUT /api/v1/users/me/profile"),
    "consent_grant": Kind(3, "worker", (201,), "POST /api/v1/consents (to the employer)"),
    "consent_revoke": Kind(3, "worker", (200,), "POST /api/v1/consents/{id}/revoke"),
    "issue_one": Kind(3, "staff", (201,), "POST .../achievements/{id}/issue, one email"),
}
SEARCHES = ("cook", "warehouse", "nurse", "driver", "cashier", "team", "safety", "customer")


class Recorder:
    """Every request's start (seconds into the run), kind, latency and outcome."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.rows: list[tuple[float, str, float, str]] = []
        self.notes: Counter[str] = Counter()

    def now(self) -> float:
        return time.monotonic() - self.t0

    def add(self, kind: str, at: float, seconds: float, outcome: str) -> None:
        self.rows.append((at, kind, seconds, outcome))


def is_error(outcome: str) -> bool:
    return outcome in ("timeout", "connection") or outcome.startswith("5")


async def call(
    rec: Recorder,
    kind: str,
    client: httpx.AsyncClient,
    method: str,
    url: str,
    check: Callable[[httpx.Response], bool] | None = None,
    **request: Any,
) -> httpx.Response | None:
    """One timed request. Outcome: ok, a 5xx status, timeout, connection, or (unexpected) the
    status outside what the kind expects, or `wrong answer` when `check` says so."""
    expect = (200,) if kind == HEALTH else KINDS[kind].expect
    at, started = rec.now(), time.perf_counter()
    try:
        response = await client.request(method, url, **request)
    except httpx.TimeoutException:
        rec.add(kind, at, time.perf_counter() - started, "timeout")
        return None
    except httpx.TransportError as error:
        rec.add(kind, at, time.perf_counter() - started, "connection")
        rec.notes[f"{kind}: {type(error).__name__}"] += 1
        return None
    seconds = time.perf_counter() - started
    if response.status_code >= 500 or response.status_code not in expect:
        outcome = str(response.status_code)
        rec.notes[f"{kind} {outcome}: {response.text[:160]}"] += 1
    elif check is not None and not check(response):
        outcome = "wrong answer"
        rec.notes[f"{kind} wrong answer: {response.text[:160]}"] += 1
    else:
        outcome = "ok"
    rec.add(kind, at, seconds, outcome)
    return response if outcome == "ok" else None


@dataclass
class Ctx:
    """What one client acts with: a shared anonymous connection pool, its worker's session,
    and a session of the college admin shared with a few other clients."""

    rec: Recorder
    world: World
    anon: httpx.AsyncClient
    worker: Worker
    staff: Session
    rng: random.Random
    index: int
    serial: int = 0


Action = Callable[[Ctx], Awaitable[None]]


def _verdict(expected: bool) -> Callable[[httpx.Response], bool]:
    return lambda response: bool(response.json().get("verified")) is expected


async def _page(ctx: Ctx, kind: str, client: httpx.AsyncClient, url: str) -> None:
    await call(ctx.rec, kind, client, "GET", url)


async def _extract_file(ctx: Ctx, kind: str, name: str, data: bytes, media: str) -> None:
    files = {"file": (name, data, media)}
    await call(ctx.rec, kind, ctx.anon, "POST", "/api/v1/skills/extract-file", files=files)


TEXT, HTML, DOCX = posting_text(), posting_html(), posting_docx()


async def wallet_add(ctx: Ctx) -> None:
    body = {"credential": ctx.worker.document, "source": "paste"}
    found = await call(
        ctx.rec, "wallet_add", ctx.worker.session.client, "POST", "/api/v1/wallet",
        json=body, headers=ctx.worker.session.headers,
    )  # fmt: skip
    if found is not None:
        ctx.worker.added.append(found.json()["id"])


async def wallet_remove(ctx: Ctx) -> None:
    if not ctx.worker.added:
        await wallet_add(ctx)
        return
    item = ctx.worker.added.pop(0)
    session = ctx.worker.session
    await call(
        ctx.rec, "wallet_remove", session.client, "DELETE", f"/api/v1/wallet/{item}",
        headers=session.headers,
    )  # fmt: skip


async def profile_update(ctx: Ctx) -> None:
    ctx.serial += 1
    body = {
        "headline": f"Warehouse associate, update {ctx.serial}",
        "summary": "I show up on time, work safely and learn fast.",
        "location": "Columbus, OH",
    }
    session = ctx.worker.session
    await call(
        ctx.rec, "profile_update", session.client, "PUT", "/api/v1/users/me/profile",
        json=body, headers=session.headers,
    )  # fmt: skip


async def consent_grant(ctx: Ctx) -> None:
    body = {
        "org_id": ctx.world.employer_id,
        "parts": ["profile", "work_history"],
        "purpose_kind": "job_application",
        "purpose_text": "Application for the warehouse job",
        "days": 30,
    }
    session = ctx.worker.session
    found = await call(
        ctx.rec, "consent_grant", session.client, "POST", "/api/v1/consents",
        json=body, headers=session.headers,
    )  # fmt: skip
    if found is not None:
        ctx.worker.grants.append(found.json()["id"])


async def consent_revoke(ctx: Ctx) -> None:
    if not ctx.worker.grants:
        await consent_grant(ctx)
        return
    grant = ctx.worker.grants.pop(0)
    session = ctx.worker.session
    await call(
        ctx.rec, "consent_revoke", session.client, "POST", f"/api/v1/consents/{grant}/revoke",
        headers=session.headers,
    )  # fmt: skip


async def issue_one(ctx: Ctx) -> None:
    ctx.serial += 1
    world = ctx.world
    path = f"/api/v1/orgs/{world.college_id}/achievements/{world.achievement_id}/issue"
    recipient = f"single{ctx.index}-{ctx.serial}@load.example"
    body = {"recipients": [{"email": recipient, "level": "Basic"}]}
    await call(
        ctx.rec, "issue_one", ctx.staff.client, "POST", path, json=body,
        headers=ctx.staff.headers,
    )  # fmt: skip


def _search(kind: str, path: str) -> Action:
    async def act(ctx: Ctx) -> None:
        await _page(ctx, kind, ctx.anon, f"{path}?q={ctx.rng.choice(SEARCHES)}")

    return act


def _get(kind: str, path: str, who: str = "anonymous") -> Action:
    async def act(ctx: Ctx) -> None:
        client = {"anonymous": ctx.anon, "worker": ctx.worker.session.client}[who]
        await _page(ctx, kind, client, path)

    return act


async def page_wallet_item(ctx: Ctx) -> None:
    item = ctx.rng.choice(ctx.worker.item_ids)
    await _page(ctx, "page_wallet_item", ctx.worker.session.client, f"/wallet/{item}")


async def page_org_desk(ctx: Ctx) -> None:
    path = f"/orgs/{ctx.world.college_id}/credentials"
    await _page(ctx, "page_org_desk", ctx.staff.client, path)


async def verify(ctx: Ctx, genuine: bool) -> None:
    pool = ctx.world.genuine if genuine else ctx.world.tampered
    kind = "verify_genuine" if genuine else "verify_tampered"
    body = {"credential": ctx.rng.choice(pool)}
    await call(
        ctx.rec, kind, ctx.anon, "POST", "/api/v1/credentials/verify", _verdict(genuine), json=body
    )


async def extract_text(ctx: Ctx) -> None:
    body = {"text": TEXT, "kind": "posting"}
    await call(ctx.rec, "extract_text", ctx.anon, "POST", "/api/v1/skills/extract", json=body)


async def _genuine(ctx: Ctx) -> None:
    await verify(ctx, True)


async def _tampered(ctx: Ctx) -> None:
    await verify(ctx, False)


async def _txt(ctx: Ctx) -> None:
    await _extract_file(ctx, "extract_file_txt", "posting.txt", TEXT.encode(), "text/plain")


async def _html(ctx: Ctx) -> None:
    await _extract_file(ctx, "extract_file_html", "posting.html", HTML, "text/html")


async def _docx(ctx: Ctx) -> None:
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    await _extract_file(ctx, "extract_file_docx", "posting.docx", DOCX, media)


ACTIONS: dict[str, Action] = {
    "page_home": _get("page_home", "/"),
    "page_occupations": _search("page_occupations", "/occupations"),
    "page_skills": _search("page_skills", "/skills"),
    "page_essential_skills": _get("page_essential_skills", "/essential-skills"),
    "page_verify": _get("page_verify", "/verify"),
    "page_dashboard": _get("page_dashboard", "/dashboard", "worker"),
    "page_wallet": _get("page_wallet", "/wallet", "worker"),
    "page_wallet_item": page_wallet_item,
    "page_org_desk": page_org_desk,
    "verify_genuine": _genuine,
    "verify_tampered": _tampered,
    "extract_text": extract_text,
    "extract_file_txt": _txt,
    "extract_file_html": _html,
    "extract_file_docx": _docx,
    "wallet_add": wallet_add,
    "wallet_remove": wallet_remove,
    "profile_update": profile_update,
    "consent_grant": consent_grant,
    "consent_revoke": consent_revoke,
    "issue_one": issue_one,
}


def weights(changes: list[str]) -> dict[str, int]:
    """The weight of each request kind: the defaults, with `KIND=N` changes."""
    chosen = {name: kind.weight for name, kind in KINDS.items()}
    for change in changes:
        name, _, value = change.partition("=")
        if name not in chosen or not value.isdigit():
            raise SystemExit(f"--weight {change!r}: use KIND=N with one of {', '.join(KINDS)}")
        chosen[name] = int(value)
    if not any(chosen.values()):
        raise SystemExit("--weight: every kind has weight 0")
    return chosen


async def client_loop(ctx: Ctx, deadline: float, think: float, mix: dict[str, int]) -> None:
    names = [name for name, weight in mix.items() if weight]
    chances = [mix[name] for name in names]
    await asyncio.sleep(ctx.rng.uniform(0, max(think, 0.5)))  # clients do not start in step
    while time.monotonic() < deadline:
        await ACTIONS[ctx.rng.choices(names, chances)[0]](ctx)
        pause = ctx.rng.uniform(0.5, 1.5) * think
        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))


async def prober(base: str, rec: Recorder, deadline: float, timeout: float) -> None:
    async with new_client(base, timeout, 1) as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            await call(rec, HEALTH, client, "GET", "/health")
            await asyncio.sleep(max(0.0, 0.2 - (time.monotonic() - started)))


@dataclass
class BatchPlan:
    env: dict[str, str]
    folder: Path
    size: int
    start_after: float
    nice: int
    processes: Processes


async def batches(plan: BatchPlan, world: World, rec: Recorder, deadline: float) -> list[dict]:
    """CLI batch issues into the college, one after another until the deadline; the one still
    running then is stopped and reported as such (its transaction rolls back)."""
    done: list[dict[str, Any]] = []
    await asyncio.sleep(plan.start_after)
    run = 0
    while time.monotonic() < deadline:
        csv_path = plan.folder / f"batch{run}.csv"
        recipients_csv(csv_path, run, plan.size)
        command = onramp_command(
            "credentials", "issue", "--org", world.college_slug, "--as", world.admin_email,
            "--achievement", world.achievement_id, "--csv", str(csv_path), nice=plan.nice,
        )  # fmt: skip
        at, started = rec.now(), time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *command,
            env=plan.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        plan.processes.add(process.pid)
        entry: dict[str, Any] = {"run": run, "recipients": plan.size, "started_s": round(at, 1)}
        try:
            out, err = await asyncio.wait_for(
                process.communicate(), timeout=max(1.0, deadline - time.monotonic())
            )
            entry["exit_code"] = process.returncode
            text = (out.decode() + err.decode()).strip().splitlines()
            entry["result"] = " | ".join(text[-3:])[-600:] if text else ""
        except asyncio.CancelledError:  # stopped by a signal: end the batch before the loop
            plan.processes.end(process.pid)
            raise
        except TimeoutError:
            plan.processes.end(process.pid)
            entry["exit_code"] = None
            entry["result"] = "stopped at the end of the run (rolled back, not counted)"
        entry["seconds"] = round(time.monotonic() - started, 1)
        entry["ended_s"] = round(rec.now(), 1)
        if process.pid in plan.processes.pids:
            plan.processes.pids.remove(process.pid)
        done.append(entry)
        run += 1
    return done


async def run_load(
    args: argparse.Namespace, server: Server, env: dict[str, str], folder: Path, procs: Processes
) -> dict[str, Any]:
    loop, current = asyncio.get_running_loop(), asyncio.current_task()
    assert current is not None
    for number in STOP_SIGNALS:  # stop cleanly: batch process, connections, then the caller's
        loop.add_signal_handler(number, current.cancel)
    setup_started = time.monotonic()
    world = await build_world(
        server.base, args.workers, args.staff_sessions, args.verify_pool, args.timeout
    )
    setup_seconds = time.monotonic() - setup_started
    anon = new_client(server.base, args.timeout, max(1, args.clients))
    probe = await anon.post("/api/v1/skills/extract", json={"text": TEXT})
    extraction_notes = probe.json().get("notes", []) if probe.status_code == 200 else []
    rec = Recorder()
    deadline = time.monotonic() + args.minutes * 60
    rng = random.Random(args.seed)
    contexts = [
        Ctx(
            rec,
            world,
            anon,
            world.workers[n % len(world.workers)],
            world.staff[n % len(world.staff)],
            random.Random(rng.random()),
            n,
        )
        for n in range(args.clients)
    ]
    plan = BatchPlan(env, folder, args.batch_size, args.batch_start, args.nice, procs)
    mix = weights(args.weight)
    tasks = [asyncio.create_task(client_loop(c, deadline, args.think, mix)) for c in contexts]
    health = asyncio.create_task(prober(server.base, rec, deadline, args.timeout))
    batch_task = (
        asyncio.create_task(batches(plan, world, rec, deadline)) if args.batch_size else None
    )
    everything = [*tasks, health, *([batch_task] if batch_task else [])]
    try:
        _done, pending = await asyncio.wait([*tasks, health], timeout=args.minutes * 60 + 120)
        for task in pending:  # requests still waiting long after the end: not counted
            task.cancel()
        batch_log = await batch_task if batch_task else []
    finally:
        for task in everything:
            task.cancel()
        await asyncio.gather(*everything, return_exceptions=True)
        await anon.aclose()
        await world.close()
    return {
        "setup_seconds": round(setup_seconds, 1),
        "extraction_notes": extraction_notes,
        "records": rec,
        "batches": batch_log,
        "duration_s": round(rec.now(), 1),
        "weights": mix,
    }


# -- the report -----------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of a sorted list (0 when empty)."""
    if not values:
        return 0.0
    return values[max(0, math.ceil(share * len(values)) - 1)]


def stats(rows: list[tuple[float, str, float, str]]) -> dict[str, Any]:
    seconds = sorted(r[2] for r in rows)
    outcomes = Counter(r[3] for r in rows)
    return {
        "count": len(rows),
        "errors": {k: v for k, v in sorted(outcomes.items()) if is_error(k)},
        "unexpected": {k: v for k, v in sorted(outcomes.items()) if k != "ok" and not is_error(k)},
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "max_ms": round((seconds[-1] if seconds else 0.0) * 1000, 1),
    }


def summarize(outcome: dict[str, Any]) -> dict[str, Any]:
    rec: Recorder = outcome["records"]
    windows = [(b["started_s"], b["ended_s"]) for b in outcome["batches"]]

    def in_batch(at: float) -> bool:
        return any(start <= at <= end for start, end in windows)

    load_rows = [r for r in rec.rows if r[1] != HEALTH]
    health_rows = [r for r in rec.rows if r[1] == HEALTH]
    timeline = []
    for start in range(0, int(outcome["duration_s"]) + 1, 10):
        span = [r for r in rec.rows if start <= r[0] < start + 10]
        load, probe = [r for r in span if r[1] != HEALTH], [r for r in span if r[1] == HEALTH]
        timeline.append(
            {
                "from_s": start,
                "requests": len(load),
                "errors": sum(1 for r in load if is_error(r[3])),
                "p95_ms": stats(load)["p95_ms"],
                "health_probes": len(probe),
                "health_max_ms": stats(probe)["max_ms"],
                "batch_running": in_batch(start + 5),
            }
        )
    return {
        "kinds": {k: {**stats([r for r in load_rows if r[1] == k]), **_kind(k)} for k in KINDS},
        "all_requests": stats(load_rows),
        "throughput_per_s": round(len(load_rows) / max(outcome["duration_s"], 1), 1),
        "health": stats(health_rows),
        "health_corrected": corrected([r[2] for r in health_rows]),
        "health_during_batches": stats([r for r in health_rows if in_batch(r[0])]),
        "health_outside_batches": stats([r for r in health_rows if not in_batch(r[0])]),
        "health_gaps": health_gaps(health_rows),
        "requests_during_batches": stats([r for r in load_rows if in_batch(r[0])]),
        "requests_outside_batches": stats([r for r in load_rows if not in_batch(r[0])]),
        "timeline_10s": timeline,
        "answers_seen": [{"count": n, "what": k} for k, n in rec.notes.most_common(25)],
    }


def _kind(name: str) -> dict[str, Any]:
    kind = KINDS[name]
    return {"who": kind.who, "expect": list(kind.expect), "what": kind.what}


def _counts(found: dict[str, int]) -> str:
    return ", ".join(f"{k}: {n}" for k, n in found.items()) or "0"


def markdown(result: dict[str, Any]) -> str:
    s, meta = result["summary"], result["meta"]
    lines = [
        f"Load and soak, {meta['backend']}, {meta['minutes']} min, {meta['clients']} clients "
        f"(think {meta['think_s']} s), commit {meta['commit']}, {meta['date']}",
        "",
        "| kind | count | errors | unexpected | p50 ms | p95 ms | max ms |",
        "|---|---:|---|---|---:|---:|---:|",
    ]
    rows = [(k, v) for k, v in s["kinds"].items()] + [("all requests", s["all_requests"])]
    rows += [(f"**{HEALTH}** (every 200 ms)", s["health"])]
    for name, v in rows:
        lines.append(
            f"| {name} | {v['count']:,} | {_counts(v['errors'])} | {_counts(v['unexpected'])} "
            f"| {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} |"
        )
    during, outside = s["health_during_batches"], s["health_outside_batches"]
    fixed = s["health_corrected"]
    lines += [
        "",
        f"Throughput {s['throughput_per_s']} requests/s. /health p50/p95/max: "
        f"{s['health']['p50_ms']}/{s['health']['p95_ms']}/{s['health']['max_ms']} ms; during "
        f"CLI batches {during['p95_ms']} ms p95 ({during['count']} probes), outside "
        f"{outside['p95_ms']} ms p95 ({outside['count']} probes). Corrected for the probes a "
        f"slow answer held back (one due every 200 ms): p50 {fixed['p50_ms']} ms, p95 "
        f"{fixed['p95_ms']} ms over {fixed['count']} due probes.",
        "",
        "CLI batches (`onramp credentials issue --csv`):",
    ]
    for batch in result["batches"]:
        lines.append(
            f"- run {batch['run']}: {batch['recipients']:,} recipients, started at "
            f"{batch['started_s']} s, {batch['seconds']} s, exit {batch['exit_code']}: "
            f"{batch['result']}"
        )
    gaps = s["health_gaps"]
    lines += [
        "",
        f"Frozen: {len(gaps)} gaps of over 1 s between /health answers, "
        f"{sum(g['seconds'] for g in gaps):.1f} s in all"
        + (
            " (" + ", ".join(f"{g['seconds']} s from {g['from_s']} s" for g in gaps[:8]) + ")"
            if gaps
            else ""
        )
        + ".",
    ]
    log = result["server_log"]
    lines += [
        "",
        f"Server log: {log['tracebacks']} tracebacks, 'database is locked' "
        f"{log['database_is_locked']} times, 5xx in the access log {log['access_log_5xx']}.",
    ]
    lines += [f"- {e['count']} x {e['line']}" for e in log["exceptions"]]
    return "\n".join(lines)


def corrected(seconds: list[float], interval: float = 0.2) -> dict[str, float]:
    """Percentiles as if a probe had been sent every `interval` however long the previous one
    took (HdrHistogram's correction for coordinated omission): a probe that waited L seconds
    also stands for the probes due during that wait, at L - interval, L - 2 x interval, ..."""
    values: list[float] = []
    for value in seconds:
        values.append(value)
        missed = value - interval
        while missed > 1e-9:
            values.append(missed)
            missed -= interval
    values.sort()
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
    }


def health_gaps(rows: list[tuple[float, str, float, str]], over: float = 1.0) -> list[dict]:
    """Spans of over `over` seconds in which no /health answer arrived: the server froze."""
    answered = sorted(at + seconds for at, kind, seconds, _o in rows if kind == HEALTH)
    return [
        {"from_s": round(before, 1), "seconds": round(after - before, 1)}
        for before, after in zip(answered, answered[1:], strict=False)
        if after - before > over
    ]


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


# -- the run --------------------------------------------------------------------------------
def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--workers", type=int, default=50, help="worker accounts")
    parser.add_argument("--staff-sessions", type=int, default=5, help="college admin sessions")
    parser.add_argument("--verify-pool", type=int, default=100, help="credentials to verify")
    parser.add_argument("--batch-size", type=int, default=10_000, help="0: no CLI batch")
    parser.add_argument("--batch-start", type=float, default=15.0, help="seconds into the run")
    parser.add_argument("--nice", type=int, default=10, help="nice level of the CLI batch")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="KIND=N",
        help="change one request kind's weight (repeat; 0 leaves the kind out)",
    )
    parser.add_argument(
        "--postgres",
        default="",
        help="'auto' (a throwaway cluster, as the tests start) or the URL of an EMPTY database",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _stop_on_signals() -> None:
    """Outside the event loop, a signal becomes KeyboardInterrupt so `finally` cleans up."""
    for number in STOP_SIGNALS:
        signal.signal(number, _stop)


def main() -> int:
    args = parse_args()
    weights(args.weight)  # a wrong --weight stops here, before anything starts
    _stop_on_signals()
    procs = Processes()
    folder = Path(tempfile.mkdtemp(prefix="onramp-load-"))
    cluster: Any = None
    server: Server | None = None
    try:
        database_url = args.postgres
        if args.postgres == "auto":
            sys.path.insert(0, str(ROOT / "tests"))
            from pgcluster import Cluster

            cluster = Cluster()
            cluster.start()
            database_url = cluster.create_database("onramp_load")
        backend = "PostgreSQL" if database_url else "SQLite"
        port = free_port()
        env = onramp_env(folder / "home", port, database_url)
        run_cli(env, "esf", "install", "--json")
        server = Server(env, port, folder / "server.log", procs)
        start_seconds = server.start()
        loadavg_before = os.getloadavg()
        try:
            outcome = asyncio.run(run_load(args, server, env, folder, procs))
        finally:
            _stop_on_signals()  # closing the loop put the default handlers back
        loadavg_after = os.getloadavg()
        result = {
            "meta": {
                "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "commit": commit(),
                "backend": backend,
                "minutes": args.minutes,
                "duration_s": outcome["duration_s"],
                "clients": args.clients,
                "think_s": args.think,
                "workers": args.workers,
                "batch_size": args.batch_size,
                "nice": args.nice,
                "timeout_s": args.timeout,
                "cores": os.cpu_count(),
                "loadavg_before": [round(x, 2) for x in loadavg_before],
                "loadavg_after": [round(x, 2) for x in loadavg_after],
                "server_start_s": round(start_seconds, 1),
                "setup_s": outcome["setup_seconds"],
                "taxonomy": "Essential Skills Framework only (onramp esf install)",
                "extraction_notes": outcome["extraction_notes"],
                "weights": outcome["weights"],
            },
            "summary": summarize(outcome),
            "batches": outcome["batches"],
            "server_log": summarize_log((folder / "server.log").read_text(errors="replace")),
            "requests": [
                [round(at, 3), kind, round(seconds * 1000, 1), outcome]
                for at, kind, seconds, outcome in outcome["records"].rows
            ],
        }
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = args.out / f"load_soak-{backend.lower()}-{stamp}.json"
        target.write_text(json.dumps(result, indent=2) + "\n")
        print(markdown(result))
        print(f"\nJSON: {target}")
        return 0
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("stopped; cleaning up", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        procs.end_all()
        if cluster is not None:
            cluster.stop()
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
