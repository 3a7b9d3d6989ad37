"""platform hardening: the outbox keeps mail bodies only sealed, and only until delivered

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 09:00:00

Bodies written before this revision are plain text with live links in them. There is no
transport to hand them to and no way to seal them here (the KEK lives outside the store), so
they are dropped and their rows count as sent when they were made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=32), server_default="notice", nullable=False)
        )
        batch.add_column(sa.Column("sealed_body", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("body")
    op.execute("UPDATE outbox SET sent_at = created_at")


def downgrade() -> None:
    # sealed bodies cannot be opened here either: old rows come back with an empty body
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("body", sa.Text(), server_default="", nullable=False))
        batch.drop_column("sent_at")
        batch.drop_column("sealed_body")
        batch.drop_column("kind")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("body", server_default=None)
