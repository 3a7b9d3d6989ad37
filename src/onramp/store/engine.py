"""Engine creation, write transactions and schema migration for SQLite (embedded default) and
PostgreSQL.

See docs/decisions/0011-concurrent-writes.md for why write transactions look the way they do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from onramp.errors import StoreError
from onramp.files import create_private_file, owner_only

MIGRATIONS = Path(__file__).with_name("migrations")
# How long a SQLite writer waits for the one write lock before it gives up. Writers hold the
# lock for milliseconds (long batches commit in chunks), so this is only ever reached when
# something is badly wrong.
BUSY_TIMEOUT_SECONDS = 30


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine. SQLite gets WAL, foreign keys and a busy timeout on every connection.

    SQL parameters are never put into error messages (`hide_parameters`): they hold people's
    emails and other personal data, and error messages end up in logs and tracebacks."""
    parsed = make_url(url)
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            _private_sqlite_files(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    raise StoreError(f"unsupported database: {parsed.get_backend_name()}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _private_sqlite_files(database: Path) -> None:
    """The store file is the owner's only (0600), made so before SQLite opens it: SQLite gives
    the -wal, -shm and -journal files it creates the main file's mode. Files left looser by an
    older version are tightened."""
    create_private_file(database)
    for suffix in ("-wal", "-shm", "-journal"):
        owner_only(database.with_name(database.name + suffix))


@contextmanager
def write_transaction(engine: Engine, *lock_names: str) -> Iterator[Connection]:
    """A transaction whose reads decide what it writes (a count before a limit, a free index
    before taking it), so no other writer may change what it read before it commits.

    SQLite: `BEGIN IMMEDIATE` takes the database's write lock before the first read (a plain
    transaction would read first and could then write on a stale read). Other writers wait
    for it, up to the busy timeout. PostgreSQL: one transaction-level advisory lock per name,
    taken in a fixed order, so transactions naming the same thing run one after another while
    the rest of the database stays concurrent. Keep these transactions short: sign, hash and
    check passwords before or after them, never inside."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # the pysqlite driver opens no transaction of its own before this statement
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            for key in sorted({advisory_key(name) for name in lock_names}):
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        yield conn


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (PostgreSQL advisory locks take bigints)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the given revision (idempotent)."""
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
