"""Security headers on every response, as a plain ASGI middleware.

A plain middleware adds the headers as the response starts, with no extra task or stream per
request (Starlette's `@app.middleware("http")` runs each request through both, which costs the
event loop time on every request under load).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onramp.api.auth import is_personal_request

FIXED = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
CSP = "default-src 'self'; frame-ancestors 'none'"


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if is_personal_request(request, "set-cookie" in headers):
                    headers["Cache-Control"] = "no-store"  # no cache keeps a personal answer
                for name, value in FIXED:
                    headers.setdefault(name, value)
                if not request.url.path.startswith("/docs"):
                    headers.setdefault("Content-Security-Policy", CSP)
            await send(message)

        await self.app(scope, receive, with_headers)
