"""An employer's metrics dashboard (issue 18, item 1): gathers one organization's records from
the store into the frozen records of `onramp.metrics.employer`, and hands back every metric,
each with a plain sentence of how it was reached, and the before/after comparison of each job
family that switched to skills-based requirements.

What Onramp derives: when each job first opened and was filled (its state moves), who applied
(every application ever made, withdrawn ones too: they applied), and whether an applicant has a
degree, read from the schooling they listed (`Personal.degree_flags`, counts only: no page,
answer or file shows one person's answer; None when they listed no schooling). What the
employer records (`hiring_outcomes`): offers, hires, retention checks, pay changes, costs and
the date of a switch. Only the organization's own hiring staff read it (`require_reader`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from onramp.jobs.model import Job, JobState
from onramp.jobs.service import Jobs
from onramp.matching.personal import Personal
from onramp.metrics.employer import (
    ApplicationRecord,
    CostKind,
    CostRecord,
    EmployerData,
    FamilyComparison,
    HireRecord,
    JobRecord,
    Metric,
    Move,
    RetentionCheck,
    WageRecord,
    compare_family,
    employer_metrics,
)
from onramp.metrics.hiring_outcomes import outcome_of, require_reader
from onramp.platform.model import Principal
from onramp.store import job_tables as j
from onramp.store import metrics_employer_tables as m

OTHER_FAMILY = "other"  # jobs that name no occupation


@dataclass(frozen=True, slots=True)
class Family:
    code: str
    label: str  # the title of its latest job, for people
    switched_on: date | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    org_id: str
    data: EmployerData
    metrics: tuple[Metric, ...]
    families: tuple[Family, ...]
    comparisons: tuple[FamilyComparison, ...]  # one per family with a switch on record


def family_of(job: Job) -> str:
    return job.draft.occupations[0] if job.draft.occupations else OTHER_FAMILY


def first_day(job: Job, state: JobState) -> date | None:
    return next((c.at.date() for c in job.history if c.state is state), None)


def shown(metric: Metric) -> str:
    """The figure as people read it: a percent, days, dollars, or "Not known yet"."""
    if metric.value is None:
        return "Not known yet"
    if metric.unit == "share":
        return f"{metric.value * 100:.1f}%"
    if metric.unit == "days":
        return f"{metric.value:g} days"
    if metric.unit == "dollars per hire":
        return f"${metric.value:,.2f}"
    return f"{metric.value:.2f}"


def how(metric: Metric) -> str:
    """One sentence of how the figure was reached: the formula with the counts in it."""
    if metric.value is None:
        return metric.reason
    if metric.numerator is not None and metric.denominator is not None:
        sentence = (
            f"{metric.formula}: {metric.numerator:g} / {metric.denominator:g} = {shown(metric)}."
        )
    else:
        sentence = f"{metric.formula}, over {metric.n} records: {shown(metric)}."
    if metric.few:
        sentence += " Few records: read with care."
    return sentence[0].upper() + sentence[1:]


def metric_json(metric: Metric) -> dict[str, Any]:
    return {
        "name": metric.name.value,
        "label": metric.name.label,
        "value": metric.value,
        "shown": shown(metric),
        "unit": metric.unit,
        "formula": metric.formula,
        "numerator": metric.numerator,
        "denominator": metric.denominator,
        "n": metric.n,
        "few": metric.few,
        "reason": metric.reason or None,
        "how": how(metric),
    }


def comparison_json(comparison: FamilyComparison, label: str) -> dict[str, Any]:
    return {
        "family": comparison.family,
        "label": label,
        "switched_on": comparison.switched_on.isoformat() if comparison.switched_on else None,
        "jobs_before": comparison.jobs_before,
        "jobs_after": comparison.jobs_after,
        "reason": comparison.reason or None,
        "rows": [
            {
                "name": row.name.value,
                "label": row.name.label,
                "before": metric_json(row.before),
                "after": metric_json(row.after),
                "difference": row.difference,
            }
            for row in comparison.rows
        ],
    }


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    labels = {f.code: f.label for f in board.families}
    return {
        "org_id": board.org_id,
        "metrics": [metric_json(x) for x in board.metrics],
        "comparisons": [
            comparison_json(c, labels.get(c.family, c.family)) for c in board.comparisons
        ],
        "counts": {
            "jobs": len(board.data.jobs),
            "applications": len(board.data.applications),
            "hires": len(board.data.hires),
            "retention_checks": len(board.data.checks),
            "costs": len(board.data.costs),
        },
    }


class EmployerDashboard:
    def __init__(self, engine: Engine, jobs: Jobs, personal: Personal) -> None:
        self.engine = engine
        self.jobs = jobs
        self.personal = personal

    def dashboard(self, principal: Principal, org_id: str) -> Dashboard:
        require_reader(principal, org_id)
        return self.for_operator(org_id)

    def for_operator(self, org_id: str) -> Dashboard:
        """The dashboard with no member's check, for the operator's command line (`onramp
        metrics employer`), which already holds the database: aggregates only, as on the page."""
        data, families = self.gather(org_id)
        comparisons = tuple(
            compare_family(data, f.code, f.switched_on) for f in families if f.switched_on
        )
        return Dashboard(org_id, data, tuple(employer_metrics(data)), families, comparisons)

    def gather(self, org_id: str) -> tuple[EmployerData, tuple[Family, ...]]:
        """Every record of one organization the metrics read, scoped by its id."""
        jobs = [
            job
            for job in self.jobs.listed_for_org(org_id, public_only=False)
            if first_day(job, JobState.OPEN) is not None
        ]
        o, r, p, c, s = (
            m.employer_hiring_outcomes,
            m.employer_retention_checks,
            m.employer_pay_changes,
            m.employer_hiring_costs,
            m.employer_family_switches,
        )
        a = j.job_applications
        ids = [job.id for job in jobs]
        with self.engine.connect() as conn:
            switches = {
                row.family: row.switched_on
                for row in conn.execute(select(s).where(s.c.org_id == org_id))
            }
            applications = conn.execute(
                select(a.c.id, a.c.job_id, a.c.worker_id).where(a.c.job_id.in_(ids))
            ).all()
            outcomes = [
                outcome_of(row) for row in conn.execute(select(o).where(o.c.org_id == org_id))
            ]
            checks = conn.execute(select(r).where(r.c.org_id == org_id)).all()
            pay = conn.execute(select(p).where(p.c.org_id == org_id).order_by(p.c.on)).all()
            costs = conn.execute(select(c).where(c.c.org_id == org_id)).all()
        families: dict[str, Family] = {}
        records = []
        for job in sorted(jobs, key=lambda x: x.created_at):
            family = family_of(job)
            families[family] = Family(family, job.draft.title, switches.get(family))
            opened = first_day(job, JobState.OPEN)
            assert opened is not None
            records.append(
                JobRecord(
                    job.id,
                    family,
                    opened,
                    first_day(job, JobState.FILLED),
                    requires_degree=bool(job.draft.education_note),
                    skills_based_since=switches.get(family),
                )
            )
        by_application = {x.application_id: x for x in outcomes}
        degrees = self.personal.degree_flags(sorted({row.worker_id for row in applications}))
        apps = [
            ApplicationRecord(
                row.job_id,
                row.worker_id,
                degrees.get(row.worker_id),
                bool(by_application.get(row.id) and by_application[row.id].offered),
                bool(by_application.get(row.id) and by_application[row.id].hired),
            )
            for row in applications
        ]
        hires = [x for x in outcomes if x.hired and x.hired_on is not None and x.job_id in ids]
        worker_of = {x.id: x.worker_id for x in hires}
        wages = [
            WageRecord(x.worker_id, x.hired_on, x.starting_hourly)
            for x in hires
            if x.starting_hourly is not None and x.hired_on is not None
        ]
        wages += [
            WageRecord(worker_of[row.outcome_id], row.on, row.hourly)
            for row in pay
            if row.outcome_id in worker_of
        ]
        moves = [
            Move(worker_of[row.outcome_id], row.from_level, row.to_level, row.on)
            for row in pay
            if row.outcome_id in worker_of
            and row.from_level is not None
            and row.to_level is not None
        ]
        data = EmployerData(
            jobs=tuple(records),
            applications=tuple(apps),
            hires=tuple(
                HireRecord(x.id, x.job_id, x.worker_id, x.hired_on, x.internal)
                for x in hires
                if x.hired_on is not None
            ),
            checks=tuple(
                RetentionCheck(row.outcome_id, row.days, bool(row.still_employed))
                for row in checks
                if row.outcome_id in worker_of
            ),
            moves=tuple(moves),
            wages=tuple(wages),
            costs=tuple(
                CostRecord(row.job_id, row.amount, CostKind(row.kind))
                for row in costs
                if row.job_id in ids
            ),
        )
        return data, tuple(families.values())
