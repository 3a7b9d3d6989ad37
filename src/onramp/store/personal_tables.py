"""Tables of what identifies a worker beyond their account, kept apart from everything that
scores: details a blind view hides until a person reveals a candidate (photo, birth year,
address, schooling), and demographic answers a worker volunteers for adverse-impact audits.

Only `onramp.matching.personal` reads or writes these tables (a test enforces it); the
scoring core cannot import that module.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, Text

from onramp.store.columns import ID
from onramp.store.schema import metadata

personal_details = Table(
    "personal_details",
    metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("photo_url", String(1000), nullable=False, server_default=""),
    Column("birth_year", Integer, nullable=True),
    Column("address", Text, nullable=False, server_default=""),
    # [{"school": str, "degree": str, "graduation_year": int | null}]
    Column("education", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

demographic_answers = Table(
    "demographic_answers",
    metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("answers", JSON, nullable=False),  # question -> list of answer values
    Column("consented_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
