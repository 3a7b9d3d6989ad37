"""profile sketches replace hashed profile vectors

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 09:40:00

The profile index now holds each worker's support per (skill, level) cell, stored as a small
JSON map, instead of 512 hashed float32 numbers (decisions/0019). Stored vectors of the old
kind are cleared and marked stale, so the next `onramp match index` builds them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _clear_and_mark_stale() -> None:
    """Either way, stored vectors are of the other kind: clear them and rebuild on next index."""
    table = sa.table(
        "profile_vectors",
        sa.column("vector", sa.LargeBinary()),
        sa.column("stale", sa.Boolean()),
    )
    op.execute(table.update().values(vector=None, stale=True))


def upgrade() -> None:
    _clear_and_mark_stale()


def downgrade() -> None:
    _clear_and_mark_stale()
