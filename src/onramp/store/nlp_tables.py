"""Tables of skill intelligence: sentence vectors of a framework release's skills.

Vectors are computed once per release and model (`onramp skills embed`) and keyed by the
release (`framework_id`), the skill's code, the kind of text (preferred label, alternative
label, description), its ordinal among texts of that kind, and the model's identity, so a new
model or a new release never mixes with old vectors. A release's vectors go when it goes
(cascade). The vector is little-endian float16 bytes (`dimension` values).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from onramp.store.schema import metadata

skill_vectors = Table(
    "skill_vectors",
    metadata,
    Column(
        "framework_id",
        Integer,
        ForeignKey("frameworks.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("model", String(128), primary_key=True),
    Column("skill_code", String(255), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("dimension", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    ForeignKeyConstraint(
        ["framework_id", "skill_code"],
        ["skills.framework_id", "skills.code"],
        ondelete="CASCADE",
    ),
)
