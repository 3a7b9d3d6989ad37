"""One place that puts the caseload together, for the API, the pages and the CLI.

THE WIRING POINT for the advancement plans is `plan_glances_for_caseload` below: until the plan
use case is merged it returns None, and every caseload row says "This worker has not shared a
plan." At merge, return the plan use case's `glances` method there (its signature is
`onramp.pathways.plan_glance.PlanGlances`); nothing else changes.
"""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.pathways.caseload import Caseload
from onramp.pathways.caseload_reminders import Reminders
from onramp.pathways.plan_glance import PlanGlances
from onramp.platform import Platform


def plan_glances_for_caseload(engine: Engine) -> PlanGlances | None:
    """WIRING POINT (issue 15, items 4 and 5): the plans' glances for the caseload.

    Replace the body with the plan use case's `glances`, e.g.
    `return CareerPlans(engine, ...).glances`, when the plans land."""
    del engine
    return None


def caseload_service(platform: Platform) -> Caseload:
    return Caseload(platform.engine, platform.consents, plan_glances_for_caseload(platform.engine))


def reminders_service(platform: Platform) -> Reminders:
    return Reminders(platform.engine, platform.mailer, platform.links)


def follow_platform(platform: Platform, caseload: Caseload) -> None:
    """A worker's account export carries the referrals and follow-ups made for them."""
    platform.privacy.include("caseload", caseload.export)
