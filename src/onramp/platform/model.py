"""The platform's domain model: organizations, accounts, roles, consent and audit entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class OrgKind(StrEnum):
    EMPLOYER = "employer"
    TRAINING_PROVIDER = "training_provider"
    COMMUNITY_ORG = "community_org"
    WORKFORCE_BOARD = "workforce_board"


class Role(StrEnum):
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    HR_ADMIN = "hr_admin"
    MENTOR = "mentor"  # a skilled worker who trains apprentices on the job (issue 17)
    NAVIGATOR = "navigator"
    PROVIDER_ADMIN = "provider_admin"
    BOARD_ANALYST = "board_analyst"
    ORG_ADMIN = "org_admin"


# Roles that make sense in each kind of organization (the org admin fits every kind).
ROLES_BY_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.EMPLOYER: frozenset(
        {Role.RECRUITER, Role.HIRING_MANAGER, Role.HR_ADMIN, Role.MENTOR}
    ),
    OrgKind.TRAINING_PROVIDER: frozenset({Role.PROVIDER_ADMIN}),
    OrgKind.COMMUNITY_ORG: frozenset({Role.NAVIGATOR}),
    OrgKind.WORKFORCE_BOARD: frozenset({Role.BOARD_ANALYST}),
}


class AccountKind(StrEnum):
    WORKER = "worker"  # belongs to the worker, to no organization
    STAFF = "staff"  # works in one or more organizations


class PurposeKind(StrEnum):
    JOB_APPLICATION = "job_application"
    NAVIGATOR_SUPPORT = "navigator_support"
    PROGRAM = "program"
    OTHER = "other"


class Scope(StrEnum):
    """What an API token may do. Web sessions carry every scope of their user. No token can make,
    widen or revoke other credentials: that needs a logged-in session."""

    READ = "read"  # read what the user may read (every GET)
    WRITE = "write"  # change what the user may change: profile, wallet, issuing
    CONSENT = "consent"  # grant and revoke consent, and share records (workers)
    ADMIN = "admin"  # manage organizations, members, keys and trust; read an org's audit log


@dataclass(slots=True)
class Organization:
    id: str
    slug: str
    name: str
    kind: OrgKind
    created_at: datetime
    is_demo: bool = False


@dataclass(slots=True)
class User:
    id: str
    email: str
    name: str
    kind: AccountKind
    created_at: datetime
    is_platform_admin: bool = False
    is_demo: bool = False


@dataclass(slots=True)
class Membership:
    org_id: str
    org_slug: str
    org_name: str
    org_kind: OrgKind
    role: Role


@dataclass(slots=True)
class Principal:
    """Who is asking: the user, their memberships, and what their credential allows."""

    user: User
    memberships: list[Membership] = field(default_factory=list)
    scopes: frozenset[Scope] = frozenset(Scope)
    via_token: bool = False
    token_id: str | None = None  # the API token in use, when via_token

    def org_ids(self) -> set[str]:
        return {m.org_id for m in self.memberships}

    def roles_in(self, org_id: str) -> set[Role]:
        return {m.role for m in self.memberships if m.org_id == org_id}


@dataclass(slots=True)
class ConsentGrant:
    id: str
    worker_id: str
    org_id: str
    org_name: str
    scope: dict[str, Any]
    purpose_kind: PurposeKind
    purpose_ref: str
    purpose_text: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    worker_name: str = ""  # filled in for the organization only when the grant shares the profile

    def active_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at


@dataclass(slots=True)
class SharingWorker:
    """One worker who shares with an organization, however many grants they gave."""

    worker_id: str
    name: str  # empty unless a grant shows the name (consent.NAMED_BY)
    parts: list[str]
    purposes: list[str]
    until: datetime  # when the last of their active grants ends


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a longer list: its rows, how many there are in all, which page this is."""

    items: list[T]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass(slots=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    actor_id: str | None
    org_id: str | None
    subject_id: str | None
    target_type: str
    target_id: str
    details: dict[str, Any]


@dataclass(slots=True)
class ApiToken:
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
