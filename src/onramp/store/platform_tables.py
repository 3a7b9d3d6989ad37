"""Tables of the platform: organizations, accounts, sessions, tokens, consent and the audit log.

Identifiers are random UUID strings, so they reveal nothing about how many rows exist and can be
shown in URLs. Secrets (passwords, session, reset, invitation and API tokens) are stored only as
hashes; mail bodies that carry them only sealed, until delivered.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from onramp.store.columns import ID as ID
from onramp.store.columns import id_column as _id  # short local names for the table list
from onramp.store.columns import org_fk as _org_fk
from onramp.store.columns import user_fk as _user_fk
from onramp.store.schema import metadata

organizations = Table(
    "organizations",
    metadata,
    _id(),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    _id(),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("kind", String(16), nullable=False),  # worker | staff
    Column("is_platform_admin", Boolean, nullable=False, server_default="0"),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    _org_fk(),
    _user_fk(),
    Column("role", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("org_id", "user_id", "role", name="uq_memberships_role"),
    Index("ix_memberships_user", "user_id"),
)

invitations = Table(
    "invitations",
    metadata,
    _id(),
    _org_fk(),
    Column("email", String(320), nullable=False),
    Column("role", String(32), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    _user_fk("invited_by", nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    _user_fk(),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    _id(),
    _user_fk(),
    Column("name", String(100), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scopes", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    _user_fk(),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

# Email addresses a person has shown they control (by a link mailed to it, or by claiming a
# credential sent to it). Only a confirmed address binds a credential that names it to them.
user_emails = Table(
    "user_emails",
    metadata,
    _id(),
    _user_fk(),
    Column("email", String(320), nullable=False),  # lower-cased
    Column("confirmed_at", DateTime(timezone=True), nullable=True),
    Column("how", String(16), nullable=False, server_default=""),  # see platform.emails.Proof
    Column("token_hash", String(64), nullable=True, unique=True),  # a pending link's hash
    Column("token_expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "email", name="uq_user_emails"),
    Index("ix_user_emails_email", "email"),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False),  # lower-cased email, and separately the client
    Column("at", DateTime(timezone=True), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_login_attempts_key_at", "key", "at"),
)

# Mail on its way out. The body may carry a live link (a reset, invitation or claim token), so it
# is kept only sealed under the KEK, and only until a transport delivers it; then it is wiped and
# what stays is who it went to, what it was about, and when.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("to_email", String(320), nullable=False),
    Column("subject", Text, nullable=False),
    Column("kind", String(32), nullable=False, server_default="notice"),
    Column("sealed_body", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    # delivery tries: how many failed, when the next may start, and why the last one failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_try_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(200), nullable=False, server_default=""),
    Column("leased_until", DateTime(timezone=True), nullable=True),  # a sender is handing it over
)

worker_profiles = Table(
    "worker_profiles",
    metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("headline", String(200), nullable=False, server_default=""),
    Column("summary", Text, nullable=False, server_default=""),
    Column("location", String(200), nullable=False, server_default=""),
    Column("work_history", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

consent_grants = Table(
    "consent_grants",
    metadata,
    _id(),
    _user_fk("worker_id"),
    _org_fk(),
    Column("scope", JSON, nullable=False),
    Column("purpose_kind", String(32), nullable=False),
    Column("purpose_ref", String(64), nullable=False, server_default=""),
    Column("purpose_text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_consent_grants_worker", "worker_id"),
    Index("ix_consent_grants_org", "org_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(64), nullable=False),
    # Who: set null when an account is deleted; the entry itself stays
    Column("actor_id", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True),
    # Whose data it was about (a worker), if anyone's
    Column("subject_id", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("target_type", String(32), nullable=False, server_default=""),
    Column("target_id", String(64), nullable=False, server_default=""),
    Column("details", JSON, nullable=False),
    Index("ix_audit_subject", "subject_id"),
    Index("ix_audit_org", "org_id"),
)

issuer_keys = Table(
    "issuer_keys",
    metadata,
    _id(),
    _org_fk(),
    Column("algorithm", String(16), nullable=False),  # Ed25519 | ES256 | RS256
    Column("public_multibase", Text, nullable=False, server_default=""),
    Column("public_jwk", JSON, nullable=False),
    Column("encrypted_private", Text, nullable=False),  # AES-256-GCM under the KEK, base64
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=True),
    Index("ix_issuer_keys_org", "org_id"),
)
