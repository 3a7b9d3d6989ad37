"""Demand evidence beside a design's targets (issue 16, item 3a): what the market asks for, from
the demand analytics (`onramp.market.demand_store`), shaped for picking targets and outcomes.

For occupations: postings, share of postings and growth between the two halves of the months
on record. For skills: the same, plus the gap (demand share minus the share of workers in the
area who evidence the skill; worker counts under the suppression floor are withheld). With an
occupation chosen, the skills are those most asked for together with it, so a provider can add
each as an outcome in one click.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from onramp.market.demand import DemandBy
from onramp.market.demand_store import MAX_TOP, demand_report, gap_report

EVIDENCE_TOP = 12  # rows of each list shown beside the targets


@dataclass(frozen=True, slots=True)
class Evidence:
    """One occupation or skill with its demand figures."""

    ref: str  # O*NET-SOC code or skill URI
    label: str
    postings: int
    share: float  # of postings in the area, 0-1
    growth: float | None  # later half over earlier half, minus 1; None with no earlier data
    gap: float | None = None  # skills only: demand share minus supply share


@dataclass(frozen=True, slots=True)
class DemandEvidence:
    area: str
    postings: int
    occupation: str | None  # the occupation the skills are asked with, if chosen
    occupations: tuple[Evidence, ...]
    skills: tuple[Evidence, ...]


def demand_evidence(
    engine: Engine, area: str | None = None, occupation: str | None = None
) -> DemandEvidence:
    """Top occupations and skills asked for in `area` (the whole country when None); with
    `occupation`, the skills most asked for together with it."""
    jobs = demand_report(engine, DemandBy.OCCUPATION, area, top=EVIDENCE_TOP)
    skills = demand_report(
        engine, DemandBy.SKILL, area, top=EVIDENCE_TOP, occupation=occupation or None
    )
    gaps = {row["skill"]: row["gap"] for row in gap_report(engine, area, MAX_TOP)["rows"]}
    return DemandEvidence(
        area=str(jobs["area"]),
        postings=int(jobs["postings"]),
        occupation=occupation or None,
        occupations=tuple(
            Evidence(r["key"], r["label"], r["postings"], r["share"], r["growth"])
            for r in jobs["rows"]
        ),
        skills=tuple(
            Evidence(
                r["key"], r["label"], r["postings"], r["share"], r["growth"], gaps.get(r["key"])
            )
            for r in skills["rows"]
        ),
    )
