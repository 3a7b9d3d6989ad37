"""What a navigator's caseload shows of one worker's career advancement plan (issue 15, items 4
and 5): the plan's stage and status, its next actions and the milestones coming due.

The plan use case (`onramp.pathways.plans`) makes these, only for workers whose active consent
grant to the navigator's organization shares their plan; the caseload (`onramp.pathways.caseload`)
shows them. This module is the one shape both sides agree on, so neither reads the other's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onramp.platform.model import Principal


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    """A milestone of the plan that is not done yet, with its date."""

    stage: str  # a lifecycle stage value (explore, prepare, apply, start, grow, advance)
    text: str
    due: date | None


@dataclass(frozen=True, slots=True)
class PlanGlance:
    """One worker's plan as a caseload row sees it."""

    worker_id: str
    plan_id: str
    stage: str  # the stage the worker is in now (a lifecycle stage value)
    status: str  # a plan status value (for example "active", "paused", "done")
    target: str  # the job the plan aims at, in words ("" when none is chosen)
    next_actions: tuple[str, ...]  # the open goals of the current stage, first few
    milestones_due: tuple[MilestoneDue, ...]  # open milestones, soonest first
    updated_at: datetime


# How the caseload asks for plans: (navigator, org id, worker ids) -> glances of the workers who
# share their plan with that org now. Workers who do not share it are simply absent.
PlanGlances = Callable[["Principal", str, list[str]], dict[str, PlanGlance]]
