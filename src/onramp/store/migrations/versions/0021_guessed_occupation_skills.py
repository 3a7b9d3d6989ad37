"""guessed occupation skills kept per store

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-06 13:40:00

Skills guessed for an occupation from its texts are kept, so a whole release is guessed once
per store, not once per process (`onramp.nlp.kept_guesses`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0021"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guessed_occupation_skills",
        sa.Column("code", sa.String(length=255), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_guessed_occupation_skills")),
    )


def downgrade() -> None:
    op.drop_table("guessed_occupation_skills")
