"""Adverse-impact monitor over rolling windows (issue 18, item 3): the pure core.

Every ranking Onramp shows for a job is kept as a `RankingSnapshot`: per volunteered group,
how many candidates there were and how many were in the top K actually shown. Counts only:
`snapshot_of` turns a ranking and the group answers into counts, so a store built on this
never writes who is in which group.

`monitor` adds the snapshots of a window (per job, or per employer) and, for each group with
enough people, compares its selection rate with the most-picked group's: the impact ratio
(the four-fifths rule of 29 CFR 1607.4(D)) and Fisher's exact test. Both come from
`onramp.matching.adverse_impact`, so a window is judged exactly as one ranking is. An `Alert`
for the employer's admins is raised only when a ratio is under 0.8 *and* the data are enough
(see `monitor`). The rules are set out in docs/metrics_monitor.md.

**Combining rankings.** A job's list is ranked again and again as people apply, and each
ranking holds mostly the same people. Adding every snapshot would count one person many times
and make Fisher's test far too sure of itself. So a window keeps, for each job (and question),
only its *latest* snapshot taken in the window: each candidate of a job counts once. A list
mostly grows, so the latest holds nearly everyone; what it misses is who was shown earlier and
has since dropped out of the top K. An employer's window adds the latest snapshot of each of
its jobs: different jobs are different decisions.

**Suppression.** Through `onramp.small_cells`, with its threshold by default:

- a group with fewer candidates than the threshold in a window is left out: not named, not
  compared, not counted anywhere in the result;
- for the groups kept, the table (selected, not selected) is suppressed with its row totals
  (the group's candidates) shown, so a small count is hidden with its complement. A group's
  rate is shown only when both its cells are; a ratio and p-value only when both the group's
  and the most-picked group's are (either would give a hidden count back). Whether a group is
  under four-fifths is always said: it bounds a count, it does not give it;
- counts are published only at employer scope. Job results give rates and ratios but no
  counts, as a job's count subtracted from its employer's would give back a hidden one;
- no total over all candidates is published, so no left-out group can be had by subtraction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from onramp.matching.adverse_impact import FOUR_FIFTHS, SIGNIFICANCE, GroupRate, audit_ranking
from onramp.small_cells import DEFAULT_THRESHOLD, suppress_table
from onramp.vocabulary import LabeledEnum

WINDOW_DAYS = 90
MIN_SELECTED = 10  # fewer people picked than this in the two groups: a rate swings on one person


class MonitorScope(LabeledEnum):
    """What one window is about."""

    JOB = "job", "One job on its own."
    EMPLOYER = "employer", "All the jobs of one employer together."


class Status(LabeledEnum):
    """What a window says, in one line for the employer's admins."""

    ALERT = "alert", "A group was picked much less often than another. Please review."
    NO_GAP = "no_gap", "No group was picked at under 0.8 times the rate of the most-picked group."
    NOT_ENOUGH_DATA = "not_enough_data", "There is not enough data yet to tell."


@dataclass(frozen=True, slots=True)
class GroupCount:
    """One volunteered group in one ranking: candidates, and how many were shown."""

    group: str
    candidates: int
    selected: int

    def __post_init__(self) -> None:
        if not self.group:
            raise ValueError("a group has a name")
        if self.candidates < 1 or not 0 <= self.selected <= self.candidates:
            raise ValueError("a group has candidates, and picks no more than it has")


@dataclass(frozen=True, slots=True)
class RankingSnapshot:
    """One ranking shown for a job, as counts by group. It never holds a worker id."""

    job_id: str
    employer_id: str
    taken_at: datetime
    shown_k: int
    groups: tuple[GroupCount, ...]
    unknown: int = 0  # candidates who gave no group: a total, never a group
    question: str = ""  # which question the groups answer (race, sex...); windows keep apart

    def __post_init__(self) -> None:
        if self.taken_at.tzinfo is None:
            raise ValueError("a snapshot's time has a time zone")
        if self.shown_k < 1 or self.unknown < 0:
            raise ValueError("a ranking shows at least one candidate")
        names = [g.group for g in self.groups]
        if len(set(names)) != len(names):
            raise ValueError("a group appears twice in a snapshot")


def snapshot_of(
    job_id: str,
    employer_id: str,
    taken_at: datetime,
    ranked_worker_ids: Sequence[str],
    shown_k: int,
    group_of: Mapping[str, str | None],
    *,
    question: str = "",
) -> RankingSnapshot:
    """Counts by group of one ranking (best first) whose top `shown_k` were shown.

    `group_of` is what workers volunteered (as `Personal.groups_for_job` gives it: no answer
    and "prefer not to say" are None). Anyone without a group adds to `unknown` only. The ids
    are read here and dropped, so what is stored is counts.
    """
    if shown_k < 1:
        raise ValueError("a ranking shows at least one candidate")
    if len(set(ranked_worker_ids)) != len(ranked_worker_ids):
        raise ValueError("a candidate appears twice in the ranking")
    totals: Counter[str] = Counter()
    chosen: Counter[str] = Counter()
    unknown = 0
    for place, worker in enumerate(ranked_worker_ids):
        group = group_of.get(worker)
        if not group:
            unknown += 1
            continue
        totals[group] += 1
        chosen[group] += place < shown_k
    counts = tuple(GroupCount(g, totals[g], chosen[g]) for g in sorted(totals))
    return RankingSnapshot(job_id, employer_id, taken_at, shown_k, counts, unknown, question)


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group in a window. Counts are None at job scope or when small_cells hides them;
    rate, ratio and p-value are None when they would give a hidden count back."""

    group: str
    label: str
    candidates: int | None
    selected: int | None
    rate: float | None
    impact_ratio: float | None  # against the most-picked group; None for that group
    p_value: float | None  # Fisher's exact test against the most-picked group
    reference: bool  # this is the most-picked group
    below_four_fifths: bool
    enough_data: bool  # see `monitor`: the gap, if any, is not likely chance


@dataclass(frozen=True, slots=True)
class Alert:
    """A plain warning for the admins of `employer_id`. Names groups, never people."""

    employer_id: str
    scope: MonitorScope
    subject_id: str  # the job or the employer
    question: str
    group: str
    reference_group: str
    impact_ratio: float | None  # None when the exact figure would give a small count back
    p_value: float | None
    message: str


@dataclass(frozen=True, slots=True)
class WindowResult:
    """What the monitor says about one job or employer over one window."""

    scope: MonitorScope
    subject_id: str
    employer_id: str
    name: str
    question: str
    start: datetime  # exclusive
    end: datetime  # inclusive
    jobs: int  # how many jobs' latest rankings were added
    groups: tuple[GroupResult, ...]
    left_out_groups: int  # groups too small to show (not named)
    status: Status
    alerts: tuple[Alert, ...] = field(default=())

    @property
    def message(self) -> str:
        return self.status.label


def monitor(
    snapshots: Iterable[RankingSnapshot],
    now: datetime,
    *,
    window_days: int = WINDOW_DAYS,
    min_group: int = DEFAULT_THRESHOLD,
    min_selected: int = MIN_SELECTED,
    scope: MonitorScope = MonitorScope.JOB,
    names: Mapping[str, str] | None = None,
    group_labels: Mapping[str, str] | None = None,
) -> list[WindowResult]:
    """One result per job (or employer) and question with a snapshot in the window
    (now - window_days, now].

    A group is compared only with `min_group` candidates or more (also the small_cells
    threshold). The data are *enough* for a group under four-fifths when, with the most-picked
    group, at least `min_selected` people were picked and Fisher's test gives p < 0.05; only
    then is there an `Alert`. Otherwise the window says there is not enough data yet.
    `names` gives job titles and employer names, `group_labels` how a group reads in "people
    who said they are ..."; the ids and codes stand in for what is missing.
    """
    if now.tzinfo is None:
        raise ValueError("now has a time zone")
    if window_days < 1 or min_group < 1 or min_selected < 1:
        raise ValueError("the window, the smallest group and the fewest picks are at least 1")
    start = now - timedelta(days=window_days)
    latest: dict[tuple[str, str], RankingSnapshot] = {}
    for snap in snapshots:
        if not start < snap.taken_at <= now:
            continue
        key = (snap.job_id, snap.question)
        if key not in latest or _order(snap) > _order(latest[key]):
            latest[key] = snap
    by_subject: dict[tuple[str, str], list[RankingSnapshot]] = {}
    for (job_id, question), snap in sorted(latest.items()):
        subject = job_id if scope is MonitorScope.JOB else snap.employer_id
        by_subject.setdefault((subject, question), []).append(snap)
    labels = group_labels or {}
    results = []
    for (subject, question), snaps in sorted(by_subject.items()):
        totals: Counter[str] = Counter()
        chosen: Counter[str] = Counter()
        for snap in snaps:
            for count in snap.groups:
                totals[count.group] += count.candidates
                chosen[count.group] += count.selected
        window = _Window(
            scope=scope,
            subject_id=subject,
            employer_id=snaps[-1].employer_id,
            name=(names or {}).get(subject, subject),
            question=question,
            start=start,
            end=now,
            jobs=len(snaps),
            window_days=window_days,
            labels=labels,
        )
        results.append(window.judge(totals, chosen, min_group, min_selected))
    return results


def _order(snap: RankingSnapshot) -> tuple[object, ...]:
    """Latest first; two snapshots at the same instant are ordered by their counts, so the
    choice never depends on the order they are read in."""
    counts = tuple((g.group, g.candidates, g.selected) for g in snap.groups)
    return (snap.taken_at, snap.shown_k, snap.unknown, counts)


@dataclass(frozen=True, slots=True)
class _Window:
    scope: MonitorScope
    subject_id: str
    employer_id: str
    name: str
    question: str
    start: datetime
    end: datetime
    jobs: int
    window_days: int
    labels: Mapping[str, str]

    def label(self, group: str) -> str:
        return self.labels.get(group, group.replace("_", " "))

    def judge(
        self, totals: Counter[str], chosen: Counter[str], min_group: int, min_selected: int
    ) -> WindowResult:
        kept = sorted(g for g, n in totals.items() if n >= min_group)
        cells = suppress_table(
            [[chosen[g], totals[g] - chosen[g]] for g in kept],
            threshold=min_group,
            column_totals=False,
        )
        full = {g: all(c.shown for c in row) for g, row in zip(kept, cells, strict=True)}
        audit = _compare(kept, totals, chosen, min_group)
        rates = {r.group: r for r in audit}
        reference = next((r.group for r in audit if r.impact_ratio is None), None)
        counts_shown = self.scope is MonitorScope.EMPLOYER
        groups = []
        alerts = []
        for g in kept:
            rate = rates.get(g)
            below = rate is not None and rate.flagged
            picked = chosen[g] + (chosen[reference] if reference else 0)
            p = rate.p_value if rate else None
            enough = p is not None and picked >= min_selected and p < SIGNIFICANCE
            exact = full[g] and reference is not None and full[reference]
            groups.append(
                GroupResult(
                    group=g,
                    label=self.label(g),
                    candidates=totals[g] if counts_shown else None,
                    selected=chosen[g] if counts_shown and full[g] else None,
                    rate=rate.rate if rate and full[g] else None,
                    impact_ratio=rate.impact_ratio if rate and exact else None,
                    p_value=p if exact else None,
                    reference=g == reference,
                    below_four_fifths=below,
                    enough_data=enough,
                )
            )
            if below and enough and rate is not None and reference is not None:
                ratio = rate.impact_ratio if exact else None
                alerts.append(self.alert(g, reference, ratio, p if exact else None))
        if alerts:
            status = Status.ALERT
        elif (
            len(kept) < 2
            or reference is None
            or sum(chosen[g] for g in kept) < min_selected
            or any(g.below_four_fifths for g in groups)
        ):
            status = Status.NOT_ENOUGH_DATA
        else:
            status = Status.NO_GAP
        return WindowResult(
            scope=self.scope,
            subject_id=self.subject_id,
            employer_id=self.employer_id,
            name=self.name,
            question=self.question,
            start=self.start,
            end=self.end,
            jobs=self.jobs,
            groups=tuple(groups),
            left_out_groups=len(totals) - len(kept),
            status=status,
            alerts=tuple(alerts),
        )

    def alert(
        self, group: str, reference: str, ratio: float | None, p_value: float | None
    ) -> Alert:
        return Alert(
            employer_id=self.employer_id,
            scope=self.scope,
            subject_id=self.subject_id,
            question=self.question,
            group=group,
            reference_group=reference,
            impact_ratio=ratio,
            p_value=p_value,
            message=alert_message(
                self.scope, self.name, self.window_days, self.label(group), ratio
            ),
        )


def _compare(
    kept: list[str], totals: Counter[str], chosen: Counter[str], min_group: int
) -> tuple[GroupRate, ...]:
    """Rates, ratios and Fisher's test of the kept groups, from the one-ranking audit.

    The window's counts are replayed through `audit_ranking` as a list of placeholders (the
    picked ones first, the top K being everyone picked), so a window and a single ranking are
    judged by the same code: the same most-picked group, ratio and test. The placeholders are
    numbers made here and never leave this function. With no one picked there is nothing to
    compare.
    """
    picked = sum(chosen[g] for g in kept)
    if picked == 0 or len(kept) < 2:
        return ()
    first: list[str] = []
    rest: list[str] = []
    group_of: dict[str, str | None] = {}
    for g in kept:
        for n in range(totals[g]):
            place = str(len(group_of))
            group_of[place] = g
            (first if n < chosen[g] else rest).append(place)
    audit = audit_ranking(first + rest, picked, group_of, min_group=min_group)
    return audit.groups


def alert_message(
    scope: MonitorScope, name: str, window_days: int, group_label: str, ratio: float | None
) -> str:
    """The words the employer's admins read: what was seen, over what, and what to do.
    Short sentences, so it reads at grade 8 or below."""
    where = f"for the job {name}" if scope is MonitorScope.JOB else f"for all jobs at {name}"
    how = (
        f"{ratio:.2f} times as often as"
        if ratio is not None
        else f"less than {FOUR_FIFTHS} times as often as"
    )
    return (
        f"This is about the people shown {where} in the last {window_days} days. "
        f"People who said they are {group_label} were picked {how} the most-picked group. "
        "The gap is not likely to be chance. "
        "Please check that each thing the job asks for is really needed. "
        "This is a warning sign. It does not prove bias."
    )
