"""Reader for the official O*NET database, text format (tab-delimited files).

O*NET Database releases: https://www.onetcenter.org/database.html (tested with 29.3, May 2025).
File layouts: https://www.onetcenter.org/dictionary/29.3/text/ . The taxonomy is O*NET-SOC 2019,
whose first seven characters are the SOC 2018 code.

Ratings are kept as published (one row per occupation, element, scale and category). The
occupation-skill relation combines the Importance (IM) and Level (LV) scales of Skills and
Knowledge. A rating flagged "Recommend Suppress" is kept in the ratings table but never used as
a value: the relation gets no importance or level from it. "Not Relevant" on a level means the
skill is not used at any level in that occupation, and is kept as a flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from onramp.errors import ImportFileError
from onramp.taxonomy.model import (
    Category,
    Descriptor,
    Framework,
    FrameworkRelease,
    JobZone,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Origin,
    Rating,
    RelatedOccupation,
    Scale,
    ScaleAnchor,
    Skill,
    SkillType,
    Task,
    TaskActivity,
    TechnologySkill,
    ToolUsed,
    WorkActivity,
)
from onramp.taxonomy.sources import Row, SourceSet, read_table

ONET_ATTRIBUTION = (
    "This product includes information from O*NET {version} Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. "
    "O*NET® is a trademark of USDOL/ETA."
)
ONET_LICENSE = "CC BY 4.0"
OCCUPATION_URI = "https://www.onetonline.org/link/summary/{code}"
DESCRIPTOR_URI = "https://www.onetonline.org/find/descriptor/result/{element}"
TECHNOLOGY_URI = "urn:onet:technology:{slug}"

REQUIRED_FILES = (
    "Occupation Data.txt",
    "Content Model Reference.txt",
    "Scales Reference.txt",
    "Level Scale Anchors.txt",
    "Job Zone Reference.txt",
    "Job Zones.txt",
    "Alternate Titles.txt",
    "Sample of Reported Titles.txt",
    "Skills.txt",
    "Knowledge.txt",
    "Task Statements.txt",
    "Tasks to DWAs.txt",
    "DWA Reference.txt",
    "IWA Reference.txt",
    "Technology Skills.txt",
    "Tools Used.txt",
    "Education, Training, and Experience.txt",
    "Education, Training, and Experience Categories.txt",
    "Interests.txt",
    "Work Styles.txt",
    "Work Values.txt",
)
# Imported when present; the shared test copy of 29.3 lacks the first four.
OPTIONAL_RATING_FILES = ("Abilities.txt", "Work Activities.txt", "Work Context.txt")
OPTIONAL_FILES = (
    *OPTIONAL_RATING_FILES,
    "Related Occupations.txt",
    "Work Context Categories.txt",
    "Task Categories.txt",
)
RATING_FILES = (
    "Skills.txt",
    "Knowledge.txt",
    "Education, Training, and Experience.txt",
    "Interests.txt",
    "Work Styles.txt",
    "Work Values.txt",
)
SKILL_FILES = {"Skills.txt": SkillType.SKILL, "Knowledge.txt": SkillType.KNOWLEDGE}

SOC = "O*NET-SOC Code"
_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")

ProgressFn = Callable[[str], None]


def detect_version(sources: SourceSet) -> str | None:
    """The release number from 'Read Me.txt', or from the official zip's name (db_29_3_text)."""
    if sources.has("Read Me.txt"):
        match = re.search(r"O\*NET\s+(\d+\.\d+)\s+Database", sources.read_text("Read Me.txt"))
        if match:
            return match.group(1)
    for path in sources.paths:
        match = re.search(r"db_(\d+)_(\d+)", path.name)
        if match:
            return f"{match.group(1)}.{match.group(2)}"
    return None


def read_onet(
    paths: Sequence[Path | str],
    version: str | None = None,
    progress: ProgressFn | None = None,
) -> FrameworkRelease:
    """Parse and check an O*NET text release. Raises ImportFileError naming file and line."""
    sources = SourceSet.open(paths)
    for name in REQUIRED_FILES:
        if not sources.has(name):
            raise ImportFileError(name, f"required O*NET file is missing from {paths[0]}")
    found = version or detect_version(sources)
    if not found:
        raise ImportFileError(
            str(paths[0]), "cannot tell the O*NET version (no 'Read Me.txt'); pass --version"
        )
    release = FrameworkRelease(
        framework=Framework(
            key="onet",
            version=found,
            name=f"O*NET {found} Database",
            publisher="U.S. Department of Labor, Employment and Training Administration",
            source="https://www.onetcenter.org/database.html",
            license=ONET_LICENSE,
            attribution=ONET_ATTRIBUTION.format(version=found),
            origin=Origin.OFFICIAL,
        )
    )
    step = progress or (lambda _name: None)
    _occupations(sources, release)
    known = {o.code for o in release.occupations}
    step("Occupation Data.txt")
    _reference(sources, release)
    step("reference files")
    _labels(sources, release, known)
    step("titles")
    for name in RATING_FILES + tuple(f for f in OPTIONAL_RATING_FILES if sources.has(f)):
        _ratings(sources, name, release, known)
        step(name)
    _skills(release)
    _tasks(sources, release, known)
    step("tasks")
    _technology(sources, release, known)
    step("technology and tools")
    if sources.has("Related Occupations.txt"):
        _related(sources, release, known)
    release.framework.content_sha256 = sources.content_sha256()
    return release


def _occupation_code(row: Row, known: set[str] | None = None) -> str:
    code = row[SOC].strip()
    if not _CODE.match(code):
        raise row.error(f"'{code}' is not an O*NET-SOC code like 29-1141.00")
    if known is not None and code not in known:
        raise row.error(f"occupation {code} is not in 'Occupation Data.txt'")
    return code


def occupation_from_row(row: Row) -> Occupation:
    """An occupation from a row of 'Occupation Data.txt' (also read by the embedded default)."""
    code = _occupation_code(row)
    return Occupation(
        code=code,
        uri=OCCUPATION_URI.format(code=code),
        title=row["Title"].strip(),
        description=row["Description"].strip(),
        onet_soc=code,
        soc2018=code[:7],
    )


def _occupations(sources: SourceSet, release: FrameworkRelease) -> None:
    seen: set[str] = set()
    for row in read_table(sources, "Occupation Data.txt", [SOC, "Title", "Description"]):
        occupation = occupation_from_row(row)
        if occupation.code in seen:
            raise row.error(f"occupation {occupation.code} is listed twice")
        seen.add(occupation.code)
        release.occupations.append(occupation)
    if not release.occupations:
        raise ImportFileError(sources.label("Occupation Data.txt"), "has no occupations")
    by_code = {o.code: o for o in release.occupations}
    for row in read_table(sources, "Job Zones.txt", [SOC, "Job Zone"]):
        code = _occupation_code(row, set(by_code))
        zone = row.integer("Job Zone")
        if zone is None or not 1 <= zone <= 5:
            raise row.error(f"job zone must be 1 to 5, got {zone}")
        by_code[code].job_zone = zone


def _reference(sources: SourceSet, release: FrameworkRelease) -> None:
    for row in read_table(
        sources, "Content Model Reference.txt", ["Element ID", "Element Name", "Description"]
    ):
        release.descriptors.append(
            Descriptor(row["Element ID"].strip(), row["Element Name"].strip(), row["Description"])
        )
    for row in read_table(
        sources, "Scales Reference.txt", ["Scale ID", "Scale Name", "Minimum", "Maximum"]
    ):
        release.scales.append(
            Scale(
                row["Scale ID"].strip(),
                row["Scale Name"].strip(),
                row.number("Minimum") or 0.0,
                row.number("Maximum") or 0.0,
            )
        )
    for row in read_table(
        sources,
        "Level Scale Anchors.txt",
        ["Element ID", "Scale ID", "Anchor Value", "Anchor Description"],
    ):
        release.scale_anchors.append(
            ScaleAnchor(
                row["Element ID"].strip(),
                row["Scale ID"].strip(),
                row.number("Anchor Value") or 0.0,
                row["Anchor Description"].strip(),
            )
        )
    category_files = ["Education, Training, and Experience Categories.txt"]
    category_files += [f for f in ("Work Context Categories.txt",) if sources.has(f)]
    for name in category_files:
        for row in read_table(
            sources, name, ["Element ID", "Scale ID", "Category", "Category Description"]
        ):
            release.categories.append(
                Category(
                    row["Element ID"].strip(),
                    row["Scale ID"].strip(),
                    row.integer("Category") or 0,
                    row["Category Description"].strip(),
                )
            )
    if sources.has("Task Categories.txt"):
        for row in read_table(
            sources, "Task Categories.txt", ["Scale ID", "Category", "Category Description"]
        ):
            release.categories.append(
                Category(
                    "",
                    row["Scale ID"].strip(),
                    row.integer("Category") or 0,
                    row["Category Description"].strip(),
                )
            )
    for row in read_table(sources, "Job Zone Reference.txt", ["Job Zone", "Name"]):
        release.job_zones.append(
            JobZone(
                job_zone=row.integer("Job Zone") or 0,
                name=row["Name"].strip(),
                experience=row.get("Experience").strip(),
                education=row.get("Education").strip(),
                training=row.get("Job Training").strip(),
                examples=row.get("Examples").strip(),
                svp_range=row.get("SVP Range").strip(),
            )
        )
    for row in read_table(sources, "IWA Reference.txt", ["Element ID", "IWA ID", "IWA Title"]):
        release.work_activities.append(
            WorkActivity(row["IWA ID"].strip(), row["IWA Title"].strip(), "iwa", row["Element ID"])
        )
    for row in read_table(sources, "DWA Reference.txt", ["IWA ID", "DWA ID", "DWA Title"]):
        release.work_activities.append(
            WorkActivity(row["DWA ID"].strip(), row["DWA Title"].strip(), "dwa", row["IWA ID"])
        )


def _labels(sources: SourceSet, release: FrameworkRelease, known: set[str]) -> None:
    for row in read_table(
        sources, "Alternate Titles.txt", [SOC, "Alternate Title", "Short Title", "Source(s)"]
    ):
        code = _occupation_code(row, known)
        note = f"sources {row['Source(s)'].strip()}"
        release.occupation_labels.append(
            OccupationLabel(code, row["Alternate Title"].strip(), "alternate", note)
        )
        short = row["Short Title"].strip()
        if short and short.lower() != "n/a":
            release.occupation_labels.append(OccupationLabel(code, short, "short", note))
    for row in read_table(sources, "Sample of Reported Titles.txt", [SOC, "Reported Job Title"]):
        code = _occupation_code(row, known)
        shown = row.flag("Shown in My Next Move")
        release.occupation_labels.append(
            OccupationLabel(
                code,
                row["Reported Job Title"].strip(),
                "reported",
                "shown in My Next Move" if shown else "",
            )
        )


RATING_COLUMNS = [SOC, "Element ID", "Scale ID", "Data Value"]


def _ratings(sources: SourceSet, name: str, release: FrameworkRelease, known: set[str]) -> None:
    has_category = None
    for row in read_table(sources, name, RATING_COLUMNS):
        if has_category is None:
            has_category = "Category" in row.values
        value = row.number("Data Value")
        assert value is not None
        release.ratings.append(
            Rating(
                occupation_code=_occupation_code(row, known),
                element_id=row["Element ID"].strip(),
                scale_id=row["Scale ID"].strip(),
                value=value,
                category=row.integer("Category", optional=True) if has_category else None,
                n=row.number("N", optional=True),
                standard_error=row.number("Standard Error", optional=True),
                lower_ci=row.number("Lower CI Bound", optional=True),
                upper_ci=row.number("Upper CI Bound", optional=True),
                recommend_suppress=bool(row.flag("Recommend Suppress")),
                not_relevant=row.flag("Not Relevant"),
                date=row.get("Date").strip(),
                domain_source=row.get("Domain Source").strip(),
            )
        )


def _skills(release: FrameworkRelease) -> None:
    """Skills and Knowledge elements become skills; their IM and LV ratings become relations."""
    names = {d.element_id: d for d in release.descriptors}
    domain_of = {"2.A": SkillType.SKILL, "2.B": SkillType.SKILL, "2.C": SkillType.KNOWLEDGE}
    relations: dict[tuple[str, str], OccupationSkill] = {}
    elements: set[str] = set()
    for rating in release.ratings:
        prefix = rating.element_id[:3]
        if prefix not in domain_of or rating.scale_id not in ("IM", "LV"):
            continue
        elements.add(rating.element_id)
        key = (rating.occupation_code, rating.element_id)
        relation = relations.get(key)
        if relation is None:
            relation = OccupationSkill(
                rating.occupation_code,
                rating.element_id,
                "rated",
                source="Skills.txt" if domain_of[prefix] is SkillType.SKILL else "Knowledge.txt",
            )
            relations[key] = relation
        if rating.recommend_suppress:
            continue
        if rating.scale_id == "IM":
            relation.importance = rating.value
        else:
            relation.level = rating.value
            relation.level_not_relevant = rating.not_relevant
    for element in sorted(elements):
        descriptor = names.get(element)
        if descriptor is None:
            raise ImportFileError(
                "Content Model Reference.txt", f"element {element} is rated but not described"
            )
        release.skills.append(
            Skill(
                code=element,
                uri=DESCRIPTOR_URI.format(element=element),
                preferred_label=descriptor.name,
                skill_type=domain_of[element[:3]],
                description=descriptor.description,
                reuse_level="cross-sector",
            )
        )
    release.occupation_skills.extend(
        r for r in relations.values() if r.importance is not None or r.level is not None
    )


def _tasks(sources: SourceSet, release: FrameworkRelease, known: set[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in read_table(sources, "Task Statements.txt", [SOC, "Task ID", "Task"]):
        code = _occupation_code(row, known)
        task_id = _task_id(row)
        if (code, task_id) in seen:
            raise row.error(f"task {task_id} of {code} is listed twice")
        seen.add((code, task_id))
        release.tasks.append(
            Task(
                occupation_code=code,
                task_id=task_id,
                statement=row["Task"].strip(),
                task_type=row.get("Task Type").strip(),
                incumbents_responding=row.number("Incumbents Responding", optional=True),
                date=row.get("Date").strip(),
                domain_source=row.get("Domain Source").strip(),
            )
        )
    links: set[tuple[str, str, str]] = set()
    for row in read_table(sources, "Tasks to DWAs.txt", [SOC, "Task ID", "DWA ID"]):
        code = _occupation_code(row, known)
        key = (code, _task_id(row), row["DWA ID"].strip())
        if key not in links:
            links.add(key)
            release.task_activities.append(TaskActivity(*key))


def _task_id(row: Row) -> str:
    raw = row["Task ID"].strip()
    try:
        return str(int(float(raw)))
    except ValueError:
        raise row.error(f"task ID should be a number, got {raw!r}") from None


def technology_uri(example: str) -> str:
    """One URI per technology example name: O*NET gives examples no identifier, and 153 of
    them sit under two commodities, so the name is the identity ('C++' -> 'cplusplus')."""
    text = example.lower().replace("+", "plus").replace("#", "sharp")
    return TECHNOLOGY_URI.format(slug=re.sub(r"[^a-z0-9]+", "-", text).strip("-"))


def _technology(sources: SourceSet, release: FrameworkRelease, known: set[str]) -> None:
    skills: dict[str, Skill] = {}
    for row in read_table(
        sources,
        "Technology Skills.txt",
        [SOC, "Example", "Commodity Code", "Commodity Title", "Hot Technology"],
    ):
        example = row["Example"].strip()
        commodity = row["Commodity Code"].strip()
        code = technology_uri(example)
        skill = skills.get(code)
        if skill is None:
            skills[code] = Skill(
                code=code,
                uri=code,
                preferred_label=example,
                skill_type=SkillType.TECHNOLOGY,
                description=row["Commodity Title"].strip(),
                reuse_level="technology",
                extra={"commodity_codes": commodity},
            )
        elif skill.extra is not None and commodity not in skill.extra["commodity_codes"]:
            skill.extra["commodity_codes"] += f" {commodity}"
            skill.description += f"; {row['Commodity Title'].strip()}"
        release.technology_skills.append(
            TechnologySkill(
                occupation_code=_occupation_code(row, known),
                example=example,
                commodity_code=commodity,
                commodity_title=row["Commodity Title"].strip(),
                hot=bool(row.flag("Hot Technology")),
                in_demand=bool(row.flag("In Demand")) if "In Demand" in row.values else False,
                skill_code=code,
            )
        )
    release.skills.extend(skills.values())
    for row in read_table(
        sources, "Tools Used.txt", [SOC, "Example", "Commodity Code", "Commodity Title"]
    ):
        release.tools_used.append(
            ToolUsed(
                occupation_code=_occupation_code(row, known),
                example=row["Example"].strip(),
                commodity_code=row["Commodity Code"].strip(),
                commodity_title=row["Commodity Title"].strip(),
            )
        )


def _related(sources: SourceSet, release: FrameworkRelease, known: set[str]) -> None:
    for row in read_table(sources, "Related Occupations.txt", [SOC, "Related O*NET-SOC Code"]):
        related = row["Related O*NET-SOC Code"].strip()
        if related not in known:
            raise row.error(f"related occupation {related} is not in 'Occupation Data.txt'")
        release.related_occupations.append(
            RelatedOccupation(
                occupation_code=_occupation_code(row, known),
                related_code=related,
                tier=row.get("Relatedness Tier").strip(),
                rank=row.integer("Index", optional=True) if "Index" in row.values else None,
            )
        )
