"""Demand analytics over stored job postings (issue 16, item 2): pure figures only.

The reports count in SQL (`onramp.market.demand_counts`) and hand the counts to the rules
here (`rows_from_counts`, `hot_rows`, `pairs_from_counts`, `gap_rows`); the same rules also
count `Posting` values in Python (`demand`, `hot_technologies`, `together`, `gaps`), the
reference the property tests hold the SQL to. The formulas are documented in docs/market.md
and are the one place each rule lives:

- **share** of a group: its postings over all postings in the selection. Grouping by
  occupation, area or month puts every posting in exactly one group (an uncoded one in
  "none"), so those shares sum to 1; a skill's share is the part of postings asking for it.
- **growth** between an earlier and a later period: `(later - earlier) / max(earlier,
  GROWTH_BASE_FLOOR)`, "new" when earlier is 0 and later is not, none when both are 0.
- **hot technologies**: technology skills (or skills O*NET flags Hot Technology) with at
  least `HOT_MIN_POSTINGS` postings in the later period, by growth then count.
- **together**: for two skills a and b, `n_ab` postings ask for both; lift is
  `n_ab * N / (n_a * n_b)` (1 when independent).
- **gap**: demand share (postings asking for a skill over postings) minus supply share
  (workers evidencing it over workers), both in the same area. Worker counts under
  `SUPPRESS_BELOW` are never shown; the gap then counts supply as 0, an upper bound.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

from onramp.errors import InvalidInputError

GROWTH_BASE_FLOOR = 3  # an earlier count under 3 is read as 3: two postings are not a trend
HOT_MIN_POSTINGS = 5  # a technology needs this many later-period postings to be "hot"
TOGETHER_MIN_POSTINGS = 2  # a pair of skills needs this many shared postings to be listed
SUPPRESS_BELOW = 5  # worker counts under this are withheld (small-cell suppression)
MIN_CONFIDENCE = 0.5  # a posting's skill counts when the extractor was at least this sure
NONE_KEY = "none"  # the group of postings without an occupation, area or month


class DemandBy(StrEnum):
    """What demand is grouped by."""

    SKILL = "skill"
    OCCUPATION = "occupation"
    AREA = "area"
    MONTH = "month"

    @property
    def sentence(self) -> str:
        return {
            DemandBy.SKILL: "Postings asking for each skill.",
            DemandBy.OCCUPATION: "Postings for each occupation.",
            DemandBy.AREA: "Postings in each area.",
            DemandBy.MONTH: "Postings in each month.",
        }[self]


@dataclass(frozen=True, slots=True)
class PostingSkill:
    uri: str
    label: str
    technology: bool  # a technology skill, or one O*NET flags Hot Technology


@dataclass(frozen=True, slots=True)
class Posting:
    """One first posting as demand sees it."""

    month: str | None
    area_code: str | None
    area_name: str | None
    occupation_code: str | None
    occupation_title: str | None
    skills: tuple[PostingSkill, ...] = ()


@dataclass(frozen=True, slots=True)
class DemandRow:
    key: str
    label: str
    postings: int
    share: float
    earlier: int
    later: int
    growth: float | None  # None when both periods are 0
    new: bool  # earlier 0, later not
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    a_label: str
    b_label: str
    postings: int
    lift: float


def month_key(text: str, option: str) -> str:
    """A "YYYY-MM" month, or InvalidInputError naming the option."""
    parts = text.split("-")
    shaped = len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2
    if shaped and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return text
    raise InvalidInputError(f"{option} '{text}' is not a month (use YYYY-MM, like 2026-03)")


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def halves(months: Sequence[str]) -> tuple[set[str], set[str]]:
    """The earlier and later periods of a window: its first and last floor(k/2) months (the
    middle month of an odd window is in neither)."""
    size = len(months) // 2
    return set(months[:size]), set(months[len(months) - size :]) if size else set()


def growth(earlier: int, later: int) -> tuple[float | None, bool]:
    """(growth, new): `(later - earlier) / max(earlier, GROWTH_BASE_FLOOR)`."""
    if earlier == 0:
        return (None, False) if later == 0 else (float(later) / GROWTH_BASE_FLOOR, True)
    return (later - earlier) / max(earlier, GROWTH_BASE_FLOOR), False


def lift(together: int, a: int, b: int, total: int) -> float:
    return together * total / (a * b) if a and b else 0.0


def suppressed(count: int) -> int | None:
    """A worker count as it may be shown: None under SUPPRESS_BELOW."""
    return count if count >= SUPPRESS_BELOW else None


NONE_LABEL = {
    DemandBy.OCCUPATION: "not coded",
    DemandBy.AREA: "no area",
    DemandBy.MONTH: "no date",
}


@dataclass(frozen=True, slots=True)
class GroupCount:
    """One group's postings, all and in each period: what `demand` counts in Python and
    `onramp.market.demand_counts` counts in SQL, made into rows by `rows_from_counts`.
    The label is the smallest one seen for the key (all are the same unless the data differ)."""

    key: str
    label: str
    postings: int
    earlier: int
    later: int


def _keys(posting: Posting, by: DemandBy) -> list[tuple[str, str]]:
    if by is DemandBy.SKILL:
        return [(s.uri, s.label) for s in posting.skills]
    if by is DemandBy.OCCUPATION:
        code, label = posting.occupation_code, posting.occupation_title
    elif by is DemandBy.AREA:
        code, label = posting.area_code, posting.area_name
    else:
        code, label = posting.month, posting.month
    return [(code, label or code) if code else (NONE_KEY, NONE_LABEL[by])]


def rows_from_counts(groups: Iterable[GroupCount], total: int) -> list[DemandRow]:
    """Shares and growth from counts, largest first (ties by key)."""
    rows = []
    for g in groups:
        rate, new = growth(g.earlier, g.later)
        share = g.postings / total if total else 0.0
        rows.append(DemandRow(g.key, g.label, g.postings, share, g.earlier, g.later, rate, new))
    return sorted(rows, key=lambda r: (-r.postings, r.key))


def demand(
    postings: Sequence[Posting], by: DemandBy, window: Sequence[str] = ()
) -> list[DemandRow]:
    """Counts, shares and growth by `by`, largest first (ties by key). `window` is the months
    growth splits into an earlier and a later half."""
    earlier_months, later_months = halves(window)
    counts: Counter[str] = Counter()
    earlier: Counter[str] = Counter()
    later: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for posting in postings:
        for key, label in _keys(posting, by):
            labels[key] = min(labels.get(key, label), label)
            counts[key] += 1
            if posting.month in earlier_months:
                earlier[key] += 1
            elif posting.month in later_months:
                later[key] += 1
    groups = (GroupCount(k, labels[k], n, earlier[k], later[k]) for k, n in counts.items())
    return rows_from_counts(groups, len(postings))


def trend(by_month: Sequence[DemandRow], window: Sequence[str]) -> list[tuple[str, int]]:
    """Postings in each month of the window, oldest first, months without any included,
    from the rows of demand by month (undated postings are in no month)."""
    counts = {row.key: row.postings for row in by_month}
    return [(month, counts.get(month, 0)) for month in window]


def hot_technologies(
    postings: Sequence[Posting], window: Sequence[str], minimum: int = HOT_MIN_POSTINGS
) -> list[DemandRow]:
    """Technology skills with at least `minimum` later-period postings (see `hot_rows`)."""
    technology = {s.uri for p in postings for s in p.skills if s.technology}
    return hot_rows(demand(postings, DemandBy.SKILL, window), technology, minimum)


def hot_rows(
    by_skill: Sequence[DemandRow], technology: Set[str], minimum: int = HOT_MIN_POSTINGS
) -> list[DemandRow]:
    """The rows of demand by skill that are technologies with at least `minimum`
    later-period postings, fastest growing first ("new" counts as fastest), then by later
    count."""
    rows = [row for row in by_skill if row.key in technology and row.later >= minimum]
    return sorted(rows, key=lambda r: (not r.new, -(r.growth or 0.0), -r.later, r.key))


def together(postings: Sequence[Posting], minimum: int = TOGETHER_MIN_POSTINGS) -> list[Pair]:
    """Pairs of skills asked for in the same postings, most shared first, with their lift."""
    pairs: Counter[tuple[str, str]] = Counter()
    for posting in postings:
        pairs.update(combinations(sorted({s.uri for s in posting.skills}), 2))
    return pairs_from_counts(pairs, demand(postings, DemandBy.SKILL), len(postings), minimum)


def pairs_from_counts(
    pairs: Mapping[tuple[str, str], int],
    by_skill: Sequence[DemandRow],
    total: int,
    minimum: int = TOGETHER_MIN_POSTINGS,
) -> list[Pair]:
    """Pairs from the postings each pair of skills shares (either order), the rows of demand
    by skill (each skill's postings and label) and the postings in the selection."""
    rows = {row.key: row for row in by_skill}
    found = []
    for (x, y), n in pairs.items():
        a, b = sorted((x, y))
        if n >= minimum:
            one, two = rows[a], rows[b]
            found.append(Pair(a, b, one.label, two.label, n,
                              lift(n, one.postings, two.postings, total)))  # fmt: skip
    return sorted(found, key=lambda p: (-p.postings, -p.lift, p.a, p.b))


@dataclass(frozen=True, slots=True)
class Supply:
    """Workers in an area and, per skill URI, how many evidence it (true counts: shown only
    through `suppressed`)."""

    workers: int
    by_skill: dict[str, int]


@dataclass(frozen=True, slots=True)
class GapRow:
    skill: str
    label: str
    postings: int
    demand_share: float
    workers: int | None  # None: fewer than SUPPRESS_BELOW
    supply_share: float | None
    gap: float
    supply_suppressed: bool


def gaps(postings: Sequence[Posting], supply: Supply) -> list[GapRow]:
    """Demand share minus supply share per skill asked for, largest gap first."""
    return gap_rows(demand(postings, DemandBy.SKILL), supply)


def gap_rows(by_skill: Sequence[DemandRow], supply: Supply) -> list[GapRow]:
    """The gaps from the rows of demand by skill. When the area's workers or a skill's
    workers are under SUPPRESS_BELOW, supply counts as 0."""
    rows = []
    area_known = supply.workers >= SUPPRESS_BELOW
    for row in by_skill:
        count = supply.by_skill.get(row.key, 0)
        shown = suppressed(count) if area_known else None
        share = shown / supply.workers if shown is not None else None
        rows.append(
            GapRow(
                row.key, row.label, row.postings, row.share, shown, share,
                row.share - (share or 0.0), shown is None,
            )
        )  # fmt: skip
    return sorted(rows, key=lambda r: (-r.gap, -r.postings, r.skill))


def window_of(months: Iterable[str | None], first: str | None, last: str | None) -> list[str]:
    """The months of the window: the ones asked for, else those the postings span."""
    known = sorted(m for m in months if m)
    start = first or (known[0] if known else None)
    end = last or (known[-1] if known else None)
    if start is None or end is None:
        return []
    if start > end:
        raise InvalidInputError(f"--from {start} is after --to {end}")
    return months_between(start, end)


def rows_csv(rows: Sequence[dict[str, object]]) -> str:
    """Report rows as CSV text (for --csv and downloads), nested `extra` values in their own
    columns and None as an empty cell."""
    flat: list[dict[str, object]] = []
    for row in rows:
        extra = row.get("extra")
        more = dict(extra) if isinstance(extra, dict) else {}
        flat.append({**{k: v for k, v in row.items() if k != "extra"}, **more})
    columns: list[str] = []
    for item in flat:
        columns.extend(key for key in item if key not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in item.items()} for item in flat)
    return out.getvalue()
