"""The on-the-job hours file (issue 17, item 3): reading it, as pure data, before any row is
stored.

Layout (documented in docs/wbl.md), one row per shift, with a header row:

    apprentice,date,hours,competency,note
    ana@example.org,2026-11-02,7.5,Install conduit and boxes,Basement job

- `apprentice`: the apprentice's email or enrollment id;
- `date`: the day worked, YYYY-MM-DD, not in the future;
- `hours`: more than 0 and at most 24;
- `competency`: the work process, by id or by name (matched by the use case);
- `note`: optional.

Every bad row is named with its line and a plain reason, and the file is refused whole when any
row is bad, so nothing partial is stored. Each good row gets a stable `key` from its content
and how many identical rows came before it in the file, so importing the same file again adds
nothing, while two identical shifts on one day are still two entries.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from onramp.errors import ImportFileError, TooLargeError

MAX_HOURS_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_NOTE = 500
REQUIRED = ("apprentice", "date", "hours", "competency")
FILE = "hours file"


@dataclass(frozen=True, slots=True)
class HoursRow:
    line: int
    apprentice: str
    day: date
    hours: float
    competency: str
    note: str
    key: str  # stable across imports of the same content


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str

    @property
    def sentence(self) -> str:
        return f"Line {self.line}: {self.reason}"


class HoursFileError(ImportFileError):
    """The hours file has bad rows; `rows` names every one (nothing was stored)."""

    def __init__(self, rows: list[BadRow]) -> None:
        self.rows = rows
        self.details = [{"line": r.line, "reason": r.reason, "sentence": r.sentence} for r in rows]
        shown = "; ".join(row.sentence for row in rows[:20])
        more = f" (and {len(rows) - 20} more)" if len(rows) > 20 else ""
        super().__init__(FILE, f"{len(rows)} rows need fixing, so none were saved. {shown}{more}")


def read_hours_file(text: str, *, today: date) -> list[HoursRow]:
    """The rows of an hours file, or HoursFileError naming every bad row."""
    if len(text.encode()) > MAX_HOURS_FILE_BYTES:
        raise TooLargeError("The hours file is larger than 5 MB. Split it into smaller files.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(name or "").strip().lower() for name in reader.fieldnames or []}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFileError(FILE, f"the header row needs the columns: {', '.join(missing)}", 1)
    good: list[HoursRow] = []
    bad: list[BadRow] = []
    seen: Counter[str] = Counter()
    for number, raw in enumerate(reader, start=2):
        if len(good) + len(bad) >= MAX_ROWS:
            raise ImportFileError(FILE, f"has more than {MAX_ROWS} rows; split it")
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        reason, parsed = _parse(row, today)
        if reason:
            bad.append(BadRow(number, reason))
            continue
        assert parsed is not None
        apprentice, day, hours, competency, note = parsed
        content = f"{apprentice.lower()}|{day}|{hours:g}|{competency.lower()}|{note}"
        seen[content] += 1
        key = hashlib.sha256(f"{content}|{seen[content]}".encode()).hexdigest()
        good.append(HoursRow(number, apprentice, day, hours, competency, note, key))
    if bad:
        raise HoursFileError(bad)
    if not good:
        raise ImportFileError(FILE, "has no rows of hours")
    return good


def _parse(
    row: dict[str, str], today: date
) -> tuple[str, tuple[str, date, float, str, str] | None]:
    """(reason, None) for a bad row, ("", fields) for a good one."""
    apprentice, competency = row.get("apprentice", ""), row.get("competency", "")
    note = " ".join(row.get("note", "").split())
    if not apprentice:
        return "the apprentice is missing.", None
    if not competency:
        return "the competency is missing.", None
    try:
        day = date.fromisoformat(row.get("date", ""))
    except ValueError:
        return f"'{row.get('date', '')}' is not a date like 2026-11-02.", None
    if day > today:
        return f"{day} is in the future.", None
    try:
        hours = float(row.get("hours", ""))
    except ValueError:
        return f"'{row.get('hours', '')}' is not a number of hours.", None
    hours = round(hours, 2)  # what is stored: a hundredth of an hour at the finest
    if not 0 < hours <= 24:
        return f"{row.get('hours')} hours is not between 0.01 and 24.", None
    if len(note) > MAX_NOTE:
        return f"the note is longer than {MAX_NOTE} characters.", None
    return "", (apprentice, day, hours, competency, note)
