"""Tables of a workforce board's WIOA participant records (issue 18, item 4; decisions/0035).

- `wioa_imports`: one row per file a board loaded: who, when, the file's name, its SHA-256
  and how many records it added or replaced, so every figure can be traced to the file its
  records came from.
- `wioa_participants`: the board's current record for each record id (compared without case,
  as the reader compares them), kept as one JSON document (`onramp.metrics.wioa_json`) so the
  pure core rebuilds the same frozen `Participant` it read, and a change to the layout needs no
  new columns. A later file with the same record id replaces the row.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table

from onramp.store.columns import ID, by_fk, id_column, org_fk
from onramp.store.schema import metadata

wioa_imports = Table(
    "wioa_imports",
    metadata,
    id_column(),
    org_fk(),  # the workforce board
    by_fk("imported_by"),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),  # participants in the file
    Column("added", Integer, nullable=False),  # record ids the board did not have before
    Column("replaced", Integer, nullable=False),  # record ids whose earlier record it replaced
    Index("ix_wioa_imports_org", "org_id", "imported_at"),
)

wioa_participants = Table(
    "wioa_participants",
    metadata,
    Column("org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("record_key", String(128), primary_key=True),  # record_id in lower case
    Column("record_id", String(64), nullable=False),  # as the board wrote it
    Column("record", JSON, nullable=False),  # wioa_json.participant_document
    Column("import_id", ID, ForeignKey("wioa_imports.id", ondelete="CASCADE"), nullable=False),
    Column("line", Integer, nullable=False),  # its line in that file
    Index("ix_wioa_participants_import", "import_id"),
)
