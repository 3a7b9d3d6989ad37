"""The labour-market domain model: wages (BLS OEWS) and employment projections (BLS EP).

Plain dataclasses whose field names equal the columns of the store's `wages` and `projections`
tables, so the release writer maps them without a per-table mapping.

Conventions shared by every reader:

- `soc_code` is a SOC 2018 code with its hyphen, as "29-1141".
- `area_code` is "US" for the nation. BLS spells the nation "99" in the all_data files and
  "0000000" in the time-series files; one spelling lets a profile ask for national wages without
  knowing which file was imported. Other areas use the codes of the all_data files and the OEWS web
  pages: two-digit FIPS code for states and territories ("06"), five-digit CBSA code for
  metropolitan areas ("31080"), seven-digit BLS code for nonmetropolitan areas ("0600001"). The
  time-series padding ("0600000", "0031080") is removed.
- `area_type` is "national", "state" (territories included), "metro" or "nonmetro".
- A value BLS does not publish is None, never zero, and `notes` says why, grouped by reason:
  "annual_p90: top-coded, at least 239,200; employment: not published".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from onramp.taxonomy.model import Framework

WAGE_VALUES: tuple[str, ...] = (
    "employment",
    "annual_mean",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "hourly_mean",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
)
AREA_TYPES: tuple[str, ...] = ("national", "state", "metro", "nonmetro")
NATIONAL = "US"


@dataclass(slots=True)
class Wage:
    """OEWS estimates for one occupation in one area, all industries and ownerships together."""

    soc_code: str
    area_code: str
    area_type: str
    area_name: str
    occupation_title: str = ""
    employment: float | None = None
    annual_mean: float | None = None
    annual_p10: float | None = None
    annual_p25: float | None = None
    annual_median: float | None = None
    annual_p75: float | None = None
    annual_p90: float | None = None
    hourly_mean: float | None = None
    hourly_p10: float | None = None
    hourly_p25: float | None = None
    hourly_median: float | None = None
    hourly_p75: float | None = None
    hourly_p90: float | None = None
    notes: str = ""


@dataclass(slots=True)
class Projection:
    """One row of BLS Employment Projections table 1.2. Employment, change and openings are in
    thousands, as published; `occupation_type` is "line item" (a detailed occupation) or
    "summary" (a group)."""

    soc_code: str
    title: str
    occupation_type: str
    base_year: int
    projected_year: int
    employment_base: float | None = None
    employment_projected: float | None = None
    change_numeric: float | None = None
    change_percent: float | None = None
    self_employed_percent: float | None = None
    annual_openings: float | None = None
    median_annual_wage: float | None = None
    typical_education: str = ""
    work_experience: str = ""
    on_the_job_training: str = ""


@dataclass(slots=True)
class MarketRelease:
    """Everything one labour-market import writes; the store replaces it atomically."""

    framework: Framework
    wages: list[Wage] = field(default_factory=list)
    projections: list[Projection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # data problems skipped, for the report

    def parts(self) -> dict[str, list[Any]]:
        return {"wages": self.wages, "projections": self.projections}

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.parts().items() if rows}


# What a published cell can say instead of a number.
TOP_CODED = "top-coded"
NOT_PUBLISHED = "not published"
UNREADABLE = "unreadable"

# Either plain digits or properly grouped thousands; anything else is not a BLS number.
_PLAIN = re.compile(r"\d+(?:\.\d+)?")  # below 300 characters, always a finite float
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# '#' top-coded; '*' wage not available; '**' employment not available; '-' and dashes are the
# time-series and Employment Projections spellings of "not available".
_NOT_PUBLISHED = frozenset({"", "*", "**", "-", "\u2013", "\u2014", "n/a"})


def parse_amount(raw: object) -> tuple[float | None, str]:
    """A published value as (number, "") or (None, reason). Never raises: the caller decides
    whether an UNREADABLE value is an error, because only it knows the file and line."""
    # the common case first: a few million plain numbers per OEWS import
    if type(raw) is str and len(raw) < 300 and _PLAIN.fullmatch(raw):
        return float(raw), ""
    if raw is None:
        return None, NOT_PUBLISHED
    if isinstance(raw, bool):  # bool is an int; a TRUE cell is never an amount
        return None, UNREADABLE
    if isinstance(raw, int | float):
        value = float(raw)
        return (value, "") if math.isfinite(value) and value >= 0 else (None, UNREADABLE)
    if not isinstance(raw, str):
        return None, UNREADABLE
    text = raw.strip()
    if text == "#":
        return None, TOP_CODED
    if text.lower() in _NOT_PUBLISHED:
        return None, NOT_PUBLISHED
    if _AMOUNT.fullmatch(text):
        value = float(text.replace(",", ""))
        # a few hundred digits overflow to inf: no wage or head count is that large
        return (value, "") if math.isfinite(value) else (None, UNREADABLE)
    return None, UNREADABLE


def top_code_reason(field_name: str, hourly_limit: float, annual_limit: float) -> str:
    if field_name.startswith("hourly"):
        return f"{TOP_CODED}, at least {hourly_limit:,.2f}"
    return f"{TOP_CODED}, at least {annual_limit:,.0f}"


def describe_missing(reasons: dict[str, str]) -> str:
    """Notes text: fields sharing a reason are grouped, in field order."""
    groups: dict[str, list[str]] = {}
    for name, reason in reasons.items():
        groups.setdefault(reason, []).append(name)
    return "; ".join(f"{', '.join(names)}: {reason}" for reason, names in groups.items())
