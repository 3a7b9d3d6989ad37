"""What every page module shares: the templates, rendering a page, redirecting after a form,
and reading an upload without reading past its limit.

Page modules import these by their public names; none reaches into another page module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUpload

from onramp import __version__
from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["version"] = __version__


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the caller (if any) and the session's CSRF token for its forms."""
    context.setdefault("csrf_token", getattr(request.state, "csrf_token", ""))
    context.setdefault("principal", getattr(request.state, "principal", None))
    return templates.TemplateResponse(request, template, context, status_code=status)


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
