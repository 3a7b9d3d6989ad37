"""What Onramp keeps on disk is the owner's only: the SQLite store with its -wal and -shm
files, and the secrets folder with the key-encryption key."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from onramp.platform.secrets import KEK_FILE, load_kek
from onramp.store import make_engine, upgrade


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask, under which new files are readable by everyone."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_new_store_and_its_wal_files_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    database = tmp_path / "onramp.db"
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE probe (x INTEGER)"))
            conn.execute(text("INSERT INTO probe VALUES (1)"))
        files = {p.name: mode(p) for p in tmp_path.iterdir()}
    finally:
        engine.dispose()
    assert {"onramp.db", "onramp.db-wal", "onramp.db-shm"} <= set(files), files
    assert all(m == 0o600 for m in files.values()), {k: oct(v) for k, v in files.items()}


def test_a_store_left_readable_is_tightened(tmp_path: Path, open_umask: None) -> None:
    database = tmp_path / "old.db"
    with sqlite3.connect(database) as conn:  # made the way an older version made it
        conn.execute("CREATE TABLE probe (x INTEGER)")
    leftover = tmp_path / "old.db-wal"
    leftover.write_bytes(b"")
    for path in (database, leftover):
        path.chmod(0o644)
    make_engine(f"sqlite:///{database}").dispose()
    assert mode(database) == 0o600 and mode(leftover) == 0o600


def test_the_secrets_folder_and_the_kek_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "secrets"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    kek = load_kek(folder)
    assert mode(folder) == 0o700 and mode(folder / KEK_FILE) == 0o600
    (folder / KEK_FILE).chmod(0o644)
    assert load_kek(folder) == kek and mode(folder / KEK_FILE) == 0o600
    assert [p.name for p in folder.iterdir()] == [KEK_FILE]  # nothing left aside
