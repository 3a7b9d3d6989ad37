"""Small O*NET releases in the official text layout, written by the tests.

`write_mini_onet` keeps the rows of a few occupations from the shared 29.3 copy, and adds the
files that copy lacks (Abilities, Work Activities, Work Context, Related Occupations) with the
official headers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from onramp.taxonomy.onet import REQUIRED_FILES

KEEP = ("29-1141.00", "53-7062.00", "41-2011.00")
RATING_HEADER = [
    "O*NET-SOC Code",
    "Title",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Scale Name",
    "Data Value",
    "N",
    "Standard Error",
    "Lower CI Bound",
    "Upper CI Bound",
    "Recommend Suppress",
    "Not Relevant",
    "Date",
    "Domain Source",
]
CONTEXT_HEADER = [
    "O*NET-SOC Code",
    "Title",
    "Element ID",
    "Element Name",
    "Scale ID",
    "Scale Name",
    "Category",
    "Data Value",
    "N",
    "Standard Error",
    "Lower CI Bound",
    "Upper CI Bound",
    "Recommend Suppress",
    "Not Relevant",
    "Date",
    "Domain Source",
]
RELATED_HEADER = [
    "O*NET-SOC Code",
    "Title",
    "Related O*NET-SOC Code",
    "Related Title",
    "Relatedness Tier",
    "Index",
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_mini_onet(
    source: Path, target: Path, with_optional: bool = True, keep: tuple[str, ...] = KEEP
) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in (*REQUIRED_FILES, "Read Me.txt", "Work Context Categories.txt"):
        lines = (source / name).read_text(encoding="utf-8").splitlines()
        header, body = lines[0], lines[1:]
        if header.startswith("O*NET-SOC Code"):
            body = [line for line in body if line.split("\t", 1)[0] in keep]
        (target / name).write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    if with_optional:
        write_optional(target)
    return target


def write_optional(target: Path) -> None:
    nurse, forklift = "29-1141.00", "53-7062.00"
    _write(
        target / "Abilities.txt",
        RATING_HEADER,
        [
            [
                nurse,
                "Registered Nurses",
                "1.A.1.a.1",
                "Oral Comprehension",
                "IM",
                "Importance",
                "4.12",
                "8",
                "0.1250",
                "3.88",
                "4.37",
                "N",
                "n/a",
                "08/2023",
                "Analyst",
            ],
            [
                nurse,
                "Registered Nurses",
                "1.A.1.a.1",
                "Oral Comprehension",
                "LV",
                "Level",
                "4.38",
                "8",
                "0.1830",
                "4.02",
                "4.74",
                "N",
                "N",
                "08/2023",
                "Analyst",
            ],
            [
                forklift,
                "Laborers",
                "1.A.1.a.1",
                "Oral Comprehension",
                "LV",
                "Level",
                "1.00",
                "8",
                "0.2000",
                "0.6",
                "1.4",
                "Y",
                "N",
                "08/2023",
                "Analyst",
            ],
        ],
    )
    _write(
        target / "Work Activities.txt",
        RATING_HEADER,
        [
            [
                nurse,
                "Registered Nurses",
                "4.A.4.a.5",
                "Assisting and Caring for Others",
                "IM",
                "Importance",
                "4.90",
                "25",
                "0.05",
                "4.8",
                "5.0",
                "N",
                "n/a",
                "08/2023",
                "Incumbent",
            ],
        ],
    )
    _write(
        target / "Work Context.txt",
        CONTEXT_HEADER,
        [
            [
                nurse,
                "Registered Nurses",
                "4.C.1.a.2.c",
                "Public Speaking",
                "CXP",
                "Context (Categories 1-5)",
                "1",
                "35.00",
                "25",
                "8.1",
                "20.1",
                "52.3",
                "N",
                "n/a",
                "08/2023",
                "Incumbent",
            ],
            [
                nurse,
                "Registered Nurses",
                "4.C.1.a.2.c",
                "Public Speaking",
                "CX",
                "Context",
                "n/a",
                "2.10",
                "25",
                "0.2",
                "1.7",
                "2.5",
                "N",
                "n/a",
                "08/2023",
                "Incumbent",
            ],
        ],
    )
    _write(
        target / "Related Occupations.txt",
        RELATED_HEADER,
        [
            [nurse, "Registered Nurses", "41-2011.00", "Cashiers", "Primary-Short", "1"],
            [forklift, "Laborers", nurse, "Registered Nurses", "Supplemental", "12"],
        ],
    )


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
