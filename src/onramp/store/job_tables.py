"""Tables of the jobs capability: jobs, every change of their state, applications, and each
organization's linter settings.

A job keeps its editable content as one JSON document (`draft`, the `JobDraft` contract), so
the model can grow without a migration for every field; the columns beside it are what lists
and the metrics issue filter and count on (organization, state, dates, title).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, String, Table, UniqueConstraint

from onramp.store.columns import ID, id_column, org_fk, user_fk
from onramp.store.schema import metadata

jobs = Table(
    "jobs",
    metadata,
    id_column(),
    org_fk(),
    Column("title", String(200), nullable=False),
    Column("state", String(16), nullable=False),
    Column("draft", JSON, nullable=False),
    Column("created_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_jobs_org_state", "org_id", "state"),
    Index("ix_jobs_state", "state"),
)

job_state_changes = Table(
    "job_state_changes",
    metadata,
    id_column(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Index("ix_job_state_changes_job", "job_id", "at"),
)

job_applications = Table(
    "job_applications",
    metadata,
    id_column(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    user_fk("worker_id"),
    Column("grant_id", ID, ForeignKey("consent_grants.id", ondelete="SET NULL"), nullable=True),
    Column("state", String(16), nullable=False),  # applied | withdrawn
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("job_id", "worker_id", name="uq_job_applications_job_worker"),
    Index("ix_job_applications_worker", "worker_id"),
)

lint_settings = Table(
    "lint_settings",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("settings", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
)
