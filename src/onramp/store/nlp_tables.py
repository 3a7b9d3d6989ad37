"""Tables of skill intelligence: sentence vectors of a framework release's skills, and the
skills guessed for occupations.

Vectors are computed once per release and model (`onramp skills embed`) and keyed by the
release (`framework_id`), the skill's code, the kind of text (preferred label, alternative
label, description), its ordinal among texts of that kind, and the model's identity, so a new
model or a new release never mixes with old vectors. A release's vectors go when it goes
(cascade). The vector is little-endian float16 bytes (`dimension` values).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
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

# Skills guessed for an occupation from its texts (`onramp.nlp.occupation_skills`), kept so a
# guess (a ranking pass of minutes for a whole release) is made once per store, not once per
# process. `basis` names what the guess rests on (the current releases and the model); a row of
# another basis is never read, and writing a new basis clears the old rows.
guessed_occupation_skills = Table(
    "guessed_occupation_skills",
    metadata,
    Column("code", String(255), primary_key=True),
    Column("basis", String(64), nullable=False),  # sha256 of what the guess rests on
    Column("method", String(32), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
