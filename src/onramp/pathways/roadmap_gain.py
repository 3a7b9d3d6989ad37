"""How workers gain what a rung adds, and how long a step typically takes (issue 15, item 3).

Pure rules, documented in docs/pathways.md ("Talent development roadmap"):

- **On the job**: the employer's job post says the skill can be learned on the job
  (`learnable_weeks`), or the rung below already uses the skill and this rung needs it at
  most `ON_THE_JOB_LEVELS` level higher (practice at work closes a one-level gap).
- **Through a training partner**: an achievement a training provider defined in Onramp is
  aligned to the skill (`onramp.credentials.programs`).
- Otherwise Onramp says plainly that it knows no program. Work-based learning (registered
  apprenticeship) is not listed yet; the roadmap says so once, with no made-up entries.

Typical time of a step comes from the O*NET job zones (the preparation each zone describes,
O*NET Job Zones, O*NET 29.x "Job Zone Reference"): moving up a zone takes the extra
preparation of each zone entered (`ZONE_STEP_MONTHS`); inside one zone, the weeks the job
posts give, or "a few months to a year". It is typical, never a promise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from onramp.pathways.roadmap_model import (
    GainWay,
    ProgramRef,
    RungSkill,
    TimeBasis,
    TypicalTime,
    Way,
)

ON_THE_JOB_LEVELS = 1  # a skill used below, needed at most this many levels higher
WEEKS_A_MONTH = 4.345

# Months of extra preparation to enter each O*NET job zone from the one below, read from the
# zones' descriptions: zone 2 "a few months to one year" of work with experienced employees;
# zone 3 "one or two years" of training and experience; zone 4 "several years" of
# work-related experience, training or a four-year degree (2-4); zone 5 graduate school or
# more (2-6 years beyond zone 4).
ZONE_STEP_MONTHS: dict[int, tuple[int, int]] = {
    2: (3, 12),
    3: (12, 24),
    4: (24, 48),
    5: (24, 72),
}
SAME_ZONE_MONTHS = (3, 12)


def ways_to_gain(
    uri: str,
    level: int,
    below_level: int | None,
    weeks: int | None,
    programs: Mapping[str, Sequence[ProgramRef]],
) -> tuple[Way, ...]:
    """Every way Onramp knows to gain the skill `uri` at `level`, or "no program known"."""
    found: list[Way] = []
    if weeks is not None or (below_level is not None and level - below_level <= ON_THE_JOB_LEVELS):
        found.append(Way(GainWay.ON_THE_JOB, weeks=weeks))
    offered = tuple(programs.get(uri, ()))
    if offered:
        found.append(Way(GainWay.TRAINING_PARTNER, programs=offered))
    if not found:
        found.append(Way(GainWay.NO_PROGRAM))
    return tuple(found)


def typical_time(
    from_zone: int | None,
    to_zone: int | None,
    added: Sequence[RungSkill],
    weeks: Mapping[str, int],
) -> TypicalTime:
    """The typical time of a step up to a rung that adds `added` skills; `weeks` holds the
    learnable weeks the employer's job posts give per skill URI."""
    if from_zone is not None and to_zone is not None and to_zone > from_zone:
        low = sum(ZONE_STEP_MONTHS.get(z, (0, 0))[0] for z in range(from_zone + 1, to_zone + 1))
        high = sum(ZONE_STEP_MONTHS.get(z, (0, 0))[1] for z in range(from_zone + 1, to_zone + 1))
        return TypicalTime(low, high, TimeBasis.JOB_ZONE)
    if not added:
        return TypicalTime(0, 1, TimeBasis.LITTLE_NEW)
    if all(s.uri in weeks for s in added):
        months = max(1, math.ceil(max(weeks[s.uri] for s in added) / WEEKS_A_MONTH))
        return TypicalTime(months, months, TimeBasis.LEARNABLE_WEEKS)
    if from_zone is not None and to_zone is not None:
        return TypicalTime(*SAME_ZONE_MONTHS, TimeBasis.SAME_ZONE)
    return TypicalTime(None, None, TimeBasis.UNKNOWN)
