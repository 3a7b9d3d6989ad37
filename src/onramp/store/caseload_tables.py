"""Tables of the navigator caseload (issue 15, item 5): the referrals a career center made for
the workers it supports, each referral's outcomes over time, the follow-ups it scheduled, and
which reminder emails went out.

Every row names the organization and the worker. Rows are read only through an active consent
grant from the worker to the organization (`onramp.pathways.caseload`); after a revocation they
stay, hidden, as the organization's record (decisions/0025), and they go with the worker's
account (ON DELETE CASCADE).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk, user_fk
from onramp.store.schema import metadata

caseload_referrals = Table(
    "caseload_referrals",
    metadata,
    id_column(),
    org_fk(),
    user_fk("worker_id"),
    Column("kind", String(16), nullable=False),  # caseload_model.ReferralKind
    Column("service", String(16), nullable=False, server_default=""),  # caseload_model.Service
    # the Onramp training provider or employer it points at, when it is one
    Column("target_org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True),
    Column("target_ref", String(36), nullable=False, server_default=""),  # achievement or job
    Column("target_text", String(300), nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    by_fk("made_by"),
    Column("made_at", DateTime(timezone=True), nullable=False),
    Index("ix_caseload_referrals_org_worker", "org_id", "worker_id"),
    Index("ix_caseload_referrals_worker", "worker_id"),
)

# One row per outcome change, never updated: the history of how the referral went.
caseload_referral_outcomes = Table(
    "caseload_referral_outcomes",
    metadata,
    id_column(),
    Column(
        "referral_id",
        ID,
        ForeignKey("caseload_referrals.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("outcome", String(16), nullable=False),  # caseload_model.Outcome
    Column("on", Date, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_caseload_referral_outcomes_referral", "referral_id"),
)

caseload_follow_ups = Table(
    "caseload_follow_ups",
    metadata,
    id_column(),
    org_fk(),
    user_fk("worker_id"),
    Column("due", Date, nullable=False),
    Column("about", String(300), nullable=False),
    by_fk("assigned_to"),
    by_fk("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=True),
    by_fk("done_by"),
    Index("ix_caseload_follow_ups_org_worker", "org_id", "worker_id"),
    Index("ix_caseload_follow_ups_org_due", "org_id", "due"),
)

# One digest a day per navigator and organization: the key makes `remind` idempotent per day.
caseload_reminders = Table(
    "caseload_reminders",
    metadata,
    org_fk(),
    user_fk("navigator_id"),
    Column("day", Date, nullable=False),
    Column("follow_ups", Integer, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("org_id", "navigator_id", "day", name="pk_caseload_reminders"),
)
