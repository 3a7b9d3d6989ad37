"""The adverse-impact monitor (issue 18, item 3): rolling windows of counts per job and per
employer, alerts only on enough data, small groups never shown, no worker id ever kept."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.metrics.monitor import (
    GroupCount,
    MonitorScope,
    RankingSnapshot,
    Status,
    WindowResult,
    alert_message,
    monitor,
    snapshot_of,
)
from onramp.small_cells import DEFAULT_THRESHOLD

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
NAMES = {"nurse": "Night Nurse", "cook": "Line Cook", "clerk": "Desk Clerk", "acme": "Acme Care"}
LABELS = {"a": "Group A", "b": "Group B"}


def ranking(job: str, shown: dict[str, int], totals: dict[str, int], unknown: int = 0):
    """A ranked list of made-up worker ids whose top K holds `shown[g]` of group g."""
    top: list[str] = []
    rest: list[str] = []
    group_of: dict[str, str | None] = {}
    for group, total in totals.items():
        for n in range(total):
            worker = f"{job}-{group}-worker-{n}"
            group_of[worker] = group
            (top if n < shown[group] else rest).append(worker)
    for n in range(unknown):
        worker = f"{job}-nobody-{n}"
        group_of[worker] = None if n % 2 else ""
        (top if n == 0 else rest).append(worker)
    return top + rest, len(top), group_of


def snap(
    job: str,
    employer: str,
    days_ago: float,
    shown: dict[str, int],
    totals: dict[str, int],
    unknown: int = 0,
    question: str = "sex",
) -> RankingSnapshot:
    ids, k, group_of = ranking(job, shown, totals, unknown)
    taken = NOW - timedelta(days=days_ago)
    return snapshot_of(job, employer, taken, ids, k, group_of, question=question)


def unfair_employer() -> list[RankingSnapshot]:
    """Nurse and cook pick group B at 0.6 of group A's rate; clerk is fair."""
    snaps = []
    for job, days in (("nurse", 80), ("cook", 40)):
        snaps.append(snap(job, "acme", days + 5, {"a": 20, "b": 20}, {"a": 40, "b": 40}))
        snaps.append(snap(job, "acme", days, {"a": 50, "b": 30}, {"a": 100, "b": 100}, 12))
    snaps.append(snap("clerk", "acme", 10, {"a": 40, "b": 40}, {"a": 80, "b": 80}))
    return snaps


def by_subject(results: list[WindowResult]) -> dict[str, WindowResult]:
    return {r.subject_id: r for r in results}


def run(snaps: list[RankingSnapshot], scope: MonitorScope) -> dict[str, WindowResult]:
    return by_subject(monitor(snaps, NOW, scope=scope, names=NAMES, group_labels=LABELS))


def test_unfair_employer_is_flagged_per_employer_and_per_affected_job() -> None:
    jobs = run(unfair_employer(), MonitorScope.JOB)
    assert {j: r.status for j, r in jobs.items()} == {
        "nurse": Status.ALERT,
        "cook": Status.ALERT,
        "clerk": Status.NO_GAP,
    }
    (alert,) = jobs["nurse"].alerts
    assert (alert.group, alert.reference_group, alert.employer_id) == ("b", "a", "acme")
    assert alert.impact_ratio == pytest.approx(0.6)
    assert alert.p_value is not None and alert.p_value < 0.05
    assert "Night Nurse" in alert.message and "Group B" in alert.message
    assert "0.60 times" in alert.message and "last 90 days" in alert.message

    employer = run(unfair_employer(), MonitorScope.EMPLOYER)["acme"]
    assert employer.status is Status.ALERT and employer.jobs == 3
    (alert,) = employer.alerts
    assert alert.scope is MonitorScope.EMPLOYER and "all jobs at Acme Care" in alert.message
    group_b = next(g for g in employer.groups if g.group == "b")
    # latest of each job added: 100 + 100 + 80 candidates, 30 + 30 + 40 picked
    assert (group_b.candidates, group_b.selected) == (280, 100)
    assert group_b.below_four_fifths and group_b.enough_data


def test_fair_employer_is_not_flagged() -> None:
    snaps = [
        snap("nurse", "fair", 30, {"a": 45, "b": 40}, {"a": 100, "b": 100}),
        snap("cook", "fair", 5, {"a": 30, "b": 31}, {"a": 60, "b": 62}, 9),
    ]
    for scope in MonitorScope:
        for result in monitor(snaps, NOW, scope=scope):
            assert result.status is Status.NO_GAP and not result.alerts
            assert not any(g.below_four_fifths for g in result.groups)
            assert result.message == Status.NO_GAP.label


def test_too_little_data_is_not_flagged_and_says_not_enough_data_yet() -> None:
    # group B is picked at 0.5 of A's rate, but with 12 people each the gap may be chance
    few = [snap("nurse", "small", 3, {"a": 6, "b": 3}, {"a": 12, "b": 12})]
    (result,) = monitor(few, NOW, scope=MonitorScope.EMPLOYER)
    assert result.status is Status.NOT_ENOUGH_DATA and not result.alerts
    assert "not enough data yet" in result.message
    assert any(g.below_four_fifths and not g.enough_data for g in result.groups)
    # one group only: nothing to compare
    alone = [snap("nurse", "small", 3, {"a": 20}, {"a": 50})]
    (result,) = monitor(alone, NOW)
    assert result.status is Status.NOT_ENOUGH_DATA
    # a clear gap on paper, but fewer people picked than min_selected
    (result,) = monitor([snap("nurse", "small", 3, {"a": 4, "b": 0}, {"a": 10, "b": 40})], NOW)
    assert result.status is Status.NOT_ENOUGH_DATA and not result.alerts


def test_snapshots_older_than_the_window_are_ignored() -> None:
    old = snap("nurse", "acme", 91, {"a": 50, "b": 10}, {"a": 100, "b": 100})
    assert monitor([old], NOW) == []
    recent = snap("nurse", "acme", 89, {"a": 40, "b": 40}, {"a": 100, "b": 100})
    (result,) = monitor([old, recent], NOW)
    assert result.status is Status.NO_GAP
    # a shorter window leaves the recent one out too; a snapshot after now never counts
    assert monitor([old, recent], NOW, window_days=30) == []
    future = snap("nurse", "acme", -1, {"a": 50, "b": 10}, {"a": 100, "b": 100})
    (result,) = monitor([recent, future], NOW)
    assert result.status is Status.NO_GAP


def test_only_the_latest_ranking_of_a_job_counts() -> None:
    """The same people are ranked again and again: they count once, as last shown."""
    repeated = [
        snap("nurse", "acme", day, {"a": 40, "b": 40}, {"a": 100, "b": 100})
        for day in range(2, 80, 2)
    ]
    latest = snap("nurse", "acme", 1, {"a": 50, "b": 30}, {"a": 100, "b": 100})
    (result,) = monitor([*repeated, latest], NOW, scope=MonitorScope.EMPLOYER)
    assert {g.group: g.candidates for g in result.groups} == {"a": 100, "b": 100}
    assert result.status is Status.ALERT and result.jobs == 1
    # two rankings at the same instant: the same one is kept whatever the order read
    twin = snap("nurse", "acme", 1, {"a": 50, "b": 31}, {"a": 100, "b": 100})
    first = monitor([latest, twin], NOW, scope=MonitorScope.EMPLOYER)
    assert first == monitor([twin, latest], NOW, scope=MonitorScope.EMPLOYER)


def test_questions_are_kept_apart() -> None:
    snaps = [
        snap("nurse", "acme", 2, {"a": 50, "b": 30}, {"a": 100, "b": 100}, question="sex"),
        snap("nurse", "acme", 2, {"a": 40, "b": 40}, {"a": 100, "b": 100}, question="age"),
    ]
    results = monitor(snaps, NOW)
    assert {r.question: r.status for r in results} == {"sex": Status.ALERT, "age": Status.NO_GAP}


def test_small_groups_never_appear() -> None:
    snaps = [snap("nurse", "acme", 2, {"a": 50, "b": 30, "c": 3}, {"a": 100, "b": 100, "c": 9}, 4)]
    for scope in MonitorScope:
        (result,) = monitor(snaps, NOW, scope=scope)
        assert [g.group for g in result.groups] == ["a", "b"]
        assert result.left_out_groups == 1
        assert "c" not in {a.group for a in result.alerts}


def test_job_results_carry_no_counts_and_small_cells_hide_rates() -> None:
    snaps = [snap("nurse", "acme", 2, {"a": 50, "b": 4}, {"a": 100, "b": 100})]
    (job,) = monitor(snaps, NOW)
    assert all(g.candidates is None and g.selected is None for g in job.groups)
    (employer,) = monitor(snaps, NOW, scope=MonitorScope.EMPLOYER)
    group_b = next(g for g in employer.groups if g.group == "b")
    # 4 picked is a small count: hidden, with the rate and ratio that would give it back
    assert group_b.candidates == 100
    assert (group_b.selected, group_b.rate, group_b.impact_ratio, group_b.p_value) == (
        None,
        None,
        None,
        None,
    )
    assert group_b.below_four_fifths and employer.status is Status.ALERT
    (alert,) = employer.alerts
    assert alert.impact_ratio is None and "less than 0.8 times" in alert.message


def test_snapshot_of_counts_groups_and_keeps_unknown_apart() -> None:
    ids, k, group_of = ranking("nurse", {"a": 2, "b": 1}, {"a": 3, "b": 2}, unknown=3)
    result = snapshot_of("nurse", "acme", NOW, ids, k, group_of)
    assert result.groups == (GroupCount("a", 3, 2), GroupCount("b", 2, 1))
    assert result.unknown == 3 and result.shown_k == k
    with pytest.raises(ValueError):
        snapshot_of("nurse", "acme", NOW, ["x", "x"], 1, {})
    with pytest.raises(ValueError):
        snapshot_of("nurse", "acme", NOW, ["x"], 0, {})
    with pytest.raises(ValueError):
        snapshot_of("nurse", "acme", NOW.replace(tzinfo=None), ["x"], 1, {})
    with pytest.raises(ValueError):
        monitor([], NOW.replace(tzinfo=None))


def test_alert_message_is_plain() -> None:
    for scope in MonitorScope:
        for ratio in (0.62, None):
            words = alert_message(scope, "Night Nurse", 90, "Black or African American", ratio)
            assert textstat.flesch_kincaid_grade(words) <= 8, words
            assert "does not prove bias" in words
    for status in Status:
        assert textstat.flesch_kincaid_grade(status.label) <= 8, status.label


def _counts(result: WindowResult) -> list[int]:
    shown = []
    for group in result.groups:
        shown += [n for n in (group.candidates, group.selected) if n is not None]
        if group.candidates is not None and group.selected is not None:
            shown.append(group.candidates - group.selected)
    return shown


group_counts = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]),
    st.tuples(st.integers(1, 40), st.integers(0, 40)).map(lambda t: (t[0], min(t[0], t[1]))),
    min_size=1,
)
snapshots = st.lists(
    st.builds(
        lambda job, days, counts, unknown: RankingSnapshot(
            job_id=f"job-{job}",
            employer_id=f"employer-{job % 2}",
            taken_at=NOW - timedelta(days=days),
            shown_k=max(1, sum(s for _, s in counts.values())),
            groups=tuple(GroupCount(g, c, s) for g, (c, s) in sorted(counts.items())),
            unknown=unknown,
        ),
        st.integers(0, 5),
        st.integers(0, 120),
        group_counts,
        st.integers(0, 5),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(snapshots, st.integers(2, DEFAULT_THRESHOLD))
def test_results_never_show_a_count_under_the_threshold(
    snaps: list[RankingSnapshot], threshold: int
) -> None:
    for scope in MonitorScope:
        for result in monitor(snaps, NOW, scope=scope, min_group=threshold):
            assert all(n == 0 or n >= threshold for n in _counts(result)), result
            for group in result.groups:
                if group.candidates is not None:
                    assert group.candidates >= threshold
                if scope is MonitorScope.JOB:
                    assert group.candidates is None and group.selected is None
                else:  # a rate or ratio never gives back a hidden count
                    assert group.rate is None or group.selected is not None
            reference = next((g for g in result.groups if g.reference), None)
            for group in result.groups:
                if group.impact_ratio is not None and scope is MonitorScope.EMPLOYER:
                    assert reference is not None and reference.selected is not None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=30),
    st.integers(1, 10),
    st.data(),
)
def test_snapshot_of_never_keeps_a_worker_id(
    tokens: list[str], shown_k: int, data: st.DataObject
) -> None:
    workers = [f"worker:{token}" for token in tokens]
    group_of = {w: data.draw(st.sampled_from(["a", "b", None])) for w in workers}
    result = snapshot_of("job", "employer", NOW, workers, shown_k, group_of)
    kept = repr(result)
    assert not any(worker in kept for worker in workers)
    assert {f.name for f in fields(RankingSnapshot)} == {
        "job_id",
        "employer_id",
        "taken_at",
        "shown_k",
        "groups",
        "unknown",
        "question",
    }
    assert sum(g.candidates for g in result.groups) + result.unknown == len(workers)
    assert sum(g.selected for g in result.groups) <= shown_k
