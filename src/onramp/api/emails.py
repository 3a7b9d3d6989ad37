"""/api/v1/users/me/emails: the email addresses the caller has confirmed, and confirming more
(a credential that names an email counts as a worker's only through a confirmed address)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from onramp.api.deps import PlatformDep, PrincipalDep, ServiceDep

router = APIRouter(prefix="/api/v1/users/me/emails", tags=["accounts"])


class AskForLink(BaseModel):
    email: str = Field(max_length=320)


class ConfirmLink(BaseModel):
    token: str = Field(max_length=200)


@router.get("", summary="Your email addresses, confirmed or waiting")
def listed(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return p.emails.listed(principal)


@router.post("", status_code=202, summary="Mail a single-use link that confirms an address")
def ask(body: AskForLink, principal: PrincipalDep, p: PlatformDep) -> dict[str, str]:
    p.emails.request(principal, body.email)
    return {"status": "sent"}


@router.post("/confirm", summary="Confirm an address with the mailed link's token")
def confirm(
    body: ConfirmLink, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> dict[str, str]:
    address = p.emails.confirm(principal, body.token)
    if principal.user.kind.value == "worker":
        s.wallet.recheck_all(principal)
    return {"email": address, "status": "confirmed"}
