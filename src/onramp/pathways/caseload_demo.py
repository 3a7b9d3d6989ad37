"""Demo caseload (demo data only): the demo career center's navigators have referrals and
check-ins for the workers who share with it, so `make run` shows a live caseload: some
check-ins past due, some due this week, some later and some done; referrals to a program, a
service and an employer, with outcomes logged over the past weeks.

Everything goes through the `Caseload` use cases as Maria Lopez or Jordan Lee would (each
entry is in the audit log), dated back by passing an earlier "today". Runs after the other
demo seeds (it names a demo program and an open demo job when they exist); it adds nothing a
second time.
"""

from __future__ import annotations

from datetime import date, timedelta

from onramp.pathways.caseload import Caseload
from onramp.pathways.caseload_json import today
from onramp.pathways.caseload_model import Outcome, ReferralKind, Service
from onramp.platform import Platform
from onramp.platform.demo import demo_email


def seed_demo_caseload(cases: Caseload, platform: Platform, day: date | None = None) -> int:
    """How many referrals were made now (0 without the demo, or when it ran before)."""
    accounts = platform.accounts
    maria_user = accounts.user_by_email(demo_email("navigator"))
    jordan_user = accounts.user_by_email(demo_email("navigator2"))
    if maria_user is None or jordan_user is None:
        return 0
    maria, jordan = accounts.principal(maria_user), accounts.principal(jordan_user)
    org = next((m.org_id for m in maria.memberships if m.org_id in jordan.org_ids()), None)
    if org is None:
        return 0
    view = cases.view(maria, org, size=200)
    if any(row.referrals or row.follow_ups for row in view.page.items):
        return 0
    named = sorted((r for r in view.page.items if r.name), key=lambda r: r.name)
    workers = [r.worker_id for r in named] or [r.worker_id for r in view.page.items]
    if len(workers) < 6:
        return 0
    day = day or today()
    ago = [day - timedelta(days=n) for n in range(40)]
    choices = cases.choices(maria, org)
    made = 0

    def refer(n: int, kind: ReferralKind, when: int, **target: object) -> str:
        nonlocal made
        made += 1
        return cases.refer(
            maria if n % 2 == 0 else jordan,
            org,
            workers[n],
            kind,
            today=ago[when],
            **target,  # type: ignore[arg-type]
        ).id

    def outcome(referral: str, result: Outcome, when: int, note: str = "") -> None:
        cases.set_outcome(maria, org, referral, result, on=ago[when], note=note, today=day)

    # a program on Onramp when the demo college has one, else a named class
    if choices.programs:
        provider, program, _words = choices.programs[0]
        first = refer(0, ReferralKind.TRAINING, 30, target_org_id=provider, target_ref=program)
    else:
        first = refer(0, ReferralKind.TRAINING, 30, target_text="Nursing assistant class")
    outcome(first, Outcome.STARTED, 21, "Started the evening class.")
    childcare = refer(1, ReferralKind.SERVICE, 25, service=Service.CHILDCARE,
                      target_text="Northside Family Center")  # fmt: skip
    outcome(childcare, Outcome.COMPLETED, 12, "Has a spot for her son.")
    if choices.jobs:
        employer, job, _words = choices.jobs[0]
        hired = refer(2, ReferralKind.EMPLOYER, 20, target_org_id=employer, target_ref=job)
    else:
        hired = refer(2, ReferralKind.EMPLOYER, 20, target_text="Valley Grocery")
    outcome(hired, Outcome.HIRED, 5, "Starts next Monday.")
    bus = refer(3, ReferralKind.SERVICE, 14, service=Service.TRANSPORT, target_text="Bus pass")
    outcome(bus, Outcome.NO_RESPONSE, 2)
    grocery = refer(4, ReferralKind.EMPLOYER, 9, target_text="Valley Grocery, stock lead")
    outcome(grocery, Outcome.DECLINED, 3, "The hours did not fit.")
    refer(5, ReferralKind.SERVICE, 1, service=Service.BENEFITS, target_text="County office")

    # check-ins: two past due, two this week, two later, two done
    plan = [
        (0, maria, -3, "Ask how the first weeks of class went"),
        (3, jordan, -1, "Find another way to get to work"),
        (1, maria, 2, "Help with the job application"),
        (5, jordan, 4, "Check the benefits letter came"),
        (2, maria, 12, "Thirty days in the new job"),
        (4, jordan, 20, "Look at other openings together"),
    ]
    for n, who, offset, about in plan:
        cases.schedule(who, org, workers[n], day + timedelta(days=offset), about,
                       today=min(day, day + timedelta(days=offset)))  # fmt: skip
    for n, about in ((1, "Call about childcare"), (2, "Practice for the interview")):
        done = cases.schedule(maria, org, workers[n], ago[15], about, today=ago[16])
        cases.change_follow_up(maria, org, done.id, done=True, today=day)
    return made
