"""The one mapping from domain errors to HTTP responses, and the shared error format.

Every error body is {"error": {"code": str, "message": str, "details": ...}}.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from onramp import errors

STATUS: dict[type[errors.OnrampError], int] = {
    errors.AuthenticationError: 401,
    errors.PermissionDeniedError: 403,
    errors.TooLargeError: 413,
    errors.ConflictError: 409,
    errors.RateLimitedError: 429,
    errors.NotFoundError: 404,
    errors.InvalidInputError: 422,
    errors.NotAvailableError: 503,
    errors.ConfigError: 500,
    errors.StoreError: 500,
}


def status_for(error: errors.OnrampError) -> int:
    return errors.mapped(error, STATUS, 500)


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def install(app: FastAPI, wants_html: Any) -> None:
    """Register handlers; `wants_html(request)` lets web pages render an error page instead."""

    @app.exception_handler(errors.OnrampError)
    async def domain_error(request: Request, exc: errors.OnrampError) -> Any:
        status = status_for(exc)
        headers = {}
        retry_after = getattr(exc, "retry_after", None)  # rate limited, or busy
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        if wants_html(request):
            page = await wants_html.render(request, status, str(exc))
            page.headers.update(headers)
            return page
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        details = getattr(exc, "details", None)  # e.g. each gap of a design refused publishing
        return JSONResponse(
            error_body(exc.code, str(exc), details), status_code=status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        if wants_html(request):
            return await wants_html.render(request, 422, "Some of what you entered is not valid.")
        return JSONResponse(
            error_body("invalid_input", "the request is not valid", details), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if wants_html(request):
            return await wants_html.render(request, exc.status_code, str(exc.detail))
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)
