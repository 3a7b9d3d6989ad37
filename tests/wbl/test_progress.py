"""Where an apprentice stands, from recorded facts (issue 17, item 3)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from onramp.wbl.model import Approach
from onramp.wbl.progress import SignOffEvent, progress, signed_off_now

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_program_standards import electrician, medical_assistant  # noqa: E402

T0 = datetime(2026, 1, 5, tzinfo=UTC)


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def test_time_based_progress_counts_hours_and_flags_the_pay_step() -> None:
    program = electrician()
    state = progress(program, [("w1", 1500), ("w1", 600), ("w2", 10)], 120, [], paid_share=0.5)
    assert state.ojl_hours == 2110 and state.hours_by_competency == {"w1": 2100, "w2": 10}
    assert state.step is not None and state.step.share == 0.6 and state.step_due
    assert not state.complete
    assert state.missing == (
        "Install conduit and boxes: 900 more hours",
        "Wire circuits to code: 2990 more hours",
        "Test and fix faults: 2000 more hours",
        "Classes: 480 more hours",
    )
    paid = progress(program, [("w1", 2100)], 0, [], paid_share=0.6)
    assert not paid.step_due


def test_time_based_completion_needs_every_work_process_hours() -> None:
    program = electrician()
    state = progress(program, [("w1", 3000), ("w2", 3000), ("w3", 2000)], 600, [])
    assert state.complete and state.missing == ()
    assert state.step is not None and state.step.share == 0.85


def test_a_reversed_sign_off_no_longer_counts_until_signed_again() -> None:
    program = medical_assistant()
    rti = program.rti_hours
    events = [SignOffEvent("m1", at(1)), SignOffEvent("m2", at(2))]
    assert progress(program, [], rti, events).complete
    reversed_ = [*events, SignOffEvent("m2", at(3), reversed=True)]
    state = progress(program, [], rti, reversed_)
    assert not state.complete and state.missing == ("Room patients: not signed off yet",)
    again = progress(program, [], rti, [*reversed_, SignOffEvent("m2", at(4))])
    assert again.complete


def test_interim_credentials_are_earned_when_their_competencies_are_signed_off() -> None:
    program = electrician()
    assert progress(program, [], 0, []).earned == ()
    earned = progress(program, [], 0, [SignOffEvent("w1", at(1))]).earned
    assert [c.name for c in earned] == ["Wiring basics"]


def test_hybrid_needs_both_hours_and_sign_offs() -> None:
    program = electrician(approach=Approach.HYBRID)
    hours = [("w1", 3000), ("w2", 3000), ("w3", 2000)]
    assert not progress(program, hours, 0, []).complete
    events = [SignOffEvent(c, at(i)) for i, c in enumerate(("w1", "w2", "w3"))]
    assert progress(program, hours, 600, events).complete
    assert progress(program, hours, 599, events).missing == ("Classes: 1 more hours",)


def test_sign_offs_of_unknown_competencies_are_ignored() -> None:
    state = progress(medical_assistant(), [], 0, [SignOffEvent("zz", at(1))])
    assert state.signed_off == frozenset()


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 50), st.booleans()), max_size=30))
def test_the_latest_event_per_competency_decides(raw: list[tuple[str, int, bool]]) -> None:
    events = [SignOffEvent(c, at(day), reversed=r) for c, day, r in raw]
    latest: dict[str, tuple[int, int, bool]] = {}
    for index, (c, day, r) in enumerate(raw):
        if c not in latest or (day, index) >= latest[c][:2]:
            latest[c] = (day, index, r)
    expected = {c for c, (_, _, r) in latest.items() if not r}
    assert signed_off_now(events) == expected
