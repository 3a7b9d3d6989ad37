"""Import use cases: read and check the files fully, then write the release in one transaction.

Parsing happens before any write, so a bad file never touches the store. The write itself is one
transaction, so a failure half way (disk full, a constraint) also leaves the previous state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine

from onramp.store import write_release
from onramp.taxonomy.model import Framework


class Release(Protocol):
    framework: Framework
    warnings: list[str]

    def parts(self) -> Mapping[str, Sequence[Any]]: ...


@dataclass(slots=True)
class ImportReport:
    key: str
    version: str
    origin: str
    changed: bool
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    limitations: list[str] = field(default_factory=list)
    read_seconds: float = 0.0
    write_seconds: float = 0.0

    def summary(self) -> str:
        verb = "imported" if self.changed else "already up to date, nothing changed:"
        return f"{verb} {self.key} {self.version} ({self.origin})"


StepFn = Callable[[str], None]
RowsFn = Callable[[str, int, int], None]


@dataclass(slots=True)
class Progress:
    """Callbacks an edge (CLI bar, log) passes in; all optional."""

    step: StepFn | None = None
    rows: RowsFn | None = None


def run_import(
    engine: Engine, read: Callable[[StepFn | None], Release], progress: Progress | None = None
) -> ImportReport:
    progress = progress or Progress()
    started = time.perf_counter()
    release = read(progress.step)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    outcome = write_release(engine, release.framework, release.parts(), progress.rows)
    return ImportReport(
        key=release.framework.key,
        version=release.framework.version,
        origin=str(release.framework.origin),
        changed=outcome.changed,
        counts={k: v for k, v in outcome.counts.items() if v},
        warnings=list(release.warnings),
        limitations=list(release.framework.limitations),
        read_seconds=round(read_seconds, 2),
        write_seconds=round(time.perf_counter() - started, 2),
    )


def import_onet(
    engine: Engine, path: Path, version: str | None = None, progress: Progress | None = None
) -> ImportReport:
    from onramp.taxonomy.onet import read_onet

    return run_import(engine, lambda step: read_onet([path], version, step), progress)


def import_esco(
    engine: Engine,
    paths: Sequence[Path],
    version: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    from onramp.taxonomy.esco import read_esco

    return run_import(engine, lambda step: read_esco(paths, version, step), progress)


def import_crosswalk(
    engine: Engine, path: Path, version: str | None = None, progress: Progress | None = None
) -> ImportReport:
    from onramp.taxonomy.crosswalk import read_crosswalk

    return run_import(engine, lambda _step: read_crosswalk(path, version), progress)


def import_esf(
    engine: Engine, version: str | None = None, progress: Progress | None = None
) -> ImportReport:
    from onramp.taxonomy.esf import load_builtin

    return run_import(engine, lambda _step: load_builtin(version), progress)
