"""A small employer for the employer-metrics tests (issue 18), built through the real use cases
on a fresh store, with every expected figure worked out by hand in `EXPECTED`.

Bright Bakery (employer): Hana (HR admin), Rex (recruiter), Max (mentor); Rae runs a rival
employer. Three jobs, dates set back so the figures are fixed:

- J1 Baker (51-3011.00), opened 2025-01-01, filled 2025-01-31 (30 days): w1 (degree, offered,
  hired), w2 (no degree, offered), w3 (did not say);
- J2 Baker (51-3011.00), opened 2025-08-01, filled 2025-08-21 (20 days): w4 (degree), w5 (no
  degree, offered, hired), w6 (did not say);
- J3 Cashier (41-2011.00), opened 2025-03-01, still open: w2 (no degree).

Bakers switched to skills-based requirements on 2025-06-01. Hires: w1 on 2025-02-01 at $18.00
(raised to $19.80 and level 1 -> 2 on 2025-08-01; still here at day 90 and day 365), w5 on
2025-08-25 at $19.00 (gone by day 90). Costs: J1 $300 ads + $900 agency, J2 $200 ads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine, and_, update

from onramp.api.app import create_app
from onramp.jobs.model import JobDraft, JobState
from onramp.matching.personal import Schooling
from onramp.metrics.employer import CostKind
from onramp.metrics.employer_service import EmployerMetrics
from onramp.platform import AccountKind, OrgKind, Principal, Role
from onramp.platform.emails import Proof, record_confirmed
from onramp.store import job_tables as j

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"
BAKER, CASHIER = "51-3011.00", "41-2011.00"
SWITCH = date(2025, 6, 1)

EXPECTED = {
    "time_to_fill": 25.0,  # median(30, 20)
    "applicants_per_job": 7 / 3,  # 7 applications, 3 jobs opened
    "applicants_without_degree": 3 / 5,  # (J1,w2), (J2,w5), (J3,w2) of 5 who said
    "hires_without_degree": 1 / 2,  # w5 of w1, w5
    "offer_rate": 3 / 7,  # w1, w2, w5
    "retention_90_days": 1 / 2,  # w1 stayed, w5 left
    "retention_12_months": 1.0,  # w1, the only one checked
    "internal_mobility": 1 / 2,  # w1 moved up, of w1 and w5
    "wage_progression": 0.1,  # w1: (19.80 - 18) / 18; w5 has one wage
    "cost_per_hire": 700.0,  # (300 + 900 + 200) / 2 hires on the costed jobs
}


@dataclass
class World:
    app: FastAPI
    engine: Engine
    metrics: EmployerMetrics
    org_id: str
    rival_id: str
    hana: Principal
    rex: Principal
    max: Principal
    rae: Principal
    jobs: dict[str, str]  # J1.. -> job id
    applications: dict[tuple[str, str], str]  # (job, worker) -> application id
    outcomes: dict[str, str]  # worker -> outcome id of their hire


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def set_dates(engine: Engine, job_id: str, opened: date, filled: date | None) -> None:
    """Move a job's state dates back in time, as if it had opened and filled then."""
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
        conn.execute(update(j.jobs).where(j.jobs.c.id == job_id).values(created_at=_at(opened)))


def build(engine: Engine, tmp_path: Path, *, records: bool = True) -> World:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    platform = app.state.platform
    accounts = platform.accounts

    def staff(email: str, name: str) -> Principal:
        return accounts.principal(accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF))

    hana = staff("hana@bakery.example", "Hana HR")
    bakery = platform.orgs.create(hana, "Bright Bakery", OrgKind.EMPLOYER)
    platform.orgs.add_member(bakery.id, hana.user, Role.HR_ADMIN, None)
    members = {}
    for email, name, role in (
        ("rex@bakery.example", "Rex Recruiter", Role.RECRUITER),
        ("max@bakery.example", "Max Mentor", Role.MENTOR),
    ):
        user = accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF)
        platform.orgs.add_member(bakery.id, user, role, None)
        members[email] = accounts.principal(user)
    rae = staff("rae@rival.example", "Rae Rival")
    rival = platform.orgs.create(rae, "Rival Rolls", OrgKind.EMPLOYER)
    hana, rae = accounts.principal(hana.user), accounts.principal(rae.user)
    jobs_service = app.state.jobs
    personal = app.state.matching.personal
    schooling = {
        "w1": [Schooling("Metro College", "Associate degree", 2015)],
        "w2": [Schooling("North High", "High school diploma", 2012)],
        "w3": [],
        "w4": [Schooling("State University", "BA", 2010)],
        "w5": [Schooling("Adult Center", "GED", 2018)],
        "w6": [],
    }
    workers = {}
    for key, schools in schooling.items():
        worker = accounts.principal(accounts.sign_up(f"{key}@mail.example", PASSWORD, key.upper()))
        with engine.begin() as conn:
            record_confirmed(conn, worker.user.id, worker.user.email, Proof.LINK)
        if schools:
            personal.update_details(worker, education=schools)
        workers[key] = worker
    plan = {
        "J1": ("Baker", BAKER, date(2025, 1, 1), date(2025, 1, 31), ("w1", "w2", "w3")),
        "J2": ("Baker", BAKER, date(2025, 8, 1), date(2025, 8, 21), ("w4", "w5", "w6")),
        "J3": ("Cashier", CASHIER, date(2025, 3, 1), None, ("w2",)),
    }
    job_ids, application_ids = {}, {}
    for key, (title, code, opened, filled, applicants) in plan.items():
        job = jobs_service.create(hana, bakery.id, JobDraft(title=title, occupations=(code,)))
        jobs_service.move(hana, job.id, JobState.OPEN)
        for who in applicants:
            application = jobs_service.apply(workers[who], job.id, [])
            application_ids[(key, who)] = application.id
        if filled is not None:
            jobs_service.move(hana, job.id, JobState.FILLED)
        set_dates(engine, job.id, opened, filled)
        job_ids[key] = job.id
    metrics: EmployerMetrics = app.state.employer_metrics
    world = World(
        app,
        engine,
        metrics,
        bakery.id,
        rival.id,
        hana,
        members["rex@bakery.example"],
        members["max@bakery.example"],
        rae,
        job_ids,
        application_ids,
        {},
    )
    if records:
        record_all(world)
    return world


def record_all(w: World) -> None:
    """The employer's records of the fixture, through the use cases."""
    o = w.metrics.outcomes
    w1 = o.record_outcome(
        w.rex,
        w.org_id,
        w.applications[("J1", "w1")],
        offered=True,
        hired=True,
        offered_on=date(2025, 1, 25),
        hired_on=date(2025, 2, 1),
        starting_hourly=18.0,
    )
    o.record_outcome(w.rex, w.org_id, w.applications[("J1", "w2")], offered=True)
    w5 = o.record_outcome(
        w.hana,
        w.org_id,
        w.applications[("J2", "w5")],
        offered=True,
        hired=True,
        hired_on=date(2025, 8, 25),
        starting_hourly=19.0,
    )
    w.outcomes.update({"w1": w1.id, "w5": w5.id})
    o.record_check(
        w.hana, w.org_id, w1.id, days=90, still_employed=True, checked_on=date(2025, 5, 5)
    )
    o.record_check(
        w.hana, w.org_id, w1.id, days=365, still_employed=True, checked_on=date(2026, 2, 5)
    )
    o.record_check(
        w.hana, w.org_id, w5.id, days=90, still_employed=False, checked_on=date(2025, 10, 1)
    )
    o.record_pay(
        w.hana, w.org_id, w1.id, on=date(2025, 8, 1), hourly=19.8, from_level=1, to_level=2
    )
    for job, kind, amount in (
        ("J1", CostKind.ADVERTISING, 300.0),
        ("J1", CostKind.AGENCY, 900.0),
        ("J2", CostKind.ADVERTISING, 200.0),
    ):
        o.record_cost(
            w.hana, w.org_id, w.jobs[job], kind=kind, amount=amount, spent_on=date(2025, 9, 1)
        )
    o.record_switch(w.hana, w.org_id, BAKER, SWITCH)
