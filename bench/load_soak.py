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
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_clients import KINDS, TEXT, Ctx, client_loop, describe, prober, weights  # noqa: E402
from load_report import Recorder, markdown, summarize  # noqa: E402
from load_support import (  # noqa: E402
    ROOT,
    Processes,
    Server,
    World,
    build_world,
    free_port,
    new_client,
    onramp_command,
    onramp_env,
    recipients_csv,
    run_cli,
    summarize_log,
)


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
            "summary": summarize(outcome, {k: describe(k) for k in KINDS}),
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
