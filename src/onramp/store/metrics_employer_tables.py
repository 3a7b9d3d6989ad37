"""Tables of what an employer records after an application (issue 18, items 1-2; ADR 0036):
offers and hires, retention checks at 90 days and 12 months, pay changes and level moves after
a hire, hiring costs per job, the date a job family switched to skills-based requirements, and
the saved assumptions of return-on-investment figures.

Onramp derives everything else (time to fill, applicants, degree shares) from the jobs tables;
these hold only what Onramp cannot see happen. Every row names its organization, so each read
is scoped to one tenant without a join.
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
    UniqueConstraint,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk, user_fk
from onramp.store.schema import metadata


def _outcome() -> Column[str]:
    return Column(
        "outcome_id",
        ID,
        ForeignKey("employer_hiring_outcomes.id", ondelete="CASCADE"),
        nullable=False,
    )


# One row per application the employer decided on: an offer, and a hire if it was taken.
employer_hiring_outcomes = Table(
    "employer_hiring_outcomes",
    metadata,
    id_column(),
    org_fk(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    Column(
        "application_id",
        ID,
        ForeignKey("job_applications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    user_fk("worker_id"),
    Column("offered", Boolean, nullable=False),
    Column("offered_on", Date, nullable=True),
    Column("hired", Boolean, nullable=False),
    Column("hired_on", Date, nullable=True),
    Column("starting_hourly", Float, nullable=True),
    Column("internal", Boolean, nullable=False),  # filled by someone already working there
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("application_id", name="uq_employer_hiring_outcomes_application"),
    Index("ix_employer_hiring_outcomes_org", "org_id"),
)

# The employer's answer, at day 90 or 365 after a hire: does this person still work here?
employer_retention_checks = Table(
    "employer_retention_checks",
    metadata,
    id_column(),
    org_fk(),
    _outcome(),
    Column("days", Integer, nullable=False),  # 90 or 365
    Column("still_employed", Boolean, nullable=False),
    Column("checked_on", Date, nullable=False),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("outcome_id", "days", name="uq_employer_retention_checks_outcome_days"),
    Index("ix_employer_retention_checks_org", "org_id"),
)

# Pay from a date on, after a hire; with levels when it came with a step on the roadmap.
employer_pay_changes = Table(
    "employer_pay_changes",
    metadata,
    id_column(),
    org_fk(),
    _outcome(),
    Column("on", Date, nullable=False),
    Column("hourly", Float, nullable=False),
    Column("from_level", Integer, nullable=True),
    Column("to_level", Integer, nullable=True),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_employer_pay_changes_org", "org_id"),
)

employer_hiring_costs = Table(
    "employer_hiring_costs",
    metadata,
    id_column(),
    org_fk(),
    Column("job_id", ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),  # onramp.metrics.employer.CostKind
    Column("amount", Float, nullable=False),  # dollars
    Column("spent_on", Date, nullable=False),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_employer_hiring_costs_org", "org_id"),
)

# When a job family (an occupation code) stopped asking for a degree and listed skills.
employer_family_switches = Table(
    "employer_family_switches",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("family", String(200), primary_key=True),
    Column("switched_on", Date, nullable=False),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# The assumptions (and measured inputs) behind a return-on-investment figure: name "" holds
# the organization's own defaults, any other name one investment (a roadmap, a program).
employer_roi_settings = Table(
    "employer_roi_settings",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(200), primary_key=True),
    Column("kind", String(32), nullable=True),  # onramp.metrics.roi.ProgramKind
    Column("inputs", JSON, nullable=False),
    Column("assumptions", JSON, nullable=False),
    by_fk("updated_by"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
