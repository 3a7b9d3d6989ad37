"""Tables of microcredentials (issue 16, items 3-5): the designs training providers write with
their employer partners, the learners enrolled in a published one, the assessment results
recorded against its rubrics, and where graduates were placed.

A design is one JSON document (`onramp.market.microcredentials.model.DesignParts`) so that an
edit is all or nothing; its state, CTID and published achievement sit beside it as columns.
Results and placements are new rows, never updated: the history of how a learner did.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk, user_fk
from onramp.store.schema import metadata

microcredential_designs = Table(
    "microcredential_designs",
    metadata,
    id_column(),
    org_fk(),  # the training provider that owns it
    # "ctid" is a system column on PostgreSQL, hence the longer name
    Column("ce_ctid", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),  # copied from the document, to list and sort
    Column("state", String(16), nullable=False),  # model.DesignState
    Column("parts", JSON, nullable=False),  # model.DesignParts
    Column(
        "achievement_id",
        ID,
        ForeignKey("achievements.id", ondelete="SET NULL"),
        nullable=True,
    ),
    by_fk("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Index("ix_microcredential_designs_org", "org_id"),
)

# Which employer organizations a design names as partners, so a partner finds the designs it
# is asked to sign off without reading every document.
microcredential_partners = Table(
    "microcredential_partners",
    metadata,
    Column(
        "design_id",
        ID,
        ForeignKey("microcredential_designs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_microcredential_partners_org", "org_id"),
)

microcredential_enrollments = Table(
    "microcredential_enrollments",
    metadata,
    id_column(),
    Column(
        "design_id",
        ID,
        ForeignKey("microcredential_designs.id", ondelete="CASCADE"),
        nullable=False,
    ),
    org_fk(),  # the provider, repeated so every read is scoped by organization
    user_fk("learner_id"),
    Column("state", String(16), nullable=False),  # enrolled, completed, withdrawn
    Column("wage_before", Float, nullable=True),  # hourly, USD, when the learner gave it
    # what the learner agreed the provider sees, word for word; empty when staff enrolled them
    Column("consent", Text, nullable=False, server_default=""),
    # an employer partner's tuition support that paid for this learner (a design commitment)
    Column("tuition_commitment_id", String(36), nullable=True),
    Column("tuition_amount", Float, nullable=True),  # USD
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=True),
    Column("withdrawn_at", DateTime(timezone=True), nullable=True),
    Column(
        "credential_id",
        ID,
        ForeignKey("issued_credentials.id", ondelete="SET NULL"),
        nullable=True,
    ),
    by_fk("enrolled_by"),
    UniqueConstraint("design_id", "learner_id", name="uq_microcredential_enrollment"),
    Index("ix_microcredential_enrollments_org", "org_id"),
    Index("ix_microcredential_enrollments_learner", "learner_id"),
)

microcredential_results = Table(
    "microcredential_results",
    metadata,
    id_column(),
    Column(
        "enrollment_id",
        ID,
        ForeignKey("microcredential_enrollments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("assessment_id", String(36), nullable=False),
    Column("outcome_id", String(36), nullable=False),
    Column("level", Integer, nullable=False),  # the rubric level reached, 1-5
    Column("note", Text, nullable=False, server_default=""),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_microcredential_results_enrollment", "enrollment_id"),
)

microcredential_placements = Table(
    "microcredential_placements",
    metadata,
    id_column(),
    Column(
        "enrollment_id",
        ID,
        ForeignKey("microcredential_enrollments.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("hired", Boolean, nullable=False),
    Column("interviewed", Boolean, nullable=False, server_default="0"),
    Column(
        "employer_org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True
    ),
    Column("employer_name", String(200), nullable=False, server_default=""),
    Column("occupation", String(16), nullable=False, server_default=""),  # O*NET-SOC code
    Column("wage", Float, nullable=True),  # hourly, USD
    Column("placed_on", Date, nullable=True),
    Column("commitment_id", String(36), nullable=True),  # the design commitment it fulfils
    Column("note", Text, nullable=False, server_default=""),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_microcredential_placements_enrollment", "enrollment_id"),
)
