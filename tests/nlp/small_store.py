"""A small ESCO-keyed framework for tests that need a store but not the real ESCO: a few skills
a posting names, enough for the lexicon, sections, cues and merging to all have work."""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import Framework, FrameworkRelease, Origin, Skill, SkillLabel, SkillType

PYTHON = "urn:test:skill:python"
SKILLS = [
    ("python", "Python (computer programming)", SkillType.KNOWLEDGE, ["Python"]),
    ("sql", "SQL", SkillType.KNOWLEDGE, ["structured query language"]),
    ("service", "customer service", SkillType.SKILL, ["serve customers"]),
    ("team", "lead a team", SkillType.SKILL, ["team leadership"]),
]
POSTING = (
    "Data Analyst\n"
    "Requirements\n"
    "- 3+ years of experience with Python and SQL.\n"
    "- Strong customer service; able to lead a team.\n"
    "Nice to have\n"
    "- Team leadership\n"
)


def release() -> FrameworkRelease:
    built = FrameworkRelease(
        framework=Framework(
            "esco", "test", "Test skills", "Onramp tests", "", "CC BY 4.0", "", Origin.OFFICIAL
        )
    )
    for code, label, kind, alternatives in SKILLS:
        built.skills.append(Skill(code, f"urn:test:skill:{code}", label, kind))
        built.skill_labels.extend(SkillLabel(code, alt, "alternative") for alt in alternatives)
    return built


def fill(engine: Engine) -> Engine:
    run_import(engine, lambda _step: release())
    return engine
