"""Authorization in one place: who may see or change what.

Every use case calls one of these checks before it reads or writes. Tenancy: a staff member acts
only inside organizations they belong to; a worker acts only on their own records; an
organization sees a worker's records only through an active consent grant. Platform admins may
read organizations but never see workers' records without consent.
"""

from __future__ import annotations

from datetime import datetime

from onramp.errors import PermissionDeniedError
from onramp.platform.model import (
    ROLES_BY_KIND,
    AccountKind,
    ConsentGrant,
    OrgKind,
    Principal,
    Role,
    Scope,
)


def require_scope(principal: Principal, scope: Scope) -> None:
    if scope not in principal.scopes:
        raise PermissionDeniedError(f"This API token lacks the '{scope.value}' scope.")


def require_staff(principal: Principal) -> None:
    if principal.user.kind is not AccountKind.STAFF:
        raise PermissionDeniedError("Only staff accounts can do this.")


def require_worker(principal: Principal) -> None:
    if principal.user.kind is not AccountKind.WORKER:
        raise PermissionDeniedError("Only a worker account can do this.")


def require_member(principal: Principal, org_id: str, *, admin_may: bool = True) -> None:
    """Membership of the organization. Platform admins pass for organization data, but not
    (admin_may=False) for what workers shared with that organization."""
    if org_id in principal.org_ids() or (admin_may and principal.user.is_platform_admin):
        return
    raise PermissionDeniedError("You are not a member of this organization.")


def require_platform_admin(principal: Principal) -> None:
    if not principal.user.is_platform_admin:
        raise PermissionDeniedError("Only a platform admin can do this.")


def require_org_admin(principal: Principal, org_id: str) -> None:
    require_scope(principal, Scope.ADMIN)
    if Role.ORG_ADMIN in principal.roles_in(org_id) or principal.user.is_platform_admin:
        return
    raise PermissionDeniedError("Only an admin of this organization can do this.")


ISSUER_ROLES = frozenset({Role.ORG_ADMIN, Role.PROVIDER_ADMIN, Role.HR_ADMIN})


def require_issuer(principal: Principal, org_id: str) -> None:
    """Defining achievements and issuing, revoking or suspending credentials."""
    require_scope(principal, Scope.WRITE)
    if principal.roles_in(org_id) & ISSUER_ROLES:  # platform admins do not sign for others
        return
    raise PermissionDeniedError(
        "Only an organization admin, provider admin or HR admin can issue credentials."
    )


def require_self(principal: Principal, user_id: str) -> None:
    if principal.user.id != user_id:
        raise PermissionDeniedError("You can only do this for your own account.")


def roles_for(kind: OrgKind) -> frozenset[Role]:
    return ROLES_BY_KIND[kind] | {Role.ORG_ADMIN}


def grant_allows(
    grants: list[ConsentGrant], org_id: str, part: str, moment: datetime
) -> ConsentGrant:
    """The active grant that lets `org_id` see `part` of a worker's records, or a refusal."""
    for grant in grants:
        if (
            grant.org_id == org_id
            and grant.active_at(moment)
            and part in grant.scope.get("parts", [])
        ):
            return grant
    raise PermissionDeniedError(
        "This worker has not shared this with your organization, or the sharing has ended."
    )
