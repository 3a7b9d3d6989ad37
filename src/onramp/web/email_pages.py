"""Pages for the email addresses a person has confirmed: the list, asking for a link, and
opening it. A credential that names an email counts as the worker's only through an address
they confirmed (`onramp.platform.emails`), so the wallet sends workers here when one does not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from onramp.api.deps import PlatformDep, PrincipalDep, ServiceDep
from onramp.errors import InvalidInputError
from onramp.web.common import page, redirect

router = APIRouter(include_in_schema=False)


def _emails_page(
    request: Request, principal: PrincipalDep, p: PlatformDep, status: int = 200, **extra: object
) -> HTMLResponse:
    return page(
        request,
        "emails.html",
        status,
        emails=p.emails.listed(principal),
        account_email=principal.user.email,
        **extra,
    )


@router.get("/me/emails", response_class=HTMLResponse)
def emails(request: Request, principal: PrincipalDep, p: PlatformDep, sent: str = "") -> Response:
    return _emails_page(request, principal, p, sent=sent[:320])


@router.post("/me/emails", response_class=HTMLResponse)
def ask_for_link(
    request: Request,
    principal: PrincipalDep,
    p: PlatformDep,
    s: ServiceDep,
    email: Annotated[str, Form(max_length=320)],
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        p.emails.request(principal, email)
    except InvalidInputError as error:
        return _emails_page(request, principal, p, 422, error=str(error), typed=email)
    target = back if back.startswith("/wallet/") else "/me/emails"
    joiner = "&" if "?" in target else "?"
    return redirect(f"{target}{joiner}sent={email.strip().lower()}")


@router.get("/me/emails/confirm", response_class=HTMLResponse)
def confirm_form(request: Request, principal: PrincipalDep, token: str = "") -> Response:
    return page(request, "email_confirm.html", token=token[:200])


@router.post("/me/emails/confirm", response_class=HTMLResponse)
def confirm(
    request: Request,
    principal: PrincipalDep,
    p: PlatformDep,
    s: ServiceDep,
    token: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        address = p.emails.confirm(principal, token)
    except InvalidInputError as error:
        return page(request, "email_confirm.html", 422, token=token, error=str(error))
    if principal.user.kind.value == "worker":
        s.wallet.recheck_all(principal)  # credentials that name this address are now theirs
    return _emails_page(request, principal, p, confirmed=address)
