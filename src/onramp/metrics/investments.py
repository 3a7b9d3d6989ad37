"""Return on talent investment for one employer (issue 18, item 2): the employer saves what it
measured about a program (a roadmap, an apprenticeship or a microcredential partnership: people
who took part, finished, stayed, were moved up, and what it cost) and the assumptions it wants
to use instead of the published defaults; `onramp.metrics.roi` does the arithmetic.

The organization's own assumptions are kept under the name "" and apply to each investment,
which may change any of them again. When the organization has not set the cost of an outside
hire, the measured cost per hire from its own records is used when known (and said so), since
its own figure is better than a survey's. Org admins, HR admins and hiring managers save; the
hiring staff who read the dashboard read the result. Every save is in the audit log.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import Engine, and_, insert, select, update

from onramp.errors import InvalidInputError
from onramp.metrics.employer import EmployerData, cost_per_hire
from onramp.metrics.hiring_outcomes import RECORDERS, require_reader, require_recorder
from onramp.metrics.roi import (
    ASSUMPTION_NAMES,
    Assumptions,
    ProgramInputs,
    ProgramKind,
    RoiResult,
    roi,
)
from onramp.platform import audit
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import Principal
from onramp.platform.secrets import now
from onramp.store import metrics_employer_tables as m

ORG_DEFAULTS = ""
INPUT_NAMES = tuple(f.name for f in fields(ProgramInputs) if f.name != "kind")
COUNT_NAMES = ("participants", "completers", "retained_12_months", "internal_fills")
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Investment:
    name: str
    kind: ProgramKind
    inputs: ProgramInputs
    own: dict[str, float]  # this investment's own assumption changes


@dataclass(frozen=True, slots=True)
class Figure:
    """A result with where its assumptions came from."""

    investment: Investment
    result: RoiResult
    org_assumptions: dict[str, float]
    measured_hire_cost: float | None  # used for external_hire_cost when nobody set it


def clean_assumptions(given: dict[str, Any]) -> dict[str, float]:
    """Known assumption names with finite numbers; the ranges are checked by `Assumptions`."""
    out: dict[str, float] = {}
    for name, value in given.items():
        if name not in ASSUMPTION_NAMES:
            raise InvalidInputError(f"There is no assumption called {name}.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInputError(f"Give {name} as a number.") from None
        if not math.isfinite(number):
            raise InvalidInputError(f"Give {name} as a number.")
        out[name] = number
    try:
        Assumptions(**out)
    except ValueError as error:
        raise InvalidInputError(f"That assumption cannot be used: {error}.") from None
    return out


def parse_inputs(kind: ProgramKind, given: dict[str, Any]) -> ProgramInputs:
    unknown = set(given) - set(INPUT_NAMES)
    if unknown:
        raise InvalidInputError(f"There is no program figure called {sorted(unknown)[0]}.")
    values: dict[str, Any] = {}
    try:
        for name in INPUT_NAMES:
            if name not in given or given[name] in ("", None):
                continue
            number = float(given[name])
            if name in COUNT_NAMES:
                if number != int(number):
                    raise InvalidInputError(f"Give {name} as a whole number of people.")
                values[name] = int(number)
            else:
                values[name] = number
        for name in COUNT_NAMES + ("training_cost",):
            values.setdefault(name, 0)
        return ProgramInputs(kind=ProgramKind(kind), **values)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"These program figures cannot be used: {error}.") from None


def inputs_json(inputs: ProgramInputs) -> dict[str, float]:
    return {name: getattr(inputs, name) for name in INPUT_NAMES}


class Investments:
    def __init__(self, engine: Engine, data_of: Callable[[str], EmployerData]) -> None:
        """`data_of(org_id)` gathers the employer's records (for its measured cost per hire)."""
        self.engine = engine
        self.data_of = data_of

    # -- reading ----------------------------------------------------------------------------
    def saved(self, principal: Principal, org_id: str) -> tuple[dict[str, float], list[Investment]]:
        require_reader(principal, org_id)
        return self.saved_for_operator(org_id)

    def saved_for_operator(self, org_id: str) -> tuple[dict[str, float], list[Investment]]:
        s = m.employer_roi_settings
        with self.engine.connect() as conn:
            rows = conn.execute(select(s).where(s.c.org_id == org_id).order_by(s.c.name)).all()
        org: dict[str, float] = {}
        found = []
        for row in rows:
            if row.name == ORG_DEFAULTS:
                org = {k: float(v) for k, v in dict(row.assumptions).items()}
                continue
            kind = ProgramKind(row.kind)
            found.append(
                Investment(
                    row.name,
                    kind,
                    parse_inputs(kind, dict(row.inputs)),
                    {k: float(v) for k, v in dict(row.assumptions).items()},
                )
            )
        return org, found

    def figures(self, principal: Principal, org_id: str) -> list[Figure]:
        require_reader(principal, org_id)
        return self.figures_for_operator(org_id)

    def figures_for_operator(
        self, org_id: str, changes: dict[str, float] | None = None
    ) -> list[Figure]:
        """Every saved investment's result; `changes` tries other assumptions without saving."""
        org, investments = self.saved_for_operator(org_id)
        data = self.data_of(org_id)
        measured = cost_per_hire(data.costs, data.hires).value
        out = []
        for investment in investments:
            chosen: dict[str, float] = {}
            if measured is not None:
                chosen["external_hire_cost"] = round(measured, 2)
            chosen |= org | investment.own | clean_assumptions(changes or {})
            result = roi(investment.inputs, replace(Assumptions(), **chosen))
            out.append(Figure(investment, result, org, measured))
        return out

    # -- writing ----------------------------------------------------------------------------
    def save(
        self,
        principal: Principal,
        org_id: str,
        name: str,
        *,
        kind: ProgramKind | None = None,
        inputs: dict[str, Any] | None = None,
        assumptions: dict[str, Any] | None = None,
        replace_assumptions: bool = False,
    ) -> None:
        """Save the organization's assumptions (name ""), or one investment's figures and
        assumption changes. Omitted parts keep what was saved; with `replace_assumptions`
        the given assumptions are all that is kept (a form where a blank means the default)."""
        require_recorder(principal, org_id, RECORDERS)
        name = " ".join(name.split())
        if len(name) > MAX_NAME:
            raise InvalidInputError("Keep the name under 200 characters.")
        s = m.employer_roi_settings
        where = and_(s.c.org_id == org_id, s.c.name == name)
        with self.engine.begin() as conn:
            current = conn.execute(select(s).where(where)).first()
            if name == ORG_DEFAULTS:
                if kind is not None or inputs:
                    raise InvalidInputError("Give an investment a name to save its figures.")
                values: dict[str, Any] = {"kind": None, "inputs": {}}
            else:
                chosen = kind or (ProgramKind(current.kind) if current is not None else None)
                if chosen is None:
                    raise InvalidInputError("Say what kind of investment this is.")
                before = dict(current.inputs) if current is not None else {}
                merged = {**before, **(inputs or {})}
                values = {
                    "kind": ProgramKind(chosen).value,
                    "inputs": inputs_json(parse_inputs(chosen, merged)),
                }
            old = dict(current.assumptions) if current is not None else {}
            if replace_assumptions:
                values["assumptions"] = clean_assumptions(assumptions or {})
            elif assumptions is not None:
                values["assumptions"] = clean_assumptions({**old, **assumptions})
            else:
                values["assumptions"] = old
            values |= {"updated_by": principal.user.id, "updated_at": now()}
            if current is None:
                conn.execute(insert(s).values(org_id=org_id, name=name, **values))
            else:
                conn.execute(update(s).where(where).values(**values))
            audit.record(
                conn,
                AuditAction.EMPLOYER_ROI_SAVE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="roi",
                target_id=name or "organization",
                details={"assumptions": values["assumptions"]},
            )
