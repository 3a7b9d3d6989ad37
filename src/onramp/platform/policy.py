"""Authorization in one place: who may see or change what.

Every use case calls one of these checks before it reads or writes. Tenancy: a staff member acts
only inside organizations they belong to; a worker acts only on their own records; an
organization sees a worker's records only through an active consent grant.

Platform admins oversee every organization (they read them and their members, and may remove a
member), but they are never part of one: they cannot join or invite anyone into a tenant, and,
should a membership exist anyway, they are still refused what workers shared with it and the
right to sign for it.

What a credential may do: a session carries every scope; an API token only the scopes it was
made with (read, write, consent, admin). Managing credentials themselves (making tokens,
revoking another token, deleting the account) needs a logged-in session.
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
    User,
)


def require_scope(principal: Principal, scope: Scope) -> None:
    if scope not in principal.scopes:
        raise PermissionDeniedError(f"This API token lacks the '{scope.value}' scope.")


def require_session(principal: Principal) -> None:
    """Making or removing credentials, or the account, from a logged-in session only: a stolen
    token must not be able to mint, widen or revoke credentials."""
    if principal.via_token:
        raise PermissionDeniedError("An API token cannot do this. Log in and do it there.")


def may_revoke_token(principal: Principal, token_id: str) -> None:
    """A session revokes any of its user's tokens; a token may only revoke itself."""
    if principal.via_token and principal.token_id != token_id:
        raise PermissionDeniedError(
            "An API token can only revoke itself. Log in to revoke other tokens."
        )


def require_staff(principal: Principal) -> None:
    if principal.user.kind is not AccountKind.STAFF:
        raise PermissionDeniedError("Only staff accounts can do this.")


def require_worker(principal: Principal) -> None:
    if principal.user.kind is not AccountKind.WORKER:
        raise PermissionDeniedError("Only a worker account can do this.")


def require_member(principal: Principal, org_id: str, *, admin_may: bool = True) -> None:
    """Membership of the organization. Platform admins pass for organization data, but never
    (admin_may=False) for what workers shared with it, even with a membership."""
    if principal.user.is_platform_admin:
        if admin_may:
            return
        raise PermissionDeniedError(
            "A platform admin cannot see what workers shared with an organization."
        )
    if org_id in principal.org_ids():
        return
    raise PermissionDeniedError("You are not a member of this organization.")


def may_join(user: User) -> None:
    """Platform admins are never members of an organization (they oversee all of them)."""
    if user.is_platform_admin:
        raise PermissionDeniedError(
            "A platform admin account cannot join an organization. Use a separate staff account."
        )


def require_platform_admin(principal: Principal) -> None:
    if not principal.user.is_platform_admin:
        raise PermissionDeniedError("Only a platform admin can do this.")


def require_org_admin(principal: Principal, org_id: str, *, admin_may: bool = True) -> None:
    """An org admin of the organization. Platform admins pass for oversight, but not
    (admin_may=False) for what grows the tenant, such as invitations."""
    require_scope(principal, Scope.ADMIN)
    if principal.user.is_platform_admin:
        if admin_may:
            return
        raise PermissionDeniedError("A platform admin cannot invite people into an organization.")
    if Role.ORG_ADMIN in principal.roles_in(org_id):
        return
    raise PermissionDeniedError("Only an admin of this organization can do this.")


ISSUER_ROLES = frozenset({Role.ORG_ADMIN, Role.PROVIDER_ADMIN, Role.HR_ADMIN})


def require_issuer(principal: Principal, org_id: str) -> None:
    """Defining achievements and issuing, revoking or suspending credentials."""
    require_scope(principal, Scope.WRITE)
    if principal.user.is_platform_admin:  # not even with a membership
        raise PermissionDeniedError("A platform admin cannot sign for an organization.")
    if principal.roles_in(org_id) & ISSUER_ROLES:
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
