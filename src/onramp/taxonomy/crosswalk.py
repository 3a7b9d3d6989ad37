"""Reader for the ESCO <-> O*NET-SOC 2019 occupation crosswalk.

Published by the ESCO Secretariat with the U.S. DOL/ETA (mapping project version 1, Sep 2022):
https://esco.ec.europa.eu/en/about-esco/data-science-and-esco/crosswalk-between-esco-and-onet
Two layouts are read: the main CSV (a metadata block, then O*NET Id, ESCO or ISCO URI and Type
of Match, with SKOS match types), and the reverse table keyed by ESCO/ISCO code.
"""

from __future__ import annotations

from pathlib import Path

from onramp.errors import ImportFileError
from onramp.taxonomy.esco import ESCO_ATTRIBUTION
from onramp.taxonomy.model import CrosswalkLink, Framework, FrameworkRelease, Origin
from onramp.taxonomy.sources import SourceSet, read_table

MAIN_HEADER = "O*NET Id"
REVERSE_HEADER = "ESCO/ISCO Code"
MATCH_TYPES = {"exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch", "exactISCO"}


def read_crosswalk(path: Path | str, version: str | None = None) -> FrameworkRelease:
    sources = SourceSet.open([path])
    names = [m for m in sources.members.values() if m.name.lower().endswith(".csv")]
    if len(names) != 1:
        raise ImportFileError(str(path), "expected exactly one crosswalk CSV file")
    name = names[0].name
    text = sources.read_text(name)
    lines = text.splitlines()
    meta: dict[str, str] = {}
    start = None
    for number, line in enumerate(lines):
        if line.startswith((MAIN_HEADER, REVERSE_HEADER)):
            start = number
            break
        key, _, rest = line.partition(",")
        if key:
            meta[key.strip()] = rest.split(",")[0].strip()
    if start is None:
        raise ImportFileError(
            sources.label(name),
            f"no header line starting with '{MAIN_HEADER}' or '{REVERSE_HEADER}': "
            "is this the ESCO-O*NET crosswalk?",
            1,
        )
    found_version = version or meta.get("Mapping project version") or "1"
    release = FrameworkRelease(
        framework=Framework(
            key="crosswalk-esco-onet",
            version=found_version,
            name="ESCO - O*NET-SOC 2019 occupation crosswalk",
            publisher="ESCO Secretariat and U.S. DOL/ETA",
            source="https://esco.ec.europa.eu/en/about-esco/data-science-and-esco/crosswalk-between-esco-and-onet",
            license="European Commission reuse policy, with attribution",
            attribution=ESCO_ATTRIBUTION,
            origin=Origin.OFFICIAL,
        )
    )
    reverse = lines[start].startswith(REVERSE_HEADER)
    required = (
        ["ESCO/ISCO Code", "O*NET-SOC 2019 Code"]
        if reverse
        else ["O*NET Id", "ESCO or ISCO URI", "Type of Match"]
    )
    for row in read_table(sources, name, required, delimiter=",", skip_lines=start):
        if reverse:
            link = CrosswalkLink(
                concept="occupation",
                from_scheme="onet",
                from_code=row["O*NET-SOC 2019 Code"].strip(),
                to_scheme="esco-code",
                to_code=row["ESCO/ISCO Code"].strip(),
                match_type="",
                from_title=row.get("O*NET-SOC 2019 Title").strip(),
                to_title=row.get("ESCO/ISCO Title").strip(),
            )
        else:
            match = row["Type of Match"].strip()
            if match not in MATCH_TYPES:
                raise row.error(f"unknown Type of Match {match!r}")
            target = row["ESCO or ISCO URI"].strip()
            link = CrosswalkLink(
                concept="occupation",
                from_scheme="onet",
                from_code=row["O*NET Id"].strip(),
                to_scheme="isco" if "/isco/" in target else "esco",
                to_code=target,
                match_type=match,
                from_title=row.get("O*NET Title").strip(),
                to_title=row.get("ESCO or ISCO Title").strip(),
            )
        if not link.from_code and not link.to_code:
            continue  # the reverse table ends with attribution lines
        if not link.from_code or not link.to_code:
            raise row.error("a crosswalk row needs both an O*NET code and an ESCO code")
        release.crosswalk.append(link)
    if not release.crosswalk:
        raise ImportFileError(sources.label(name), "has no crosswalk rows")
    release.framework.content_sha256 = sources.content_sha256()
    return release
