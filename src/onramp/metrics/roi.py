"""Return on talent investment (issue 18, item 2).

Many employers do not train their own people because they cannot tell if it pays. This sets
what a program cost (a roadmap, an apprenticeship or a microcredential partnership) against
what it measurably gained, with every assumption named, editable and shown beside the figure,
and a sensitivity range that says how sure the figure is.

    cost  = training cost + participants x training hours x wage during training
            + participants x mentor hours x mentor hourly cost - public funding
    gain  = retention + internal hiring + time to productivity, where
      retention    = (retained at 12 months - completers x (1 - baseline turnover))
                     x replacement share x salary x annuity
      internal     = internal fills x external hiring cost x first-year factor
      productivity = internal fills x (external months - internal months) x salary / 12
                     x productivity lost while learning x first-year factor
      annuity      = sum over years y = 1..horizon of 1 / (1 + discount rate)^y
      first-year factor = 1 / (1 + discount rate)
    net benefit = gain - cost;  ROI = net benefit / cost (none when cost <= 0)

The retention lift measured at 12 months is taken to hold for each year of the horizon (set
the horizon to 1 to count it once). A lift below the baseline is a loss and is shown as one.
Pure code: the store layer fills `ProgramInputs`; `docs/metrics_employer.md` has a worked
example equal to the test fixture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from onramp.vocabulary import LabeledEnum


class ProgramKind(LabeledEnum):
    ROADMAP = "roadmap", "A roadmap: steps up inside your company."
    APPRENTICESHIP = "apprenticeship", "An apprenticeship: paid work with training and a mentor."
    MICROCREDENTIAL = "microcredential", "Short courses with a school, for a skills badge."


@dataclass(frozen=True, slots=True)
class ProgramInputs:
    """What the employer measured for one program; the same shape for all three kinds."""

    kind: ProgramKind
    participants: int
    completers: int
    retained_12_months: int  # completers still working for the employer after 12 months
    internal_fills: int  # roles filled by completers instead of hiring from outside
    training_cost: float  # tuition, materials, instructors: dollars in all
    training_hours: float = 0.0  # paid hours in training, per participant
    mentor_hours: float = 0.0  # mentor hours, per participant
    public_funding: float = 0.0  # grants and credits received for the program: dollars

    def __post_init__(self) -> None:
        counts = (self.participants, self.completers, self.retained_12_months, self.internal_fills)
        if min(counts) < 0:
            raise ValueError("counts of people are never negative")
        if self.completers > self.participants:
            raise ValueError("completers cannot outnumber participants")
        if self.retained_12_months > self.completers or self.internal_fills > self.completers:
            raise ValueError("retained and internal fills are counted among completers")
        amounts = (self.training_cost, self.training_hours, self.mentor_hours, self.public_funding)
        if not all(math.isfinite(x) for x in amounts) or min(amounts) < 0:
            raise ValueError("costs, hours and funding are finite and never negative")


def _assumption(
    default: float, unit: str, sentence: str, why: str, low: float | None, high: float | None
) -> Any:
    """A field with what a page shows beside it. `low`/`high` is the range the sensitivity
    tries; None for a figure the employer knows (it is not varied)."""
    return field(
        default=default,
        metadata={"unit": unit, "sentence": sentence, "why": why, "low": low, "high": high},
    )


@dataclass(frozen=True, slots=True)
class Assumptions:
    """Every figure the result depends on that was not measured. Edit with
    `dataclasses.replace`; the defaults are round published-style figures, not facts about
    any one employer, and are shown beside every result."""

    annual_salary: float = _assumption(
        45_000.0,
        "dollars a year",
        "Pay for one year in the role the program fills.",
        "Known to the employer; replacement and ramp-up costs scale with it.",
        None,
        None,
    )
    baseline_turnover: float = _assumption(
        0.30,
        "share a year",
        "Share of workers in this role who leave in a year.",
        "Front-line turnover is often 20-50% a year; use your own figure.",
        0.15,
        0.50,
    )
    replacement_cost_share: float = _assumption(
        0.20,
        "share of salary",
        "Cost to replace one worker who leaves, as a share of pay.",
        "Studies of replacement cost put mid-wage jobs near a fifth of a year's pay.",
        0.10,
        0.40,
    )
    external_hire_cost: float = _assumption(
        4_700.0,
        "dollars a hire",
        "Cost to hire one person from outside.",
        "Near common cost-per-hire survey figures; your own cost per hire is better.",
        3_000.0,
        8_000.0,
    )
    months_to_productivity_external: float = _assumption(
        6.0,
        "months",
        "Months before a new hire from outside does the full job.",
        "Outside hires must learn the place as well as the work.",
        3.0,
        9.0,
    )
    months_to_productivity_internal: float = _assumption(
        3.0,
        "months",
        "Months before someone moved up from inside does the full job.",
        "An inside fill already knows the place and the people.",
        1.0,
        5.0,
    )
    productivity_lost_share: float = _assumption(
        0.50,
        "share of pay",
        "Share of a month's work lost while a new person learns.",
        "A new person is about half as productive on average while learning.",
        0.25,
        0.75,
    )
    training_wage: float = _assumption(
        20.0,
        "dollars an hour",
        "Pay for each hour a participant spends in training.",
        "Known to the employer: the wage paid while training.",
        None,
        None,
    )
    mentor_hourly_cost: float = _assumption(
        35.0,
        "dollars an hour",
        "Cost of one hour of a mentor's time, with benefits.",
        "A senior worker's wage with benefits; the loaded rate is often a guess.",
        25.0,
        50.0,
    )
    horizon_years: float = _assumption(
        3.0,
        "years",
        "Years over which the gains are counted.",
        "A longer horizon counts more years of better retention.",
        1.0,
        5.0,
    )
    discount_rate: float = _assumption(
        0.05,
        "share a year",
        "How much less a dollar next year is worth than a dollar now.",
        "A common rate for business plans; 0 counts later dollars the same.",
        0.0,
        0.10,
    )

    def __post_init__(self) -> None:
        if not all(math.isfinite(getattr(self, name)) for name in ASSUMPTION_NAMES):
            raise ValueError("every assumption is a finite number")
        for name in ("baseline_turnover", "replacement_cost_share", "productivity_lost_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} is a share between 0 and 1")
        for name in (
            "annual_salary",
            "external_hire_cost",
            "months_to_productivity_external",
            "months_to_productivity_internal",
            "training_wage",
            "mentor_hourly_cost",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} is never negative")
        if self.horizon_years != int(self.horizon_years) or not 1 <= self.horizon_years <= 30:
            raise ValueError("the horizon is a whole number of years from 1 to 30")
        if not 0 <= self.discount_rate < 1:
            raise ValueError("the discount rate is between 0 and 1")


ASSUMPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Assumptions))

# The documented low/high range of each uncertain assumption, in field order.
DEFAULT_RANGES: dict[str, tuple[float, float]] = {
    f.name: (f.metadata["low"], f.metadata["high"])
    for f in fields(Assumptions)
    if f.metadata["low"] is not None
}


@dataclass(frozen=True, slots=True)
class ShownAssumption:
    """An assumption as a page shows it beside the result."""

    name: str
    value: float
    default: float
    unit: str
    sentence: str
    why: str
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class LineItem:
    """One amount with its formula, numbers filled in, so it can be checked by hand."""

    name: str
    amount: float
    formula: str


@dataclass(frozen=True, slots=True)
class Costs:
    training: LineItem
    wages_during_training: LineItem
    mentor_time: LineItem
    public_funding: LineItem  # a negative amount: funding lowers the cost

    @property
    def lines(self) -> tuple[LineItem, ...]:
        return (self.training, self.wages_during_training, self.mentor_time, self.public_funding)

    @property
    def total(self) -> float:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True, slots=True)
class Gains:
    retention: LineItem
    internal_hiring: LineItem
    time_to_productivity: LineItem
    one_time: float  # undiscounted gains in the first year only (for the payback)
    yearly: float  # undiscounted gain in each year of the horizon (for the payback)

    @property
    def lines(self) -> tuple[LineItem, ...]:
        return (self.retention, self.internal_hiring, self.time_to_productivity)

    @property
    def total(self) -> float:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True, slots=True)
class Swing:
    """One assumption moved over its range with the others held: a bar of the tornado."""

    name: str
    low: float
    high: float
    net_at_low: float
    net_at_high: float
    roi_at_low: float | None
    roi_at_high: float | None

    @property
    def width(self) -> float:
        return abs(self.net_at_high - self.net_at_low)


@dataclass(frozen=True, slots=True)
class Case:
    """Every uncertain assumption at the end that is bad (worst) or good (best) for it."""

    values: Mapping[str, float]
    net_benefit: float
    roi: float | None


@dataclass(frozen=True, slots=True)
class Sensitivity:
    tornado: tuple[Swing, ...]  # widest first
    worst: Case
    best: Case
    net_low: float
    net_high: float
    roi_low: float | None
    roi_high: float | None

    @property
    def moves_it_most(self) -> str | None:
        return self.tornado[0].name if self.tornado else None


@dataclass(frozen=True, slots=True)
class RoiResult:
    inputs: ProgramInputs
    assumptions: tuple[ShownAssumption, ...]
    costs: Costs
    gains: Gains
    net_benefit: float
    roi: float | None
    payback_months: float | None
    sensitivity: Sensitivity
    notes: tuple[str, ...] = ()


def _money(x: float) -> str:
    return f"${x:,.2f}"


def _n(x: float) -> str:
    return f"{x:g}"


def _factors(a: Assumptions) -> tuple[float, float]:
    """(annuity over the horizon, first-year factor)."""
    r = a.discount_rate
    years = int(a.horizon_years)
    return sum(1 / (1 + r) ** y for y in range(1, years + 1)), 1 / (1 + r)


def costs_of(p: ProgramInputs, a: Assumptions) -> Costs:
    """What the program cost the employer, less the public money that paid for part of it."""
    wages = p.participants * p.training_hours * a.training_wage
    mentor = p.participants * p.mentor_hours * a.mentor_hourly_cost
    return Costs(
        LineItem(
            "training", p.training_cost, f"training cost on record: {_money(p.training_cost)}"
        ),
        LineItem(
            "wages_during_training",
            wages,
            f"{p.participants} participants x {_n(p.training_hours)} hours"
            f" x {_money(a.training_wage)} an hour",
        ),
        LineItem(
            "mentor_time",
            mentor,
            f"{p.participants} participants x {_n(p.mentor_hours)} mentor hours"
            f" x {_money(a.mentor_hourly_cost)} an hour",
        ),
        LineItem(
            "public_funding",
            -p.public_funding,
            f"minus public funding received: {_money(p.public_funding)}",
        ),
    )


def gains_of(p: ProgramInputs, a: Assumptions) -> Gains:
    """What the program measurably gained, in today's dollars."""
    annuity, first = _factors(a)
    replacement = a.replacement_cost_share * a.annual_salary
    expected_kept = p.completers * (1 - a.baseline_turnover)
    extra_kept = p.retained_12_months - expected_kept
    per_year = extra_kept * replacement
    hiring = p.internal_fills * a.external_hire_cost
    months_saved = a.months_to_productivity_external - a.months_to_productivity_internal
    ramp = p.internal_fills * months_saved * a.annual_salary / 12 * a.productivity_lost_share
    return Gains(
        LineItem(
            "retention",
            per_year * annuity,
            f"({p.retained_12_months} retained - {p.completers} completers"
            f" x (1 - {_n(a.baseline_turnover)} turnover))"
            f" x {_n(a.replacement_cost_share)} x {_money(a.annual_salary)}"
            f" x {annuity:.6f} (annuity, {_n(a.horizon_years)} years at {_n(a.discount_rate)})",
        ),
        LineItem(
            "internal_hiring",
            hiring * first,
            f"{p.internal_fills} internal fills x {_money(a.external_hire_cost)}"
            f" x {first:.6f} (first year)",
        ),
        LineItem(
            "time_to_productivity",
            ramp * first,
            f"{p.internal_fills} internal fills x ({_n(a.months_to_productivity_external)}"
            f" - {_n(a.months_to_productivity_internal)} months)"
            f" x {_money(a.annual_salary)} / 12 x {_n(a.productivity_lost_share)}"
            f" x {first:.6f} (first year)",
        ),
        one_time=hiring + ramp,
        yearly=per_year,
    )


def payback_months(total_cost: float, gains: Gains, horizon_years: float) -> float | None:
    """Months until the undiscounted gains cover the cost (simple payback). The first-year
    gains come in evenly over year one and the retention gain evenly over each year. None
    when the gains never cover the cost within the horizon."""
    if total_cost <= 0:
        return 0.0
    first_year = gains.one_time + gains.yearly
    if first_year > 0 and total_cost <= first_year:
        return 12 * total_cost / first_year
    if gains.yearly <= 0:
        return None
    months = 12 * (total_cost - gains.one_time) / gains.yearly
    return months if months <= 12 * horizon_years else None


def _outcome(p: ProgramInputs, a: Assumptions) -> tuple[float, float | None]:
    cost = costs_of(p, a).total
    net = gains_of(p, a).total - cost
    return net, (net / cost if cost > 0 else None)


def _with(a: Assumptions, values: Mapping[str, float]) -> Assumptions:
    return replace(a, **dict(values))


def _ranges(
    a: Assumptions, ranges: Mapping[str, tuple[float, float]] | None
) -> dict[str, tuple[float, float]]:
    """The documented ranges, with the caller's changes, each widened to hold the value in
    use so the range always contains the point estimate."""
    chosen = {**DEFAULT_RANGES, **(ranges or {})}
    out = {}
    for name, (low, high) in chosen.items():
        if name not in ASSUMPTION_NAMES:
            raise ValueError(f"no assumption is called {name}")
        if low > high:
            raise ValueError(f"the low end of {name} is above its high end")
        value = getattr(a, name)
        out[name] = (min(low, value), max(high, value))
    return out


def sensitivity(
    p: ProgramInputs,
    a: Assumptions,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> Sensitivity:
    """Move each uncertain assumption over its range with the others held (the tornado,
    widest bar first), then all together to the end each one's own move showed to be bad
    (worst case) or good (best case). The range of net benefit and ROI is the lowest and
    highest over every case tried, the point estimate among them."""
    net, roi_point = _outcome(p, a)
    swings = []
    for name, (low, high) in _ranges(a, ranges).items():
        net_low, roi_low = _outcome(p, _with(a, {name: low}))
        net_high, roi_high = _outcome(p, _with(a, {name: high}))
        swings.append(Swing(name, low, high, net_low, net_high, roi_low, roi_high))
    # sorted() is stable: equal widths keep the field order
    tornado = tuple(sorted(swings, key=lambda s: -s.width))
    worst_values = {s.name: s.low if s.net_at_low <= s.net_at_high else s.high for s in swings}
    best_values = {s.name: s.high if s.net_at_low <= s.net_at_high else s.low for s in swings}
    worst = Case(worst_values, *_outcome(p, _with(a, worst_values)))
    best = Case(best_values, *_outcome(p, _with(a, best_values)))
    nets = [net, worst.net_benefit, best.net_benefit]
    rois = [roi_point, worst.roi, best.roi]
    for s in swings:
        nets += [s.net_at_low, s.net_at_high]
        rois += [s.roi_at_low, s.roi_at_high]
    known = [r for r in rois if r is not None]
    return Sensitivity(
        tornado,
        worst,
        best,
        min(nets),
        max(nets),
        min(known) if known else None,
        max(known) if known else None,
    )


def shown_assumptions(
    a: Assumptions, ranges: Mapping[str, tuple[float, float]] | None = None
) -> tuple[ShownAssumption, ...]:
    """Every assumption with its value, default, unit, sentence, reason and range."""
    used = _ranges(a, ranges)
    shown = []
    for f in fields(Assumptions):
        low, high = used.get(f.name, (None, None))
        shown.append(
            ShownAssumption(
                f.name,
                getattr(a, f.name),
                f.default,  # type: ignore[arg-type]
                f.metadata["unit"],
                f.metadata["sentence"],
                f.metadata["why"],
                low,
                high,
            )
        )
    return tuple(shown)


def roi(
    inputs: ProgramInputs,
    assumptions: Assumptions | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> RoiResult:
    """The program's costs against its measured gains, with the assumptions beside the
    figures and the sensitivity range. See the module docstring for the formula."""
    a = assumptions or Assumptions()
    costs = costs_of(inputs, a)
    gains = gains_of(inputs, a)
    net = gains.total - costs.total
    ratio = net / costs.total if costs.total > 0 else None
    notes = []
    if ratio is None:
        notes.append("Public funding paid the whole cost, so there is no ROI ratio.")
    payback = payback_months(costs.total, gains, a.horizon_years)
    if payback is None:
        notes.append("The gains do not cover the cost within the years counted.")
    if gains.yearly < 0:
        notes.append("Fewer people stayed than usual, so retention counts as a loss.")
    if inputs.completers < inputs.participants / 2:
        notes.append("Fewer than half the people finished, so read the gains with care.")
    return RoiResult(
        inputs,
        shown_assumptions(a, ranges),
        costs,
        gains,
        net,
        ratio,
        payback,
        sensitivity(inputs, a, ranges),
        tuple(notes),
    )
