"""WIOA participant records of workforce boards

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 21:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wioa_imports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("imported_by", sa.String(length=36), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("replaced", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"],
            ["users.id"],
            name=op.f("fk_wioa_imports_imported_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_wioa_imports_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wioa_imports")),
    )
    with op.batch_alter_table("wioa_imports", schema=None) as batch_op:
        batch_op.create_index("ix_wioa_imports_org", ["org_id", "imported_at"], unique=False)

    op.create_table(
        "wioa_participants",
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("record_key", sa.String(length=128), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["wioa_imports.id"],
            name=op.f("fk_wioa_participants_import_id_wioa_imports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_wioa_participants_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", "record_key", name=op.f("pk_wioa_participants")),
    )
    with op.batch_alter_table("wioa_participants", schema=None) as batch_op:
        batch_op.create_index("ix_wioa_participants_import", ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wioa_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_wioa_participants_import")
    op.drop_table("wioa_participants")
    with op.batch_alter_table("wioa_imports", schema=None) as batch_op:
        batch_op.drop_index("ix_wioa_imports_org")
    op.drop_table("wioa_imports")
