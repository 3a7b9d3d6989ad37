"""Credentials over REST: verification (public), hosted DID documents and status lists (public),
and each organization's achievements, issuing, keys, trust registry and received presentations.
The worker's wallet is in `api/wallet.py`."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from onramp.api.deps import OptionalPrincipalDep, PrincipalDep, ServiceDep
from onramp.credentials.issuing import MAX_PAGE, Recipient, parse_recipients_csv
from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES as MAX_UPLOAD
from onramp.credentials.verify.limits import MAX_RECIPIENTS_CSV_BYTES
from onramp.errors import AuthenticationError, InvalidInputError
from onramp.platform import policy
from onramp.serialize import to_plain

router = APIRouter(tags=["credentials"])


class CredentialInput(BaseModel):
    """A credential as JSON (object or text), a compact JWT, or base64 bytes (a baked PNG/SVG)."""

    credential: dict[str, Any] | str | None = None
    data_base64: str | None = Field(default=None, max_length=3 * MAX_UPLOAD)

    def raw(self) -> bytes:
        if self.data_base64 is not None:
            try:
                return base64.b64decode(self.data_base64, validate=True)
            except (binascii.Error, ValueError):
                raise InvalidInputError("data_base64 is not valid base64") from None
        if isinstance(self.credential, dict):
            return json.dumps(self.credential).encode()
        if isinstance(self.credential, str):
            return self.credential.encode()
        raise InvalidInputError("send a credential (JSON or JWT text) or data_base64")


class NewAchievement(BaseModel):
    name: str = Field(max_length=200)
    criteria: str = Field(max_length=5000)
    description: str = Field(default="", max_length=5000)
    achievement_type: str = Field(default="Competency", max_length=64)
    skills: list[str] = Field(default_factory=list, max_length=50)
    levels: list[tuple[str, str]] = Field(default_factory=list, max_length=10)


class RecipientIn(BaseModel):
    email: str = Field(default="", max_length=320)
    did: str = Field(default="", max_length=500)
    level: str = Field(default="", max_length=200)
    evidence: str = Field(default="", max_length=2000, description="https address of the work")


class IssueRequest(BaseModel):
    recipients: list[RecipientIn] = Field(min_length=1, max_length=1000)
    format: Literal["ldp", "ldp-key", "jwt"] = Field(
        default="ldp",
        description="ldp: eddsa-rdfc-2022 under the org's did:web; ldp-key: under its did:key; "
        "jwt: RS256 VC-JWT",
    )


class ClrRequest(BaseModel):
    learner: str = Field(max_length=500, description="The learner's email or DID")


class NewKey(BaseModel):
    algorithm: Literal["Ed25519", "ES256", "RS256"] = "Ed25519"


class TrustIn(BaseModel):
    issuer_id: str = Field(max_length=500)
    name: str = Field(default="", max_length=200)
    skills: list[str] = Field(default_factory=list, max_length=500)


# -- public ----------------------------------------------------------------------------------
class VerifyRequest(CredentialInput):
    org_id: str | None = Field(
        default=None, max_length=36, description="Check issuers against this org's trust registry"
    )


@router.post("/api/v1/credentials/verify", summary="Verify a credential (nothing is stored)")
def verify(body: VerifyRequest, s: ServiceDep, principal: OptionalPrincipalDep) -> dict[str, Any]:
    raw = body.raw()
    if body.org_id:
        if principal is None:
            raise AuthenticationError("Log in to use your organization's trust registry.")
        policy.require_member(principal, body.org_id)
    return s.verifier(body.org_id).verify(raw, "request").to_json()


@router.get(
    "/contexts/ler-rs/v1.jsonld",
    summary="The JSON-LD context Onramp defines for LER-RS credentials (as pinned)",
)
def ler_rs_context() -> Response:
    from importlib import resources

    data = (resources.files("onramp.credentials") / "onramp_contexts/ler-rs-v1.jsonld").read_bytes()
    return Response(
        data, media_type="application/ld+json", headers={"Cache-Control": "max-age=86400"}
    )


@router.get("/orgs/{slug}/did.json", summary="An issuer's did:web DID document")
def did_document(slug: str, s: ServiceDep) -> JSONResponse:
    return JSONResponse(s.hosting.did_document(slug), media_type="application/did+json")


@router.get("/status/{list_id}", summary="A hosted Bitstring Status List credential")
def status_list(list_id: str, s: ServiceDep) -> JSONResponse:
    return JSONResponse(
        s.hosting.list_credential(list_id),
        media_type="application/vc+ld+json",
        headers={"Cache-Control": "max-age=300"},
    )


@router.get("/orgs/{slug}/achievements/{achievement_id}", summary="An Achievement, public")
def public_achievement(slug: str, achievement_id: str, s: ServiceDep) -> dict[str, Any]:
    return s.issuing.public_achievement(slug, achievement_id)


# -- organizations ---------------------------------------------------------------------------
ORG = "/api/v1/orgs/{org_id}"


@router.get(ORG + "/achievements", summary="The organization's achievements")
def achievements(org_id: str, principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    return list(to_plain(s.issuing.achievements(principal, org_id)))


@router.post(ORG + "/achievements", status_code=201, summary="Define an achievement")
def define(
    org_id: str, body: NewAchievement, principal: PrincipalDep, s: ServiceDep
) -> dict[str, Any]:
    found = s.issuing.define(
        principal,
        org_id,
        name=body.name,
        criteria=body.criteria,
        description=body.description,
        achievement_type=body.achievement_type,
        skills=body.skills,
        levels=body.levels,
    )
    return dict(to_plain(found))


@router.get(ORG + "/achievements/{achievement_id}", summary="One achievement")
def achievement(
    org_id: str, achievement_id: str, principal: PrincipalDep, s: ServiceDep
) -> dict[str, Any]:
    return dict(to_plain(s.issuing.achievement(principal, org_id, achievement_id)))


def _issued_summary(items: list[Any]) -> list[dict[str, Any]]:
    return [dict(to_plain(i)) for i in items]


@router.post(
    ORG + "/achievements/{achievement_id}/issue",
    status_code=201,
    summary="Issue an achievement to people (email or DID)",
)
def issue(
    org_id: str, achievement_id: str, body: IssueRequest, principal: PrincipalDep, s: ServiceDep
) -> list[dict[str, Any]]:
    recipients = [
        Recipient(r.email.strip(), r.did.strip(), r.level.strip(), 0, r.evidence.strip())
        for r in body.recipients
    ]
    return _issued_summary(s.issue(principal, org_id, achievement_id, recipients, body.format))


@router.post(
    ORG + "/achievements/{achievement_id}/issue-csv",
    status_code=201,
    summary="Issue to everyone in a CSV (columns email or did, optional level)",
)
async def issue_csv(
    org_id: str,
    achievement_id: str,
    principal: PrincipalDep,
    s: ServiceDep,
    file: UploadFile | None = File(None),
    format: Literal["ldp", "ldp-key", "jwt"] = "ldp",
) -> dict[str, Any]:
    policy.require_issuer(principal, org_id)  # before looking at the upload
    if file is None:
        raise InvalidInputError("Attach the CSV file (field name: file).")
    data = await file.read(MAX_RECIPIENTS_CSV_BYTES + 1)  # the use case refuses any more

    def issue() -> list[Any]:  # parsing, signing and storing run off the event loop
        recipients = parse_recipients_csv(data.decode("utf-8", "replace"))
        return s.issue(principal, org_id, achievement_id, recipients, format)

    issued = await run_in_threadpool(issue)
    return {"issued": len(issued), "ids": [i.id for i in issued]}


@router.get(
    ORG + "/credentials",
    summary="Credentials the organization issued, newest first, a page at a time "
    "(without documents: get one credential for its document)",
)
def issued(
    org_id: str,
    principal: PrincipalDep,
    s: ServiceDep,
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    found = s.issuing.issued(principal, org_id, limit=limit, offset=offset)
    return [{k: v for k, v in i.items() if k != "document"} for i in _issued_summary(found)]


@router.get(ORG + "/credentials/{credential_id}", summary="One issued credential")
def issued_one(
    org_id: str, credential_id: str, principal: PrincipalDep, s: ServiceDep
) -> dict[str, Any]:
    return dict(to_plain(s.issuing.get_issued(principal, org_id, credential_id)))


@router.post(
    ORG + "/credentials/{credential_id}/{action}",
    summary="Revoke, suspend or reinstate an issued credential",
)
def change_state(
    org_id: str,
    credential_id: str,
    action: Literal["revoke", "suspend", "reinstate"],
    principal: PrincipalDep,
    s: ServiceDep,
) -> dict[str, Any]:
    return dict(to_plain(s.issuing.change_state(principal, org_id, credential_id, action)))


@router.post(ORG + "/clr", status_code=201, summary="A signed CLR of one learner's credentials")
def clr(org_id: str, body: ClrRequest, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return s.issuing.clr(principal, org_id, body.learner)


class EndorseRequest(BaseModel):
    subject_id: str = Field(max_length=500, description="What is endorsed: its URL, DID or urn")
    comment: str = Field(max_length=5000)


@router.post(ORG + "/endorsements", status_code=201, summary="Sign an EndorsementCredential")
def endorse(
    org_id: str, body: EndorseRequest, principal: PrincipalDep, s: ServiceDep
) -> dict[str, Any]:
    return s.issuing.endorse(principal, org_id, body.subject_id, body.comment)


@router.get(ORG + "/keys", summary="The organization's signing keys (public parts)")
def keys(org_id: str, principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    policy.require_member(principal, org_id)
    return list(to_plain(s.vault.keys(org_id)))


@router.post(ORG + "/keys", status_code=201, summary="Add a key, or rotate: the old one retires")
def rotate_key(org_id: str, body: NewKey, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return dict(to_plain(s.vault.rotate(principal, org_id, body.algorithm)))


@router.get(ORG + "/trust", summary="The organization's issuer trust registry")
def trust(org_id: str, principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    return list(to_plain(s.trust.of_org(principal, org_id)))


@router.post(ORG + "/trust", status_code=201, summary="Trust an issuer (for some skills or all)")
def trust_add(org_id: str, body: TrustIn, principal: PrincipalDep, s: ServiceDep) -> dict[str, Any]:
    return dict(to_plain(s.trust.add(principal, org_id, body.issuer_id, body.name, body.skills)))


@router.delete(ORG + "/trust/{entry_id}", status_code=204, summary="Stop trusting an issuer")
def trust_remove(org_id: str, entry_id: str, principal: PrincipalDep, s: ServiceDep) -> Response:
    s.trust.remove(principal, org_id, entry_id)
    return Response(status_code=204)


@router.get(ORG + "/presentations", summary="Credentials workers shared with you (active)")
def presentations(org_id: str, principal: PrincipalDep, s: ServiceDep) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in dict(to_plain(p)).items() if k != "document"}
        for p in s.wallet.shared_with(principal, org_id)
    ]


@router.get(ORG + "/presentations/{presentation_id}", summary="Open and check a presentation")
def presentation(
    org_id: str, presentation_id: str, principal: PrincipalDep, s: ServiceDep
) -> dict[str, Any]:
    return dict(to_plain(s.wallet.open_shared(principal, org_id, presentation_id)))
