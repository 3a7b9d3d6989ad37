"""Importing an existing posting (issue 13, item 3): the skill extractor's result turned into
a draft the employer reviews. Nothing here publishes anything.

- Skills found in requirement sections become must-haves, those in nice-to-have sections nice
  to have, at the level the posting's cues ask for ("expert in" is 5, "basic" is 2, "3+ years"
  is read through the extractor's years-to-level table), or level 3 when no cue says.
- Degree and years-of-experience requirements are never copied as filters: they become notes
  for the employer to replace with the skills they stand for, and the linter's findings on the
  original text come with the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onramp.jobs.builder import SKILL_EVIDENCE, TECH_EVIDENCE
from onramp.jobs.lint import Finding, LintSettings, lint_text
from onramp.jobs.model import JobDraft, Requirement

LEVEL_OF_CUE = {"basic": 2, "intermediate": 3, "advanced": 4, "expert": 5}
DEFAULT_LEVEL = 3
MAX_IMPORTED = 40
_TITLE_WORDS = 12


@dataclass(slots=True)
class ImportedDraft:
    draft: JobDraft
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def draft_from_posting(
    text: str, extraction: dict[str, Any], settings: LintSettings | None = None
) -> ImportedDraft:
    """`extraction` is the extractor's JSON form (`Extraction.to_dict`) for `text`."""
    notes: list[str] = []
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for skill in sorted(extraction.get("skills", []), key=lambda s: -float(s["confidence"])):
        uri = skill["uri"]
        if uri in seen or skill.get("section") == "other" or len(requirements) >= MAX_IMPORTED:
            continue
        seen.add(uri)
        cue = (skill.get("level") or {}).get("level")
        technology = skill.get("hot_technology") or skill.get("type") == "technology"
        requirements.append(
            Requirement(
                skill=uri,
                label=skill["label"][:300],
                level=LEVEL_OF_CUE.get(cue or "", DEFAULT_LEVEL),
                must_have=skill.get("section") != "nice_to_have",
                evidence=TECH_EVIDENCE if technology else SKILL_EVIDENCE,
                source="imported posting",
            )
        )
    for flag in extraction.get("requirements", []):
        if flag["kind"] == "degree" and flag.get("required"):
            notes.append(
                f"The posting asked for “{flag['text']}”. We did not copy it as a requirement. "
                "Add the skills it stands for instead."
            )
        elif flag["kind"] == "experience_years" and flag.get("required"):
            notes.append(
                f"The posting asked for “{flag['text']}”. We did not copy the years. "
                "Set the level of each skill instead."
            )
    if not requirements:
        notes.append("We found no skills in the posting. Add them, or start from an occupation.")
    notes.extend(str(n) for n in extraction.get("notes", []))
    draft = JobDraft(
        title=_title(text),
        summary=text.strip()[:20_000],
        requirements=tuple(requirements),
    )
    return ImportedDraft(draft, notes, lint_text(text[:200_000], settings))


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" \t#*-:")
        if line:
            words = line.split()
            return " ".join(words[:_TITLE_WORDS])[:200] if len(line) >= 2 else "Imported job"
    return "Imported job"
