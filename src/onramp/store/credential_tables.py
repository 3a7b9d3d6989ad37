"""Tables of the credentials capability: achievements, issued credentials, hosted status lists,
issuer trust registries, workers' wallets, holder keys and presentations, and the JSON-LD contexts
an operator pinned.

Issued credentials keep the exact signed document, so what Onramp hands out and what it shows
later are the same bytes. Status lists are stored as their raw bitstring (16 KB for 131,072
entries); the signed list credential is built from it on request.
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
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk, user_fk
from onramp.store.schema import metadata

achievements = Table(
    "achievements",
    metadata,
    id_column(),
    org_fk(),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("criteria", Text, nullable=False),
    Column("achievement_type", String(64), nullable=False),
    Column("alignments", JSON, nullable=False),  # [{"target_url", "target_name", ...}]
    Column("levels", JSON, nullable=False),  # [{"id", "name", "description"}]
    # further result descriptions, one per microcredential outcome (issue 16, item 4):
    # [{"id", "name", "required_level", "levels": [...], "alignments": [...]}]; NULL is none
    Column("results", JSON, nullable=True),
    by_fk("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=True),
    Index("ix_achievements_org", "org_id"),
)

status_lists = Table(
    "status_lists",
    metadata,
    id_column(),
    org_fk(),
    Column("purpose", String(16), nullable=False),  # revocation | suspension
    Column("bits", LargeBinary, nullable=False),
    Column("used", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_status_lists_org", "org_id"),
)

issued_credentials = Table(
    "issued_credentials",
    metadata,
    id_column(),
    org_fk(),
    Column(
        "achievement_id",
        ID,
        ForeignKey("achievements.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("kind", String(16), nullable=False),  # ob3 | clr
    Column("proof_format", String(8), nullable=False),  # ldp | jwt
    Column("recipient_email", String(320), nullable=False, server_default=""),
    Column("recipient_did", String(500), nullable=False, server_default=""),
    by_fk("recipient_user_id"),
    Column("name", String(200), nullable=False),
    Column("document", Text, nullable=False),  # the signed JSON, or the compact JWT
    Column("revocation_list_id", ID, ForeignKey("status_lists.id"), nullable=False),
    Column("revocation_index", Integer, nullable=False),
    Column("suspension_list_id", ID, ForeignKey("status_lists.id"), nullable=False),
    Column("suspension_index", Integer, nullable=False),
    Column("state", String(16), nullable=False),  # active | suspended | revoked
    # emailed recipients claim the credential with a single-use link (only its hash is kept)
    Column("claim_token_hash", String(64), nullable=True, unique=True),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    by_fk("issued_by"),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("revocation_list_id", "revocation_index", name="uq_issued_revocation"),
    UniqueConstraint("suspension_list_id", "suspension_index", name="uq_issued_suspension"),
    Index("ix_issued_org", "org_id"),
    Index("ix_issued_org_issued_at", "org_id", "issued_at"),  # an org's list, newest first
    Index("ix_issued_state", "state"),  # batches left hidden by a hard kill
    Index("ix_issued_recipient", "recipient_user_id"),
)

trusted_issuers = Table(
    "trusted_issuers",
    metadata,
    id_column(),
    org_fk(),
    Column("issuer_id", String(500), nullable=False),
    Column("name", String(200), nullable=False, server_default=""),
    Column("skills", JSON, nullable=False),  # skill URIs it may attest; empty means any
    by_fk("added_by"),
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("org_id", "issuer_id", name="uq_trusted_issuer"),
)

holder_keys = Table(
    "holder_keys",
    metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("public_multibase", Text, nullable=False),
    Column("encrypted_private", Text, nullable=False),  # AES-256-GCM under the KEK, base64
    Column("created_at", DateTime(timezone=True), nullable=False),
)

wallet_items = Table(
    "wallet_items",
    metadata,
    id_column(),
    user_fk("worker_id"),
    Column("source", String(16), nullable=False),  # issued | file | paste | url | image
    Column("format", String(32), nullable=False),
    Column("document", Text, nullable=False),  # the credential as received (JSON or JWT)
    Column("name", String(300), nullable=False, server_default=""),
    Column("issuer_name", String(300), nullable=False, server_default=""),
    Column("skills", JSON, nullable=False),  # [{"uri", "name"}]
    Column("verified", Boolean, nullable=False),
    Column("report", JSON, nullable=False),
    Column(
        "issued_credential_id",
        ID,
        ForeignKey("issued_credentials.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Index("ix_wallet_worker", "worker_id"),
)

presentations = Table(
    "presentations",
    metadata,
    id_column(),
    user_fk("worker_id"),
    org_fk(),
    Column("grant_id", ID, ForeignKey("consent_grants.id", ondelete="CASCADE"), nullable=False),
    Column("item_ids", JSON, nullable=False),
    Column("challenge", String(64), nullable=False),
    Column("domain", String(300), nullable=False),
    Column("document", Text, nullable=False),  # the signed Verifiable Presentation
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_presentations_org", "org_id"),
    Index("ix_presentations_worker", "worker_id"),
)

# JSON-LD contexts an operator pinned (`onramp credentials contexts add`): the document exactly
# as given, and the SHA-256 of those bytes, checked again each time it is read.
pinned_contexts = Table(
    "pinned_contexts",
    metadata,
    Column("url", String(500), primary_key=True),
    Column("document", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    by_fk("added_by"),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
