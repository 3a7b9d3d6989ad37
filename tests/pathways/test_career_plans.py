"""The career advancement plan as pure data (issue 15, item 4): the stage order, status
changes, edits that are all-or-nothing, what a navigator may do, and milestones due in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.pathways.guide import Stage
from onramp.pathways.plan_model import (
    MAX_ITEMS,
    NEXT_ACTIONS,
    STATUS_MOVES,
    Author,
    Edit,
    EditKind,
    PlanStatus,
    SupportKind,
    Writer,
    apply_edit,
    glance_of,
    milestones_due,
    move_status,
    new_plan,
    parts_of,
)

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
WORKER = Writer(Author.WORKER, "Ana Diaz", AT)
NAVIGATOR = Writer(Author.NAVIGATOR, "Maria Lopez, Northside", AT)


def _plan():  # type: ignore[no-untyped-def]
    return new_plan("w1", AT)


def test_the_stages_follow_the_employment_lifecycle() -> None:
    assert [s.value for s in Stage] == ["explore", "prepare", "apply", "start", "grow", "advance"]
    assert [s.number for s in Stage] == [1, 2, 3, 4, 5, 6]
    assert _plan().stage is Stage.EXPLORE and _plan().status is PlanStatus.ACTIVE


def test_status_changes_follow_the_allowed_moves() -> None:
    assert move_status(PlanStatus.ACTIVE, PlanStatus.PAUSED) is PlanStatus.PAUSED
    assert move_status(PlanStatus.PAUSED, PlanStatus.ACTIVE) is PlanStatus.ACTIVE
    assert move_status(PlanStatus.DONE, PlanStatus.ACTIVE) is PlanStatus.ACTIVE
    assert move_status(PlanStatus.DONE, PlanStatus.DONE) is PlanStatus.DONE
    with pytest.raises(InvalidInputError, match="cannot become paused"):
        move_status(PlanStatus.DONE, PlanStatus.PAUSED)
    with pytest.raises(InvalidInputError):
        move_status(PlanStatus.ACTIVE, None)


@given(st.lists(st.sampled_from(list(PlanStatus)), max_size=12))
def test_any_walk_of_status_changes_stays_on_allowed_moves(walk: list[PlanStatus]) -> None:
    status = PlanStatus.ACTIVE
    for to in walk:
        try:
            moved = move_status(status, to)
        except InvalidInputError:
            assert to not in STATUS_MOVES[status] and to is not status
            continue
        assert moved is to and (to is status or to in STATUS_MOVES[status])
        status = moved


def test_goals_milestones_supports_and_notes_are_added_to_their_stage() -> None:
    plan = _plan()
    plan = apply_edit(plan, Edit(EditKind.ADD_GOAL, Stage.PREPARE, "Finish the CNA class"), WORKER)
    plan = apply_edit(
        plan,
        Edit(EditKind.ADD_MILESTONE, Stage.PREPARE, "Class test", due=date(2027, 2, 1)),
        WORKER,
    )
    plan = apply_edit(
        plan, Edit(EditKind.ADD_SUPPORT, Stage.PREPARE, support=SupportKind.CHILDCARE), WORKER
    )
    plan = apply_edit(plan, Edit(EditKind.ADD_NOTE, Stage.PREPARE, "  Ask   about   aid "), WORKER)
    part = plan.part(Stage.PREPARE)
    assert [g.text for g in part.goals] == ["Finish the CNA class"]
    assert part.milestones[0].due == date(2027, 2, 1) and not part.milestones[0].done
    assert part.supports[0].kind is SupportKind.CHILDCARE
    assert part.notes[0].text == "Ask about aid" and part.notes[0].at == AT
    assert plan.part(Stage.EXPLORE).goals == ()
    # ticking and removing by id
    goal = part.goals[0].id
    plan = apply_edit(plan, Edit(EditKind.TICK_GOAL, item_id=goal, done=True), WORKER)
    assert plan.part(Stage.PREPARE).goals[0].done
    plan = apply_edit(plan, Edit(EditKind.REMOVE, item_id=goal), WORKER)
    assert plan.part(Stage.PREPARE).goals == ()
    # the stored JSON reads back the same
    assert parts_of(plan.body()) == {s: plan.part(s) for s in Stage}


def test_bad_edits_are_refused_plainly() -> None:
    plan = _plan()
    for edit, message in [
        (Edit(EditKind.ADD_GOAL, Stage.GROW, "   "), "Write the goal first"),
        (Edit(EditKind.ADD_GOAL, None, "Learn"), "Choose a stage"),
        (Edit(EditKind.ADD_NOTE, Stage.GROW, "x" * 501), "under 500"),
        (Edit(EditKind.TICK_GOAL, item_id="nope", done=True), "not in the plan"),
        (Edit(EditKind.ADD_SUPPORT, Stage.GROW), "kind of help"),
        (Edit(EditKind.ADD_SUPPORT, Stage.GROW, support=SupportKind.OTHER), "Write the help"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            apply_edit(plan, edit, WORKER)
    full = plan
    for n in range(MAX_ITEMS):
        full = apply_edit(full, Edit(EditKind.ADD_GOAL, Stage.GROW, f"Goal {n}"), WORKER)
    with pytest.raises(InvalidInputError, match="at most"):
        apply_edit(full, Edit(EditKind.ADD_GOAL, Stage.GROW, "One more"), WORKER)


def test_a_navigator_may_add_but_not_change() -> None:
    plan = apply_edit(_plan(), Edit(EditKind.ADD_GOAL, Stage.EXPLORE, "Visit a clinic"), WORKER)
    plan = apply_edit(plan, Edit(EditKind.ADD_NOTE, Stage.EXPLORE, "Call me Friday"), NAVIGATOR)
    note = plan.part(Stage.EXPLORE).notes[0]
    assert note.author is Author.NAVIGATOR and note.author_name == "Maria Lopez, Northside"
    goal = plan.part(Stage.EXPLORE).goals[0].id
    for edit in (
        Edit(EditKind.TICK_GOAL, item_id=goal, done=True),
        Edit(EditKind.REMOVE, item_id=goal),
        Edit(EditKind.SET_STAGE, Stage.APPLY),
        Edit(EditKind.SET_STATUS, status=PlanStatus.DONE),
    ):
        with pytest.raises(InvalidInputError, match="navigator can add"):
            apply_edit(plan, edit, NAVIGATOR)


def test_milestones_due_soonest_first_then_undated_in_stage_order() -> None:
    plan = _plan()
    for stage, text, due in [
        (Stage.GROW, "Ask for a raise", date(2027, 6, 1)),
        (Stage.EXPLORE, "Talk to a nurse", None),
        (Stage.PREPARE, "Sign up for class", date(2027, 1, 5)),
        (Stage.APPLY, "Send three applications", date(2027, 1, 5)),
        (Stage.PREPARE, "Pass the test", None),
    ]:
        plan = apply_edit(plan, Edit(EditKind.ADD_MILESTONE, stage, text, due=due), WORKER)
    done = plan.part(Stage.GROW).milestones[0].id
    plan = apply_edit(plan, Edit(EditKind.TICK_MILESTONE, item_id=done, done=True), WORKER)
    assert [m.text for m in milestones_due(plan)] == [
        "Sign up for class",
        "Send three applications",
        "Talk to a nurse",
        "Pass the test",
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Stage)),
            st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2030, 12, 31))),
            st.booleans(),
        ),
        max_size=20,
    )
)
def test_milestones_due_are_every_open_milestone_in_date_order(
    items: list[tuple[Stage, date | None, bool]],
) -> None:
    plan = _plan()
    for n, (stage, due, _done) in enumerate(items):
        plan = apply_edit(plan, Edit(EditKind.ADD_MILESTONE, stage, f"m{n}", due=due), WORKER)
    for stage in Stage:
        for m, (_stage, _due, done) in zip(
            plan.part(stage).milestones,
            [i for i in items if i[0] is stage],
            strict=True,
        ):
            if done:
                plan = apply_edit(
                    plan, Edit(EditKind.TICK_MILESTONE, item_id=m.id, done=True), WORKER
                )
    due = milestones_due(plan)
    assert len(due) == sum(1 for _s, _d, done in items if not done)
    dated = [m.due for m in due if m.due is not None]
    assert dated == sorted(dated)
    assert all(m.due is None for m in due[len(dated) :])


def test_a_glance_shows_the_current_stage_open_goals_first_few() -> None:
    plan = replace(_plan(), stage=Stage.PREPARE)
    for n in range(5):
        plan = apply_edit(plan, Edit(EditKind.ADD_GOAL, Stage.PREPARE, f"Goal {n}"), WORKER)
    first = plan.part(Stage.PREPARE).goals[0].id
    plan = apply_edit(plan, Edit(EditKind.TICK_GOAL, item_id=first, done=True), WORKER)
    glance = glance_of(plan, "Registered Nurses")
    assert glance.stage == "prepare" and glance.status == "active"
    assert glance.next_actions == ("Goal 1", "Goal 2", "Goal 3")[:NEXT_ACTIONS]
    assert glance.target == "Registered Nurses" and glance.updated_at == AT
