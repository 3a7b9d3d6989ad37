"""/api/v1/orgs, /api/v1/consents and /api/v1/audit: tenants, consent and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from onramp.api.auth import PlatformDep, PrincipalDep
from onramp.platform import OrgKind, PurposeKind, Role
from onramp.platform.audit import org_log, visible_to
from onramp.serialize import to_plain

router = APIRouter(prefix="/api/v1", tags=["organizations and consent"])


class NewOrg(BaseModel):
    name: str = Field(max_length=200)
    kind: OrgKind


class Invite(BaseModel):
    email: str = Field(max_length=320)
    role: Role


class Accept(BaseModel):
    token: str = Field(max_length=200)


class Grant(BaseModel):
    org_id: str = Field(max_length=36)
    parts: list[str] = Field(max_length=10)
    purpose_kind: PurposeKind
    purpose_text: str = Field(max_length=500)
    purpose_ref: str = Field(default="", max_length=64)
    days: int = Field(default=90, ge=1, le=366)


@router.get("/orgs", summary="Organizations you belong to")
def my_orgs(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(p.orgs.mine(principal)))


@router.post("/orgs", status_code=201, summary="Create an organization (you become its admin)")
def create_org(body: NewOrg, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return dict(to_plain(p.orgs.create(principal, body.name, body.kind)))


@router.get("/orgs/{org_id}", summary="One organization")
def get_org(org_id: str, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return dict(to_plain(p.orgs.get(principal, org_id)))


@router.get("/orgs/{org_id}/members", summary="Members and their roles")
def members(org_id: str, principal: PrincipalDep, p: PlatformDep) -> list[dict[str, str]]:
    return p.orgs.members(principal, org_id)


@router.delete("/orgs/{org_id}/members/{user_id}", status_code=204, summary="Remove a member")
def remove_member(org_id: str, user_id: str, principal: PrincipalDep, p: PlatformDep) -> Response:
    p.orgs.remove_member(principal, org_id, user_id)
    return Response(status_code=204)


@router.post("/orgs/{org_id}/invitations", status_code=201, summary="Invite a member by email")
def invite(org_id: str, body: Invite, principal: PrincipalDep, p: PlatformDep) -> dict[str, str]:
    invitation_id = p.orgs.invite(principal, org_id, body.email, body.role)
    return {"invitation_id": invitation_id}


@router.get("/orgs/{org_id}/invitations", summary="Invitations waiting for an answer (admins)")
def pending_invitations(
    org_id: str, principal: PrincipalDep, p: PlatformDep
) -> list[dict[str, Any]]:
    return list(to_plain(p.orgs.pending_invitations(principal, org_id)))


@router.delete(
    "/orgs/{org_id}/invitations/{invitation_id}",
    status_code=204,
    summary="Take an invitation back: its link stops working",
)
def revoke_invitation(
    org_id: str, invitation_id: str, principal: PrincipalDep, p: PlatformDep
) -> Response:
    p.orgs.revoke_invitation(principal, org_id, invitation_id)
    return Response(status_code=204)


@router.post(
    "/orgs/{org_id}/invitations/{invitation_id}/resend",
    summary="Mail an invitation again with a new link (the old one stops working)",
)
def resend_invitation(
    org_id: str, invitation_id: str, principal: PrincipalDep, p: PlatformDep
) -> dict[str, str]:
    return {"email": p.orgs.resend_invitation(principal, org_id, invitation_id)}


@router.post("/invitations/accept", summary="Accept an invitation with its token")
def accept(body: Accept, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return dict(to_plain(p.orgs.accept(principal, body.token)))


@router.get("/orgs/{org_id}/consents", summary="Active consent grants your organization holds")
def org_consents(org_id: str, principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(p.consents.to_org(principal, org_id)))


@router.get("/orgs/{org_id}/workers/{worker_id}", summary="A worker's shared records")
def worker_view(
    org_id: str, worker_id: str, principal: PrincipalDep, p: PlatformDep
) -> dict[str, Any]:
    return p.consents.worker_view(principal, org_id, worker_id)


@router.get("/orgs/{org_id}/audit", summary="Your organization's audit log (admins)")
def org_audit(org_id: str, principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(org_log(p.engine, principal, org_id)))


@router.get("/consents", summary="Every consent grant you gave, active or not")
def my_consents(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    return list(to_plain(p.consents.of_worker(principal)))


@router.post("/consents", status_code=201, summary="Share parts of your records with an org")
def grant(body: Grant, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    found = p.consents.grant(
        principal,
        body.org_id,
        body.parts,
        body.purpose_kind,
        body.purpose_text,
        body.days,
        body.purpose_ref,
    )
    return dict(to_plain(found))


@router.post("/consents/{grant_id}/revoke", summary="Stop sharing, from the next request on")
def revoke(grant_id: str, principal: PrincipalDep, p: PlatformDep) -> dict[str, Any]:
    return dict(to_plain(p.consents.revoke(principal, grant_id)))


@router.get("/audit", summary="Audit entries about you (workers) or your organizations (admins)")
def audit(principal: PrincipalDep, p: PlatformDep) -> list[dict[str, Any]]:
    """Org entries need the admin scope: a read-only token sees only entries about you."""
    return list(to_plain(visible_to(p.engine, principal)))
