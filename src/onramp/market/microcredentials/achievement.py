"""The OB 3.0 Achievement a published microcredential defines (issue 16, item 4).

An outcome becomes one ResultDescription (OB 3.0 §B.1.22, resultType RubricCriterionLevel) whose
rubricCriterionLevel entries are the levels of the rubric that assesses it, and whose
requiredLevel is the outcome's level. The ids are computed from the achievement, the outcome and
the level alone, so delivery can name the ResultDescription and the level a learner reached
without reading the stored achievement: that is the contract `result_ids` keeps.
"""

from __future__ import annotations

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
