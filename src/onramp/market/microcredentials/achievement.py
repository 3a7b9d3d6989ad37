"""The OB 3.0 Achievement a published microcredential defines (issue 16, item 4).

An outcome becomes one ResultDescription (OB 3.0 data model, resultType RubricCriterionLevel) whose
rubricCriterionLevel entries are the levels of the rubric that assesses it, and whose
requiredLevel is the outcome's level. The ids are computed from the achievement, the outcome and
the level alone, so delivery can name the ResultDescription and the level a learner reached
without reading the stored achievement: that is the contract `result_ids` keeps.
"""

from __future__ import annotations

from onramp.credentials.formats.ob3 import Alignment, ResultDescription, RubricLevel
from onramp.market.microcredentials.model import DesignParts
from onramp.taxonomy.proficiency import Proficiency

ID_PREFIX = "urn:onramp:achievement"


def result_description_id(achievement_id: str, outcome_id: str) -> str:
    """The id of the ResultDescription for one outcome of one achievement."""
    return f"{ID_PREFIX}:{achievement_id}:outcome:{outcome_id}"


def result_ids(achievement_id: str, outcome_id: str, level: int) -> tuple[str, str]:
    """(ResultDescription id, RubricCriterionLevel id) for `outcome_id` at `level` (1-5) in
    achievement `achievement_id`; deterministic, so the issuer of a Result and the definer of
    the Achievement agree without sharing state."""
    if not 1 <= level <= 5:
        raise ValueError("a level is on the 1-5 proficiency scale")
    description = result_description_id(achievement_id, outcome_id)
    return description, f"{description}:level:{level}"


def criteria_of(parts: DesignParts) -> str:
    """The Achievement's criteria narrative: each outcome, its level, and how it is shown."""
    lines = ["Show each of these skills at the level named, in the assessment named:"]
    for outcome in parts.outcomes:
        checks = [a.name for a in parts.assessments if outcome.id in a.outcome_ids]
        level = Proficiency(str(outcome.level)).label.split(":")[0]
        lines.append(
            f"- {outcome.label}: level {outcome.level} of 5 ({level}), in {', '.join(checks)}."
        )
    return "\n".join(lines)


def result_descriptions(achievement_id: str, parts: DesignParts) -> list[ResultDescription]:
    """One OB 3.0 ResultDescription per outcome: the rubric levels of the assessments that
    check it (the first assessment's words for a level), the outcome's level as required."""
    results = []
    for outcome in parts.outcomes:
        rows: dict[int, str] = {}
        for assessment in parts.assessments:
            if outcome.id in assessment.outcome_ids:
                for row in assessment.rubric:
                    rows.setdefault(row.level, row.description)
        levels = [
            RubricLevel(
                result_ids(achievement_id, outcome.id, level)[1],
                Proficiency(str(level)).label.split(":")[0],
                rows[level],
            )
            for level in sorted(rows)
        ]
        results.append(
            ResultDescription(
                result_description_id(achievement_id, outcome.id),
                outcome.label,
                levels,
                result_ids(achievement_id, outcome.id, outcome.level)[1],
                [Alignment(outcome.skill, outcome.label)],
            )
        )
    return results
