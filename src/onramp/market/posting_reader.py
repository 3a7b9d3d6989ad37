"""Reading job postings from CSV or JSONL, one row at a time, with bounded memory.

Every row comes out as a `RawPosting` or a `BadRow` naming its line and what is wrong, with
how far into the file (lines and bytes) the reader has got after it, so an ingest can
checkpoint and later start again at exactly that byte. A line is never read whole past
`MAX_LINE_BYTES`: the rest of it is skipped and the row reported.

Keys are matched ignoring case, spaces, hyphens and underscores. Besides the plain names
(title, description, employer, location, posted_on, salary), the reader takes the names
common feeds use (docs/postings.md): `title_guess` and `text` (the SkillSpan postings),
`company`, `city` plus `state`, `area_code`, `date_posted`, `salary_min`/`salary_max`. When
no date is given, a "Date posted: 2021-07-14" line in the description gives it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from onramp.errors import InvalidInputError
from onramp.market.posting_model import (
    FORMATS,
    MAX_DESCRIPTION,
    MAX_EMPLOYER,
    MAX_LINE_BYTES,
    MAX_LOCATION,
    MAX_TITLE,
    BadRow,
    RawPosting,
    SalaryPeriod,
)

ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "jobtitle", "position", "name"),
    "title_guess": ("titleguess",),
    "description": ("description", "jobdescription", "text", "body", "content"),
    "employer": ("employer", "company", "companyname", "organization", "hiringorganization"),
    "location": ("location", "joblocation", "place"),
    "city": ("city",),
    "state": ("state", "region"),
    "area_code": ("areacode", "area"),
    "posted": ("postedon", "posted", "posteddate", "dateposted", "date", "dateposted"),
    "salary": ("salary", "pay", "compensation"),
    "salary_min": ("salarymin", "minsalary", "paymin"),
    "salary_max": ("salarymax", "maxsalary", "paymax"),
    "salary_period": ("salaryperiod", "payperiod", "per"),
}
_KEY_OF = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")
_GUESS_END = re.compile(r"<[A-Z_]+>|\bdate posted\s*:", re.IGNORECASE)
_DATE_LINE = re.compile(r"\bdate posted\s*:\s*(\S+)", re.IGNORECASE)
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k)?\b", re.IGNORECASE)
_PERIODS: dict[str, SalaryPeriod] = {
    "hour": SalaryPeriod.HOUR, "hr": SalaryPeriod.HOUR, "hourly": SalaryPeriod.HOUR,
    "week": SalaryPeriod.WEEK, "weekly": SalaryPeriod.WEEK, "wk": SalaryPeriod.WEEK,
    "month": SalaryPeriod.MONTH, "monthly": SalaryPeriod.MONTH, "mo": SalaryPeriod.MONTH,
    "year": SalaryPeriod.YEAR, "yearly": SalaryPeriod.YEAR, "yr": SalaryPeriod.YEAR,
    "annual": SalaryPeriod.YEAR, "annually": SalaryPeriod.YEAR, "annum": SalaryPeriod.YEAR,
}  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")


@dataclass(frozen=True, slots=True)
class Position:
    """How far the reader has got: whole lines read, and the byte just after them."""

    lines: int
    offset: int


def check_format(name: str, fmt: str | None) -> str:
    """The format to read `name` as: the one given, else its extension."""
    chosen = (fmt or name.rsplit(".", 1)[-1]).lower()
    if chosen == "json":
        chosen = "jsonl"
    if chosen not in FORMATS:
        raise InvalidInputError(
            f"{name}: cannot tell the format; name it with --format {' or --format '.join(FORMATS)}"
        )
    return chosen


def _lines(stream: IO[bytes], start: Position) -> Iterator[tuple[bytes, bool, Position]]:
    """Physical lines from `start`: (line, whether it was cut at MAX_LINE_BYTES, position
    after it). A cut line's rest is read in chunks and dropped."""
    lines, offset = start.lines, start.offset
    stream.seek(offset)
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        offset += len(raw)
        cut = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
        while cut:
            rest = stream.readline(MAX_LINE_BYTES)
            offset += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        lines += 1
        yield (raw[:MAX_LINE_BYTES] if cut else raw), cut, Position(lines, offset)


def _text(raw: bytes, first: bool) -> str:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", errors="surrogateescape")


def read_jsonl(
    stream: IO[bytes], start: Position
) -> Iterator[tuple[RawPosting | BadRow, Position]]:
    for raw, cut, after in _lines(stream, start):
        number = after.lines
        if cut:
            yield BadRow(number, f"the line is longer than {MAX_LINE_BYTES:,} bytes"), after
            continue
        text = _text(raw, number == 1)
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, UnicodeEncodeError) as error:
            reason = "not UTF-8 text" if _has_bad_bytes(text) else f"not valid JSON ({error})"
            yield BadRow(number, reason[:400]), after
            continue
        except RecursionError:
            yield BadRow(number, "the JSON is nested too deeply"), after
            continue
        if not isinstance(value, dict):
            yield BadRow(number, "expected a JSON object with a title and a description"), after
            continue
        yield posting_from(value, number), after


@dataclass
class _Cursor:
    """Where the CSV reader's line feed has got, and whether it cut a line since the last row."""

    at: Position
    cut: bool = False


def read_csv(
    stream: IO[bytes], start: Position, header: list[str] | None = None
) -> Iterator[tuple[RawPosting | BadRow, Position]]:
    """Rows of a CSV file with a header line. When resuming (`start` past the header),
    `header` is the file's header, read again by `csv_header`."""
    cursor = _Cursor(start)

    def feed() -> Iterator[str]:
        for raw, cut, after in _lines(stream, start):
            cursor.at, cursor.cut = after, cursor.cut or cut
            yield _text(raw, after.lines == 1)

    reader = csv.reader(feed())
    while True:
        first_line = cursor.at.lines + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            cursor.cut = False
            yield BadRow(first_line, f"not a valid CSV row ({error})"[:400]), cursor.at
            continue
        after, cut = cursor.at, cursor.cut
        cursor.cut = False
        if header is None:
            header = checked_header([cell.strip() for cell in cells])
            continue
        if cut:
            yield BadRow(first_line, f"a line is longer than {MAX_LINE_BYTES:,} bytes"), after
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield (
                BadRow(first_line, f"{len(cells)} cells where the header names {len(header)}"),
                after,
            )
            continue
        yield posting_from(dict(zip(header, cells, strict=True)), first_line), after


def csv_header(stream: IO[bytes]) -> tuple[list[str], Position]:
    """The header of a CSV file and the position just after it."""
    for row, after in _header_rows(stream):
        return checked_header(row), after
    raise InvalidInputError("the CSV file is empty: it has no header line")


def checked_header(header: list[str]) -> list[str]:
    if not any(_KEY_OF.get(_plain_key(name), "").startswith("title") for name in header):
        raise InvalidInputError(
            "the first line of a CSV file must name the columns, with a title column "
            "(see docs/postings.md)"
        )
    return header


def _header_rows(stream: IO[bytes]) -> Iterator[tuple[list[str], Position]]:
    at = {"pos": Position(0, 0)}

    def feed() -> Iterator[str]:
        for raw, _cut, after in _lines(stream, Position(0, 0)):
            at["pos"] = after
            yield _text(raw, after.lines == 1)

    try:
        for cells in csv.reader(feed()):
            if any(cell.strip() for cell in cells):
                yield [cell.strip() for cell in cells], at["pos"]
                return
    except csv.Error as error:
        raise InvalidInputError(f"the CSV header line cannot be read ({error})") from error


def _plain_key(name: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


def _has_bad_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def posting_from(record: Mapping[str, Any], line: int) -> RawPosting | BadRow:
    """A checked posting from one row's keys and values, or the reason it is unusable."""
    fields: dict[str, str] = {}
    for name, value in record.items():
        key = _KEY_OF.get(_plain_key(name))
        if key is None or key in fields or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return BadRow(line, f"'{str(name)[:40]}' must be text, not {type(value).__name__}")
        text = str(value)
        if _has_bad_bytes(text):
            return BadRow(line, f"'{str(name)[:40]}' is not UTF-8 text")
        if "\x00" in text:
            return BadRow(line, f"'{str(name)[:40]}' holds a NUL character")
        fields[key] = text.strip()
    title, description = fields.get("title", ""), fields.get("description", "")
    if not title and fields.get("title_guess"):
        title = _guessed_title(fields["title_guess"])
        fields["title"] = title
    if not title:
        return BadRow(line, "the title is missing")
    if not description:
        return BadRow(line, "the description is missing")
    for key, limit in (
        ("title", MAX_TITLE),
        ("description", MAX_DESCRIPTION),
        ("employer", MAX_EMPLOYER),
        ("location", MAX_LOCATION),
    ):
        if len(fields.get(key, "")) > limit:
            return BadRow(line, f"the {key} is longer than {limit:,} characters")
    location = _location(fields)
    if len(location) > MAX_LOCATION:
        return BadRow(line, f"the location is longer than {MAX_LOCATION:,} characters")
    try:
        posted = _posted(fields.get("posted", ""), description)
        salary = _salary(fields)
    except ValueError as error:
        return BadRow(line, str(error))
    return RawPosting(
        line=line,
        title=" ".join(title.split()),
        description=description,
        employer=" ".join(fields.get("employer", "").split()),
        location=location,
        posted_on=posted,
        salary_min=salary[0],
        salary_max=salary[1],
        salary_period=salary[2],
    )


def _guessed_title(text: str) -> str:
    """A guessed title (the SkillSpan postings' first line, sometimes a whole sentence or the
    whole header block run together): the text before the first placeholder ("<ORGANIZATION>")
    or "Date posted:", with placeholders dropped, cut at the last word within MAX_TITLE
    characters. The description keeps the whole text."""
    head = _GUESS_END.split(text, maxsplit=1)[0]
    if not head.strip():
        head = _PLACEHOLDER.sub(" ", text)
    words = " ".join(head.split())
    if len(words) <= MAX_TITLE:
        return words
    cut = words[: MAX_TITLE + 1].rsplit(" ", 1)[0]
    return cut if cut else words[:MAX_TITLE]


def _location(fields: dict[str, str]) -> str:
    if fields.get("area_code"):
        return fields["area_code"]
    if fields.get("location"):
        return " ".join(fields["location"].split())
    parts = [fields.get("city", ""), fields.get("state", "")]
    return ", ".join(part for part in parts if part)


def _posted(value: str, description: str) -> date | None:
    if not value:
        found = _DATE_LINE.search(description[:2000])
        if found is None:
            return None
        value = found.group(1)
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"the posted date {text[:40]!r} is not a date (use YYYY-MM-DD)")


def _salary(fields: dict[str, str]) -> tuple[float | None, float | None, SalaryPeriod | None]:
    """(low, high, period) from a salary text ("$18-22 an hour", "£40k - 50k") or from
    separate columns. Amounts are taken as written, in whatever currency the feed uses."""
    period = _period(fields.get("salary_period", ""))
    if fields.get("salary_min") or fields.get("salary_max"):
        low = _amount(fields.get("salary_min", "")) if fields.get("salary_min") else None
        high = _amount(fields.get("salary_max", "")) if fields.get("salary_max") else low
        low = high if low is None else low
    elif fields.get("salary"):
        text = fields["salary"]
        amounts = [_number(m.group(1), m.group(2)) for m in _AMOUNT.finditer(text)][:2]
        if not amounts:
            raise ValueError(f"the salary {text[:40]!r} holds no amount")
        if len(amounts) == 2 and "k" in text.lower() and amounts[0] < 1000 <= amounts[1]:
            amounts[0] *= 1000  # "40 - 50k"
        low, high = amounts[0], amounts[-1]
        period = period or _period(text)
    else:
        return None, None, None
    if low is not None and high is not None and low > high:
        raise ValueError("the lowest salary is above the highest")
    return low, high, period


def _amount(text: str) -> float:
    found = _AMOUNT.search(text)
    if found is None:
        raise ValueError(f"the salary {text[:40]!r} is not a number")
    return _number(found.group(1), found.group(2))


def _number(digits: str, thousand: str | None) -> float:
    value = float(digits.replace(",", ""))
    if value > 1e9:
        raise ValueError("the salary is not a believable amount")
    return value * 1000 if thousand else value


def _period(text: str) -> SalaryPeriod | None:
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _PERIODS:
            return _PERIODS[word]
    return None
