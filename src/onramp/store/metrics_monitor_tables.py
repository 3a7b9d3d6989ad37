"""Tables of the adverse-impact monitor (issue 18, item 3): counts by group of every candidate
list shown for a job, and the alerts raised to the employer's admins.

A snapshot holds counts only (`onramp.metrics.monitor.RankingSnapshot`): per volunteered group,
how many candidates and how many were in the top K shown. No row here names a worker, so
nothing in these tables can tell anyone which group a person is in.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk
from onramp.store.schema import metadata

ranking_snapshots = Table(
    "ranking_snapshots",
    metadata,
    id_column(),
    org_fk(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    Column("question", String(32), nullable=False),  # onramp.matching.personal.Question
    Column("taken_at", DateTime(timezone=True), nullable=False),  # last shown with these counts
    Column("first_at", DateTime(timezone=True), nullable=False),  # first shown with them
    Column("shown_k", Integer, nullable=False),
    Column("unknown", Integer, nullable=False),  # candidates who gave no group
    Column("groups", JSON, nullable=False),  # [[group, candidates, selected], ...]
    Index("ix_ranking_snapshots_org_taken", "org_id", "taken_at"),
    Index("ix_ranking_snapshots_job_question", "job_id", "question", "taken_at"),
)

monitor_alerts = Table(
    "monitor_alerts",
    metadata,
    id_column(),
    org_fk(),
    Column("scope", String(16), nullable=False),  # onramp.metrics.monitor.MonitorScope
    Column("subject_id", ID, nullable=False),  # the job or the employer
    Column("question", String(32), nullable=False),
    Column("grp", String(64), nullable=False),
    Column("reference_group", String(64), nullable=False),
    Column("impact_ratio", Float, nullable=True),
    Column("p_value", Float, nullable=True),
    Column("message", Text, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    by_fk("closed_by"),
    Column("note", Text, nullable=False, server_default=""),
    Index("ix_monitor_alerts_org_open", "org_id", "closed_at"),
)
