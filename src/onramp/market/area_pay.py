"""Pay where a person lives, for every occupation at once (issue 15, item 2).

A worker's pathway shows the wage of each step in the OEWS area their profile names
("Dayton, OH"), matched forgivingly by `match_areas`, and the national median where the area
has no figure for a job or no area matches; each figure says which it is. The figures of one
area (a few hundred rows) are read in one query and kept per process until the wage release
changes, so a worker's pathways never read wages one occupation at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from onramp.market.areas import Area, match_areas
from onramp.market.model import NATIONAL
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache
from onramp.taxonomy.catalog import Catalog

WHOLE_COUNTRY = "the whole country"
_AREAS: ReleaseCache[list[Area]] = ReleaseCache()
_PAY: ReleaseCache[dict[str, float]] = ReleaseCache()


@dataclass(frozen=True, slots=True)
class Pay:
    """One annual median wage and where it is from."""

    annual: float
    where: str  # the area's name, or "the whole country"
    local: bool  # True when it is the worker's own area


@dataclass(frozen=True, slots=True)
class AreaPay:
    """Annual median wages by SOC 2018 code, for one area with the national figures behind."""

    asked: str  # the place as the person typed it ("" when they gave none)
    area: Area | None  # the area matched (None: national only)
    note: str  # why pay is national, in plain words ("" when the area matched)
    local: dict[str, float] = field(default_factory=dict)
    national: dict[str, float] = field(default_factory=dict)

    def pay(self, soc: str) -> Pay | None:
        """The area's median for `soc`, else the national one, else None (no wages)."""
        if soc in self.local and self.area is not None:
            return Pay(self.local[soc], self.area.name, True)
        if soc in self.national:
            return Pay(self.national[soc], WHOLE_COUNTRY, False)
        return None


def area_pay(engine: Engine, place: str) -> AreaPay:
    """Wages for the place a person typed (their profile's location)."""
    release = Catalog(engine).current("oews")
    place = " ".join(place.split())
    if release is None or release.id is None:
        return AreaPay(place, None, "Onramp has no wage figures yet, so pay is unknown.")
    release_id = release.id
    national = _PAY.current(
        engine, ("area-pay", NATIONAL), lambda: _read(engine, release_id, NATIONAL)
    )
    if not place:
        return AreaPay(
            place,
            None,
            "Your profile does not say where you live, so pay is for the whole country.",
            national=national,
        )
    areas = _AREAS.current(engine, "oews-areas", lambda: _areas(engine, release_id))
    found = [a for a in match_areas(place, areas) if a.kind != "national"]
    if not found:
        note = (
            f"We could not find a place called “{place}”, so pay is for the whole country. "
            "Try a city and state on your profile, like “Dayton, OH”."
        )
        return AreaPay(place, None, note, national=national)
    area = found[0]
    local = _PAY.current(
        engine, ("area-pay", area.code), lambda: _read(engine, release_id, area.code)
    )
    return AreaPay(place, area, "", local, national)


def _areas(engine: Engine, release_id: int) -> list[Area]:
    wages = schema.wages
    with engine.connect() as conn:
        rows = conn.execute(
            select(wages.c.area_code, wages.c.area_name, wages.c.area_type)
            .where(wages.c.framework_id == release_id)
            .distinct()
        ).all()
    return [Area(str(code), str(name), str(kind)) for code, name, kind in rows]


def _read(engine: Engine, release_id: int, area_code: str) -> dict[str, float]:
    wages = schema.wages
    with engine.connect() as conn:
        rows = conn.execute(
            select(wages.c.soc_code, wages.c.annual_median).where(
                wages.c.framework_id == release_id,
                wages.c.area_code == area_code,
                wages.c.annual_median.is_not(None),
            )
        ).all()
    return {str(row[0]): float(row[1]) for row in rows}
