"""Tables of the market capability's job postings (issue 16): the files ingested and how far
each got, the postings, the skills found in them, the rows a file could not give, and the
MinHash band buckets that find a repost among everything stored.

Shaped for demand analytics in plain SQL (docs/postings.md): one row per posting with its
month ("YYYY-MM"), OEWS area code, state and coded occupation; its skills in
`posting_skills`; reposts point at their first posting through `duplicate_of` and carry no
skills, so `WHERE duplicate_of IS NULL` counts each job once.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
)

from onramp.store.schema import metadata

HASH = String(64)  # a SHA-256 in hex

posting_files = Table(
    "posting_files",
    metadata,
    Column("sha256", HASH, primary_key=True),  # the whole file's content: its identity
    Column("name", String(500), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("format", String(8), nullable=False),
    # the checkpoint, written in the same transaction as each batch of postings
    Column("lines_done", Integer, nullable=False),
    Column("byte_offset", BigInteger, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("stored", Integer, nullable=False),
    Column("reposts", Integer, nullable=False),
    Column("exact_duplicates", Integer, nullable=False),
    Column("bad_rows", Integer, nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

postings = Table(
    "postings",
    metadata,
    Column("id", HASH, primary_key=True),  # SHA-256 of the posting's normalized content
    Column(
        "file_sha256",
        HASH,
        ForeignKey("posting_files.sha256", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("line", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("employer", String(300), nullable=True),
    Column("location", String(200), nullable=True),
    Column("area_code", String(16), nullable=True),  # OEWS area, when the wages are imported
    Column("state", String(2), nullable=True),  # USPS abbreviation
    Column("posted_on", Date, nullable=True),
    Column("month", String(7), nullable=True),  # "YYYY-MM" of posted_on
    Column("salary_min", Float, nullable=True),
    Column("salary_max", Float, nullable=True),
    Column("salary_period", String(8), nullable=True),  # hour | week | month | year
    Column("description", Text, nullable=False),
    Column("occupation_scheme", String(8), nullable=True),  # onet | esco
    Column("occupation_code", String(200), nullable=True),
    Column("occupation_title", String(300), nullable=True),
    Column("occupation_score", Float, nullable=True),
    Column("duplicate_of", HASH, ForeignKey("postings.id", ondelete="CASCADE"), nullable=True),
    Column("similarity", Float, nullable=True),  # estimated Jaccard with duplicate_of
    Column("minhash", LargeBinary, nullable=True),  # first postings only
    Index("ix_postings_month", "month"),
    Index("ix_postings_area", "area_code"),
    Index("ix_postings_occupation", "occupation_code"),
    Index("ix_postings_duplicate_of", "duplicate_of"),
    Index("ix_postings_file_line", "file_sha256", "line"),
)

posting_skills = Table(
    "posting_skills",
    metadata,
    Column("posting_id", HASH, ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_uri", String(300), primary_key=True),
    Column("label", String(300), nullable=False),
    Column("framework", String(40), nullable=False),
    Column("skill_type", String(20), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("section", String(20), nullable=False),  # requirement | nice_to_have | other
    Column("hot", Boolean, nullable=True),  # O*NET Hot Technology, where the framework says
    Index("ix_posting_skills_skill", "skill_uri"),
)

posting_bands = Table(
    "posting_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", BigInteger, primary_key=True),
    Column("posting_id", HASH, ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
)

posting_rejects = Table(
    "posting_rejects",
    metadata,
    Column(
        "file_sha256",
        HASH,
        ForeignKey("posting_files.sha256", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("line", Integer, primary_key=True),
    Column("reason", String(500), nullable=False),
)
