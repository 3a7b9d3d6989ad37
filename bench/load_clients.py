"""The clients of `bench/load_soak.py`: the request kinds with their weights and right answers,
one timed request, what each kind sends, a client's closed loop, and the /health prober."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from load_report import HEALTH, Recorder
from load_support import (
    Session,
    Worker,
    World,
    new_client,
    posting_docx,
    posting_html,
    posting_text,
)


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


def describe(name: str) -> dict[str, Any]:
    kind = KINDS[name]
    return {"who": kind.who, "expect": list(kind.expect), "what": kind.what}


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
