"""Demo employer metrics (demo data only, issue 18): the demo employer's medical assistant jobs
over the last two years, four from before it stopped asking for a degree and four from after,
with applicants, offers, hires, 90-day and 12-month checks, raises with steps up, hiring costs
and one saved training investment, so `make run` shows real figures on every metrics page.

Made in code, the same every time: each figure comes from the fixed tables below, with dates
counted back from today so the checks fall in the past. Jobs, applications and records go
through the use cases as the HR admin and the workers would (so each is audited); only the
jobs' state dates are then set back in time, which no use case does (a job opens today). It
adds nothing a second time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, select, update

from onramp.jobs.model import JobDraft, JobState
from onramp.jobs.service import Jobs
from onramp.matching.personal import Schooling
from onramp.metrics.employer import CostKind
from onramp.metrics.employer_service import EmployerMetrics
from onramp.metrics.roi import ProgramKind
from onramp.platform import Platform
from onramp.platform.demo import ORGS, demo_email, worker_email
from onramp.store import job_tables as j
from onramp.store import metrics_employer_tables as m

FAMILY = "31-9092.00"  # Medical Assistants
TITLE = "Medical Assistant"
SWITCH_DAYS_AGO = 330
DEGREE_NOTE = "An associate degree in medical assisting is required."
# (days ago it opened, days to fill or None while open, hourly start, hire left before day 90)
JOBS = (
    (720, 48, 17.0, False),
    (640, 55, 17.5, True),
    (560, 41, 17.5, False),
    (470, 62, 18.0, True),
    (300, 26, 18.5, False),
    (230, 31, 18.5, False),
    (170, 22, 19.0, False),
    (60, None, None, False),
)
# a wider door once a degree is not asked for; at most 3 each, so the demo job with candidates
# (`matching.demo_candidates`, 3 applicants) stays first on the employer's dashboard
APPLICANTS_BEFORE, APPLICANTS_AFTER = 2, 3
FIRST_WORKER = 10  # demo workers 10-39 apply; work-based learning uses 42 on
SCHOOLS: tuple[
    list[Schooling], ...
] = (  # what each applicant listed, in turn (empty: listed no school)
    [Schooling("Columbus State Community College", "Associate degree", 2016)],
    [Schooling("Eastmoor Academy", "High school diploma", 2014)],
    [],
    [Schooling("Career Center", "GED", 2019)],
    [Schooling("Franklin High School", "High school diploma", 2011)],
)
COSTS = ((CostKind.ADVERTISING, 350.0), (CostKind.STAFF_TIME, 600.0))
AGENCY_BEFORE = 2400.0  # an agency found the degree holders before the switch
INVESTMENT = "Medical assistant apprenticeship"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _backdate(metrics: EmployerMetrics, job_id: str, opened: date, filled: date | None) -> None:
    engine = metrics.outcomes.engine
    c = j.job_state_changes
    with engine.begin() as conn:
        for state, day in (
            (JobState.DRAFT, opened),
            (JobState.OPEN, opened),
            (JobState.FILLED, filled),
        ):
            if day is not None:
                conn.execute(
                    update(c)
                    .where(and_(c.c.job_id == job_id, c.c.state == state.value))
                    .values(at=_at(day))
                )
        last = _at(filled or opened)  # untouched since: they list after the demo's live jobs
        conn.execute(
            update(j.jobs)
            .where(j.jobs.c.id == job_id)
            .values(created_at=_at(opened), updated_at=last)
        )


def seed_demo_employer_metrics(metrics: EmployerMetrics, jobs: Jobs, platform: Platform) -> int:
    """Seed once; returns the number of hires written (0 when the demo accounts are missing
    or it ran before)."""
    accounts = platform.accounts
    admin = accounts.user_by_email(demo_email("hr.admin"))
    if admin is None:
        return 0
    hr = accounts.principal(admin)
    org_id = next((x.org_id for x in hr.memberships if x.org_name == ORGS[0].name), None)
    if org_id is None:
        return 0
    with metrics.outcomes.engine.connect() as conn:
        seeded = conn.execute(
            select(m.employer_family_switches.c.family).where(
                m.employer_family_switches.c.org_id == org_id
            )
        ).first()
    if seeded is not None:
        return 0
    workers = []
    for n in range(FIRST_WORKER, FIRST_WORKER + 30):
        user = accounts.user_by_email(worker_email(n))
        if user is not None:
            workers.append(accounts.principal(user))
    if len(workers) < APPLICANTS_AFTER:
        return 0
    for i, worker in enumerate(workers):
        if SCHOOLS[i % len(SCHOOLS)] and not metrics.dashboards.personal.details(worker).education:
            metrics.dashboards.personal.update_details(worker, education=SCHOOLS[i % len(SCHOOLS)])
    today = date.today()
    switch = today - timedelta(days=SWITCH_DAYS_AGO)
    outcomes = metrics.outcomes
    hires = 0
    turn = 0
    for k, (ago, to_fill, hourly, left) in enumerate(JOBS):
        opened = today - timedelta(days=ago)
        before = opened < switch
        draft = JobDraft(
            title=TITLE, occupations=(FAMILY,), education_note=DEGREE_NOTE if before else ""
        )
        job = jobs.create(hr, org_id, draft)
        jobs.move(hr, job.id, JobState.OPEN)
        applied = []
        for _ in range(APPLICANTS_BEFORE if before else APPLICANTS_AFTER):
            worker = workers[turn % len(workers)]
            turn += 1
            applied.append(jobs.apply(worker, job.id, []).id)
        filled = opened + timedelta(days=to_fill) if to_fill is not None else None
        if filled is not None:
            jobs.move(hr, job.id, JobState.FILLED)
        _backdate(metrics, job.id, opened, filled)
        for kind, amount in COSTS:
            outcomes.record_cost(hr, org_id, job.id, kind=kind, amount=amount, spent_on=opened)
        if before:
            outcomes.record_cost(
                hr, org_id, job.id, kind=CostKind.AGENCY, amount=AGENCY_BEFORE, spent_on=opened
            )
        if filled is None or hourly is None:
            outcomes.record_outcome(hr, org_id, applied[1], offered=True, offered_on=today)
            continue
        offered_on = filled - timedelta(days=5)
        outcomes.record_outcome(hr, org_id, applied[-1], offered=True, offered_on=offered_on)
        hired_on = filled + timedelta(days=7)
        hire = outcomes.record_outcome(
            hr,
            org_id,
            applied[0],
            offered=True,
            hired=True,
            offered_on=offered_on,
            hired_on=hired_on,
            starting_hourly=hourly,
            internal=k == 6,
        )
        hires += 1
        day_90, day_365 = hired_on + timedelta(days=90), hired_on + timedelta(days=365)
        if left:
            outcomes.record_check(
                hr, org_id, hire.id, days=90, still_employed=False, checked_on=min(day_90, today)
            )
            continue
        if day_90 <= today:
            outcomes.record_check(
                hr, org_id, hire.id, days=90, still_employed=True, checked_on=day_90
            )
            outcomes.record_pay(hr, org_id, hire.id, on=day_90, hourly=round(hourly * 1.06, 2))
        if day_365 <= today:
            outcomes.record_check(
                hr, org_id, hire.id, days=365, still_employed=k != 2, checked_on=day_365
            )
            if k != 2:
                outcomes.record_pay(
                    hr,
                    org_id,
                    hire.id,
                    on=day_365,
                    hourly=round(hourly * 1.15, 2),
                    from_level=1,
                    to_level=2,
                )
    outcomes.record_switch(hr, org_id, FAMILY, switch)
    metrics.investments.save(
        hr,
        org_id,
        INVESTMENT,
        kind=ProgramKind.APPRENTICESHIP,
        inputs={
            "participants": 6,
            "completers": 5,
            "retained_12_months": 4,
            "internal_fills": 2,
            "training_cost": 14_000,
            "training_hours": 96,
            "mentor_hours": 60,
            "public_funding": 6_000,
        },
    )
    return hires
