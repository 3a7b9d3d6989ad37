"""Reader for the official ESCO classification, CSV downloads (v1.1.x).

ESCO: https://esco.ec.europa.eu/en/use-esco/download (tested with v1.1.0 and v1.1.1, English).
An import takes the language zip (skills_en.csv, occupations_en.csv, groups and collections) and
the language-neutral relations zip (occupationSkillRelations.csv, broader relations and
skill-skill relations), as zips or unpacked folders.

Skill types: ESCO's skillType (skill/competence, knowledge) is kept in `extra`; the Onramp type is
`language` for the language collection, `transversal` for transversal reuse, and otherwise
`knowledge` or `skill`. Skill groups are stored as skills of type `group`, so the hierarchy is a
single skill -> broader skill relation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from onramp.errors import ImportFileError
from onramp.taxonomy.model import (
    Broader,
    Framework,
    FrameworkRelease,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Origin,
    Skill,
    SkillCollection,
    SkillLabel,
    SkillRelation,
    SkillType,
)
from onramp.taxonomy.sources import Row, SourceSet, read_table

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
ESCO_LICENSE = "European Commission reuse policy (Decision 2011/833/EU), with attribution"

COLLECTIONS = {
    "transversalSkillsCollection_en.csv": "transversal",
    "digitalSkillsCollection_en.csv": "digital",
    "greenSkillsCollection_en.csv": "green",
    "languageSkillsCollection_en.csv": "language",
    "ictSkillsCollection_en.csv": "ict",
    "digCompSkillsCollection_en.csv": "digcomp",
    "researchSkillsCollection_en.csv": "research",
}
REQUIRED = (
    "skills_en.csv",
    "occupations_en.csv",
    "skillGroups_en.csv",
    "ISCOGroups_en.csv",
    "occupationSkillRelations.csv",
    "broaderRelationsSkillPillar.csv",
    "broaderRelationsOccPillar.csv",
    "skillSkillRelations.csv",
)

RELATION_FILES = REQUIRED[4:]

ProgressFn = Callable[[str], None]


def detect_version(paths: Sequence[Path]) -> str | None:
    for path in paths:
        match = re.search(r"v(\d+\.\d+\.\d+)", str(path))
        if match:
            return match.group(1)
    return None


def read_esco(
    paths: Sequence[Path | str],
    version: str | None = None,
    progress: ProgressFn | None = None,
) -> FrameworkRelease:
    sources = SourceSet.open(paths)
    for name in REQUIRED:
        if not sources.has(name):
            hint = (
                "the language-neutral relations zip"
                if name in RELATION_FILES
                else "the language zip (classification, en)"
            )
            raise ImportFileError(name, f"required ESCO file is missing: give {hint} too")
    found = version or detect_version(sources.paths)
    if not found:
        raise ImportFileError(
            str(sources.paths[0]),
            "cannot tell the ESCO version from the file names; pass --version",
        )
    release = FrameworkRelease(
        framework=Framework(
            key="esco",
            version=found,
            name=f"ESCO v{found}",
            publisher="European Commission",
            source="https://esco.ec.europa.eu/en/use-esco/download",
            license=ESCO_LICENSE,
            attribution=ESCO_ATTRIBUTION,
            origin=Origin.OFFICIAL,
        )
    )
    step = progress or (lambda _name: None)
    collections = _collections(sources, release)
    step("collections")
    _skills(sources, release, collections)
    step("skills_en.csv")
    _occupations(sources, release)
    step("occupations_en.csv")
    _relations(sources, release)
    step("relations")
    release.framework.content_sha256 = sources.content_sha256()
    return release


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.splitlines() if v.strip()]


def _collections(sources: SourceSet, release: FrameworkRelease) -> dict[str, set[str]]:
    members: dict[str, set[str]] = {}
    for name, collection in COLLECTIONS.items():
        if not sources.has(name):
            continue
        for row in read_table(sources, name, ["conceptUri"], delimiter=","):
            members.setdefault(row["conceptUri"].strip(), set()).add(collection)
    return members


def _skill_type(row: Row, collections: set[str]) -> SkillType:
    if "language" in collections:
        return SkillType.LANGUAGE
    if row.get("reuseLevel") == "transversal" or "transversal" in collections:
        return SkillType.TRANSVERSAL
    kind = row.get("skillType")
    if kind == "knowledge":
        return SkillType.KNOWLEDGE
    if kind in ("skill/competence", ""):
        return SkillType.SKILL
    raise row.error(f"unknown skillType {kind!r}")


def _skills(
    sources: SourceSet, release: FrameworkRelease, collections: dict[str, set[str]]
) -> None:
    seen: set[str] = set()
    for row in read_table(
        sources,
        "skills_en.csv",
        ["conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"],
        delimiter=",",
    ):
        uri = _uri(row, "conceptUri", "skill")
        if uri in seen:
            raise row.error(f"skill {uri} is listed twice")
        seen.add(uri)
        member_of = collections.get(uri, set())
        release.skills.append(
            Skill(
                code=uri,
                uri=uri,
                preferred_label=row["preferredLabel"].strip(),
                skill_type=_skill_type(row, member_of),
                description=row["description"].strip(),
                reuse_level=row["reuseLevel"].strip(),
                status=row.get("status").strip(),
                extra={"esco_skill_type": row["skillType"].strip()},
            )
        )
        _labels(release, uri, row)
        release.skill_collections.extend(SkillCollection(uri, c) for c in sorted(member_of))
    for row in read_table(
        sources, "skillGroups_en.csv", ["conceptUri", "preferredLabel"], delimiter=","
    ):
        uri = row["conceptUri"].strip()
        if uri in seen:
            raise row.error(f"skill group {uri} is also listed as a skill")
        seen.add(uri)
        release.skills.append(
            Skill(
                code=uri,
                uri=uri,
                preferred_label=row["preferredLabel"].strip(),
                skill_type=SkillType.GROUP,
                description=row.get("description").strip(),
                status=row.get("status").strip(),
                extra={"group_code": row.get("code").strip()},
            )
        )
        _labels(release, uri, row)


def _labels(release: FrameworkRelease, uri: str, row: Row) -> None:
    for label in _split(row.get("altLabels")):
        release.skill_labels.append(SkillLabel(uri, label, "alternative"))
    for label in _split(row.get("hiddenLabels")):
        release.skill_labels.append(SkillLabel(uri, label, "hidden"))


def _uri(row: Row, column: str, kind: str) -> str:
    value = row[column].strip()
    if not value.startswith("http://data.europa.eu/esco/"):
        raise row.error(f"'{value}' is not an ESCO {kind} URI")
    return value


def _occupations(sources: SourceSet, release: FrameworkRelease) -> None:
    seen: set[str] = set()
    for row in read_table(
        sources,
        "occupations_en.csv",
        ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"],
        delimiter=",",
    ):
        uri = _uri(row, "conceptUri", "occupation")
        if uri in seen:
            raise row.error(f"occupation {uri} is listed twice")
        seen.add(uri)
        release.occupations.append(
            Occupation(
                code=uri,
                uri=uri,
                title=row["preferredLabel"].strip(),
                description=row["description"].strip(),
                isco08=row["iscoGroup"].strip(),
                esco_code=row["code"].strip(),
            )
        )
        for label in _split(row["altLabels"]):
            release.occupation_labels.append(OccupationLabel(uri, label, "alternative"))
        for label in _split(row.get("hiddenLabels")):
            release.occupation_labels.append(OccupationLabel(uri, label, "hidden"))
    for row in read_table(
        sources, "ISCOGroups_en.csv", ["conceptUri", "code", "preferredLabel"], delimiter=","
    ):
        uri = _uri(row, "conceptUri", "ISCO group")
        if uri in seen:
            raise row.error(f"ISCO group {uri} is listed twice")
        seen.add(uri)
        release.occupations.append(
            Occupation(
                code=uri,
                uri=uri,
                title=row["preferredLabel"].strip(),
                description=row.get("description").strip(),
                kind="isco_group",
                isco08=row["code"].strip(),
            )
        )


def _relations(sources: SourceSet, release: FrameworkRelease) -> None:
    """Relations whose ends are missing from the classification are skipped and reported:
    the official v1.1.1 relations name one occupation that its classification lacks."""
    skills = {s.code for s in release.skills}
    occupations = {o.code for o in release.occupations}
    dangling: dict[str, list[int]] = {}

    def resolved(row: Row, *ends: tuple[str, set[str]]) -> bool:
        for column, pool in ends:
            if row[column].strip() not in pool:
                dangling.setdefault(f"{row.file.rsplit('!', 1)[-1]}: {row[column]}", []).append(
                    row.line
                )
                return False
        return True

    seen: set[tuple[str, str]] = set()
    for row in read_table(
        sources,
        "occupationSkillRelations.csv",
        ["occupationUri", "relationType", "skillUri"],
        delimiter=",",
    ):
        if not resolved(row, ("occupationUri", occupations), ("skillUri", skills)):
            continue
        occupation, skill = row["occupationUri"].strip(), row["skillUri"].strip()
        relation = row["relationType"].strip()
        if relation not in ("essential", "optional"):
            raise row.error(f"relationType must be essential or optional, got {relation!r}")
        if (occupation, skill) in seen:
            raise row.error(f"relation {occupation} -> {skill} is listed twice")
        seen.add((occupation, skill))
        release.occupation_skills.append(
            OccupationSkill(occupation, skill, relation, source="occupationSkillRelations.csv")
        )
    for row in read_table(
        sources, "broaderRelationsSkillPillar.csv", ["conceptUri", "broaderUri"], delimiter=","
    ):
        if resolved(row, ("conceptUri", skills), ("broaderUri", skills)):
            release.skill_broader.append(
                Broader(row["conceptUri"].strip(), row["broaderUri"].strip())
            )
    for row in read_table(
        sources, "broaderRelationsOccPillar.csv", ["conceptUri", "broaderUri"], delimiter=","
    ):
        if resolved(row, ("conceptUri", occupations), ("broaderUri", occupations)):
            release.occupation_broader.append(
                Broader(row["conceptUri"].strip(), row["broaderUri"].strip())
            )
    pairs: set[tuple[str, str]] = set()
    for row in read_table(
        sources,
        "skillSkillRelations.csv",
        ["originalSkillUri", "relationType", "relatedSkillUri"],
        delimiter=",",
    ):
        if not resolved(row, ("originalSkillUri", skills), ("relatedSkillUri", skills)):
            continue
        pair = (row["originalSkillUri"].strip(), row["relatedSkillUri"].strip())
        if pair not in pairs:
            pairs.add(pair)
            release.skill_relations.append(SkillRelation(*pair, row["relationType"].strip()))
    for where, lines in sorted(dangling.items()):
        release.warnings.append(
            f"{where} is not in the classification files: skipped {len(lines)} rows "
            f"(first at line {lines[0]})"
        )
