"""Adverse-impact audit of one ranking (issue 14, item 6): selection rates by group at the top K.

A ranking "selects" the candidates it shows in its top K. For each group of workers who
volunteered a group, the selection rate is the share of that group's candidates that made the
top K. Two figures are reported, as the US Uniform Guidelines on Employee Selection Procedures
(29 CFR 1607.4(D)) frame them:

- the **impact ratio**: a group's rate divided by the highest group's rate. Below 0.8 (the
  "four-fifths rule") is read as a sign of adverse impact, not as proof of it;
- **Fisher's exact test** on the 2x2 table (selected or not, this group or the highest-rate
  group): how surprising the difference would be if group had nothing to do with selection.
  A small p-value (below 0.05) says the gap is unlikely to be chance alone.

Workers who gave no group are counted only in the total. Groups with fewer than
`min_group` candidates are suppressed (neither their counts nor their rates are shown), so no
one's group can be worked out from the figures. This module never learns who is in which
group beyond the mapping it is handed, and returns counts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scipy.stats import fisher_exact

FOUR_FIFTHS = 0.8
SIGNIFICANCE = 0.05
MIN_GROUP = 5  # fewer candidates than this in a group: suppressed


@dataclass(frozen=True, slots=True)
class GroupRate:
    group: str
    candidates: int
    selected: int
    rate: float
    impact_ratio: float | None  # against the highest rate; None for the reference group
    p_value: float | None  # Fisher's exact test against the reference group

    @property
    def flagged(self) -> bool:
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS


@dataclass(frozen=True, slots=True)
class AdverseImpact:
    top_k: int
    candidates: int
    selected: int
    undeclared: int  # candidates who gave no group
    groups: tuple[GroupRate, ...]
    suppressed: int  # how many groups were too small to show
    reference: str | None  # the group with the highest rate
    notes: tuple[str, ...] = field(default=())

    @property
    def lowest_ratio(self) -> float | None:
        ratios = [g.impact_ratio for g in self.groups if g.impact_ratio is not None]
        return min(ratios) if ratios else None

    def contract(self) -> dict[str, object]:
        return {
            "top_k": self.top_k,
            "candidates": self.candidates,
            "selected": self.selected,
            "undeclared": self.undeclared,
            "reference_group": self.reference,
            "suppressed_groups": self.suppressed,
            "lowest_impact_ratio": self.lowest_ratio,
            "groups": [
                {
                    "group": g.group,
                    "candidates": g.candidates,
                    "selected": g.selected,
                    "selection_rate": round(g.rate, 4),
                    "impact_ratio": None if g.impact_ratio is None else round(g.impact_ratio, 4),
                    "fisher_p_value": None if g.p_value is None else round(g.p_value, 6),
                    "below_four_fifths": g.flagged,
                }
                for g in self.groups
            ],
            "notes": list(self.notes),
        }


def audit_ranking(
    ranked: Sequence[str],
    top_k: int,
    group_of: Mapping[str, str | None],
    *,
    min_group: int = MIN_GROUP,
) -> AdverseImpact:
    """Selection rates by group at the top `top_k` of `ranked` (candidate ids, best first).

    `group_of` maps a candidate to the group they volunteered, or None; candidates missing from
    it count as undeclared.
    """
    if top_k < 1:
        raise ValueError("top K must be at least 1")
    if len(set(ranked)) != len(ranked):
        raise ValueError("a candidate appears twice in the ranking")
    shown = set(ranked[:top_k])
    totals: Counter[str] = Counter()
    chosen: Counter[str] = Counter()
    undeclared = 0
    for candidate in ranked:
        group = group_of.get(candidate)
        if not group:
            undeclared += 1
            continue
        totals[group] += 1
        if candidate in shown:
            chosen[group] += 1
    kept = sorted(g for g, n in totals.items() if n >= min_group)
    suppressed = len(totals) - len(kept)
    rates = {g: chosen[g] / totals[g] for g in kept}
    reference = max(kept, key=lambda g: (rates[g], totals[g], g)) if kept else None
    groups = []
    for group in kept:
        ratio = p_value = None
        if reference is not None and group != reference:
            best = rates[reference]
            ratio = rates[group] / best if best > 0 else 1.0
            table = [
                [chosen[group], totals[group] - chosen[group]],
                [chosen[reference], totals[reference] - chosen[reference]],
            ]
            p_value = float(fisher_exact(table).pvalue)
        groups.append(GroupRate(group, totals[group], chosen[group], rates[group], ratio, p_value))
    return AdverseImpact(
        top_k=top_k,
        candidates=len(ranked),
        selected=len(shown),
        undeclared=undeclared,
        groups=tuple(groups),
        suppressed=suppressed,
        reference=reference,
        notes=tuple(_notes(groups, suppressed, undeclared, len(ranked), min_group)),
    )


def _notes(
    groups: list[GroupRate], suppressed: int, undeclared: int, total: int, min_group: int
) -> list[str]:
    """What the numbers do and do not show, in plain words."""
    notes = [
        "These numbers compare how often each group made the top of the list. "
        "They count people; they never show who is in which group.",
        "An impact ratio under 0.8 is a warning sign that the list may treat a group unfairly. "
        "It is not proof. A p-value under 0.05 means the gap is not likely to be chance alone.",
    ]
    if len(groups) < 2:
        notes.append(
            "There are not enough people in at least two groups to compare, so nothing can be "
            "said about fairness yet."
        )
    if suppressed:
        notes.append(
            f"{suppressed} group(s) had fewer than {min_group} people and are not shown, "
            "so no one can be picked out."
        )
    if total and undeclared:
        notes.append(
            f"{undeclared} of {total} people did not say which group they are in; "
            "they are left out of the group figures."
        )
    if any(g.flagged and g.p_value is not None and g.p_value >= SIGNIFICANCE for g in groups):
        notes.append(
            "A ratio is under 0.8, but with this few people the gap could be chance. "
            "Keep watching as more people apply."
        )
    return notes
