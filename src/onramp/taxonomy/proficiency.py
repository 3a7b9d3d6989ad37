"""One 1-5 proficiency scale for every skill a job asks for or a person shows, tied to O*NET's
level anchors (the "LV" scale, 0-7, O*NET Content Model; Level Scale Anchors file).

It lives with the frameworks because every capability reads it: jobs (requirements), the
skills of an occupation (`onramp.nlp.occupation_skills`), and matching.
"""

from __future__ import annotations

from onramp.vocabulary import LabeledEnum


class Proficiency(LabeledEnum):
    """One 1-5 scale for every requirement, tied to O*NET's level anchors (0-7)."""

    AWARE = "1", "Aware: knows what it is and can follow steps with help."
    BASIC = "2", "Basic: does simple tasks with it."
    WORKING = "3", "Working: does everyday tasks with it on their own."
    ADVANCED = "4", "Advanced: handles hard cases and helps others."
    EXPERT = "5", "Expert: leads, teaches and improves how it is done."


# The O*NET level (0-7 scale, "LV") each proficiency step stands for, and back.
ONET_LEVEL_OF: dict[int, float] = {1: 1.0, 2: 2.5, 3: 4.0, 4: 5.5, 5: 7.0}

# The level a skill with no O*NET level rating (an ESCO essential or optional skill, or one
# guessed from the job's tasks) is taken at, by O*NET job zone (1: little or no preparation,
# 5: extensive preparation), and when the job zone is not known (the embedded default has
# none): the middle of the scale, "Working", which neither raises nor lowers the bar.
LEVEL_BY_JOB_ZONE: dict[int, int] = {1: 2, 2: 2, 3: 3, 4: 3, 5: 4}
UNKNOWN_ZONE_LEVEL = 3


def proficiency_from_onet(level: float) -> int:
    """The 1-5 step nearest an O*NET level (0-7): 0-1.74 is 1, 1.75-3.24 is 2, and so on."""
    if not 0 <= level <= 7:
        raise ValueError("an O*NET level is between 0 and 7")
    return min(ONET_LEVEL_OF, key=lambda step: (abs(ONET_LEVEL_OF[step] - level), -step))


def level_for_job_zone(job_zone: int | None) -> int:
    """The level of an unrated skill in a job of this zone (`UNKNOWN_ZONE_LEVEL` if unknown)."""
    return LEVEL_BY_JOB_ZONE.get(job_zone or 0, UNKNOWN_ZONE_LEVEL)
