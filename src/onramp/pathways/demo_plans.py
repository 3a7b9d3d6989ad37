"""Demo career plans (demo data only): a few workers of the demo career center's caseload keep a
plan at different stages and share it with the center, whose navigator has added a note; the
center has added one question of its own, and one worker reads the center's questions. Runs
once per store, after the platform demo, so `make run` shows plans on the navigator's pages.

worker03 (who shares nothing) gets no plan: a new user can start one from an empty page.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from typing import Any

from onramp.errors import InvalidInputError
from onramp.pathways.guide import AdaptMode, Stage
from onramp.pathways.plan_model import Edit, EditKind, PlanStatus, SupportKind
from onramp.pathways.plans import CareerPlans
from onramp.platform import Platform
from onramp.platform.demo import WORKERS, demo_email, worker_email
from onramp.platform.model import PurposeKind
from onramp.platform.secrets import now

CAREER_CENTER = "Demo Northside Career Center"
PLAN_GRANT = (["plan"], "Career planning with a navigator", 180)
CENTER_QUESTION = "Did you come to our Tuesday job club?"
# For worker01, worker02 and two more of the caseload, in order: (stage now, status, target
# and pathway as O*NET-SOC codes, goals, milestones as (text, days from today), supports, the
# worker's note, the navigator's note)
PLANS: tuple[tuple[Any, ...], ...] = (
    (
        Stage.PREPARE,
        PlanStatus.ACTIVE,
        ("29-2061.00", ["29-2061.00"]),
        ["Finish the nursing assistant class", "Ask my boss for a reference"],
        [("Sign up for the LPN info night", 9), ("Class test", 40)],
        [SupportKind.CHILDCARE, SupportKind.SCHEDULE],
        "Evening classes work best for me.",
        "Ask about the tuition help at the college.",
    ),
    (
        Stage.APPLY,
        PlanStatus.ACTIVE,
        ("43-4051.00", ["43-4051.00"]),
        ["Send three applications a week", "Practice for interviews"],
        [("Mock interview at the center", 5), ("Job fair downtown", 21)],
        [SupportKind.TRANSPORT],
        "I need a job on the bus line.",
        "Bring your updated resume on Tuesday.",
    ),
    (
        Stage.EXPLORE,
        PlanStatus.PAUSED,
        None,
        ["Talk to two people who work in a warehouse"],
        [("Tour the distribution center", 30)],
        [SupportKind.BENEFITS],
        "Paused while my family moves.",
        "Check in again next month.",
    ),
    (
        Stage.GROW,
        PlanStatus.ACTIVE,
        None,
        ["Learn the new scheduling software", "Lead a team huddle"],
        [("Review with my manager", 60)],
        [],
        "My manager said I could train new hires.",
        "Great progress. Ask about the lead role.",
    ),
)


def _caseload(platform: Platform, center_id: str) -> list[str]:
    """The emails of the demo workers after worker02 who share with the center, in order."""
    sharing = {g.worker_id for g in platform.consents.to_org_unchecked(center_id)}
    found = []
    for number in range(3, WORKERS + 1):
        user = platform.accounts.user_by_email(worker_email(number))
        if user is not None and user.id in sharing:
            found.append(user.email)
    return found


def seed_demo_plans(plans: CareerPlans, platform: Platform) -> bool:
    """True when it added the demo plans; False when they exist or the demo is absent."""
    accounts = platform.accounts
    first = accounts.user_by_email(worker_email(1))
    navigator_user = accounts.user_by_email(demo_email("navigator"))
    if first is None or navigator_user is None:
        return False
    if plans.mine(accounts.principal(first)) is not None:
        return False
    navigator = accounts.principal(navigator_user)
    center_id = next(m.org_id for m in navigator.memberships if m.org_name == CAREER_CENTER)
    plans.guides.save(navigator, center_id, Stage.PREPARE, AdaptMode.ADD, [CENTER_QUESTION], [])
    emails = [worker_email(1), worker_email(2), *_caseload(platform, center_id)[:2]]
    today = now().date()
    for email, spec in zip(emails, PLANS, strict=False):
        stage, status, aim, goals, milestones, supports, note, advice = spec
        user = accounts.user_by_email(email)
        if user is None:
            continue
        worker = accounts.principal(user)
        parts, text, days = PLAN_GRANT
        platform.consents.grant(
            worker, center_id, parts, PurposeKind.NAVIGATOR_SUPPORT, text, days, purpose_ref="demo"
        )
        plans.start(worker)
        if aim is not None:
            # the codes are known when O*NET (or the embedded default) is in the store
            with suppress(InvalidInputError):
                plans.set_pathway(worker, aim[0], aim[1])
        edits = [Edit(EditKind.ADD_GOAL, stage, g) for g in goals]
        edits += [
            Edit(EditKind.ADD_MILESTONE, stage, m, due=today + timedelta(days=d))
            for m, d in milestones
        ]
        edits += [Edit(EditKind.ADD_SUPPORT, stage, support=s) for s in supports]
        edits += [
            Edit(EditKind.ADD_GOAL, Stage.EXPLORE, "Look at jobs that pay more"),
            Edit(EditKind.ADD_NOTE, stage, note),
            Edit(EditKind.SET_STAGE, stage),
            Edit(EditKind.SET_STATUS, status=status),
        ]
        if email == worker_email(2):
            edits.append(Edit(EditKind.SET_GUIDE, guide_org_id=center_id))
        plan = plans.edit(worker, edits)
        done = next(g.id for g in plan.part(Stage.EXPLORE).goals if g.text.startswith("Look at"))
        plans.edit(worker, [Edit(EditKind.TICK_GOAL, item_id=done, done=True)])
        plans.add_as_navigator(
            navigator, center_id, worker.user.id, Edit(EditKind.ADD_NOTE, stage, advice)
        )
    return True
