"""Writes and removes whole framework releases, atomically.

An import parses and validates everything first, then calls `write_release`, which replaces the
release (same key, version and owner) in one transaction. A release whose content hash matches the
stored one is left untouched, so re-importing the same files changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, update

from onramp.errors import StoreError
from onramp.store import schema

if TYPE_CHECKING:  # the store depends on the domain model only for types
    from onramp.taxonomy.model import Framework

ProgressFn = Callable[[str, int, int], None]

_CHUNK = 20_000


@dataclass(slots=True)
class ReleaseOutcome:
    framework_id: int
    changed: bool
    counts: dict[str, int]


def write_release(
    engine: Engine,
    framework: Framework,
    parts: Mapping[str, Sequence[Any]],
    progress: ProgressFn | None = None,
) -> ReleaseOutcome:
    """Replace one release with `parts` (table name -> dataclass rows) in one transaction."""
    counts = {name: len(rows) for name, rows in parts.items() if rows}
    with engine.begin() as conn:
        existing = conn.execute(
            select(schema.frameworks.c.id, schema.frameworks.c.content_sha256).where(
                schema.frameworks.c.key == framework.key,
                schema.frameworks.c.version == framework.version,
                schema.frameworks.c.owner == framework.owner,
            )
        ).first()
        if (
            existing is not None
            and framework.content_sha256
            and (existing.content_sha256 == framework.content_sha256)
        ):
            _refresh_current(conn, framework.key, framework.owner)
            return ReleaseOutcome(existing.id, changed=False, counts=counts)
        values = _framework_values(framework, counts)
        if existing is not None:
            framework_id = existing.id
            _delete_rows(conn, framework_id)
            conn.execute(
                update(schema.frameworks)
                .where(schema.frameworks.c.id == framework_id)
                .values(**values)
            )
        else:
            framework_id = conn.execute(
                insert(schema.frameworks).values(**values).returning(schema.frameworks.c.id)
            ).scalar_one()
        for name, table in schema.RELEASE_TABLES.items():
            rows = parts.get(name)
            if rows:
                _bulk_insert(conn, table, framework_id, rows, name, progress)
        _refresh_current(conn, framework.key, framework.owner)
    framework.id = framework_id
    return ReleaseOutcome(framework_id, changed=True, counts=counts)


def remove_release(engine: Engine, key: str, version: str, owner: str = "") -> bool:
    """Delete one release and everything in it. Returns False when there was none."""
    with engine.begin() as conn:
        framework_id = conn.execute(
            select(schema.frameworks.c.id).where(
                schema.frameworks.c.key == key,
                schema.frameworks.c.version == version,
                schema.frameworks.c.owner == owner,
            )
        ).scalar()
        if framework_id is None:
            return False
        _delete_rows(conn, framework_id)
        conn.execute(delete(schema.frameworks).where(schema.frameworks.c.id == framework_id))
        _refresh_current(conn, key, owner)
    return True


def set_current(engine: Engine, key: str, version: str, owner: str = "") -> bool:
    """Pin one release as current for its key, overriding the automatic choice."""
    table = schema.frameworks
    with engine.begin() as conn:
        found = conn.execute(
            select(table.c.id).where(
                table.c.key == key, table.c.version == version, table.c.owner == owner
            )
        ).scalar()
        if found is None:
            return False
        conn.execute(
            update(table).where(table.c.key == key, table.c.owner == owner).values(is_current=False)
        )
        conn.execute(update(table).where(table.c.id == found).values(is_current=True))
    return True


def _framework_values(framework: Framework, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "key": framework.key,
        "version": framework.version,
        "owner": framework.owner,
        "name": framework.name,
        "publisher": framework.publisher,
        "source": framework.source,
        "license": framework.license,
        "attribution": framework.attribution,
        "origin": str(framework.origin),
        "content_sha256": framework.content_sha256,
        "limitations": list(framework.limitations),
        "stats": counts,
        "imported_at": framework.imported_at or datetime.now(UTC),
        "is_current": False,
    }


def _delete_rows(conn: Connection, framework_id: int) -> None:
    for table in reversed(list(schema.RELEASE_TABLES.values())):
        conn.execute(delete(table).where(table.c.framework_id == framework_id))


_ORIGIN_RANK = {"embedded": 0}


def version_key(version: str) -> tuple[Any, ...]:
    """Natural sort key: '29.10' sorts after '29.3'."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-+_]", version)
    )


def _refresh_current(conn: Connection, key: str, owner: str) -> None:
    """The current release of a key: an official one before an embedded one, newest version
    first. An explicit pin (set_current) lasts until the next import of that key."""
    table = schema.frameworks
    rows = conn.execute(
        select(table.c.id, table.c.version, table.c.origin).where(
            table.c.key == key, table.c.owner == owner
        )
    ).all()
    if not rows:
        return
    best = max(rows, key=lambda r: (_ORIGIN_RANK.get(r.origin, 1), version_key(r.version)))
    conn.execute(
        update(table).where(table.c.key == key, table.c.owner == owner).values(is_current=False)
    )
    conn.execute(update(table).where(table.c.id == best.id).values(is_current=True))


def _bulk_insert(
    conn: Connection,
    table: Table,
    framework_id: int,
    rows: Sequence[Any],
    name: str,
    progress: ProgressFn | None,
) -> None:
    """Insert dataclass rows through the driver's fastest path (COPY on PostgreSQL)."""
    names = [f.name for f in fields(rows[0])]
    missing = [n for n in names if n not in table.c]
    if missing:
        raise ValueError(f"{table.name} has no columns {missing}")
    converters = [_converter(table, n, rows) for n in names]
    columns = ["framework_id", *names]
    total = len(rows)
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    driver_error = conn.dialect.loaded_dbapi.Error
    try:
        if conn.dialect.name == "postgresql":
            column_list = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f'COPY "{table.name}" ({column_list}) FROM STDIN') as copy:
                for done, row in enumerate(rows, start=1):
                    copy.write_row(_row(framework_id, row, names, converters))
                    if progress and done % _CHUNK == 0:
                        progress(name, done, total)
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({marks})'
            for start in range(0, total, _CHUNK):
                chunk = rows[start : start + _CHUNK]
                cursor.executemany(sql, [_row(framework_id, r, names, converters) for r in chunk])
                if progress:
                    progress(name, min(start + _CHUNK, total), total)
    except driver_error as exc:
        # the caller's transaction rolls back; say which table, in domain terms
        raise StoreError(f"could not write {table.name}: {exc}") from exc
    finally:
        cursor.close()
    if progress:
        progress(name, total, total)


Converter = Callable[[Any], Any] | None


def _converter(table: Table, column: str, rows: Sequence[Any]) -> Converter:
    from sqlalchemy import JSON

    if isinstance(table.c[column].type, JSON):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    sample = next((getattr(r, column) for r in rows if getattr(r, column) is not None), None)
    if isinstance(sample, Enum):
        return lambda v: None if v is None else v.value
    return None


def _row(
    framework_id: int, row: Any, names: list[str], converters: list[Converter]
) -> tuple[Any, ...]:
    values: list[Any] = [framework_id]
    for column, convert in zip(names, converters, strict=True):
        value = getattr(row, column)
        values.append(convert(value) if convert is not None else value)
    return tuple(values)
