"""Who may do what with jobs. Staff of an employer write and move its jobs; platform admins
oversee but never write for a tenant; applicants are workers' shared data, so only the
employer's own staff see them (never a platform admin)."""

from __future__ import annotations

from onramp.errors import PermissionDeniedError
from onramp.platform import policy
from onramp.platform.model import Principal, Role, Scope

JOB_ROLES = frozenset({Role.ORG_ADMIN, Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER})


def require_job_writer(principal: Principal, org_id: str) -> None:
    policy.require_scope(principal, Scope.WRITE)
    if principal.user.is_platform_admin:
        raise PermissionDeniedError("A platform admin cannot write jobs for an organization.")
    if not principal.roles_in(org_id) & JOB_ROLES:
        raise PermissionDeniedError(
            "Only an organization admin, HR admin, recruiter or hiring manager can do this."
        )


def require_job_reader(principal: Principal, org_id: str) -> None:
    """Drafts and the job list of an organization: its members, and platform admins."""
    policy.require_member(principal, org_id)


def require_applicant_reader(principal: Principal, org_id: str) -> None:
    policy.require_member(principal, org_id, admin_may=False)
    if not principal.roles_in(org_id) & JOB_ROLES:
        raise PermissionDeniedError("Only the people who hire for this job can see applicants.")


def require_lint_admin(principal: Principal, org_id: str) -> None:
    """The linter's settings change what every job of the organization is checked for, so only
    its own admins change them (a platform admin oversees, and never sets a tenant's rules)."""
    policy.require_scope(principal, Scope.ADMIN)
    if principal.user.is_platform_admin:
        raise PermissionDeniedError("A platform admin cannot change an organization's checks.")
    if Role.ORG_ADMIN not in principal.roles_in(org_id):
        raise PermissionDeniedError("Only an admin of this organization can change its checks.")


def may_change_lint(principal: Principal, org_id: str) -> bool:
    """Whether the settings page offers its form (the use case still checks on save)."""
    try:
        require_lint_admin(principal, org_id)
    except PermissionDeniedError:
        return False
    return True
