"""HR Open Standards 4.5 JSON Schemas for LER-RS: import a user-supplied copy, then validate.

Standard: HR Open Standards 4.5, Learning and Employment Record - Resume Standard (LER-RS),
https://hropenstandards.org/ (JSON Schema draft-04; root `recruiting/json/LER-RSType.json`).
The HR Open schema files are not ours to ship, so the user imports an official copy (a folder or
zip laid out as `www.hropenstandards.org/{common,recruiting}/json/...`). Import is transactional:
every file is parsed and every `$ref` resolved before anything is written; the files go to a
temporary folder that replaces the old import in one rename, with a manifest of SHA-256 hashes.

Validation uses `jsonschema` with a registry built from the imported files only. Each file gets a
private base URI (`https://hropen.onramp.invalid/<path>`), so relative `$ref`s find their
neighbours and nothing is ever fetched: a `$ref` to any other place is a clear error.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urldefrag, urljoin

from jsonschema import Draft4Validator, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT4

from onramp.caching import StampedCache
from onramp.config import Settings, get_settings
from onramp.errors import ImportFileError, InvalidInputError, NotAvailableError, StoreError

VERSION = "4.5"
ROOT = "www.hropenstandards.org/recruiting/json/LER-RSType.json"
MANIFEST = "onramp-import.json"
BASE = "https://hropen.onramp.invalid/"
MAX_FILES = 5_000
MAX_BYTES = 50_000_000
NOT_IMPORTED = "HR Open schemas are not imported; run `onramp ler schemas import DIR`"


class SchemasNotImportedError(NotAvailableError):
    code = "hropen_schemas_not_imported"


@dataclass(frozen=True, slots=True)
class ImportResult:
    dest: Path
    files: int
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sha256: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "dest": str(self.dest),
            "files": self.files,
            "skipped": self.skipped,
            "notes": self.notes,
            "version": VERSION,
        }


def default_dir(settings: Settings | None = None) -> Path:
    """Where imported HR Open schemas live: <home>/hropen/<version>."""
    return (settings or get_settings()).home.resolve() / "hropen" / VERSION


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_folder(source: Path) -> dict[str, bytes]:
    roots = [path for path in source.rglob("LER-RSType.json") if path.as_posix().endswith(ROOT)]
    if not roots:
        raise ImportFileError(str(source), f"has no {ROOT}; choose the HR Open schema folder")
    top = Path(roots[0].as_posix()[: -len(ROOT)])
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(top.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(top).as_posix()
        if not rel.startswith("www.hropenstandards.org/"):
            continue
        data = path.read_bytes()
        total += len(data)
        files[rel] = data
        if len(files) > MAX_FILES or total > MAX_BYTES:
            raise ImportFileError(str(source), "is too large for an HR Open schema set")
    return files


def _read_zip(source: Path) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(str(source), f"is not a readable zip file ({error})") from None
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        root = next((name for name in names if name.endswith(ROOT)), None)
        if root is None:
            raise ImportFileError(str(source), f"has no {ROOT}; choose the HR Open schema zip")
        prefix = root[: -len(ROOT)]
        files: dict[str, bytes] = {}
        total = 0
        for info in archive.infolist():
            if info.is_dir() or not info.filename.startswith(prefix):
                continue
            rel = info.filename[len(prefix) :]
            if not _safe_name(info.filename):
                raise ImportFileError(info.filename, "has an unsafe path inside the zip")
            total += info.file_size
            if len(files) >= MAX_FILES or total > MAX_BYTES:
                raise ImportFileError(str(source), "is too large for an HR Open schema set")
            try:
                files[rel] = archive.read(info)
            except (zipfile.BadZipFile, OSError) as error:
                raise ImportFileError(info.filename, f"cannot be read ({error})") from None
        return files


def _parse(files: dict[str, bytes]) -> tuple[dict[str, Any], list[str]]:
    """Every .json file parsed; other files are listed as skipped."""
    parsed: dict[str, Any] = {}
    skipped: list[str] = []
    for rel, data in files.items():
        if not rel.endswith(".json"):
            skipped.append(rel)
            continue
        try:
            parsed[rel] = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ImportFileError(rel, "is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise ImportFileError(rel, f"is not valid JSON ({error.msg})", error.lineno) from None
    return parsed, skipped


def _no_fetch(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _schemas(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The schema files: JSON objects outside the `samples` folders (those are example data)."""
    return {
        rel: contents
        for rel, contents in parsed.items()
        if isinstance(contents, dict) and "/samples/" not in rel
    }


def _declared_id(contents: dict[str, Any]) -> str | None:
    declared = contents.get("id")
    return declared if isinstance(declared, str) and not declared.startswith("#") else None


def _registry(parsed: dict[str, Any]) -> Registry[Any]:
    """Each schema under its private file URI, and under its own id when it declares one."""
    pairs: list[tuple[str, Resource[Any]]] = []
    for rel, contents in _schemas(parsed).items():
        resource = DRAFT4.create_resource(contents)
        uri = BASE + rel
        pairs.append((uri, resource))
        declared = _declared_id(contents)
        if declared:
            pairs.append((urljoin(uri, declared), resource))
    registry: Registry[Any] = Registry(retrieve=_no_fetch)  # type: ignore[call-arg]
    return registry.with_resources(pairs)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for key, value in node.items():
            if key not in ("enum", "const", "examples", "default"):
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _check_refs(parsed: dict[str, Any], registry: Registry[Any]) -> list[str]:
    """Every `$ref` reachable from the LER-RS root must resolve (else ImportFileError).

    Other files in the set may point at files that the set does not hold (the HR Open tree that
    1EdTech ships is partial); those are returned as notes, since LER-RS never reaches them.
    """
    schemas = _schemas(parsed)
    if ROOT not in schemas:
        raise ImportFileError(ROOT, "is missing from the schema set")
    reachable = {ROOT}
    queue = [ROOT]
    notes: dict[str, str] = {}
    while queue:
        rel = queue.pop()
        contents = schemas[rel]
        declared = _declared_id(contents)
        base = urljoin(BASE + rel, declared) if declared else BASE + rel
        resolver = registry.resolver(base_uri=base)
        for ref in _refs(contents):
            target = urldefrag(urljoin(base, ref)).url.removeprefix(BASE)
            try:
                resolver.lookup(ref)
            except Unresolvable:
                raise ImportFileError(
                    rel, f"refers to {ref}, which is not in the schema set ({target})"
                ) from None
            if target in schemas and target not in reachable:
                reachable.add(target)
                queue.append(target)
    for rel, contents in schemas.items():
        if rel in reachable:
            continue
        resolver = registry.resolver(base_uri=BASE + rel)
        for ref in _refs(contents):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                notes.setdefault(rel, f"{rel} refers to {ref}, which is not in the set")
    return sorted(notes.values())


def import_schemas(source: Path | str, dest_dir: Path | str | None = None) -> ImportResult:
    """Check an HR Open 4.5 schema folder or zip, then copy it into `dest_dir` in one step.

    A bad file raises ImportFileError naming it, and the previous import stays as it was.
    """
    source = Path(source)
    dest = Path(dest_dir) if dest_dir is not None else default_dir()
    if source.is_dir():
        files = _read_folder(source)
    elif source.is_file():
        files = _read_zip(source)
    else:
        raise ImportFileError(str(source), "does not exist")
    parsed, skipped = _parse(files)
    notes = _check_refs(parsed, _registry(parsed))
    hashes = {rel: hashlib.sha256(files[rel]).hexdigest() for rel in sorted(parsed)}
    manifest = {
        "standard": "HR Open Standards LER-RS",
        "version": VERSION,
        "root": ROOT,
        "source": source.name,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": hashes,
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = dest.parent / f".{dest.name}.importing-{uuid.uuid4().hex}"
    old = dest.parent / f".{dest.name}.old-{uuid.uuid4().hex}"
    try:
        for rel in parsed:
            target = temp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        if dest.exists():
            dest.rename(old)
        temp.rename(dest)
    except OSError as error:
        if old.exists() and not dest.exists():
            old.rename(dest)
        raise StoreError(f"could not write the HR Open schemas to {dest} ({error})") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    _VALIDATORS.forget(dest.resolve())
    return ImportResult(
        dest=dest, files=len(parsed), skipped=sorted(skipped), notes=notes, sha256=hashes
    )


_VALIDATORS: StampedCache[Draft4Validator] = StampedCache()  # by folder, while the manifest stays


def is_imported(schemas_dir: Path | str | None = None) -> bool:
    folder = Path(schemas_dir) if schemas_dir is not None else default_dir()
    return (folder / MANIFEST).is_file()


def _validator(schemas_dir: Path) -> Draft4Validator:
    manifest_path = schemas_dir / MANIFEST
    if not manifest_path.is_file():
        raise SchemasNotImportedError(NOT_IMPORTED)
    manifest_bytes = manifest_path.read_bytes()
    stamp = hashlib.sha256(manifest_bytes).hexdigest()
    return _VALIDATORS.get(
        schemas_dir.resolve(), stamp, lambda: _load_validator(schemas_dir, manifest_bytes)
    )


def _load_validator(schemas_dir: Path, manifest_bytes: bytes) -> Draft4Validator:
    manifest_path = schemas_dir / MANIFEST
    try:
        manifest = json.loads(manifest_bytes)
        hashes: dict[str, str] = manifest["sha256"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise StoreError(f"{manifest_path} is damaged; import the HR Open schemas again") from None
    parsed: dict[str, Any] = {}
    for rel, digest in hashes.items():
        try:
            data = (schemas_dir / rel).read_bytes()
        except OSError:
            raise StoreError(f"{rel} is missing; import the HR Open schemas again") from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise StoreError(f"{rel} changed after import; import the HR Open schemas again")
        parsed[rel] = json.loads(data.decode("utf-8-sig"))
    root = {"$schema": "http://json-schema.org/draft-04/schema#", "$ref": BASE + ROOT}
    return Draft4Validator(
        root, registry=_registry(parsed), format_checker=Draft4Validator.FORMAT_CHECKER
    )


def _where(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "the document"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if error.context:
        for inner in error.context:
            yield from _leaves(inner)
    else:
        yield error


def _message(error: ValidationError) -> str:
    if error.validator in ("anyOf", "oneOf") and error.context:
        closest = max(_leaves(error), key=lambda leaf: len(leaf.absolute_path))
        reason = f"{_where(closest)}: {_short(closest.message)}"
        return f"{_where(error)} matches none of the allowed forms (closest: {reason})"
    return f"{_where(error)}: {_short(error.message)}"


def validate_ler_rs(document: Any, schemas_dir: Path | str | None = None) -> list[str]:
    """Problems with an LER-RS document under the imported HR Open schemas; [] when valid.

    Raises SchemasNotImportedError when no schemas were imported: it never passes silently.
    """
    folder = Path(schemas_dir) if schemas_dir is not None else default_dir()
    validator = _validator(folder)
    try:
        errors = sorted(
            validator.iter_errors(document), key=lambda error: [str(p) for p in error.path]
        )
    except Unresolvable as missing:
        raise InvalidInputError(
            f"the HR Open schemas refer to {missing}, which is not imported; nothing is fetched"
        ) from None
    problems: list[str] = []
    for error in errors:
        text = _message(error)
        if text not in problems:
            problems.append(text)
    return problems


def ler_rs_part(document: Any) -> Any:
    """The LER-RS document inside a file: the credentialSubject of a credential, else itself."""
    if isinstance(document, dict) and isinstance(document.get("credentialSubject"), dict):
        return document["credentialSubject"]
    return document
