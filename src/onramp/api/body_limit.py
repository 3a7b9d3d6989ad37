"""A server-wide limit on request bodies, enforced before the body is read.

An ASGI middleware: a request whose Content-Length is over the limit is answered 413 at once,
before any of its body is read (a client that sent `Expect: 100-continue` never sends it).
A body without a length (chunked) is counted as it streams in, and refused the moment it
passes the limit; whatever the application started to do with it is dropped. API callers
get the project's JSON error shape; people get a plain page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onramp.api.errors import error_body
from onramp.serialize import to_json

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Too big to send</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Too big to send</h1><p>{message}</p>
<p>Send a smaller file, or split it into parts. <a href="/">Go to the home page</a>.</p>
</main></body></html>
"""


class _Refused(Exception):
    """The body passed the limit while it was being read."""


class BodyLimit:
    """Refuse request bodies larger than `limit` bytes with 413. `wants_html(request)` says
    whether the caller is a person (a plain page) or a program (JSON)."""

    def __init__(self, app: ASGIApp, limit: int, wants_html: Callable[[Request], bool]) -> None:
        self.app = app
        self.limit = limit
        self.wants_html = wants_html

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received = 0
        refused = started = False

        async def counted() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    raise _Refused
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the application's answer to a body it never got whole
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not refused:
                raise
        if refused and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        megabytes = self.limit / (1024 * 1024)
        message = f"What you sent is too big: the limit is {megabytes:.0f} MB."
        if self.wants_html(Request(scope)):
            body = _PAGE.format(message=html.escape(message)).encode()
            kind = b"text/html; charset=utf-8"
        else:
            body = to_json(error_body("too_large", message), indent=None).encode()
            kind = b"application/json"
        headers: list[Any] = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),  # the rest of the body is not read
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
