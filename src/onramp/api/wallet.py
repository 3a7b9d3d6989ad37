"""/api/v1/wallet: a worker's own credentials, sharing and exports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from onramp.api.credentials import CredentialInput
from onramp.api.deps import PlatformDep, PrincipalDep, ServiceDep
from onramp.credentials.wallet import WalletItem
from onramp.platform import PurposeKind
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1/wallet", tags=["wallet"])


class AddCredential(CredentialInput):
    source: str = Field(default="paste", pattern="^(file|paste|image)$")


class FromUrl(BaseModel):
    url: str = Field(max_length=2000)


class Claim(BaseModel):
    token: str = Field(max_length=200)


class Share(BaseModel):
    org_id: str = Field(max_length=36)
    item_ids: list[str] = Field(min_length=1, max_length=100)
    purpose_text: str = Field(max_length=500)
    purpose_kind: PurposeKind = PurposeKind.OTHER
    days: int = Field(default=90, ge=1, le=366)


def _summary(item: Any) -> dict[str, Any]:
    summary = {k: v for k, v in dict(to_plain(item)).items() if k != "document"}
    if isinstance(item, WalletItem):
        summary["verdict"] = str(item.verdict)
        summary["about_you"] = item.is_mine  # only these can be shared
        summary["subject_match"] = str(item.subject_match)
    return summary


@router.get("", summary="Your credentials (those last checked over 10 minutes ago, again)")
def items(principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    return [_summary(i) for i in s.wallet.items(principal, fresh=True)]


@router.post("", status_code=201, summary="Add a credential (JSON, JWT, or a baked image)")
def add(body: AddCredential, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return _summary(s.wallet.add(principal, body.raw(), body.source))


@router.post("/from-url", status_code=201, summary="Add a credential from a public address")
def add_from_url(body: FromUrl, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return _summary(s.wallet.add_from_url(principal, body.url))


@router.post("/claim", status_code=201, summary="Claim a credential with the mailed link")
def claim(body: Claim, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return _summary(s.wallet.claim(principal, body.token))


@router.get("/did", summary="Your wallet's DID (issuers can send credentials to it)")
def did(principal: PrincipalDep, s: ServiceDep) -> dict[str, str]:
    return {"did": s.wallet.holder_did(principal)}


@router.get("/export", summary="Every credential as received, to take elsewhere")
def export(principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return s.wallet.export(principal)


@router.get("/ler-rs", summary="Your resume as a signed HR Open LER-RS credential")
def ler_rs(principal: PrincipalDep, p: PlatformDep, s: ServiceDep) -> dict[str, Any]:
    return s.wallet.resume(principal, p.workers.profile(principal))


@router.get("/shared", summary="What you shared, with whom")
def shared(principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    return [_summary(p) for p in s.wallet.shared_by(principal)]


@router.post("/share", status_code=201, summary="Share credentials with an organization")
def share(body: Share, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    found = s.wallet.share(
        principal,
        body.org_id,
        body.item_ids,
        body.purpose_text,
        purpose_kind=body.purpose_kind,
        days=body.days,
    )
    return _summary(found)


@router.get("/{item_id}", summary="One credential, checked again now, with its report")
def item(item_id: str, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    found = s.wallet.view(principal, item_id)
    return {**dict(to_plain(found)), **_summary(found)}


@router.post("/{item_id}/recheck", summary="Verify a credential again now")
def recheck(item_id: str, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return _summary(s.wallet.recheck(principal, item_id))


@router.delete("/{item_id}", status_code=204, summary="Remove a credential from your wallet")
def remove(item_id: str, principal: PrincipalDep, s: ServiceDep) -> Response:
    s.wallet.remove(principal, item_id)
    return Response(status_code=204)
