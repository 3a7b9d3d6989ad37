"""Reads and writes of the posting tables for one ingest: the file's checkpoint, the
reposts' candidates found through the stored MinHash bands, and one batch written with its
checkpoint in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select

from onramp.market.near_duplicates import (
    Fingerprint,
    from_bytes,
    place_key,
    repost_score,
    title_words,
)
from onramp.market.posting_model import BadRow, IngestReport, RawPosting
from onramp.store import market_tables as tables

_CHUNK = 500  # values per IN (...) list


@dataclass
class Checkpoint:
    """How far a file's ingest has committed, and what it has counted so far."""

    sha256: str
    lines_done: int = 0
    byte_offset: int = 0
    rows_read: int = 0
    stored: int = 0
    reposts: int = 0
    exact_duplicates: int = 0
    bad_rows: int = 0
    completed: bool = False

    def values(self) -> dict[str, Any]:
        return {
            "lines_done": self.lines_done,
            "byte_offset": self.byte_offset,
            "rows_read": self.rows_read,
            "stored": self.stored,
            "reposts": self.reposts,
            "exact_duplicates": self.exact_duplicates,
            "bad_rows": self.bad_rows,
            "completed": self.completed,
        }


@dataclass
class Batch:
    """What one transaction writes: postings (dicts of the `postings` columns), their skills
    and bands, the rows that could not be read, and the checkpoint after them."""

    postings: list[dict[str, Any]] = field(default_factory=list)
    skills: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[BadRow] = field(default_factory=list)


def open_checkpoint(
    conn: Connection, sha256: str, name: str, size: int, fmt: str, now: datetime
) -> Checkpoint:
    """The file's checkpoint, made at zero the first time the file is seen."""
    row = conn.execute(
        select(tables.posting_files).where(tables.posting_files.c.sha256 == sha256)
    ).first()
    if row is None:
        point = Checkpoint(sha256)
        conn.execute(
            tables.posting_files.insert().values(
                sha256=sha256, name=name[-500:], size=size, format=fmt, started_at=now,
                finished_at=None, **point.values(),
            )
        )  # fmt: skip
        return point
    return Checkpoint(
        sha256,
        **{key: getattr(row, key) for key in Checkpoint(sha256).values()},
    )


def read_checkpoint(conn: Connection, sha256: str) -> Checkpoint | None:
    row = conn.execute(
        select(tables.posting_files).where(tables.posting_files.c.sha256 == sha256)
    ).first()
    if row is None:
        return None
    return Checkpoint(sha256, **{key: getattr(row, key) for key in Checkpoint(sha256).values()})


def existing_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    found: set[str] = set()
    column = tables.postings.c.id
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def stored_candidates(
    conn: Connection, prints: Sequence[Fingerprint]
) -> tuple[dict[str, Fingerprint], dict[tuple[int, int], list[str]]]:
    """Stored first postings sharing a band bucket with any of `prints`: their fingerprints,
    and the ids in each (band, bucket)."""
    wanted: dict[int, set[int]] = {}
    for found in prints:
        for band, bucket in found.buckets:
            wanted.setdefault(bucket, set()).add(band)
    index: dict[tuple[int, int], list[str]] = {}
    bands = tables.posting_bands
    keys = sorted(wanted)
    for start in range(0, len(keys), _CHUNK):
        rows = conn.execute(
            select(bands.c.band, bands.c.bucket, bands.c.posting_id).where(
                bands.c.bucket.in_(keys[start : start + _CHUNK])
            )
        )
        for r in rows:
            if r.band in wanted[r.bucket]:
                index.setdefault((r.band, r.bucket), []).append(r.posting_id)
    out: dict[str, Fingerprint] = {}
    listed = sorted({key for ids in index.values() for key in ids})
    columns = tables.postings.c
    for start in range(0, len(listed), _CHUNK):
        rows = conn.execute(
            select(columns.id, columns.minhash, columns.title, columns.location).where(
                columns.id.in_(listed[start : start + _CHUNK])
            )
        )
        for r in rows:
            if r.minhash:
                place = place_key(RawPosting(0, r.title, "-", location=r.location or ""))
                out[r.id] = Fingerprint(from_bytes(r.minhash), place, title_words(r.title))
    return out, index


def best_match(
    new: Fingerprint, candidates: dict[str, Fingerprint], shared: Iterable[str]
) -> tuple[str, float] | None:
    """Of the `shared` candidates (those sharing a band bucket with `new`), the earlier
    posting `new` is most likely a repost of (ties: the smaller id)."""
    best: tuple[float, str] | None = None
    for key in shared:
        score = repost_score(new, candidates[key])
        if score is not None and (best is None or (-score, key) < (-best[0], best[1])):
            best = (score, key)
    return None if best is None else (best[1], best[0])


def write_batch(
    conn: Connection, batch: Batch, point: Checkpoint, now: datetime, *, bulk: bool = False
) -> None:
    """The batch and the checkpoint after it, in the caller's transaction. `bulk` (the Spark
    engine's large batches) loads the rows with COPY on PostgreSQL; elsewhere, and for the
    in-process engine, they go in as batched inserts."""
    for table, rows in (
        (tables.postings, batch.postings),
        (tables.posting_skills, batch.skills),
        (tables.posting_bands, batch.bands),
    ):
        if not rows:
            continue
        if bulk and conn.dialect.name == "postgresql":
            copy_rows(conn, table, rows)
        else:
            conn.execute(table.insert(), rows)
    if batch.rejects:
        conn.execute(
            tables.posting_rejects.insert(),
            [
                {"file_sha256": point.sha256, "line": bad.line, "reason": bad.reason[:500]}
                for bad in batch.rejects
            ],
        )
    conn.execute(
        tables.posting_files.update()
        .where(tables.posting_files.c.sha256 == point.sha256)
        .values(finished_at=now if point.completed else None, **point.values())
    )


def copy_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """`rows` into `table` with PostgreSQL's COPY FROM STDIN (psycopg 3), inside the caller's
    transaction: one stream instead of a statement per row. Columns missing from a row are
    NULL, as with an insert of that row's dict."""
    columns = [column.name for column in table.columns]
    raw = conn.connection.driver_connection
    assert raw is not None
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row.get(name) for name in columns])


def report_of(conn: Connection, name: str, point: Checkpoint, listed: int = 50) -> IngestReport:
    """The file's report from the store: the counts, and the first `listed` bad rows."""
    rejects = tables.posting_rejects
    rows = conn.execute(
        select(rejects.c.line, rejects.c.reason)
        .where(rejects.c.file_sha256 == point.sha256)
        .order_by(rejects.c.line)
        .limit(listed)
    ).all()
    total = conn.execute(
        select(func.count()).select_from(rejects).where(rejects.c.file_sha256 == point.sha256)
    ).scalar_one()
    return IngestReport(
        file=name,
        sha256=point.sha256,
        rows_read=point.rows_read,
        stored=point.stored,
        reposts=point.reposts,
        exact_duplicates=point.exact_duplicates,
        bad_rows=[BadRow(r.line, r.reason) for r in rows],
        bad_row_count=int(total),
    )
