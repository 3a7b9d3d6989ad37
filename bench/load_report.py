"""The record and the report of `bench/load_soak.py`: every request's start, kind, latency and
outcome; per-kind percentiles and error counts; /health with and without the correction for
probes held back by a slow answer, and the gaps in which the server answered nothing; a
markdown summary."""

from __future__ import annotations

import math
import time
from collections import Counter
from typing import Any

HEALTH = "health"
Row = tuple[float, str, float, str]  # start (s into the run), kind, seconds, outcome


class Recorder:
    """Every request's start (seconds into the run), kind, latency and outcome."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.rows: list[Row] = []
        self.notes: Counter[str] = Counter()

    def now(self) -> float:
        return time.monotonic() - self.t0

    def add(self, kind: str, at: float, seconds: float, outcome: str) -> None:
        self.rows.append((at, kind, seconds, outcome))


def is_error(outcome: str) -> bool:
    return outcome in ("timeout", "connection") or outcome.startswith("5")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of a sorted list (0 when empty)."""
    if not values:
        return 0.0
    return values[max(0, math.ceil(share * len(values)) - 1)]


def stats(rows: list[Row]) -> dict[str, Any]:
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


def summarize(outcome: dict[str, Any], kinds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Everything the JSON and the markdown report say; `kinds` describes each request kind."""
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
        "kinds": {k: {**stats([r for r in load_rows if r[1] == k]), **d} for k, d in kinds.items()},
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


def health_gaps(rows: list[Row], over: float = 1.0) -> list[dict]:
    """Spans of over `over` seconds in which no /health answer arrived: the server froze."""
    answered = sorted(at + seconds for at, kind, seconds, _o in rows if kind == HEALTH)
    return [
        {"from_s": round(before, 1), "seconds": round(after - before, 1)}
        for before, after in zip(answered, answered[1:], strict=False)
        if after - before > over
    ]
