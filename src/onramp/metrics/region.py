"""The regional view (issue 18, item 5): for one area, or the whole country, each occupation's
demand (job postings), supply (workers with consented profiles whose evidence is coded to it),
placements (microcredential learners hired into it) and wages. docs/metrics_region.md gives
every formula; docs/decisions/0037-regional-view.md the choices.

Every figure is an aggregate counted by the database: postings by `onramp.market
.demand_counts`, workers by `onramp.matching.occupation_supply`, placements by
`onramp.metrics.region_counts`. Profile locations are free text, so each distinct location is
placed in an area once (`place_for`, as the market's gap report does), never each worker.

Counts of people (workers and placements) under the threshold are hidden, with complementary
suppression down each column so the totals row gives none of them back (`onramp.small_cells`).
Postings are not people, and the market demand page already shows their counts, so they are
shown as they are. Readers are those of the market reports (`require_market_reader`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from sqlalchemy import Engine, select

from onramp.errors import NotAvailableError
from onramp.market import demand as figures
from onramp.market.areas import Area
from onramp.market.demand_counts import AreaFilter, count_demand, count_postings, posting_filter
from onramp.market.demand_service import require_market_reader
from onramp.market.demand_store import resolve_area
from onramp.market.posting_analysis import Place, place_for
from onramp.market.wage_areas import wage_areas
from onramp.matching.occupation_supply import consented_supply
from onramp.metrics import region_counts as counts
from onramp.platform.model import Principal
from onramp.small_cells import (
    Cell,
    configured_threshold,
    recoverable,
    suppress_table,
)
from onramp.store import market_tables

WHOLE_COUNTRY = "the whole country"
MIN_FOR_MEDIAN = 10  # placements with a wage an occupation needs before its median is shown
HIDDEN_SMALL = "small"
HIDDEN_COMPLEMENT = "complement"
NOTES = {
    HIDDEN_SMALL: "fewer than {threshold}",
    HIDDEN_COMPLEMENT: "hidden so a small number cannot be worked out from the total",
}
CSV_COLUMNS = (
    "occupation_code", "occupation_title", "postings", "workers", "placements",
    "median_placement_wage", "oews_median_hourly_wage", "note",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One occupation. `workers` and `placements` are None when hidden; `hidden` says why,
    per column ("small" or "complement")."""

    code: str
    title: str
    postings: int
    workers: int | None
    placements: int | None
    median_placement_wage: float | None  # hourly, USD; only with MIN_FOR_MEDIAN wages or more
    oews_median_hourly_wage: float | None  # hourly, USD; None when not imported
    hidden: dict[str, str] = field(default_factory=dict)

    def note(self, threshold: int) -> str:
        return "; ".join(
            f"{column} {NOTES[why].format(threshold=threshold)}"
            for column, why in sorted(self.hidden.items())
        )


@dataclass(frozen=True, slots=True)
class RegionReport:
    area: str  # the area's name, or "the whole country"
    area_code: str | None  # the OEWS area code the wages are for (None: national or none)
    months: tuple[str, str] | None
    threshold: int
    rows: list[RegionRow]
    total: RegionRow  # the totals row: sums of the rows (people counted once per occupation)
    wages_imported: bool

    @property
    def all_people_hidden(self) -> bool:
        """True when some count of people is hidden and none above 0 is shown."""
        hidden = any(r.hidden for r in self.rows)
        return hidden and not any(r.workers or r.placements for r in self.rows)

    def as_json(self) -> dict[str, Any]:
        def row(r: RegionRow) -> dict[str, Any]:
            return {
                "occupation_code": r.code,
                "occupation_title": r.title,
                "postings": r.postings,
                "workers": r.workers,
                "placements": r.placements,
                "median_placement_wage": r.median_placement_wage,
                "oews_median_hourly_wage": r.oews_median_hourly_wage,
                "hidden": dict(r.hidden),
            }

        return {
            "area": self.area,
            "area_code": self.area_code,
            "months": list(self.months) if self.months else None,
            "suppress_below": self.threshold,
            "wages_imported": self.wages_imported,
            "rows": [row(r) for r in self.rows],
            "total": row(self.total),
        }

    def as_csv(self) -> str:
        """The table with the totals row last; a hidden count is an empty cell and the note
        column says why."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for r in [*self.rows, self.total]:
            writer.writerow(
                [
                    r.code, r.title, r.postings, _blank(r.workers), _blank(r.placements),
                    _blank(r.median_placement_wage), _blank(r.oews_median_hourly_wage),
                    r.note(self.threshold),
                ]
            )  # fmt: skip
        return out.getvalue()


def _blank(value: float | None) -> str:
    return "" if value is None else str(value)


def suppress_columns(
    columns: Sequence[Sequence[int]], threshold: int
) -> tuple[list[list[Cell]], list[Cell]]:
    """Hide small counts in each column (people counted per occupation), and complements so
    that the column's total, shown below, gives none back. Returns the cells by row and the
    totals; a total under the threshold is itself hidden (then every count in it is too)."""
    height = len(columns[0]) if columns else 0
    table = [[column[r] for column in columns] for r in range(height)]
    cells = suppress_table(table, threshold=threshold, row_totals=False) if height else []
    totals = []
    for column in columns:
        whole = sum(column)
        totals.append(Cell(None, HIDDEN_SMALL) if 0 < whole < threshold else Cell(whole))
    return cells, totals


def recoverable_cells(report: RegionReport) -> list[tuple[int, int]]:
    """Hidden counts that a shown total gives back by subtraction, down each people column
    with the totals row included: (row, column) pairs. Empty for every report."""
    found = []
    for column, name in enumerate(("workers", "placements")):
        lines = [
            [Cell(getattr(r, name), r.hidden.get(name, ""))] for r in [*report.rows, report.total]
        ]
        found += [(row, column) for row, _ in recoverable(lines)]
    return found


class RegionalView:
    """Demand, supply, placements and wages by occupation for an area."""

    def __init__(self, engine: Engine, threshold: int | None = None) -> None:
        """`threshold` defaults to the deployment's (`small_cells.configured_threshold`)."""
        threshold = configured_threshold() if threshold is None else threshold
        if threshold < 1:
            raise ValueError("the threshold is at least 1")
        self.engine = engine
        self.threshold = threshold

    def report(
        self,
        principal: Principal,
        area: str | None = None,
        first_month: str | None = None,
        last_month: str | None = None,
    ) -> RegionReport:
        require_market_reader(principal)
        return self.figures(area, first_month, last_month)

    def figures(
        self, area: str | None, first_month: str | None, last_month: str | None
    ) -> RegionReport:
        """The report without the reader check (the CLI runs as the operator)."""
        place = resolve_area(self.engine, area)
        window = self._window(first_month, last_month)
        asked = window if (first_month or last_month) else []
        where = posting_filter(place, asked, None)
        total_postings = count_postings(self.engine, where)
        demand = {
            row.key: row.postings
            for row in count_demand(self.engine, figures.DemandBy.OCCUPATION, where, [],
                                    total_postings)
            if row.key != figures.NONE_KEY
        }  # fmt: skip
        known = self._areas()
        inside = _Placer(place, known)
        supply = _in_area(consented_supply(self.engine), inside)
        placed_where = counts.placements_by_place(self.engine, asked)
        placed = _in_area(placed_where, inside)
        codes = sorted(set(demand) | set(supply) | set(placed))
        area_code = self._area_code(place)
        oews = counts.oews_hourly(self.engine, area_code)
        titles = self._titles(set(codes))
        wages = self._placement_wages(asked, placed, inside)
        order = sorted(codes, key=lambda c: (-demand.get(c, 0), -supply.get(c, 0), c))
        cells, totals = suppress_columns(
            [[supply.get(c, 0) for c in order], [placed.get(c, 0) for c in order]],
            self.threshold,
        )
        rows = [
            RegionRow(
                code, titles.get(code, code), demand.get(code, 0),
                cells[n][0].value, cells[n][1].value, wages.get(code),
                oews.get(code[:7]), _why(cells[n]),
            )
            for n, code in enumerate(order)
        ]  # fmt: skip
        total = RegionRow(
            "total", "All occupations", sum(demand.values()), totals[0].value,
            totals[1].value, None, None, _why(totals),
        )  # fmt: skip
        return RegionReport(
            place.name if place else WHOLE_COUNTRY,
            area_code,
            (window[0], window[-1]) if window else None,
            self.threshold,
            rows,
            total,
            bool(oews) or self._wages_imported(),
        )

    def _window(self, first: str | None, last: str | None) -> list[str]:
        first = figures.month_key(first, "--first") if first else None
        last = figures.month_key(last, "--last") if last else None
        months: list[str | None] = []
        if first is None or last is None:
            p = market_tables.postings
            with self.engine.connect() as conn:
                found = conn.execute(select(p.c.month).where(p.c.month.is_not(None)).distinct())
                months = list(found.scalars())
        return figures.window_of(months, first, last)

    def _areas(self) -> list[Area]:
        try:
            return [Area(a["code"], a["name"], a["type"]) for a in wage_areas(self.engine)]
        except NotAvailableError:
            return []

    def _wages_imported(self) -> bool:
        return bool(self._areas())

    def _area_code(self, place: AreaFilter | None) -> str | None:
        if place is None:
            return None
        if place.code is not None:
            return place.code
        return counts.state_area_code(self.engine, place.name)

    def _titles(self, codes: set[str]) -> dict[str, str]:
        titles = counts.posting_titles(self.engine, codes)
        missing = {c[:7] for c in codes if c not in titles}
        by_soc = counts.wage_titles(self.engine, missing)
        return {c: titles.get(c) or by_soc.get(c[:7]) or c for c in codes}

    def _placement_wages(
        self, window: Sequence[str], placed: dict[str, int], inside: _Placer
    ) -> dict[str, float]:
        """The median hourly wage of each occupation with MIN_FOR_MEDIAN wages or more."""
        enough = {code for code, n in placed.items() if n >= MIN_FOR_MEDIAN}
        found: dict[str, list[float]] = {}
        for location, code, wage in counts.placement_wages(self.engine, window, enough):
            if inside(location):
                found.setdefault(code, []).append(wage)
        return {
            code: round(median(values), 2)
            for code, values in found.items()
            if len(values) >= MIN_FOR_MEDIAN
        }


# Where each profile location lies, kept across reports: placing a free-text location is a
# fuzzy match over the OEWS areas, and the same few thousand locations come back every time.
# Keyed by the areas known (a new wage release changes them) and the location.
_PLACES: dict[tuple[int, str], Place] = {}
_MAX_PLACES = 100_000


class _Placer:
    """Whether a profile location lies in the area asked for (every place for the country);
    each distinct location is placed once."""

    def __init__(self, place: AreaFilter | None, areas: list[Area]) -> None:
        self.place, self.areas = place, areas
        self.known = hash(tuple(sorted((a.code, a.name, a.kind) for a in areas)))

    def __call__(self, location: str) -> bool:
        if self.place is None:
            return True
        key = (self.known, location)
        found = _PLACES.get(key)
        if found is None:
            if len(_PLACES) >= _MAX_PLACES:
                _PLACES.clear()
            found = _PLACES[key] = place_for(location, self.areas)
        return self.place.holds(found.area_code, found.state)


def _in_area(by_place: dict[tuple[str, str], int], inside: _Placer) -> dict[str, int]:
    out: dict[str, int] = {}
    for (location, code), n in by_place.items():
        if inside(location):
            out[code] = out.get(code, 0) + n
    return out


def _why(cells: Sequence[Cell]) -> dict[str, str]:
    return {
        name: cell.hidden_because
        for name, cell in zip(("workers", "placements"), cells, strict=True)
        if not cell.shown
    }
