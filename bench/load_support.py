"""Support for `bench/load_soak.py`: a real `onramp serve` in a subprocess over a throwaway
store (SQLite, or PostgreSQL in a throwaway cluster), the people and records it serves, set up
over its own HTTP API, and the documents the extraction clients upload. Loopback only.

Every process started here is recorded in `Processes` and ended by its process group id, never
by name; temporary folders and the cluster are removed by the caller's `finally`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load and soak 2026"
DOMAIN = "load.example"
ESF_SKILL = "ESF-19"  # "Working safely", from the ESF that ships in the package


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Processes:
    """The subprocesses this run started, each in its own session so it and its children can
    be ended together by process group id."""

    def __init__(self) -> None:
        self.pids: list[int] = []

    def add(self, pid: int) -> None:
        self.pids.append(pid)

    def end(self, pid: int, grace: float = 10.0) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                finished, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break  # already reaped (by asyncio or Popen)
            if finished:
                break
            time.sleep(0.1)
        else:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        if pid in self.pids:
            self.pids.remove(pid)

    def end_all(self) -> None:
        for pid in list(reversed(self.pids)):
            self.end(pid)


def onramp_env(home: Path, port: int, database_url: str) -> dict[str, str]:
    """The environment for the server and the CLI: one home, one store, one public address
    (issuers' did:web DIDs live under it), and no onramp.toml from the working folder."""
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("ONRAMP_"):
            del env[key]
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH", "")]))
    env["ONRAMP_HOME"] = str(home)
    env["ONRAMP_CONFIG"] = str(home / "no-onramp.toml")
    env["ONRAMP_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    if database_url:
        env["ONRAMP_DATABASE_URL"] = database_url
    return env


def onramp_command(*args: str, nice: int = 0) -> list[str]:
    command = [sys.executable, "-m", "onramp", *args]
    return ["nice", "-n", str(nice), *command] if nice else command


def run_cli(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """Run an `onramp` command to completion; its output, or an error naming what failed."""
    result = subprocess.run(
        onramp_command(*args), env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"onramp {' '.join(args)} failed: {result.stdout}\n{result.stderr}")
    return result.stdout


class Server:
    """`onramp serve --no-demo` on a free loopback port, its output in a log file."""

    def __init__(self, env: dict[str, str], port: int, log: Path, processes: Processes) -> None:
        self.env, self.port, self.log, self.processes = env, port, log, processes
        self.base = f"http://127.0.0.1:{port}"
        self.pid = 0

    def start(self, wait: float = 180.0) -> float:
        """Start and wait for /health; returns the seconds it took."""
        started = time.monotonic()
        with self.log.open("wb") as out:
            process = subprocess.Popen(
                onramp_command(
                    "serve", "--host", "127.0.0.1", "--port", str(self.port), "--no-demo"
                ),
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = process.pid
        self.processes.add(process.pid)
        while time.monotonic() - started < wait:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited at start:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return time.monotonic() - started
            time.sleep(0.25)
        raise RuntimeError(f"the server did not answer /health in {wait:.0f} s")

    def stop(self) -> None:
        if self.pid:
            self.processes.end(self.pid)
            self.pid = 0


TRACE_LAST_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout)[\w.]*): ?(.*)$")


def summarize_log(text: str, top: int = 12) -> dict[str, Any]:
    """What went wrong in the server, from its log: how many tracebacks, and the most common
    final exception lines (the message cut to 160 characters, numbers kept)."""
    causes: Counter[str] = Counter()
    for line in text.splitlines():
        found = TRACE_LAST_LINE.match(line.strip())
        if found:
            causes[f"{found.group(1)}: {found.group(2)}"[:160]] += 1
    statuses = Counter(re.findall(r'" (5\d\d) ', text))
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database_is_locked": text.count("database is locked"),
        "access_log_5xx": dict(sorted(statuses.items())),
        "exceptions": [{"count": n, "line": line} for line, n in causes.most_common(top)],
    }


# -- the people and records, set up over the API ---------------------------------------------
@dataclass
class Session:
    """One logged-in browser: its own cookie jar and CSRF token."""

    client: httpx.AsyncClient
    csrf: str
    email: str

    @property
    def headers(self) -> dict[str, str]:
        return {"x-csrf-token": self.csrf}


@dataclass
class Worker:
    session: Session
    did: str
    item_ids: list[str]  # wallet items the setup put there (the worker's own credential)
    document: str  # that credential as JSON text, for pasting into the wallet again
    added: list[str] = field(default_factory=list)  # items this client pasted, to remove
    grants: list[str] = field(default_factory=list)  # consent grants to revoke


@dataclass
class World:
    base: str
    college_id: str
    college_slug: str
    employer_id: str
    achievement_id: str
    admin_email: str
    workers: list[Worker]
    staff: list[Session]  # sessions of the college admin (one per group of clients)
    genuine: list[str]  # issued credentials as JSON text, to verify
    tampered: list[str]  # the same with one signed value changed

    async def close(self) -> None:
        for worker in self.workers:
            await worker.session.client.aclose()
        for session in self.staff:
            await session.client.aclose()


def new_client(base: str, timeout: float, connections: int = 4) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base,
        timeout=httpx.Timeout(timeout, connect=10.0, pool=None),
        # idle connections are dropped well before uvicorn's 5 s keep-alive timeout, so a
        # request never races the server closing the connection it reuses
        limits=httpx.Limits(
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=2.0,
        ),
    )


def _ok(response: httpx.Response, *expected: int) -> Any:
    if response.status_code not in expected:
        raise RuntimeError(
            f"setup: {response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )
    return response.json() if response.content else None


async def sign_up(client: httpx.AsyncClient, email: str, kind: str) -> None:
    body = {"email": email, "password": PASSWORD, "name": email.split("@")[0], "account_type": kind}
    _ok(await client.post("/api/v1/auth/signup", json=body), 201)


async def log_in(base: str, email: str, timeout: float, connections: int = 4) -> Session:
    client = new_client(base, timeout, connections)
    body = {"email": email, "password": PASSWORD}
    answer = _ok(await client.post("/api/v1/auth/login", json=body), 200)
    return Session(client, answer["csrf_token"], email)


def tamper(document: str) -> str:
    """The credential with one signed value changed: its proof no longer matches."""
    data = json.loads(document)
    data["credentialSubject"]["achievement"]["name"] = "Rocket Science (changed)"
    return json.dumps(data)


async def build_world(
    base: str, workers: int, staff_sessions: int, verify_pool: int, timeout: float
) -> World:
    """Two organizations, an Achievement aligned to an ESF skill, `workers` worker accounts
    each holding one credential issued to their wallet DID, and `verify_pool` credentials
    issued to email addresses, to verify."""
    admin, employer_admin = f"college.admin@{DOMAIN}", f"employer.admin@{DOMAIN}"
    gate = asyncio.Semaphore(4)  # password hashing is the slow part; the machine has 2 cores

    async def gated(step: Awaitable[T]) -> T:
        async with gate:
            return await step

    async with new_client(base, timeout, 4) as anon:
        await sign_up(anon, admin, "staff")
        await sign_up(anon, employer_admin, "staff")
        await asyncio.gather(
            *(gated(sign_up(anon, f"worker{n}@{DOMAIN}", "worker")) for n in range(workers))
        )
    college = await log_in(base, admin, timeout, 16)
    employer = await log_in(base, employer_admin, timeout)
    org = {"name": "Load Test College", "kind": "training_provider"}
    made = _ok(await college.client.post("/api/v1/orgs", json=org, headers=college.headers), 201)
    college_id, college_slug = made["id"], made["slug"]
    org = {"name": "Load Test Employer", "kind": "employer"}
    employer_id = _ok(
        await employer.client.post("/api/v1/orgs", json=org, headers=employer.headers), 201
    )["id"]
    await employer.client.aclose()
    definition = {
        "name": "Safe Lifting",
        "criteria": "Showed safe lifting on the job, watched by a trainer.",
        "skills": [ESF_SKILL],
        "levels": [["Basic", "With help"], ["Skilled", "Alone"]],
    }
    path = f"/api/v1/orgs/{college_id}/achievements"
    achievement_id = _ok(
        await college.client.post(path, json=definition, headers=college.headers), 201
    )["id"]

    async def worker_session(number: int) -> tuple[Session, str]:
        session = await log_in(base, f"worker{number}@{DOMAIN}", timeout)
        return session, _ok(await session.client.get("/api/v1/wallet/did"), 200)["did"]

    people = await asyncio.gather(*(gated(worker_session(n)) for n in range(workers)))
    issue = f"{path}/{achievement_id}/issue"
    recipients = [{"did": did, "level": "Skilled"} for _session, did in people]
    to_workers = _ok(
        await college.client.post(issue, json={"recipients": recipients}, headers=college.headers),
        201,
    )
    documents = {item["recipient_did"]: item["document"] for item in to_workers}
    built = []
    for session, did in people:
        items = _ok(await session.client.get("/api/v1/wallet"), 200)
        built.append(Worker(session, did, [i["id"] for i in items], documents[did]))
    genuine: list[str] = []
    while len(genuine) < verify_pool:
        recipients = [
            {"email": f"verify{len(genuine) + n}@{DOMAIN}"}
            for n in range(min(500, verify_pool - len(genuine)))
        ]
        issued = _ok(
            await college.client.post(
                issue, json={"recipients": recipients}, headers=college.headers
            ),
            201,
        )
        genuine.extend(item["document"] for item in issued)
    more = [gated(log_in(base, admin, timeout, 16)) for _ in range(staff_sessions - 1)]
    staff = [college, *await asyncio.gather(*more)]
    return World(
        base=base,
        college_id=college_id,
        college_slug=college_slug,
        employer_id=employer_id,
        achievement_id=achievement_id,
        admin_email=admin,
        workers=built,
        staff=staff,
        genuine=genuine,
        tampered=[tamper(d) for d in genuine],
    )


def recipients_csv(path: Path, run: int, count: int) -> None:
    lines = ["email,level"] + [f"batch{run}-{n}@{DOMAIN},Basic" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- documents to extract skills from --------------------------------------------------------
POSTING_LINES = (
    ("h", "Warehouse Associate, night shift"),
    ("p", "Riverside Logistics moves food and medical supplies for the tri-county area."),
    ("h", "What you will do"),
    ("li", "Pick, pack and load orders with a hand scanner and a pallet jack."),
    ("li", "Check each label against the order and pay attention to detail."),
    ("li", "Follow the safety rules and use lifting aids: working safely comes first."),
    ("li", "Count stock, fill in simple tables, and keep digital records of damaged goods."),
    ("li", "Serve customers at the will-call desk and answer their questions politely."),
    ("h", "What you need"),
    ("li", "Working in a team and being reliable: you show up on time for every shift."),
    ("li", "Staying calm under pressure when trucks arrive late."),
    ("li", "Able to lift 50 pounds and stand for long periods."),
    ("li", "Forklift certification is a plus; we train the right person."),
    ("h", "Pay and benefits"),
    ("p", "From $19.50 an hour, health insurance after 30 days, and paid training."),
)


def posting_text() -> str:
    return "\n".join(("- " if tag == "li" else "") + line for tag, line in POSTING_LINES)


def posting_html() -> bytes:
    parts = ["<!doctype html><html><head><title>Job</title></head><body>"]
    items_open = False
    for tag, line in POSTING_LINES:
        if tag == "li" and not items_open:
            parts.append("<ul>")
            items_open = True
        if tag != "li" and items_open:
            parts.append("</ul>")
            items_open = False
        parts.append({"h": "<h2>{}</h2>", "p": "<p>{}</p>", "li": "<li>{}</li>"}[tag].format(line))
    parts.append("</ul></body></html>" if items_open else "</body></html>")
    return "".join(parts).encode()


def posting_docx() -> bytes:
    """A small Office Open XML document: headings, list paragraphs and plain paragraphs."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    styles = {"h": '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>', "p": ""}
    styles["li"] = '<w:pPr><w:pStyle w:val="ListParagraph"/></w:pPr>'
    body = "".join(
        f'<w:p>{styles[tag]}<w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>'
        for tag, line in POSTING_LINES
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()
