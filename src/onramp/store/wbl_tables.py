"""Tables of work-based learning (issue 17): programs with their standards, the apprentices
enrolled in them, and what happens on the way (hours, instruction, sign-offs, pay steps,
credentials awarded, follow-ups after the end).

A program's standards are one JSON document (`onramp.wbl.model.ProgramStandards`) so an edit
is all or nothing. Records of progress are new rows: a sign-off is never updated, a reversal is
a new row; hours move once from pending to approved or rejected.
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
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from onramp.store.columns import ID, by_fk, id_column, org_fk
from onramp.store.schema import metadata


def _enrollment() -> Column[str]:
    return Column(
        "enrollment_id", ID, ForeignKey("wbl_enrollments.id", ondelete="CASCADE"), nullable=False
    )


wbl_programs = Table(
    "wbl_programs",
    metadata,
    id_column(),
    org_fk(),  # the sponsor: an employer, or an intermediary (a board, a college)
    Column("board_org_id", ID, ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),  # model.ProgramKind
    Column("occupation", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # service.ProgramState
    Column("standards", JSON, nullable=False),  # model.ProgramStandards
    by_fk("created_by"),
    by_fk("activated_by"),  # the admin whose authority issues the program's credentials
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("activated_at", DateTime(timezone=True), nullable=True),
    Index("ix_wbl_programs_org", "org_id"),
    Index("ix_wbl_programs_board", "board_org_id"),
)

# The organizations on Onramp that teach a program's related instruction, so a college finds
# the programs it teaches without reading every document.
wbl_program_providers = Table(
    "wbl_program_providers",
    metadata,
    Column("program_id", ID, ForeignKey("wbl_programs.id", ondelete="CASCADE"), primary_key=True),
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_wbl_program_providers_org", "org_id"),
)

# The OB 3.0 Achievement of each interim credential ("" for the completion certificate).
wbl_program_achievements = Table(
    "wbl_program_achievements",
    metadata,
    Column("program_id", ID, ForeignKey("wbl_programs.id", ondelete="CASCADE"), primary_key=True),
    Column("interim_id", String(36), primary_key=True),
    Column("achievement_id", ID, ForeignKey("achievements.id", ondelete="CASCADE"), nullable=False),
)

wbl_enrollments = Table(
    "wbl_enrollments",
    metadata,
    id_column(),
    Column("program_id", ID, ForeignKey("wbl_programs.id", ondelete="CASCADE"), nullable=False),
    org_fk(),  # the sponsor, copied from the program for isolation checks
    Column("apprentice_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    by_fk("mentor_id"),
    Column("state", String(16), nullable=False),  # records.EnrollmentState
    Column("start_date", Date, nullable=False),
    Column("wage_at_entry", Float, nullable=True),
    Column("wage_now", Float, nullable=True),
    Column("paid_share", Float, nullable=True),
    Column("share_board", Boolean, nullable=False, default=False),
    Column("consent", Text, nullable=False, default=""),
    # records.Registration as JSON: sponsor admins and the registration export only
    Column("registration", JSON, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("exit_reason", String(32), nullable=True),
    Column("exit_note", Text, nullable=False, default=""),
    Column("completion_credential_id", String(36), nullable=True),
    by_fk("enrolled_by"),
    Column("invited_at", DateTime(timezone=True), nullable=False),
    Column("enrolled_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("program_id", "apprentice_id", name="uq_wbl_enrollments_apprentice"),
    Index("ix_wbl_enrollments_org", "org_id"),
    Index("ix_wbl_enrollments_apprentice", "apprentice_id"),
    Index("ix_wbl_enrollments_mentor", "mentor_id"),
)

wbl_hours = Table(
    "wbl_hours",
    metadata,
    id_column(),
    _enrollment(),
    # what makes a second import of the same file add nothing (hours_file.HoursRow.key), or
    # the entry's id when typed in
    Column("entry_key", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("hours", Float, nullable=False),
    Column("competency_id", String(36), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("state", String(16), nullable=False),  # records.HoursState
    by_fk("logged_by"),
    Column("logged_at", DateTime(timezone=True), nullable=False),
    by_fk("decided_by"),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("reason", Text, nullable=False, default=""),
    UniqueConstraint("enrollment_id", "entry_key", name="uq_wbl_hours_key"),
    Index("ix_wbl_hours_enrollment", "enrollment_id"),
)

wbl_instruction = Table(
    "wbl_instruction",
    metadata,
    id_column(),
    _enrollment(),
    Column("course_id", String(36), nullable=False),
    Column("hours", Float, nullable=False),
    Column("grade", String(16), nullable=False, default=""),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_wbl_instruction_enrollment", "enrollment_id"),
)

wbl_sign_offs = Table(
    "wbl_sign_offs",
    metadata,
    id_column(),
    _enrollment(),
    Column("competency_id", String(36), nullable=False),
    Column("reversed", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("evidence_name", String(200), nullable=False, default=""),
    Column("evidence_type", String(64), nullable=False, default=""),
    Column("evidence", LargeBinary, nullable=True),
    by_fk("signed_by"),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Index("ix_wbl_sign_offs_enrollment", "enrollment_id"),
)

wbl_wage_changes = Table(
    "wbl_wage_changes",
    metadata,
    id_column(),
    _enrollment(),
    Column("share", Float, nullable=False),
    Column("wage", Float, nullable=True),
    Column("effective_on", Date, nullable=False),
    by_fk("recorded_by"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_wbl_wage_changes_enrollment", "enrollment_id"),
)

wbl_follow_ups = Table(
    "wbl_follow_ups",
    metadata,
    Column(
        "enrollment_id",
        ID,
        ForeignKey("wbl_enrollments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("months", Integer, primary_key=True),
    Column("employed", Boolean, nullable=False),
    Column("wage", Float, nullable=True),
    Column("recorded_on", Date, nullable=False),
    by_fk("recorded_by"),
)

wbl_awards = Table(
    "wbl_awards",
    metadata,
    Column(
        "enrollment_id",
        ID,
        ForeignKey("wbl_enrollments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("interim_id", String(36), primary_key=True),  # "" for the completion certificate
    Column("credential_id", String(36), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
)
