"""Files that hold what must stay private (the store, the secrets folder) are the owner's only.

A store file readable by everyone on the machine hands out every account's data; a secrets
folder others can list tells them where the key-encryption key is. So Onramp creates them
owner-only (0600 files, 0700 folders) and tightens ones it finds looser.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def owner_only(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Tighten `path` to `mode` when group or others have any access to it."""
    with contextlib.suppress(OSError):  # gone, or not ours to change: the owner decides
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(mode)


def create_private_file(path: Path) -> None:
    """Make `path` as an empty owner-only file unless it exists (then tighten it)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    owner_only(path)
