"""Loading, checking and customising the Essential Skills Framework (ESF).

Skill URIs are urn:onramp:esf:<code>, with no version in them, so a worker's record of
"ESF-03 level 2" keeps its meaning across versions and customisations.
"""

from __future__ import annotations

import copy
import hashlib
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from onramp.errors import ImportFileError, InvalidInputError, NotFoundError
from onramp.taxonomy.model import (
    Broader,
    CrosswalkLink,
    Framework,
    FrameworkRelease,
    Origin,
    ProficiencyLevel,
    Skill,
    SkillType,
)

ESF_KEY = "onramp-esf"
URI = "urn:onramp:esf:{code}"
_FILE = re.compile(r"^esf-(\d+\.\d+\.\d+)\.yaml$")


def available_versions() -> list[str]:
    folder = resources.files("onramp.taxonomy.esf")
    found = [m.group(1) for f in folder.iterdir() if (m := _FILE.match(f.name))]
    return sorted(found, key=lambda v: tuple(int(p) for p in v.split(".")))


def load_builtin(version: str | None = None) -> FrameworkRelease:
    versions = available_versions()
    if not versions:
        raise NotFoundError("the package holds no Essential Skills Framework file")
    chosen = version or versions[-1]
    if chosen not in versions:
        raise NotFoundError(f"no built-in ESF version {chosen}; have {', '.join(versions)}")
    text = resources.files("onramp.taxonomy.esf").joinpath(f"esf-{chosen}.yaml").read_text("utf-8")
    return parse_esf(yaml.safe_load(text), f"esf-{chosen}.yaml")


def parse_esf(
    data: Any, source: str, *, owner: str = "", origin: Origin = Origin.ONRAMP
) -> FrameworkRelease:
    """Check the framework document and turn it into a release. Errors name the skill."""
    if not isinstance(data, dict) or "framework" not in data or "skills" not in data:
        raise ImportFileError(source, "is not an Essential Skills Framework document")
    meta = data["framework"]
    levels = {int(level["level"]): level for level in data.get("levels", [])}
    if sorted(levels) != [1, 2, 3, 4]:
        raise ImportFileError(source, "must define proficiency levels 1 to 4")
    groups = {g["code"]: g for g in data.get("groups", [])}
    release = FrameworkRelease(
        framework=Framework(
            key=ESF_KEY,
            version=str(meta["version"]),
            name=str(meta["name"]),
            publisher="Onramp project",
            source=source,
            license="CC BY 4.0",
            attribution="Onramp Essential Skills Framework, by the Onramp project (CC BY 4.0).",
            origin=origin,
            owner=owner,
        )
    )
    for code, group in groups.items():
        release.skills.append(
            Skill(
                code,
                URI.format(code=code),
                group["name"],
                SkillType.GROUP,
                group.get("description", ""),
            )
        )
    for item in data["skills"]:
        code = item.get("code", "?")
        where = f"{source} (skill {code})"
        if item.get("group") not in groups:
            raise ImportFileError(where, f"names unknown group {item.get('group')!r}")
        release.skills.append(
            Skill(
                code,
                URI.format(code=code),
                item["name"],
                SkillType.TRANSVERSAL,
                item["definition"],
                reuse_level="transversal",
            )
        )
        release.skill_broader.append(Broader(code, item["group"]))
        given = {int(level["level"]): level for level in item.get("levels", [])}
        if sorted(given) != [1, 2, 3, 4]:
            raise ImportFileError(where, "needs examples for levels 1 to 4")
        for number, level in sorted(given.items()):
            examples = {str(k): str(v) for k, v in (level.get("examples") or {}).items()}
            if len(examples) < 3:
                raise ImportFileError(where, f"level {number} needs examples from 3 sectors")
            release.proficiency_levels.append(
                ProficiencyLevel(
                    code, number, levels[number]["name"], levels[number]["description"], examples
                )
            )
        for scheme in ("esco", "onet"):
            for target in item.get(scheme, []):
                release.crosswalk.append(
                    CrosswalkLink(
                        "skill", ESF_KEY, code, scheme, str(target), "closeMatch", item["name"], ""
                    )
                )
    canonical = yaml.safe_dump(data, sort_keys=True, allow_unicode=True).encode()
    release.framework.content_sha256 = hashlib.sha256(canonical).hexdigest()
    return release


def read_overrides(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImportFileError(str(path), f"cannot be read as YAML ({exc})") from exc
    if not isinstance(data, dict) or "examples" not in data:
        raise ImportFileError(str(path), "needs an 'examples' map: skill code -> level -> sector")
    return data


def customize(
    base_document: dict[str, Any], owner: str, overrides: dict[str, Any], version: str
) -> FrameworkRelease:
    """A new version for one organization: the base with its sector examples added or replaced.

    The base document is not changed. Overrides look like
    {"examples": {"ESF-01": {2: {"manufacturing": "..."}}}}.
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", owner):
        raise InvalidInputError("organization slug must be lowercase letters, digits and dashes")
    document = copy.deepcopy(base_document)
    skills = {s["code"]: s for s in document["skills"]}
    for code, by_level in overrides["examples"].items():
        if code not in skills:
            raise InvalidInputError(f"unknown ESF skill {code!r}")
        levels = {int(level["level"]): level for level in skills[code]["levels"]}
        for number, sectors in by_level.items():
            if int(number) not in levels:
                raise InvalidInputError(f"{code} has no level {number}")
            for sector, text in sectors.items():
                if not str(text).strip():
                    raise InvalidInputError(f"{code} level {number} {sector}: empty example")
                levels[int(number)].setdefault("examples", {})[str(sector)] = str(text).strip()
    document["framework"]["version"] = version
    return parse_esf(document, f"customised by {owner}", owner=owner, origin=Origin.CUSTOM)


def builtin_document(version: str) -> dict[str, Any]:
    text = resources.files("onramp.taxonomy.esf").joinpath(f"esf-{version}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
