"""How much of a credential or a recipients file Onramp reads, enforced here and only here.

The edges read at most one byte past a limit (so a huge upload never fills memory) and hand
the bytes to the use case, which refuses them with `TooLargeError` (413 in the API, exit 2 in
the CLI) before reading anything.
"""

from __future__ import annotations

from onramp.errors import TooLargeError

MAX_CREDENTIAL_BYTES = 2 * 1024 * 1024  # a real CLR 2.0 with six credentials is about 60 KB
MAX_RECIPIENTS_CSV_BYTES = 10 * 1024 * 1024  # MAX_BATCH rows of long addresses fit well inside


def check_credential_size(raw: bytes) -> bytes:
    """`raw`, or TooLargeError when it is over MAX_CREDENTIAL_BYTES."""
    if len(raw) > MAX_CREDENTIAL_BYTES:
        raise TooLargeError("That file is too big to be a credential (over 2 MB).")
    return raw


def check_recipients_csv_size(text: str) -> str:
    """`text`, or TooLargeError when it is over MAX_RECIPIENTS_CSV_BYTES."""
    if len(text) > MAX_RECIPIENTS_CSV_BYTES or len(text.encode()) > MAX_RECIPIENTS_CSV_BYTES:
        raise TooLargeError("The recipients CSV is larger than 10 MB. Split it into smaller files.")
    return text
