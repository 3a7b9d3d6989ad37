"""Job postings as a feed gives them (issue 16, item 1): the checked fields of one row, a row
that could not be read and why, and what an ingest run reports. No I/O here.

The accepted columns and keys, and how messy files map onto them, are in docs/postings.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from onramp.vocabulary import LabeledEnum

# Limits on one row, checked by the reader; a row past any of them is reported, never cut.
MAX_TITLE = 300
MAX_EMPLOYER = 300
MAX_LOCATION = 200
MAX_DESCRIPTION = 50_000  # characters; longer texts are not postings (or not one posting)
MAX_LINE_BYTES = 1 << 20  # one JSONL line or CSV line; the rest of a longer one is skipped
DEFAULT_BATCH = 200  # postings per transaction
FORMATS = ("csv", "jsonl")


class SalaryPeriod(LabeledEnum):
    HOUR = "hour", "Pay per hour."
    WEEK = "week", "Pay per week."
    MONTH = "month", "Pay per month."
    YEAR = "year", "Pay per year."


class IngestEngine(LabeledEnum):
    """Where the skill extraction and occupation coding of an ingest run (decisions/0030)."""

    IN_PROCESS = "in-process", "In this process, one batch after another (the default)."
    SPARK = "spark", "As a PySpark job on a local or remote Spark cluster, for large feeds."


@dataclass(frozen=True, slots=True)
class RawPosting:
    """One readable row: title and description are never empty; the rest may be."""

    line: int
    title: str
    description: str
    employer: str = ""
    location: str = ""
    posted_on: date | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_period: SalaryPeriod | None = None

    @property
    def month(self) -> str | None:
        return self.posted_on.strftime("%Y-%m") if self.posted_on else None


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row the reader could not use: its first line in the file and why, in plain words."""

    line: int
    reason: str


@dataclass
class IngestReport:
    """What one file's ingest did, counted over every run that worked on it (a resumed run
    reports the whole file, not only its own part)."""

    file: str
    sha256: str
    rows_read: int = 0
    stored: int = 0
    reposts: int = 0
    exact_duplicates: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    bad_row_count: int = 0
    already_done: bool = False
    resumed_from_line: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "stored": self.stored,
            "reposts": self.reposts,
            "exact_duplicates": self.exact_duplicates,
            "bad_rows": self.bad_row_count,
            "bad_row_lines": [{"line": b.line, "reason": b.reason} for b in self.bad_rows],
            "already_done": self.already_done,
            "resumed_from_line": self.resumed_from_line,
        }
