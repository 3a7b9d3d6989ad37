"""Employer metrics (issue 18, item 1), from records Onramp already holds.

Pure functions over frozen records: the store layer fills the records, these count. Each
metric comes back as a `Metric` that carries its figure, the numbers it was made from and its
formula in words, so a page can show how the figure was reached. When there is nothing to
count the value is `None` with a plain reason: an unknown is never shown as 0.

Shares are fractions between 0 and 1 (a page shows them as percents); a median carries the
number of records it rests on in `n`. `docs/metrics_employer.md` has every formula and a
worked example equal to the test fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from onramp.small_cells import DEFAULT_THRESHOLD
from onramp.vocabulary import LabeledEnum


class MetricName(LabeledEnum):
    TIME_TO_FILL = "time_to_fill", "Days from opening a job to filling it."
    APPLICANTS_PER_JOB = "applicants_per_job", "Applicants for each job."
    APPLICANTS_WITHOUT_DEGREE = (
        "applicants_without_degree",
        "Share of applicants without a degree.",
    )
    HIRES_WITHOUT_DEGREE = "hires_without_degree", "Share of hires without a degree."
    OFFER_RATE = "offer_rate", "Share of applicants who got an offer."
    RETENTION_90_DAYS = "retention_90_days", "Share of new hires still here after 90 days."
    RETENTION_12_MONTHS = "retention_12_months", "Share of new hires still here after 12 months."
    INTERNAL_MOBILITY = "internal_mobility", "Share of workers who moved up a level."
    WAGE_PROGRESSION = "wage_progression", "Typical raise from first pay to latest pay."
    COST_PER_HIRE = "cost_per_hire", "Hiring costs for each hire."


class CostKind(LabeledEnum):
    """What a recorded hiring cost paid for."""

    ADVERTISING = "advertising", "Ads and job boards."
    AGENCY = "agency", "A firm paid to find people for you."
    REFERRAL = "referral", "A bonus for a referral."
    STAFF_TIME = "staff_time", "Time your staff spent hiring."
    ASSESSMENT = "assessment", "Skills tests and checks."
    OTHER = "other", "Other hiring costs."


DAYS_90 = 90
DAYS_12_MONTHS = 365


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job and its dated states: opened (first made open) and filled, if it was."""

    job_id: str
    family: str  # the job family a before/after comparison groups by (an occupation code)
    opened_on: date
    filled_on: date | None = None
    requires_degree: bool = False
    skills_based_since: date | None = None  # when the family switched to skills-based needs


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """One person's application to one job. `has_degree` is None when they did not say."""

    job_id: str
    applicant_key: str
    has_degree: bool | None
    offered: bool = False
    hired: bool = False


@dataclass(frozen=True, slots=True)
class HireRecord:
    """One hire, the key that retention checks, wages and moves refer to."""

    hire_key: str
    job_id: str
    worker_key: str
    hired_on: date
    internal: bool = False  # filled by someone already working for the employer


@dataclass(frozen=True, slots=True)
class RetentionCheck:
    """The employer's answer, `days` after a hire: is this person still working here?"""

    hire_key: str
    days: int
    still_employed: bool


@dataclass(frozen=True, slots=True)
class Move:
    """A step on the employer's roadmap, from one level to another (a higher number is up)."""

    worker_key: str
    from_level: int
    to_level: int
    on: date


@dataclass(frozen=True, slots=True)
class WageRecord:
    """A worker's hourly pay from a date on."""

    worker_key: str
    on: date
    hourly: float


@dataclass(frozen=True, slots=True)
class CostRecord:
    """A hiring cost the employer recorded against a job, in dollars."""

    job_id: str
    amount: float
    kind: CostKind = CostKind.OTHER


@dataclass(frozen=True, slots=True)
class Metric:
    """A figure with what it was made from. `value` is None (with `reason`) when unknown.

    `n` is how many records the figure rests on: the denominator of a ratio, the count
    behind a median. A figure on fewer than the small-cell threshold is flagged as `few`.
    """

    name: MetricName
    value: float | None
    unit: str
    formula: str
    numerator: float | None = None
    denominator: float | None = None
    n: int = 0
    reason: str = ""

    @property
    def few(self) -> bool:
        return 0 < self.n < DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class EmployerData:
    """Everything the metrics read for one employer."""

    jobs: Sequence[JobRecord] = ()
    applications: Sequence[ApplicationRecord] = ()
    hires: Sequence[HireRecord] = ()
    checks: Sequence[RetentionCheck] = ()
    moves: Sequence[Move] = ()
    wages: Sequence[WageRecord] = ()
    costs: Sequence[CostRecord] = ()


FORMULAS: dict[MetricName, str] = {
    MetricName.TIME_TO_FILL: "median over filled jobs of (filled on - opened on), in days",
    MetricName.APPLICANTS_PER_JOB: "applications / jobs opened",
    MetricName.APPLICANTS_WITHOUT_DEGREE: (
        "applicants without a degree / applicants who said whether they have one"
    ),
    MetricName.HIRES_WITHOUT_DEGREE: (
        "hires without a degree / hires who said whether they have one"
    ),
    MetricName.OFFER_RATE: "applications with an offer / applications",
    MetricName.RETENTION_90_DAYS: "hires still employed at day 90 / hires checked at day 90",
    MetricName.RETENTION_12_MONTHS: ("hires still employed at day 365 / hires checked at day 365"),
    MetricName.INTERNAL_MOBILITY: (
        "workers with at least one move up a level / workers (hired or moved)"
    ),
    MetricName.WAGE_PROGRESSION: (
        "median over workers with two or more wages of (latest - first) / first"
    ),
    MetricName.COST_PER_HIRE: ("recorded hiring costs / hires on the jobs with a recorded cost"),
}

UNITS: dict[MetricName, str] = {
    MetricName.TIME_TO_FILL: "days",
    MetricName.APPLICANTS_PER_JOB: "applicants per job",
    MetricName.APPLICANTS_WITHOUT_DEGREE: "share",
    MetricName.HIRES_WITHOUT_DEGREE: "share",
    MetricName.OFFER_RATE: "share",
    MetricName.RETENTION_90_DAYS: "share",
    MetricName.RETENTION_12_MONTHS: "share",
    MetricName.INTERNAL_MOBILITY: "share",
    MetricName.WAGE_PROGRESSION: "share",
    MetricName.COST_PER_HIRE: "dollars per hire",
}


def _unknown(name: MetricName, reason: str) -> Metric:
    return Metric(name, None, UNITS[name], FORMULAS[name], reason=reason)


def _ratio(name: MetricName, numerator: float, denominator: int, reason: str) -> Metric:
    """numerator / denominator, or unknown with `reason` when there is nothing to divide by."""
    if denominator == 0:
        return _unknown(name, reason)
    return Metric(
        name,
        numerator / denominator,
        UNITS[name],
        FORMULAS[name],
        numerator=numerator,
        denominator=denominator,
        n=denominator,
    )


def _median(name: MetricName, values: list[float], reason: str) -> Metric:
    if not values:
        return _unknown(name, reason)
    return Metric(name, float(median(values)), UNITS[name], FORMULAS[name], n=len(values))


def time_to_fill(jobs: Iterable[JobRecord]) -> Metric:
    """Median days from opening to filling, over jobs that were filled. Jobs still open are
    left out (their time is not known yet), so the count `n` says how many were filled."""
    days = [
        float((job.filled_on - job.opened_on).days) for job in jobs if job.filled_on is not None
    ]
    return _median(MetricName.TIME_TO_FILL, days, "No job has been filled yet.")


def applicants_per_job(
    jobs: Iterable[JobRecord], applications: Iterable[ApplicationRecord]
) -> Metric:
    """Applications per job opened. A job with no applicants counts: it had 0, a known 0."""
    job_ids = {job.job_id for job in jobs}
    count = sum(1 for a in _distinct(applications) if a.job_id in job_ids)
    return _ratio(MetricName.APPLICANTS_PER_JOB, count, len(job_ids), "No job was opened.")


def applicants_without_degree(applications: Iterable[ApplicationRecord]) -> Metric:
    """Share of applicants without a degree, among those who said. People who did not say
    are left out, not counted as either."""
    known = [a for a in _distinct(applications) if a.has_degree is not None]
    without = sum(1 for a in known if not a.has_degree)
    return _ratio(
        MetricName.APPLICANTS_WITHOUT_DEGREE,
        without,
        len(known),
        "No applicant said whether they have a degree.",
    )


def hires_without_degree(applications: Iterable[ApplicationRecord]) -> Metric:
    """Share of hires without a degree, among hires who said."""
    known = [a for a in _distinct(applications) if a.hired and a.has_degree is not None]
    without = sum(1 for a in known if not a.has_degree)
    return _ratio(
        MetricName.HIRES_WITHOUT_DEGREE,
        without,
        len(known),
        "No hire said whether they have a degree.",
    )


def offer_rate(applications: Iterable[ApplicationRecord]) -> Metric:
    """Share of applications that got an offer."""
    distinct = _distinct(applications)
    offered = sum(1 for a in distinct if a.offered)
    return _ratio(MetricName.OFFER_RATE, offered, len(distinct), "No one has applied yet.")


def retention(checks: Iterable[RetentionCheck], days: int) -> Metric:
    """Share of hires still employed at `days` (90 or 365), among the hires the employer
    checked at that day. A hire not yet checked is left out, never counted as gone."""
    name = {DAYS_90: MetricName.RETENTION_90_DAYS, DAYS_12_MONTHS: MetricName.RETENTION_12_MONTHS}
    if days not in name:
        raise ValueError("retention is checked at 90 or 365 days")
    latest: dict[str, bool] = {}
    for check in checks:
        if check.days == days:
            latest[check.hire_key] = check.still_employed
    kept = sum(1 for still in latest.values() if still)
    return _ratio(name[days], kept, len(latest), f"No hire has been checked at {days} days yet.")


def internal_mobility(hires: Iterable[HireRecord], moves: Iterable[Move]) -> Metric:
    """Share of the employer's known workers (hired through Onramp or on a recorded move)
    who moved up at least one level of the roadmap."""
    moves = list(moves)
    workers = {hire.worker_key for hire in hires} | {move.worker_key for move in moves}
    up = {move.worker_key for move in moves if move.to_level > move.from_level}
    return _ratio(
        MetricName.INTERNAL_MOBILITY, len(up), len(workers), "No worker is on record yet."
    )


def wage_progression(wages: Iterable[WageRecord]) -> Metric:
    """Median raise, (latest - first) / first, over workers with at least two wages. The
    median, so one large raise does not speak for everyone."""
    by_worker: dict[str, list[WageRecord]] = {}
    for wage in wages:
        by_worker.setdefault(wage.worker_key, []).append(wage)
    raises = []
    for records in by_worker.values():
        if len(records) < 2:
            continue
        records.sort(key=lambda r: r.on)
        first, latest = records[0].hourly, records[-1].hourly
        if first > 0:
            raises.append((latest - first) / first)
    return _median(MetricName.WAGE_PROGRESSION, raises, "No worker has two wages on record yet.")


def cost_per_hire(costs: Iterable[CostRecord], hires: Iterable[HireRecord]) -> Metric:
    """Recorded hiring costs over the hires on the jobs those costs were recorded for. Jobs
    without recorded costs are left out of both sides: their cost is unknown, not 0."""
    costs = list(costs)
    if not costs:
        return _unknown(MetricName.COST_PER_HIRE, "No hiring costs are on record.")
    costed = {cost.job_id for cost in costs}
    hired = sum(1 for hire in _distinct_hires(hires) if hire.job_id in costed)
    total = sum(cost.amount for cost in costs)
    return _ratio(
        MetricName.COST_PER_HIRE, total, hired, "No one was hired for the jobs with costs."
    )


def employer_metrics(data: EmployerData) -> list[Metric]:
    """Every employer metric, in the order `MetricName` lists them."""
    return [
        time_to_fill(data.jobs),
        applicants_per_job(data.jobs, data.applications),
        applicants_without_degree(data.applications),
        hires_without_degree(data.applications),
        offer_rate(data.applications),
        retention(data.checks, DAYS_90),
        retention(data.checks, DAYS_12_MONTHS),
        internal_mobility(data.hires, data.moves),
        wage_progression(data.wages),
        cost_per_hire(data.costs, data.hires),
    ]


def _distinct(applications: Iterable[ApplicationRecord]) -> list[ApplicationRecord]:
    """One application per person and job (the last given), so a record read twice does not
    count twice."""
    return list({(a.job_id, a.applicant_key): a for a in applications}.values())


def _distinct_hires(hires: Iterable[HireRecord]) -> list[HireRecord]:
    return list({hire.hire_key: hire for hire in hires}.values())


# ---- before and after a job family switched to skills-based requirements ----

# The metrics that belong to the jobs of a family (mobility and wages belong to workers).
COMPARED: tuple[MetricName, ...] = (
    MetricName.TIME_TO_FILL,
    MetricName.APPLICANTS_PER_JOB,
    MetricName.APPLICANTS_WITHOUT_DEGREE,
    MetricName.HIRES_WITHOUT_DEGREE,
    MetricName.OFFER_RATE,
    MetricName.RETENTION_90_DAYS,
    MetricName.RETENTION_12_MONTHS,
    MetricName.COST_PER_HIRE,
)


@dataclass(frozen=True, slots=True)
class ComparedMetric:
    """One metric before and after the switch. `difference` is after - before, in the
    metric's unit (a change in share is in share points), None when either side is unknown."""

    name: MetricName
    before: Metric
    after: Metric
    difference: float | None


@dataclass(frozen=True, slots=True)
class FamilyComparison:
    family: str
    switched_on: date | None
    jobs_before: int = 0
    jobs_after: int = 0
    rows: tuple[ComparedMetric, ...] = field(default_factory=tuple)
    reason: str = ""


def _side(data: EmployerData, jobs: list[JobRecord]) -> dict[MetricName, Metric]:
    """The job metrics over just these jobs and the records that belong to them."""
    ids = {job.job_id for job in jobs}
    applications = [a for a in data.applications if a.job_id in ids]
    hires = [h for h in data.hires if h.job_id in ids]
    keys = {h.hire_key for h in hires}
    checks = [c for c in data.checks if c.hire_key in keys]
    costs = [c for c in data.costs if c.job_id in ids]
    makers: dict[MetricName, Callable[[], Metric]] = {
        MetricName.TIME_TO_FILL: lambda: time_to_fill(jobs),
        MetricName.APPLICANTS_PER_JOB: lambda: applicants_per_job(jobs, applications),
        MetricName.APPLICANTS_WITHOUT_DEGREE: lambda: applicants_without_degree(applications),
        MetricName.HIRES_WITHOUT_DEGREE: lambda: hires_without_degree(applications),
        MetricName.OFFER_RATE: lambda: offer_rate(applications),
        MetricName.RETENTION_90_DAYS: lambda: retention(checks, DAYS_90),
        MetricName.RETENTION_12_MONTHS: lambda: retention(checks, DAYS_12_MONTHS),
        MetricName.COST_PER_HIRE: lambda: cost_per_hire(costs, hires),
    }
    return {name: makers[name]() for name in COMPARED}


def compare_family(
    data: EmployerData, family: str, switched_on: date | None = None
) -> FamilyComparison:
    """The job metrics of one family, split at the date it switched to skills-based
    requirements: jobs opened before that date against jobs opened on or after it.

    The date is `switched_on` if given, else the earliest `skills_based_since` among the
    family's jobs. A comparison says what changed alongside the switch, not that the switch
    caused it: other things change over time too.
    """
    jobs = [job for job in data.jobs if job.family == family]
    if switched_on is None:
        dates = [job.skills_based_since for job in jobs if job.skills_based_since is not None]
        switched_on = min(dates) if dates else None
    if switched_on is None:
        return FamilyComparison(
            family, None, reason="This job family has not switched to skills-based hiring."
        )
    before_jobs = [job for job in jobs if job.opened_on < switched_on]
    after_jobs = [job for job in jobs if job.opened_on >= switched_on]
    before, after = _side(data, before_jobs), _side(data, after_jobs)
    rows = []
    for name in COMPARED:
        b, a = before[name], after[name]
        difference = None if a.value is None or b.value is None else a.value - b.value
        rows.append(ComparedMetric(name, b, a, difference))
    reason = ""
    if not before_jobs or not after_jobs:
        reason = "There are no jobs on one side of the switch yet."
    return FamilyComparison(
        family, switched_on, len(before_jobs), len(after_jobs), tuple(rows), reason
    )
