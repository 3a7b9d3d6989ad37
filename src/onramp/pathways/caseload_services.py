"""One place that puts the caseload together, for the API, the pages and the CLI.

Each row shows the worker's advancement plan through the plans' glances
(`onramp.pathways.plan_glance.PlanGlances`), given only for workers who share their plan.
"""

from __future__ import annotations

from onramp.pathways.caseload import Caseload
from onramp.pathways.caseload_reminders import Reminders
from onramp.pathways.plans import CareerPlans, plan_glances
from onramp.platform import Platform


def caseload_service(platform: Platform, plans: CareerPlans) -> Caseload:
    return Caseload(platform.engine, platform.consents, plan_glances(plans))


def reminders_service(platform: Platform) -> Reminders:
    return Reminders(platform.engine, platform.mailer, platform.links)


def follow_platform(platform: Platform, caseload: Caseload) -> None:
    """A worker's account export carries the referrals and follow-ups made for them."""
    platform.privacy.include("caseload", caseload.export)
