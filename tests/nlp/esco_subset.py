"""A small, consistent ESCO 1.1.1 release for tests: a few hundred real skills, every file.

Rows of the other files that name a skill left out are dropped, so the importer's integrity
checks hold. Embedding a few hundred skills takes seconds, where the whole ESCO takes minutes.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

csv.field_size_limit(sys.maxsize)
SKILL = "http://data.europa.eu/esco/skill/"
WANTED = (
    "JavaScript",
    "Java (computer programming)",
    "Python (computer programming)",
    "SQL",
    "use spreadsheets software",
    "customer service",
    "clean rooms",
    "cook meat dishes",
)


def _rows(archive: zipfile.ZipFile, name: str) -> tuple[list[str], list[list[str]]]:
    with archive.open(name) as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        header = next(reader)
        return header, list(reader)


def _write(archive: zipfile.ZipFile, name: str, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    archive.writestr(name, buffer.getvalue())


def build(classification: Path, relations: Path, folder: Path, size: int = 200) -> list[Path]:
    """Write trimmed copies of the two zips into `folder`; returns their paths."""
    with zipfile.ZipFile(classification) as source:
        header, skills = _rows(source, "skills_en.csv")
        uri, label = header.index("conceptUri"), header.index("preferredLabel")
        wanted = [row for row in skills if row[label] in WANTED]
        others = [row for row in skills if row[label] not in WANTED][: max(size - len(wanted), 0)]
        keep = {row[uri] for row in wanted + others}
        _, groups = _rows(source, "skillGroups_en.csv")
        allowed = keep | {row[1] for row in groups}

        def fine(row: list[str]) -> bool:
            return all(not cell.startswith(SKILL) or cell in allowed for cell in row)

        out_classification = folder / classification.name
        with zipfile.ZipFile(out_classification, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                name_header, rows = _rows(source, info.filename)
                if info.filename == "skills_en.csv":
                    rows = [row for row in rows if row[uri] in keep]
                else:
                    rows = [row for row in rows if fine(row)]
                _write(target, info.filename, name_header, rows)
    out_relations = folder / relations.name
    with (
        zipfile.ZipFile(relations) as source,
        zipfile.ZipFile(out_relations, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            name_header, rows = _rows(source, info.filename)
            _write(target, info.filename, name_header, [row for row in rows if fine(row)])
    return [out_classification, out_relations]
