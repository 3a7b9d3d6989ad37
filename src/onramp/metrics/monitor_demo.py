"""Demo data for the fair hiring checks (demo data only): lists of people the demo employer
was shown over the last two months, as counts by group, so `make run` has a warning to read.

The counts are made here from set rates with a fixed random seed: on the first open job,
people aged 55 or older are picked far less often than others (the monitor raises a warning);
on the others, every group is picked about as often (no warning). The monitor then judges them
as it judges real lists. Nothing is added a second time.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from onramp.jobs.demo import EMPLOYER
from onramp.jobs.model import JobState
from onramp.jobs.service import Jobs
from onramp.matching.personal import Question
from onramp.metrics.monitor import GroupCount, RankingSnapshot
from onramp.metrics.monitoring import FairnessMonitor
from onramp.platform import Platform
from onramp.platform.demo import demo_email
from onramp.platform.secrets import now
from onramp.store import metrics_monitor_tables as m

# question -> group -> (people, share picked); the first job uses UNFAIR, the rest FAIR
UNFAIR = {
    Question.AGE_BAND: {
        "under_25": (60, 0.5),
        "25_39": (80, 0.52),
        "40_54": (50, 0.45),
        "55_plus": (44, 0.23),
    },
    Question.SEX: {"female": (120, 0.45), "male": (110, 0.47)},
}
FAIR = {
    Question.AGE_BAND: {
        "under_25": (30, 0.4),
        "25_39": (45, 0.42),
        "40_54": (25, 0.4),
        "55_plus": (20, 0.4),
    },
    Question.SEX: {"female": (64, 0.42), "male": (58, 0.41)},
}


def seed_demo_monitor(fairness: FairnessMonitor, jobs: Jobs, platform: Platform) -> int:
    """How many snapshots were added (0 without the demo employer, or when it ran before)."""
    hr_user = platform.accounts.user_by_email(demo_email("hr.admin"))
    if hr_user is None:
        return 0
    hr = platform.accounts.principal(hr_user)
    employer_id = next((x.org_id for x in hr.memberships if x.org_name == EMPLOYER), None)
    if employer_id is None:
        return 0
    with platform.engine.connect() as conn:
        if conn.execute(
            select(m.ranking_snapshots.c.id).where(m.ranking_snapshots.c.org_id == employer_id)
        ).first():
            return 0
    open_jobs = [j for j in jobs.for_org(hr, employer_id) if j.state is JobState.OPEN][:3]
    rng = random.Random(18)
    at = now()
    snaps = []
    for n, job in enumerate(open_jobs):
        plan = UNFAIR if n == 0 else FAIR
        for question, groups in plan.items():
            counts = []
            for group, (people, share) in groups.items():
                picked = sum(rng.random() < share for _ in range(people))
                counts.append(GroupCount(group, people, picked))
            taken = at - timedelta(days=rng.randint(1, 50))
            top = sum(c.selected for c in counts)
            snaps.append(
                RankingSnapshot(job.id, employer_id, taken, top, tuple(counts), 12, question.value)
            )
    fairness.keep(snaps)
    fairness.check(employer_id, at)
    return len(snaps)
