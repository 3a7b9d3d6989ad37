"""Tables of the matching capability: the evidence a worker (or an organization, for them)
entered, apart from the wallet.

An entry is one thing that shows skills: an employer's attestation or LER, an assessment
result, a training completion, a portfolio item, the worker's self-ratings against the
Essential Skills Framework, a past job, or a resume's skills. Its skills are rows of
`evidence_skills`. Nothing here says who the worker is beyond their id: names, schools,
degrees, ages and addresses live in `personal_tables`, read only by `onramp.matching.personal`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from onramp.store.columns import ID, id_column, org_fk, user_fk
from onramp.store.schema import metadata

evidence_entries = Table(
    "evidence_entries",
    metadata,
    id_column(),
    user_fk("worker_id"),
    Column("kind", String(16), nullable=False),  # onramp.matching.scoring.evidence.EvidenceKind
    Column("title", String(300), nullable=False, server_default=""),
    # who stands behind it: an organization's DID or name, or the worker ("" for themselves)
    Column("issuer", String(500), nullable=False, server_default=""),
    # an organization that recorded it (then it is verified by that organization)
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True),
    Column("verified", Boolean, nullable=False, server_default="0"),
    Column("started_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),  # the date it shows, or the end of a past job
    Column("occupation_code", String(200), nullable=False, server_default=""),
    Column("details", JSON, nullable=False),  # kind-specific: link, employer, score, hash, ...
    Column("created_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_evidence_entries_worker_kind", "worker_id", "kind"),
)

evidence_skills = Table(
    "evidence_skills",
    metadata,
    Column("entry_id", ID, ForeignKey("evidence_entries.id", ondelete="CASCADE"), nullable=False),
    Column("skill", String(500), nullable=False),  # a skill URI
    Column("level", Integer, nullable=False),  # 1-5
    Column("label", Text, nullable=False, server_default=""),
    PrimaryKeyConstraint("entry_id", "skill", name="pk_evidence_skills"),
)

# An employer's onboarding plan for a person it hires: one per job and worker. `plan` holds the
# items (skill, target level, activity, weeks, check-in date, note, state) and notes.
onboarding_plans = Table(
    "onboarding_plans",
    metadata,
    id_column(),
    org_fk(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    user_fk("worker_id"),
    Column("start", Date, nullable=False),
    Column("plan", JSON, nullable=False),
    Column("created_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("job_id", "worker_id", name="uq_onboarding_plans_job_worker"),
    Index("ix_onboarding_plans_worker", "worker_id"),
)

# Each worker's profile sketch (`onramp.matching.vectors`), the source of the profile index
# (`onramp.matching.index`). A write to the worker's evidence marks the row stale in the same
# transaction; `ProfileVectors.refresh` computes it again, and the index takes every row
# changed since it last looked, so any process can bring its index up to date.
profile_vectors = Table(
    "profile_vectors",
    metadata,
    Column("worker_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("vector", LargeBinary, nullable=True),  # vectors.encode_support; None until built
    Column("stale", Boolean, nullable=False, server_default="1"),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("ix_profile_vectors_changed", "changed_at"),
    Index("ix_profile_vectors_stale", "stale"),
)
