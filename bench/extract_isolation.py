"""Benchmark: what extraction costs at its limits, and how /health fares while it runs.

1. Worst cases at the limits (`onramp.nlp.limits`): documents of just under 200,000 characters
   or 20,000 lines shaped to be costly (one sentence of repeated skills, every ESCO and O*NET
   label, a line of spaces, dense years and proficiency cues), extracted with the full
   ESCO 1.1.1 and O*NET 29.3 lexicon from ../shared/data (lexical linking; built once,
   outside the timing). Seconds per document.
2. /health while extraction runs: a real server (uvicorn in its own process, loopback, a small
   SQLite store), probed every 20 ms while documents of 199,000 characters are extracted
   (a) in the product's worker processes, (b) in the server's thread pool instead (the design
   not taken), and (c) while one regular expression that holds the GIL runs in a thread (what
   any unforeseen slow pattern does there). p50 / p95 / max of /health, in ms.

    .venv/bin/python bench/extract_isolation.py [--concurrent 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests" / "nlp"))

SERVER = """
import re, sys
from pathlib import Path
import uvicorn
from fastapi import Body
from onramp.api.app import create_app
from onramp.nlp.documents import read_document
from onramp.nlp.service import extract_document
from onramp.store import make_engine

url, port, secrets = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
engine = make_engine(url)
app = create_app(engine, secrets_dir=secrets, public_url=f"http://127.0.0.1:{port}")

def in_thread(text: str = Body(...)) -> dict:  # the design not taken: a pool thread
    return extract_document(engine, read_document(text, format="text"), "posting").to_dict()

def regex_in_thread(seconds: float) -> dict:  # a pattern that backtracks, holding the GIL
    started, size = __import__("time").monotonic(), 20
    while __import__("time").monotonic() - started < seconds:
        re.match(r"(a|aa)*c", "a" * size)
        size += 1
    return {"size": size}

app.add_api_route("/bench/in-thread", in_thread, methods=["POST"])
app.add_api_route("/bench/regex", regex_in_thread, methods=["POST"])
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


def worst_cases() -> dict[str, dict[str, Any]]:
    from onramp.nlp.documents import read_document
    from onramp.nlp.extract import Extractor, Lexicon
    from onramp.taxonomy.esco import read_esco
    from onramp.taxonomy.onet import read_onet

    esco = read_esco(sorted((DATA / "esco").glob("v1.1.1*.zip")))
    onet = read_onet([DATA / "onet" / "29.3"])
    lexicon = Lexicon.from_releases([esco, onet])
    labels = sorted({skill.label for skill in lexicon.skills.values()})
    size = 199_000

    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    cases = {
        "posting lines (3,210)": fill(
            "Experience with Python, SQL and customer service is required.\n"
        ),
        "19,998 one-skill lines": "\n".join(["Python", "SQL"] * 9_999),
        "one sentence of repeated skills": fill("Python SQL Java customer service "),
        "every label, one per line": "\n".join(labels)[:size].rsplit("\n", 1)[0],
        "every label, one sentence": ", ".join(labels)[:size],
        "a line of spaces": "Python" + " " * (size - 20) + "SQL",
        "near matches in clauses": fill("data analysis, security testing and performance; "),
        "years and level cues": fill("strong 3+ years of Python experience with SQL, "),
    }
    extractor = Extractor(lexicon)
    out = {}
    for name, text in cases.items():
        started = time.perf_counter()
        result = extractor.extract(read_document(text, format="text"), "posting")
        out[name] = {
            "seconds": round(time.perf_counter() - started, 2),
            "characters": len(text),
            "skills": len(result.skills),
            "evidence": sum(len(item.evidence) for item in result.skills),
        }
        print(name, out[name], file=sys.stderr)
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _probe(base: str, stop: threading.Event, times: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get("/health").raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
            stop.wait(0.02)


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "probes": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def isolation(concurrent: int) -> dict[str, dict[str, Any]]:
    from small_store import POSTING, fill

    from onramp.store import make_engine, upgrade

    folder = Path(tempfile.mkdtemp(prefix="onramp-bench-isolation-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine)
    engine.dispose()
    port = _free_port()
    paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    env["ONRAMP_CONFIG"] = str(folder / "none.toml")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, url, str(port), str(folder / "secrets")], env=env
    )
    base = f"http://127.0.0.1:{port}"
    text = (POSTING * 1_050)[:199_000]
    out: dict[str, dict[str, Any]] = {}
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)

        def run(name: str, send: Any, count: int) -> None:
            times: list[float] = []
            stop = threading.Event()
            probe = threading.Thread(target=_probe, args=(base, stop, times))
            probe.start()
            started = time.perf_counter()
            statuses: list[int] = []

            def one() -> None:
                with httpx.Client(base_url=base, timeout=600) as client:
                    statuses.append(send(client).status_code)

            senders = [threading.Thread(target=one) for _ in range(count)]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
            seconds = time.perf_counter() - started
            stop.set()
            probe.join()
            out[name] = {
                **_summary(times),
                "requests": count,
                "seconds": round(seconds, 1),
                "statuses": sorted(set(statuses)),
            }
            print(name, out[name], file=sys.stderr)

        run("idle, 3 s", lambda client: (time.sleep(3), client.get("/health"))[1], 1)
        upload = {"file": ("posting.txt", text.encode())}
        run(
            "worker processes (the product)",
            lambda client: client.post("/api/v1/skills/extract-file", files=upload),
            concurrent,
        )
        run(
            "thread pool (not taken)",
            lambda client: client.post("/bench/in-thread", json=text),
            concurrent,
        )
        run(
            "one GIL-holding regex in a thread, 5 s",
            lambda client: client.post("/bench/regex", params={"seconds": 5}),
            1,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrent", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-worst-cases", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    report = {
        "load_average": round(load, 1),
        "worst_cases": {} if args.skip_worst_cases else worst_cases(),
        "health": isolation(args.concurrent),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"load average at start: {report['load_average']}")
    for name, row in report["worst_cases"].items():
        print(f"{name}: {row['seconds']} s ({row['skills']} skills, {row['evidence']} spans)")
    for name, row in report["health"].items():
        print(
            f"{name}: /health p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, "
            f"max {row['max_ms']} ms over {row['probes']} probes "
            f"({row['requests']} requests in {row['seconds']} s, {row['statuses']})"
        )


if __name__ == "__main__":
    main()
