"""Organizations (tenants), their members, and invitations by email."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.email_address import normalize_email
from onramp.platform.emails import Proof, record_confirmed
from onramp.platform.links import Links
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.model import (
    AccountKind,
    Membership,
    Organization,
    OrgKind,
    Principal,
    Role,
    Scope,
    User,
)
from onramp.platform.secrets import aware, new_token, now, token_hash
from onramp.store import platform_tables as t

INVITATION_VALID = timedelta(days=7)


def org_of(row: Any) -> Organization:
    return Organization(
        row.id, row.slug, row.name, OrgKind(row.kind), row.created_at, bool(row.is_demo)
    )


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    if len(slug) < 2:
        raise InvalidInputError("Use a name with at least two letters or numbers.")
    return slug


class Orgs:
    def __init__(self, engine: Engine, mailer: Mailer, links: Links) -> None:
        self.engine = engine
        self.mailer = mailer
        self.links = links

    def create(
        self, principal: Principal, name: str, kind: OrgKind, *, is_demo: bool = False
    ) -> Organization:
        """A new organization; its creator becomes its org admin."""
        policy.require_staff(principal)
        policy.require_scope(principal, Scope.ADMIN)
        policy.may_join(principal.user)
        name = " ".join(name.split())
        if not 2 <= len(name) <= 200:
            raise InvalidInputError("Enter the organization's name.")
        slug = slugify(name)
        org_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            if conn.execute(
                select(t.organizations.c.id).where(t.organizations.c.slug == slug)
            ).first():
                raise ConflictError(f"An organization called {name!r} already exists.")
            conn.execute(
                insert(t.organizations).values(
                    id=org_id,
                    slug=slug,
                    name=name,
                    kind=str(kind),
                    is_demo=is_demo,
                    created_at=now(),
                )
            )
            conn.execute(
                insert(t.memberships).values(
                    org_id=org_id,
                    user_id=principal.user.id,
                    role=str(Role.ORG_ADMIN),
                    created_at=now(),
                )
            )
            audit.record(
                conn,
                AuditAction.ORG_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="organization",
                target_id=org_id,
            )
        org = self.get(principal, org_id, check=False)
        principal.memberships.append(
            Membership(org.id, org.slug, org.name, org.kind, Role.ORG_ADMIN)
        )
        return org

    def get(self, principal: Principal, org_id: str, *, check: bool = True) -> Organization:
        if check:
            policy.require_member(principal, org_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organizations).where(t.organizations.c.id == org_id)
            ).first()
        if row is None:
            raise NotFoundError("no such organization")
        return org_of(row)

    def find(self, ref: str) -> Organization:
        """The organization with this slug or id, for the operator's command line (slugs and
        names of organizations are public; no member data)."""
        ref = ref.strip()
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organizations).where(
                    (t.organizations.c.slug == ref) | (t.organizations.c.id == ref)
                )
            ).first()
        if row is None:
            raise NotFoundError(f"no organization with the slug or id {ref!r}")
        return org_of(row)

    def mine(self, principal: Principal) -> list[Organization]:
        ids = sorted(principal.org_ids())
        if principal.user.is_platform_admin:
            query = select(t.organizations)
        else:
            query = select(t.organizations).where(t.organizations.c.id.in_(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(t.organizations.c.name)).all()
        return [org_of(r) for r in rows]

    def members(self, principal: Principal, org_id: str) -> list[dict[str, str]]:
        policy.require_member(principal, org_id)
        m, u = t.memberships, t.users
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(u.c.id, u.c.name, u.c.email, m.c.role)
                .join(u, u.c.id == m.c.user_id)
                .where(m.c.org_id == org_id)
                .order_by(u.c.name, m.c.role)
            ).all()
        return [{"user_id": r.id, "name": r.name, "email": r.email, "role": r.role} for r in rows]

    def people(self, principal: Principal, org_id: str) -> list[dict[str, Any]]:
        """The organization's members, one entry per person with all their roles (a person
        who is both org admin and navigator is one member, not two)."""
        people: dict[str, dict[str, Any]] = {}
        for row in self.members(principal, org_id):
            person = people.setdefault(
                row["user_id"],
                {
                    "user_id": row["user_id"],
                    "name": row["name"],
                    "email": row["email"],
                    "roles": [],
                },
            )
            person["roles"].append(Role(row["role"]))
        return list(people.values())

    def add_member(self, org_id: str, user: User, role: Role, actor_id: str | None) -> None:
        """Used by invitation acceptance and by the demo data. Callers check who may add whom;
        this checks only that the account may be a member at all."""
        policy.may_join(user)
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(t.memberships.c.user_id).where(
                    t.memberships.c.org_id == org_id,
                    t.memberships.c.user_id == user.id,
                    t.memberships.c.role == str(role),
                )
            ).first()
            if not exists:
                conn.execute(
                    insert(t.memberships).values(
                        org_id=org_id, user_id=user.id, role=str(role), created_at=now()
                    )
                )
                audit.record(
                    conn,
                    AuditAction.ORG_MEMBER_ADD,
                    actor_id=actor_id,
                    org_id=org_id,
                    target_type="user",
                    target_id=user.id,
                    details={"role": str(role)},
                )

    def remove_member(self, principal: Principal, org_id: str, user_id: str) -> None:
        policy.require_org_admin(principal, org_id)
        with self.engine.begin() as conn:
            conn.execute(
                delete(t.memberships).where(
                    t.memberships.c.org_id == org_id, t.memberships.c.user_id == user_id
                )
            )
            audit.record(
                conn,
                AuditAction.ORG_MEMBER_REMOVE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="user",
                target_id=user_id,
            )

    # -- invitations --------------------------------------------------------------------------
    def invite(self, principal: Principal, org_id: str, email: str, role: Role) -> str:
        """Mail a single-use invitation that expires; returns its id. Only the organization's
        own admins invite, and never a platform admin's account."""
        policy.require_org_admin(principal, org_id, admin_may=False)
        org = self.get(principal, org_id)
        allowed = policy.roles_for(org.kind)
        if role not in allowed:
            raise InvalidInputError(
                f"A {org.kind.value.replace('_', ' ')} can have these roles: "
                + ", ".join(sorted(r.value for r in allowed))
            )
        email = normalize_email(email)
        with self.engine.connect() as conn:
            invitee = conn.execute(
                select(t.users.c.is_platform_admin).where(t.users.c.email == email)
            ).first()
        if invitee is not None and invitee.is_platform_admin:
            raise PermissionDeniedError(
                "This account is a platform admin, and cannot join an organization."
            )
        token = new_token()
        invitation_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(
                insert(t.invitations).values(
                    id=invitation_id,
                    org_id=org_id,
                    email=email,
                    role=str(role),
                    token_hash=token_hash(token),
                    invited_by=principal.user.id,
                    created_at=now(),
                    expires_at=now() + INVITATION_VALID,
                )
            )
            audit.record(
                conn,
                AuditAction.ORG_INVITE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="invitation",
                target_id=invitation_id,
                details={"role": str(role)},
            )
        self._mail_invitation(principal.user.name, org.name, email, role, token)
        return invitation_id

    def _mail_invitation(
        self, inviter: str, org_name: str, email: str, role: Role, token: str
    ) -> None:
        self.mailer.send(
            email,
            f"You are invited to join {org_name} on Onramp",
            f"{inviter} invited you to join {org_name} on Onramp as "
            f"{role.value.replace('_', ' ')}.\n\nAccept here (the link works once, for 7 days):"
            f"\n{self.links.invitation(token)}",
            MailKind.INVITATION,
        )

    def pending_invitations(self, principal: Principal, org_id: str) -> list[dict[str, Any]]:
        """Invitations not accepted yet, newest first (expired ones say so), for the
        organization's admins and platform admins. Never a token."""
        policy.require_org_admin(principal, org_id)
        return self.pending_rows(org_id)

    def pending_rows(self, org_id: str | None) -> list[dict[str, Any]]:
        """Pending invitations of one organization, or of all; callers check who may see them
        (`pending_invitations` here, `Oversight.invitations` for platform admins)."""
        i, u, o = t.invitations, t.users, t.organizations
        query = (
            select(
                i.c.id,
                i.c.org_id,
                o.c.name.label("org_name"),
                i.c.email,
                i.c.role,
                i.c.created_at,
                i.c.expires_at,
                u.c.name.label("invited_by"),
            )
            .join(o, o.c.id == i.c.org_id)
            .outerjoin(u, u.c.id == i.c.invited_by)
            .where(i.c.accepted_at.is_(None))
            .order_by(i.c.created_at.desc())
        )
        if org_id is not None:
            query = query.where(i.c.org_id == org_id)
        moment = now()
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:
            row["expired"] = moment >= aware(row["expires_at"])
        return rows

    def _open_invitation(self, conn: Any, org_id: str, invitation_id: str) -> Any:
        i = t.invitations
        row = conn.execute(
            select(i).where(
                i.c.id == invitation_id, i.c.org_id == org_id, i.c.accepted_at.is_(None)
            )
        ).first()
        if row is None:
            raise NotFoundError("This invitation was used or taken back already.")
        return row

    def revoke_invitation(self, principal: Principal, org_id: str, invitation_id: str) -> None:
        """Take back an invitation: its link stops working at once."""
        policy.require_org_admin(principal, org_id, admin_may=False)
        with self.engine.begin() as conn:
            self._open_invitation(conn, org_id, invitation_id)
            conn.execute(delete(t.invitations).where(t.invitations.c.id == invitation_id))
            audit.record(
                conn,
                AuditAction.ORG_INVITE_REVOKE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="invitation",
                target_id=invitation_id,
            )

    def resend_invitation(self, principal: Principal, org_id: str, invitation_id: str) -> str:
        """Mail the invitation again with a new link, good for another 7 days; the old link
        stops working. Returns the address it went to."""
        policy.require_org_admin(principal, org_id, admin_may=False)
        org = self.get(principal, org_id)
        token = new_token()
        with self.engine.begin() as conn:
            row = self._open_invitation(conn, org_id, invitation_id)
            conn.execute(
                update(t.invitations)
                .where(t.invitations.c.id == invitation_id)
                .values(token_hash=token_hash(token), expires_at=now() + INVITATION_VALID)
            )
            audit.record(
                conn,
                AuditAction.ORG_INVITE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="invitation",
                target_id=invitation_id,
                details={"role": row.role, "again": True},
            )
        self._mail_invitation(principal.user.name, org.name, row.email, Role(row.role), token)
        return str(row.email)

    def invitation(self, token: str) -> dict[str, Any]:
        i, o = t.invitations, t.organizations
        with self.engine.connect() as conn:
            row = conn.execute(
                select(i, o.c.name.label("org_name"))
                .join(o, o.c.id == i.c.org_id)
                .where(i.c.token_hash == token_hash(token))
            ).first()
        if row is None or row.accepted_at is not None or now() >= aware(row.expires_at):
            raise InvalidInputError("This invitation is not valid any more. Ask for a new one.")
        return {
            "id": row.id,
            "org_id": row.org_id,
            "org_name": row.org_name,
            "email": row.email,
            "role": row.role,
        }

    def accept(self, principal: Principal, token: str) -> Organization:
        """Join with a mailed invitation: the invited email's own staff account, never a
        platform admin's."""
        policy.require_scope(principal, Scope.ADMIN)
        user = principal.user
        policy.may_join(user)
        found = self.invitation(token)
        if user.email != found["email"]:
            raise InvalidInputError(
                f"This invitation is for {found['email']}. Log in with that email to accept it."
            )
        if user.kind is not AccountKind.STAFF:
            raise InvalidInputError(
                "A worker account cannot join an organization. Use a separate staff account."
            )
        with self.engine.begin() as conn:
            done = conn.execute(
                update(t.invitations)
                .where(t.invitations.c.id == found["id"], t.invitations.c.accepted_at.is_(None))
                .values(accepted_at=now())
            )
            if done.rowcount != 1:
                raise ConflictError("This invitation was already used.")
            record_confirmed(conn, user.id, found["email"], Proof.INVITATION)
        self.add_member(found["org_id"], user, Role(found["role"]), user.id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.organizations).where(t.organizations.c.id == found["org_id"])
            ).one()
        return org_of(row)
