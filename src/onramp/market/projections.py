"""Reader for BLS Employment Projections table 1.2, "Occupational projections and worker
characteristics" (tested with 2024-34, released August 2025).

Tables: https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm. Read
from the official workbook occupation.xlsx (https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx),
sheet "Table 1.2", whose header sits below a title row and whose data is followed by footnotes, or
from a CSV export of that table.

Headers are matched by meaning, not by exact text: they carry the years ("Employment, 2024") and
footnote markers ("Median annual wage, dollars, 2024[1]"), which change every release. Titles are
indented with leading spaces to show the hierarchy; the codes already say it, so they are stripped.
Both "Line item" (detailed occupation) and "Summary" (group) rows are kept. Employment, change and
openings stay in thousands, as published. "—" means no value. A median wage of ">=$239,200" is
top-coded: it is stored as missing, because the bound is not the median, and counted in a warning.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path

from onramp.errors import ImportFileError
from onramp.market.model import MarketRelease, Projection
from onramp.taxonomy.model import Framework, Origin
from onramp.taxonomy.sources import Row, SourceSet, Workbook, read_table

SHEET = "Table 1.2"
PUBLISHER = "U.S. Bureau of Labor Statistics"
LICENSE = "Public domain (U.S. government work)"
ATTRIBUTION = "Employment Projections program, U.S. Bureau of Labor Statistics"
SOURCE = "https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm"

# Field -> pattern of its normalised header (lower case, no footnote marker, plain hyphens).
COLUMNS = {
    "title": r".*national employment matrix title",
    "soc_code": r".*national employment matrix code",
    "occupation_type": r"occupation type",
    "change_numeric": r"employment change, numeric.*",
    "change_percent": r"employment change, percent.*",
    "self_employed_percent": r"percent self[- ]employed.*",
    "annual_openings": r"occupational openings.*",
    "median_annual_wage": r"median annual wage.*",
    "typical_education": r"typical education needed for entry.*",
    "work_experience": r"work experience in a related occupation.*",
    "on_the_job_training": r"typical on-the-job training.*",
}
_EMPLOYMENT = re.compile(r"employment, (\d{4})")
_CODE_HEADER = "national employment matrix code"
_NUMBERS = (
    "employment_base",
    "employment_projected",
    "change_numeric",
    "change_percent",
    "self_employed_percent",
    "annual_openings",
    "median_annual_wage",
)
_NONE = frozenset({"", "\u2014", "\u2013", "-", "n/a"})
_TOP_CODED = re.compile(r">=?\s*\$?\s*[\d,]+(?:\.\d+)?")
_SOC = re.compile(r"\d{2}-\d{4}")
_TYPES = {"line item": "line item", "summary": "summary"}


def read_bls_projections(path: Path | str, version: str | None = None) -> MarketRelease:
    """Table 1.2 from occupation.xlsx or its CSV export."""
    sources = SourceSet.open([path])
    found = [m.name for m in sources.members.values() if m.name.lower().endswith((".csv", ".xlsx"))]
    if len(found) != 1:
        raise ImportFileError(
            str(path), "expected exactly one table 1.2 file (occupation.xlsx or a CSV export)"
        )
    name = found[0]
    label = sources.label(name)
    if name.lower().endswith(".xlsx"):
        data = sources.read_bytes(name)
        digest = hashlib.sha256(data).hexdigest()
        book = Workbook(data, label)
        del data
        try:
            sheet, at, header = book.find_header(_is_header, prefer=(SHEET,))
            where = f"{label} [{sheet}]"
            columns, years = _columns(header, where, at)
            rows: Iterable[Row] = (
                Row(dict(zip(header, cells, strict=False)), where, number)
                for number, cells in book.rows(sheet, at + 1)
            )
            projections, top_coded = _projections(rows, columns, years)
        finally:
            book.close()
    else:
        text = sources.read_text(name)
        digest = sources.digests[name]
        at, header = _csv_header(text, label)
        del text
        columns, years = _columns(header, label, at)
        rows = read_table(sources, name, list(columns.values()), delimiter=",", skip_lines=at - 1)
        projections, top_coded = _projections(rows, columns, years)
    if not projections:
        raise ImportFileError(label, "has a table 1.2 header but no occupation rows")
    found_version = version or f"{years[0]}-{str(years[1])[2:]}"
    release = MarketRelease(
        Framework(
            key="bls-projections",
            version=found_version,
            name=f"Employment Projections {found_version}, occupational projections (table 1.2)",
            publisher=PUBLISHER,
            source=SOURCE,
            license=LICENSE,
            attribution=ATTRIBUTION,
            origin=Origin.OFFICIAL,
            content_sha256=digest,
        ),
        projections=projections,
    )
    if top_coded:
        release.warnings.append(
            f"median_annual_wage: {top_coded} occupations are top-coded (published as '>=$...') "
            "and stored as missing"
        )
    return release


def _normalise(header: str) -> str:
    text = re.sub(r"\[\d+\]", "", header).replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def _is_header(cells: list[str]) -> bool:
    return any(_normalise(c).endswith(_CODE_HEADER) for c in cells)


def _csv_header(text: str, label: str, within: int = 30) -> tuple[int, list[str]]:
    """(line number, cells) of the header: exports of the sheet may keep its title row."""
    for number, line in enumerate(io.StringIO(text), start=1):
        cells = next(csv.reader([line]), [])
        if _is_header(cells):
            return number, cells
        if number >= within:
            break
    raise ImportFileError(
        label,
        f"no header line with a '... National Employment Matrix code' column in the first "
        f"{within} lines: is this BLS Employment Projections table 1.2?",
        1,
    )


def _columns(header: list[str], label: str, line: int) -> tuple[dict[str, str], tuple[int, int]]:
    """Field -> the file's own header text, and the (base, projected) years."""
    normal = {_normalise(h): h for h in header if h.strip()}
    columns: dict[str, str] = {}
    for field, pattern in COLUMNS.items():
        match = next((h for n, h in normal.items() if re.fullmatch(pattern, n)), None)
        if match is not None:
            columns[field] = match
    years = sorted((int(m[1]), h) for n, h in normal.items() if (m := _EMPLOYMENT.fullmatch(n)))
    absent = [f for f in COLUMNS if f not in columns]
    if len(years) != 2:
        absent.append("Employment, <base year> and Employment, <projected year>")
    if absent:
        raise ImportFileError(
            label,
            f"header lacks column(s) for {', '.join(absent)}; is this BLS Employment "
            "Projections table 1.2?",
            line,
        )
    columns["employment_base"] = years[0][1]
    columns["employment_projected"] = years[1][1]
    return columns, (years[0][0], years[1][0])


def _projections(
    rows: Iterable[Row], columns: dict[str, str], years: tuple[int, int]
) -> tuple[list[Projection], int]:
    found: list[Projection] = []
    seen: dict[str, int] = {}
    top_coded = 0
    for row in rows:
        code = row.get(columns["soc_code"]).strip()
        if not code:
            if any(v.strip() for k, v in row.values.items() if k != columns["title"]):
                raise row.error("has values but no National Employment Matrix code")
            continue  # footnotes and notes below the table
        if not _SOC.fullmatch(code):
            raise row.error(f"code {code!r} is not a SOC code like 29-1141")
        if code in seen:
            raise row.error(f"code {code} also appears on line {seen[code]}")
        seen[code] = row.line
        kind = _TYPES.get(row.get(columns["occupation_type"]).strip().lower())
        if kind is None:
            raise row.error(
                f"occupation type {row.get(columns['occupation_type'])!r} is neither "
                "'Line item' nor 'Summary'"
            )
        numbers: dict[str, float | None] = {}
        for field in _NUMBERS:
            numbers[field], capped = _number(row, columns[field])
            top_coded += capped
        found.append(
            Projection(
                soc_code=code,
                title=row.get(columns["title"]).strip(),
                occupation_type=kind,
                base_year=years[0],
                projected_year=years[1],
                employment_base=numbers["employment_base"],
                employment_projected=numbers["employment_projected"],
                change_numeric=numbers["change_numeric"],
                change_percent=numbers["change_percent"],
                self_employed_percent=numbers["self_employed_percent"],
                annual_openings=numbers["annual_openings"],
                median_annual_wage=numbers["median_annual_wage"],
                typical_education=_text(row.get(columns["typical_education"])),
                work_experience=_text(row.get(columns["work_experience"])),
                on_the_job_training=_text(row.get(columns["on_the_job_training"])),
            )
        )
    return found, top_coded


def _number(row: Row, column: str) -> tuple[float | None, bool]:
    """(value, top-coded?) of a numeric cell; None for the dash BLS prints for no value."""
    raw = row.get(column).strip()
    if raw.lower() in _NONE:
        return None, False
    if _TOP_CODED.fullmatch(raw):
        return None, True
    try:
        value = float(raw.replace(",", "").replace("$", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise row.error(f"column '{column}' should be a number, got {raw!r}")
    return value, False


def _text(raw: str) -> str:
    text = raw.strip()
    return "" if text in _NONE else text
