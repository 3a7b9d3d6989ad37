"""Reading official data files from folders or zips, with errors that name the file and line.

Every importer reads through `SourceSet`, which also hashes each file it reads: the hash of the
content (not of the container) decides whether a re-import would change anything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from onramp.errors import ImportFileError

csv.field_size_limit(16 * 1024 * 1024)

# Files that are zips inside but one document to us (an .xlsx is a zip of XML parts).
_SINGLE_FILES = (".xlsx",)


@dataclass(slots=True)
class _Member:
    name: str  # file name without folders
    label: str  # what we show in errors: path or zip!member
    path: Path | None = None
    archive: Path | None = None
    member: str | None = None


@dataclass
class SourceSet:
    """The files of one import, found by name in any of the given folders and zips."""

    paths: Sequence[Path]
    members: dict[str, _Member] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: Sequence[Path | str]) -> SourceSet:
        found = cls(paths=[Path(p) for p in paths])
        for path in found.paths:
            found._scan(path)
        return found

    def _scan(self, path: Path) -> None:
        if not path.exists():
            raise ImportFileError(str(path), "no such file or folder")
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                self._add(_Member(file.name, str(file), path=file))
        elif path.suffix.lower() in _SINGLE_FILES:
            self._add(_Member(path.name, str(path), path=path))
        elif zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    for info in archive.infolist():
                        if info.is_dir():
                            continue
                        name = info.filename.rsplit("/", 1)[-1]
                        label = f"{path}!{info.filename}"
                        self._add(_Member(name, label, archive=path, member=info.filename))
            except (zipfile.BadZipFile, OSError) as exc:
                raise ImportFileError(str(path), f"not a readable zip file ({exc})") from exc
        elif path.suffix.lower() == ".zip":
            raise ImportFileError(str(path), "not a readable zip file (corrupt or truncated)")
        else:
            self._add(_Member(path.name, str(path), path=path))

    def _add(self, member: _Member) -> None:
        key = member.name.casefold()
        if key in self.members and self.members[key].label != member.label:
            raise ImportFileError(
                member.label, f"given twice: also found at {self.members[key].label}"
            )
        self.members[key] = member

    def has(self, name: str) -> bool:
        return name.casefold() in self.members

    def label(self, name: str) -> str:
        return self.members[name.casefold()].label

    def read_bytes(self, name: str) -> bytes:
        member = self.members.get(name.casefold())
        if member is None:
            where = ", ".join(str(p) for p in self.paths)
            raise ImportFileError(name, f"required file is missing from {where}")
        try:
            if member.path is not None:
                data = member.path.read_bytes()
            else:
                assert member.archive is not None and member.member is not None
                with zipfile.ZipFile(member.archive) as archive:
                    data = archive.read(member.member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ImportFileError(
                member.label, f"cannot be read: corrupt or truncated ({exc})"
            ) from exc
        self.digests[member.name] = hashlib.sha256(data).hexdigest()
        return data

    def read_text(self, name: str) -> str:
        data = self.read_bytes(name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFileError(self.label(name), "is not valid UTF-8 text", line) from exc
        if text and not text.endswith("\n"):
            raise ImportFileError(
                self.label(name),
                "ends in the middle of a line: the file looks truncated",
                text.count("\n") + 1,
            )
        return text

    def content_sha256(self) -> str:
        """One hash over every file read so far, independent of folder or zip packaging."""
        digest = hashlib.sha256()
        for name in sorted(self.digests):
            digest.update(f"{name}\0{self.digests[name]}\n".encode())
        return digest.hexdigest()


@dataclass(slots=True)
class Row:
    """One data row with its file and line, so parse errors can say where they are."""

    values: dict[str, str]
    file: str
    line: int

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def get(self, column: str, default: str = "") -> str:
        value = self.values.get(column)
        return default if value is None else value

    def error(self, message: str) -> ImportFileError:
        return ImportFileError(self.file, message, self.line)

    def number(self, column: str, *, optional: bool = False) -> float | None:
        raw = self.values.get(column, "").strip()
        if raw in ("", "n/a", "NA", "-") and optional:
            return None
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            raise self.error(f"column '{column}' should be a number, got {raw!r}") from None

    def integer(self, column: str, *, optional: bool = False) -> int | None:
        value = self.number(column, optional=optional)
        if value is None:
            return None
        if value != int(value):
            raise self.error(f"column '{column}' should be a whole number, got {value}")
        return int(value)

    def flag(self, column: str) -> bool | None:
        """Y/N flags; 'n/a' and blanks are None."""
        raw = self.values.get(column, "").strip().upper()
        if raw in ("Y", "YES", "TRUE"):
            return True
        if raw in ("N", "NO", "FALSE"):
            return False
        if raw in ("", "N/A", "NA"):
            return None
        raise self.error(f"column '{column}' should be Y or N, got {raw!r}")


def read_table(
    sources: SourceSet,
    name: str,
    required: Sequence[str],
    *,
    delimiter: str = "\t",
    skip_lines: int = 0,
) -> Iterator[Row]:
    """Rows of a delimited file as dicts, checking the header and each row's field count."""
    label = sources.label(name) if sources.has(name) else name
    text = sources.read_text(name)
    stream = io.StringIO(text)
    for _ in range(skip_lines):
        stream.readline()
    # O*NET's tab files never quote; ESCO's CSVs quote multi-line fields
    if delimiter == "\t":
        reader = csv.reader(stream, delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(stream, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(label, "is empty: expected a header line", skip_lines + 1) from None
    except csv.Error as exc:
        raise ImportFileError(label, f"unreadable header ({exc})", skip_lines + 1) from None
    header = [h.strip() for h in header]
    absent = [c for c in required if c not in header]
    if absent:
        raise ImportFileError(
            label,
            f"header lacks column(s) {', '.join(repr(a) for a in absent)}; is this the right file?",
            skip_lines + 1,
        )
    width = len(header)
    try:
        for fields_ in reader:
            line = reader.line_num + skip_lines
            if not fields_ or (len(fields_) == 1 and not fields_[0].strip()):
                continue
            if len(fields_) != width:
                raise ImportFileError(
                    label,
                    f"has {len(fields_)} fields where the header has {width}: "
                    "the file is truncated or corrupt",
                    line,
                )
            yield Row(dict(zip(header, fields_, strict=True)), label, line)
    except csv.Error as exc:
        raise ImportFileError(
            label, f"malformed line ({exc})", reader.line_num + skip_lines
        ) from None


# What openpyxl raises on a corrupt, truncated or foreign file; SyntaxError covers XML errors.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    SyntaxError,
)


class Workbook:
    """An xlsx workbook read row by row (openpyxl read-only), with errors naming file and row."""

    def __init__(self, data: bytes, label: str) -> None:
        self.label = label
        try:
            self._book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except _XLSX_ERRORS as exc:
            raise ImportFileError(
                label,
                f"is not a readable xlsx workbook: corrupt, truncated or another format "
                f"({type(exc).__name__}: {exc})",
            ) from exc

    def close(self) -> None:
        self._book.close()

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.title for sheet in self._book.worksheets]  # chart sheets have no rows

    def rows(self, sheet: str, first: int = 1) -> Iterator[tuple[int, list[str]]]:
        """(row number, cell texts) from row `first` on."""
        worksheet = self._book[sheet]
        # some writers store a wrong sheet size, which would silently cut the rows
        worksheet.reset_dimensions()
        number = first - 1
        try:
            for number, cells in enumerate(
                worksheet.iter_rows(min_row=first, values_only=True), start=first
            ):
                yield number, [_cell_text(c) for c in cells]
        except _XLSX_ERRORS as exc:
            raise ImportFileError(
                f"{self.label} [{sheet}]",
                f"unreadable row: corrupt or truncated ({exc})",
                number + 1,
            ) from exc

    def find_header(
        self, is_header: Callable[[list[str]], bool], prefer: Sequence[str] = (), within: int = 30
    ) -> tuple[str, int, list[str]]:
        """(sheet, row number, cells) of the first header row found in the first rows."""
        names = self.sheet_names
        for sheet in [s for s in prefer if s in names] + [s for s in names if s not in prefer]:
            for number, cells in self.rows(sheet):
                if is_header(cells):
                    return sheet, number, cells
                if number >= within:
                    break
        raise ImportFileError(
            self.label, f"no sheet has the expected header row (sheets: {', '.join(names)})"
        )

    def text(self, skip: str = "", within: int = 200) -> str:
        """The text of the first rows of every other sheet (notes, field descriptions)."""
        parts: list[str] = []
        for sheet in self.sheet_names:
            if sheet != skip:
                for number, cells in self.rows(sheet):
                    parts.extend(c for c in cells if c)
                    if number >= within:
                        break
        return " ".join(parts)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 10180.0 -> "10180": codes and counts stored as numbers
    return str(value).strip()
