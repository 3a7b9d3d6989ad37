"""What every page module shares: the templates, rendering a page, redirecting after a form,
and reading an upload without reading past its limit.

Page modules import these by their public names; none reaches into another page module.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUpload

from onramp import __version__
from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES
from onramp.errors import InvalidInputError

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["version"] = __version__


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the caller (if any) and the session's CSRF token for its forms."""
    context.setdefault("csrf_token", getattr(request.state, "csrf_token", ""))
    context.setdefault("principal", getattr(request.state, "principal", None))
    return templates.TemplateResponse(request, template, context, status_code=status)


def money(value: float | None) -> str:
    """$48,200 (or "not known")."""
    return "not known" if value is None else f"${value:,.0f}"


def redirect(url: str) -> RedirectResponse:
    """See other (303): after a form post, the browser loads `url` with GET."""
    return RedirectResponse(url, status_code=303)


async def read_upload(form: Any, name: str, limit: int = MAX_CREDENTIAL_BYTES) -> bytes:
    """At most `limit` + 1 bytes of the form's file `name` (b"" when none was chosen): the use
    case that reads them refuses anything past its limit, so it is written once, there."""
    upload = form.get(name)
    # a form holds Starlette's UploadFile (FastAPI's is a subclass made only for parameters)
    if not isinstance(upload, StarletteUpload) or not upload.filename:
        return b""
    return await upload.read(limit + 1)


def form_choice(kind: Any, given: str, what: str, *, required: bool = False) -> Any:
    """A form's pick from a vocabulary (`kind`, an enum): None when left empty (unless
    `required`), a plain error naming `what` when it is not one of the choices."""
    if not given and not required:
        return None
    try:
        return kind(given)
    except ValueError:
        raise InvalidInputError(f"Choose a {what} from the list.") from None


def form_date(given: str, what: str) -> date | None:
    """A form's date (YYYY-MM-DD, as a date input sends it): None when left empty."""
    if not given.strip():
        return None
    try:
        return date.fromisoformat(given.strip())
    except ValueError:
        raise InvalidInputError(f"Give the {what} as a date, like 2026-12-31.") from None
