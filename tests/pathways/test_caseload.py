"""The caseload's domain (issue 15, item 5): when a follow-up is due, what each filter keeps,
and how a referral's outcome history reads. Pure: no store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.pathways.caseload_model import (
    CaseloadFilter,
    CaseloadRow,
    Due,
    FollowUp,
    Outcome,
    OutcomeChange,
    Referral,
    ReferralKind,
    Service,
    due_now,
    due_state,
    order_rows,
)
from onramp.pathways.plan_glance import PlanGlance

TODAY = date(2026, 12, 6)
AT = datetime(2026, 12, 1, tzinfo=UTC)
days = st.integers(min_value=-400, max_value=400)


def follow_up(n: int, offset: int, *, done: bool = False, to: str = "nav1") -> FollowUp:
    return FollowUp(
        f"f{n}", "org", f"w{n}", TODAY + timedelta(days=offset), "Call", to, "Nav", None, AT,
        AT if done else None,
    )  # fmt: skip


def referral(n: int, *outcomes: Outcome) -> Referral:
    history = tuple(OutcomeChange(o, TODAY, "", None, AT) for o in outcomes or (Outcome.PENDING,))
    return Referral(
        f"r{n}", "org", f"w{n}", ReferralKind.SERVICE, Service.CHILDCARE, None, "", "", "", None,
        AT, history,
    )  # fmt: skip


def glance(stage: str, status: str) -> PlanGlance:
    return PlanGlance("w", "p", stage, status, "Nurse", ("Find a class",), (), AT)


def row(n: int, name: str = "", **parts: object) -> CaseloadRow:
    return CaseloadRow(
        f"w{n}",
        name,
        parts.get("glance"),  # type: ignore[arg-type]
        tuple(parts.get("follow_ups", ())),  # type: ignore[arg-type]
        tuple(parts.get("referrals", ())),  # type: ignore[arg-type]
    )


@given(days)
def test_an_open_follow_up_is_in_exactly_one_due_state(offset: int) -> None:
    due = TODAY + timedelta(days=offset)
    state = due_state(due, False, TODAY)
    assert (state is Due.OVERDUE) == (offset < 0)
    assert (state is Due.THIS_WEEK) == (0 <= offset <= 6)
    assert (state is Due.LATER) == (offset >= 7)
    assert due_state(due, True, TODAY) is Due.DONE  # done is never due, however late


def test_the_week_is_seven_days_from_today() -> None:
    assert due_state(TODAY, False, TODAY) is Due.THIS_WEEK
    assert due_state(TODAY + timedelta(days=6), False, TODAY) is Due.THIS_WEEK
    assert due_state(TODAY + timedelta(days=7), False, TODAY) is Due.LATER
    assert due_state(TODAY - timedelta(days=1), False, TODAY) is Due.OVERDUE


@given(st.lists(st.tuples(days, st.booleans()), max_size=12))
def test_due_now_holds_every_open_follow_up_due_within_a_week_soonest_first(
    plan: list[tuple[int, bool]],
) -> None:
    rows = [
        row(n, f"Worker {n}", follow_ups=[follow_up(n, o, done=d)]) for n, (o, d) in enumerate(plan)
    ]
    found = due_now(rows, TODAY)
    expected = {f"f{n}" for n, (o, d) in enumerate(plan) if not d and o <= 6}
    assert {i.follow_up.id for i in found} == expected
    assert [i.follow_up.due for i in found] == sorted(i.follow_up.due for i in found)


def test_the_outcome_is_the_latest_change_and_the_history_is_kept() -> None:
    made = referral(1, Outcome.PENDING, Outcome.STARTED, Outcome.COMPLETED)
    assert made.outcome is Outcome.COMPLETED and not made.is_open
    assert [h.outcome for h in made.history] == [
        Outcome.PENDING,
        Outcome.STARTED,
        Outcome.COMPLETED,
    ]
    assert referral(2, Outcome.PENDING, Outcome.STARTED).is_open
    assert made.what == "Help with childcare"


def test_filters_keep_only_matching_rows() -> None:
    rows = [
        row(1, "Ana Diaz", glance=glance("prepare", "active"), follow_ups=[follow_up(1, -2)]),
        row(
            2, "Bao Tran", glance=glance("apply", "paused"), follow_ups=[follow_up(2, 3, to="nav2")]
        ),
        row(3, "Carla Reyes", referrals=[referral(3, Outcome.PENDING, Outcome.HIRED)]),
        row(4, "", follow_ups=[follow_up(4, -5, done=True)]),
    ]

    def kept(**given: object) -> list[str]:
        chosen = CaseloadFilter(**given)  # type: ignore[arg-type]
        return [r.worker_id for r in rows if chosen.keeps(r, TODAY)]

    assert kept() == ["w1", "w2", "w3", "w4"]
    assert kept(stage="prepare") == ["w1"]
    assert kept(status="paused") == ["w2"]
    assert kept(due=Due.OVERDUE) == ["w1"]  # w4's late follow-up is done
    assert kept(due=Due.THIS_WEEK) == ["w2"]
    assert kept(outcome=Outcome.HIRED) == ["w3"]
    assert kept(outcome=Outcome.PENDING) == []  # the current outcome counts, not the history
    assert kept(navigator="nav2") == ["w2"]
    assert kept(text="  diaz ") == ["w1"]
    assert kept(text="a", stage="apply") == ["w2"]  # filters add up


def test_a_filter_refuses_what_it_cannot_mean() -> None:
    with pytest.raises(InvalidInputError):
        CaseloadFilter(due=Due.LATER)
    with pytest.raises(InvalidInputError):
        CaseloadFilter(text="x" * 201)


def test_past_due_workers_come_first_then_the_next_date() -> None:
    rows = [
        row(1, "Zed", follow_ups=[follow_up(1, 4)]),
        row(2, "Amy"),
        row(3, "Yan", follow_ups=[follow_up(3, -1)]),
        row(4, "Bo", follow_ups=[follow_up(4, 1)]),
    ]
    assert [r.name for r in order_rows(rows, TODAY)] == ["Yan", "Bo", "Zed", "Amy"]


def test_the_next_action_comes_from_the_plan_then_the_next_follow_up() -> None:
    assert row(1, glance=glance("prepare", "active")).next_action == "Find a class"
    assert row(2, follow_ups=[follow_up(2, 2)]).next_action == "Call"
    assert row(3).next_action == ""
