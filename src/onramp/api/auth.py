"""Who is calling: a Bearer API token, or a session cookie with CSRF protection.

Used by the API routers and the web pages alike. Cookie-authenticated requests that change
something must carry the session's CSRF token (header `X-CSRF-Token` or form field `csrf_token`);
token-authenticated requests need no CSRF token, since browsers never send them on their own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from onramp.errors import AuthenticationError, OnrampError, PermissionDeniedError
from onramp.platform import Platform, Principal, Scope
from onramp.platform.links import TOKEN_PATHS

SESSION_COOKIE = "onramp_session"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def platform(request: Request) -> Platform:
    found: Platform = request.app.state.platform
    return found


PlatformDep = Annotated[Platform, Depends(platform)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


async def optional_principal(request: Request) -> Principal | None:
    """The caller, or None when anonymous. Caches the answer on the request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    p = platform(request)
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    # the store is read (and now and then written) in the thread pool, never on the event loop
    principal, csrf = await run_in_threadpool(_identify, p, header, cookie)
    if csrf is not None:
        request.state.csrf_token = csrf
        if request.method in UNSAFE:
            await _check_csrf(request, csrf)
    request.state.principal = principal
    return principal


def _identify(p: Platform, header: str, cookie: str | None) -> tuple[Principal | None, str | None]:
    """(principal, the session's CSRF token) from a Bearer token or a session cookie."""
    if header.lower().startswith("bearer "):
        return p.accounts.token_principal(header[7:].strip()), None
    if cookie:
        try:
            user, csrf = p.accounts.session(cookie)
        except AuthenticationError:
            return None, None
        return p.accounts.principal(user), csrf
    return None, None


async def _check_csrf(request: Request, expected: str) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if not platform(request).accounts.csrf_ok(expected, given):
        raise PermissionDeniedError(
            "This form has expired or did not come from Onramp. Reload the page and try again."
        )


async def page_principal(request: Request) -> Principal | None:
    """The caller for a page that reports an error: the one already found for this request,
    else the session's, without the CSRF check and without raising. An error page is shown
    with the header its reader is signed in with; it changes nothing, so it needs no CSRF."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    try:
        principal, csrf = await run_in_threadpool(_identify, platform(request), header, cookie)
    except OnrampError:  # a token that is unknown, expired or turned off: shown as nobody
        return None
    if csrf is not None:
        request.state.csrf_token = csrf
    request.state.principal = principal
    return principal


async def require_principal(request: Request) -> Principal:
    principal = await optional_principal(request)
    if principal is None:
        raise AuthenticationError("Please log in.")
    if principal.via_token:
        # the floor for any route; each use case then asks for the exact scope it needs
        if request.method in UNSAFE and not principal.scopes - {Scope.READ}:
            raise PermissionDeniedError("This API token can only read.")
        if request.method not in UNSAFE and Scope.READ not in principal.scopes:
            raise PermissionDeniedError("This API token lacks the 'read' scope.")
    return principal


PrincipalDep = Annotated[Principal, Depends(require_principal)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        secure=request.url.scheme == "https" or request.app.state.cookie_secure,
        samesite="lax",
        max_age=7 * 24 * 3600,
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def is_personal_request(request: Request, sets_cookie: bool) -> bool:
    """Whether a response may hold one person's data or secrets: it answers a caller who sent
    credentials, sets a cookie, or serves a page whose address carries a live token."""
    return bool(
        getattr(request.state, "principal", None) is not None
        or request.headers.get("authorization")
        or SESSION_COOKIE in request.cookies
        or sets_cookie
        or request.url.path.startswith(TOKEN_PATHS)
    )
