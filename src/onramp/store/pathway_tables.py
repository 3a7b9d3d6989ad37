"""Tables of the pathways capability: each worker's career advancement plan, and the guide
changes an organization makes for the workers who share their plan with it (issue 15, item 4).

A plan is one row per worker. Its stage parts (goals, milestones, supports, notes) are one JSON
document, read and written whole inside one write transaction, so an edit never loses another.
Only `onramp.pathways` reads these tables.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, String, Table, UniqueConstraint

from onramp.store.columns import ID, id_column, user_fk
from onramp.store.schema import metadata

career_plans = Table(
    "career_plans",
    metadata,
    id_column(),
    user_fk("worker_id"),
    Column("status", String(16), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("target_code", String(32), nullable=True),
    Column("target_title", String(300), nullable=True),
    Column("steps", JSON, nullable=False),  # [{"code", "title"}], in order
    # whose guide the worker reads (None: Onramp's); followed only while the plan is shared
    Column("guide_org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True),
    Column("body", JSON, nullable=False),  # stage value -> goals, milestones, supports, notes
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("worker_id", name="uq_career_plans_worker"),
)

# One organization's changes to the guide: stage value -> {mode, self, employer, help}.
plan_guides = Table(
    "plan_guides",
    metadata,
    Column(
        "org_id",
        ID,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("stages", JSON, nullable=False),
    Column("updated_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
