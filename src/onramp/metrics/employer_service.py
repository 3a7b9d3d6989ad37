"""Employer metrics as one object for the API, the pages and the CLI (issue 18, items 1-2):
`app.state.employer_metrics`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from onramp.jobs.service import Jobs
from onramp.matching.personal import Personal
from onramp.metrics.employer import EmployerData
from onramp.metrics.employer_dashboard import EmployerDashboard
from onramp.metrics.employer_forms import Choices, choices
from onramp.metrics.hiring_outcomes import HiringOutcomes
from onramp.metrics.investments import Figure, Investments, inputs_json
from onramp.metrics.roi import LineItem
from onramp.platform.model import Principal


class EmployerMetrics:
    def __init__(self, engine: Engine, jobs: Jobs, personal: Personal) -> None:
        self.outcomes = HiringOutcomes(engine, jobs)
        self.dashboards = EmployerDashboard(engine, jobs, personal)
        self.investments = Investments(engine, self._data_of)
        self.jobs = jobs

    def choices(self, principal: Principal, org_id: str) -> Choices:
        """What the record forms offer (applications, hires, jobs, job families)."""
        return choices(self.outcomes, self.jobs, principal, org_id)

    def _data_of(self, org_id: str) -> EmployerData:
        return self.dashboards.gather(org_id)[0]


def _line(line: LineItem) -> dict[str, Any]:
    return {"name": line.name, "amount": round(line.amount, 2), "formula": line.formula}


def figure_json(figure: Figure) -> dict[str, Any]:
    """One investment's result: the figures, every line with its formula, the assumptions
    beside it (with where each came from) and the sensitivity range with its tornado."""
    result, investment = figure.result, figure.investment
    sens = result.sensitivity

    def source(name: str) -> str:
        if name in investment.own:
            return "investment"
        if name in figure.org_assumptions:
            return "organization"
        if name == "external_hire_cost" and figure.measured_hire_cost is not None:
            return "measured"
        return "default"

    return {
        "name": investment.name,
        "kind": investment.kind.value,
        "inputs": inputs_json(investment.inputs),
        "costs": [_line(x) for x in result.costs.lines],
        "total_cost": round(result.costs.total, 2),
        "gains": [_line(x) for x in result.gains.lines],
        "total_gain": round(result.gains.total, 2),
        "net_benefit": round(result.net_benefit, 2),
        "roi": result.roi,
        "payback_months": result.payback_months,
        "notes": list(result.notes),
        "assumptions": [
            {
                "name": a.name,
                "value": a.value,
                "default": a.default,
                "unit": a.unit,
                "sentence": a.sentence,
                "why": a.why,
                "low": a.low,
                "high": a.high,
                "source": source(a.name),
            }
            for a in result.assumptions
        ],
        "sensitivity": {
            "net_low": round(sens.net_low, 2),
            "net_high": round(sens.net_high, 2),
            "roi_low": sens.roi_low,
            "roi_high": sens.roi_high,
            "moves_it_most": sens.moves_it_most,
            "tornado": [
                {
                    "name": s.name,
                    "low": s.low,
                    "high": s.high,
                    "net_at_low": round(s.net_at_low, 2),
                    "net_at_high": round(s.net_at_high, 2),
                }
                for s in sens.tornado
            ],
        },
    }
