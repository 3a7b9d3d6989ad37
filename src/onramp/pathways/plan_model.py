"""The career advancement plan (issue 15, item 4), as pure data: the plan, its parts at each
lifecycle stage, and the edits that change it. No I/O: `onramp.pathways.plans` stores it.

Who may change what: the worker owns the plan and may make every edit. A navigator the worker
shares the plan with may only add (a note, a goal, a milestone); what they add is marked as
theirs. Ticking, removing, moving the stage and changing the status stay with the worker
(decisions/0026).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from onramp.errors import InvalidInputError
from onramp.pathways.guide import Stage
from onramp.pathways.plan_glance import MilestoneDue, PlanGlance
from onramp.vocabulary import LabeledEnum

MAX_TEXT = 500  # one goal, milestone, support or note
MAX_ITEMS = 40  # of each kind, per stage
MAX_STEPS = 3  # pathway steps toward the target (issue 15, item 2)
NEXT_ACTIONS = 3  # open goals a caseload row shows


class PlanStatus(LabeledEnum):
    ACTIVE = "active", "You are working on this plan."
    PAUSED = "paused", "You put this plan on hold for now."
    DONE = "done", "You reached the goal of this plan."


# Where each status may go: a paused or finished plan can start again; a finished plan is not
# paused (it would say nothing more than finished).
STATUS_MOVES: dict[PlanStatus, frozenset[PlanStatus]] = {
    PlanStatus.ACTIVE: frozenset({PlanStatus.PAUSED, PlanStatus.DONE}),
    PlanStatus.PAUSED: frozenset({PlanStatus.ACTIVE, PlanStatus.DONE}),
    PlanStatus.DONE: frozenset({PlanStatus.ACTIVE}),
}


class SupportKind(LabeledEnum):
    CHILDCARE = "childcare", "Child care while you train or work."
    TRANSPORT = "transport", "A way to get to class or work."
    BENEFITS = "benefits", "Help with benefits, such as health care or food aid."
    SCHEDULE = "schedule", "Hours that fit your life."
    OTHER = "other", "Some other help you need."


class Author(LabeledEnum):
    WORKER = "worker", "The worker wrote this."
    NAVIGATOR = "navigator", "A navigator wrote this."


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    text: str
    done: bool = False
    author: Author = Author.WORKER
    author_name: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str
    text: str
    due: date | None = None
    done: bool = False
    author: Author = Author.WORKER
    author_name: str = ""


@dataclass(frozen=True, slots=True)
class Support:
    id: str
    kind: SupportKind
    text: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    text: str
    at: datetime
    author: Author = Author.WORKER
    author_name: str = ""


@dataclass(frozen=True, slots=True)
class StagePart:
    goals: tuple[Goal, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    supports: tuple[Support, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class PathStep:
    code: str  # O*NET-SOC
    title: str


@dataclass(frozen=True, slots=True)
class CareerPlan:
    id: str
    worker_id: str
    status: PlanStatus
    stage: Stage
    target: PathStep | None
    steps: tuple[PathStep, ...]
    guide_org_id: str | None
    parts: dict[Stage, StagePart] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def part(self, stage: Stage) -> StagePart:
        return self.parts.get(stage, StagePart())

    def body(self) -> dict[str, Any]:
        """The stage parts as stored (JSON)."""
        return {s.value: _part_json(self.part(s)) for s in Stage}

    def contract(self) -> dict[str, Any]:
        """The plan as the API sends it."""
        return {
            "id": self.id,
            "status": self.status.value,
            "stage": self.stage.value,
            "target": None if self.target is None else _step_json(self.target),
            "steps": [_step_json(s) for s in self.steps],
            "guide_org_id": self.guide_org_id,
            "stages": self.body(),
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


def new_plan(worker_id: str, at: datetime) -> CareerPlan:
    return CareerPlan(
        str(uuid.uuid4()), worker_id, PlanStatus.ACTIVE, Stage.EXPLORE, None, (), None, {}, at, at
    )


# -- stored JSON ------------------------------------------------------------------------------
def _step_json(step: PathStep) -> dict[str, str]:
    return {"code": step.code, "title": step.title}


def _part_json(part: StagePart) -> dict[str, Any]:
    return {
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "done": g.done,
                "author": g.author.value,
                "author_name": g.author_name,
            }
            for g in part.goals
        ],
        "milestones": [
            {
                "id": m.id,
                "text": m.text,
                "due": m.due.isoformat() if m.due else None,
                "done": m.done,
                "author": m.author.value,
                "author_name": m.author_name,
            }
            for m in part.milestones
        ],
        "supports": [{"id": s.id, "kind": s.kind.value, "text": s.text} for s in part.supports],
        "notes": [
            {
                "id": n.id,
                "text": n.text,
                "at": n.at.isoformat(),
                "author": n.author.value,
                "author_name": n.author_name,
            }
            for n in part.notes
        ],
    }


def parts_of(body: dict[str, Any]) -> dict[Stage, StagePart]:
    """The stage parts from stored JSON."""
    parts = {}
    for stage in Stage:
        data = body.get(stage.value) or {}
        parts[stage] = StagePart(
            tuple(
                Goal(g["id"], g["text"], bool(g["done"]), Author(g["author"]), g["author_name"])
                for g in data.get("goals", [])
            ),
            tuple(
                Milestone(
                    m["id"],
                    m["text"],
                    date.fromisoformat(m["due"]) if m["due"] else None,
                    bool(m["done"]),
                    Author(m["author"]),
                    m["author_name"],
                )
                for m in data.get("milestones", [])
            ),
            tuple(
                Support(s["id"], SupportKind(s["kind"]), s["text"])
                for s in data.get("supports", [])
            ),
            tuple(
                Note(
                    n["id"],
                    n["text"],
                    datetime.fromisoformat(n["at"]),
                    Author(n["author"]),
                    n["author_name"],
                )
                for n in data.get("notes", [])
            ),
        )
    return parts


def steps_of(data: list[dict[str, str]]) -> tuple[PathStep, ...]:
    return tuple(PathStep(s["code"], s["title"]) for s in data)


# -- edits ------------------------------------------------------------------------------------
class EditKind(LabeledEnum):
    ADD_GOAL = "add_goal", "Add a goal."
    TICK_GOAL = "tick_goal", "Mark a goal done or not done."
    ADD_MILESTONE = "add_milestone", "Add a milestone with a date."
    TICK_MILESTONE = "tick_milestone", "Mark a milestone done or not done."
    ADD_SUPPORT = "add_support", "Add a kind of help you need."
    ADD_NOTE = "add_note", "Add a note."
    REMOVE = "remove", "Take something off the plan."
    SET_STAGE = "set_stage", "Move the plan to another stage."
    SET_STATUS = "set_status", "Change whether the plan is active, paused or done."
    SET_GUIDE = "set_guide", "Choose whose questions the plan shows."


# What a navigator the plan is shared with may do: add, never change what is there.
NAVIGATOR_EDITS = frozenset({EditKind.ADD_GOAL, EditKind.ADD_MILESTONE, EditKind.ADD_NOTE})


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to a plan. Which fields count depends on `kind`."""

    kind: EditKind
    stage: Stage | None = None
    text: str = ""
    due: date | None = None
    item_id: str = ""
    done: bool = False
    support: SupportKind | None = None
    status: PlanStatus | None = None
    guide_org_id: str | None = None


@dataclass(frozen=True, slots=True)
class Writer:
    """Who makes an edit, and when."""

    author: Author
    name: str
    at: datetime
    new_id: Callable[[], str] = lambda: str(uuid.uuid4())


def _text(text: str, what: str, *, required: bool = True) -> str:
    text = " ".join(text.split())
    if required and not text:
        raise InvalidInputError(f"Write the {what} first.")
    if len(text) > MAX_TEXT:
        raise InvalidInputError(f"Keep the {what} under {MAX_TEXT} letters.")
    return text


def _stage(edit: Edit) -> Stage:
    if edit.stage is None:
        raise InvalidInputError("Choose a stage of the plan.")
    return edit.stage


def _room(items: tuple[Any, ...], what: str) -> None:
    if len(items) >= MAX_ITEMS:
        raise InvalidInputError(f"A stage can hold at most {MAX_ITEMS} {what}.")


def _with_part(plan: CareerPlan, stage: Stage, part: StagePart) -> CareerPlan:
    return replace(plan, parts={**plan.parts, stage: part})


def _find(plan: CareerPlan, item_id: str) -> tuple[Stage, str]:
    """The stage and list ("goals", "milestones", ...) that hold an item."""
    for stage in Stage:
        part = plan.part(stage)
        for name in ("goals", "milestones", "supports", "notes"):
            if any(i.id == item_id for i in getattr(part, name)):
                return stage, name
    raise InvalidInputError("That item is not in the plan. Reload the page and try again.")


def apply_edit(plan: CareerPlan, edit: Edit, writer: Writer) -> CareerPlan:
    """The plan after one edit, or InvalidInputError (the plan is unchanged)."""
    if writer.author is Author.NAVIGATOR and edit.kind not in NAVIGATOR_EDITS:
        raise InvalidInputError("A navigator can add notes, goals and milestones, not change them.")
    kind = edit.kind
    if kind is EditKind.ADD_GOAL:
        stage = _stage(edit)
        part = plan.part(stage)
        _room(part.goals, "goals")
        goal = Goal(writer.new_id(), _text(edit.text, "goal"), False, writer.author, writer.name)
        return _with_part(plan, stage, replace(part, goals=(*part.goals, goal)))
    if kind is EditKind.ADD_MILESTONE:
        stage = _stage(edit)
        part = plan.part(stage)
        _room(part.milestones, "milestones")
        milestone = Milestone(
            writer.new_id(),
            _text(edit.text, "milestone"),
            edit.due,
            False,
            writer.author,
            writer.name,
        )
        return _with_part(plan, stage, replace(part, milestones=(*part.milestones, milestone)))
    if kind is EditKind.ADD_SUPPORT:
        stage = _stage(edit)
        part = plan.part(stage)
        _room(part.supports, "kinds of help")
        if edit.support is None:
            raise InvalidInputError("Choose the kind of help you need.")
        text = _text(edit.text, "help you need", required=edit.support is SupportKind.OTHER)
        support = Support(writer.new_id(), edit.support, text)
        return _with_part(plan, stage, replace(part, supports=(*part.supports, support)))
    if kind is EditKind.ADD_NOTE:
        stage = _stage(edit)
        part = plan.part(stage)
        _room(part.notes, "notes")
        note = Note(
            writer.new_id(), _text(edit.text, "note"), writer.at, writer.author, writer.name
        )
        return _with_part(plan, stage, replace(part, notes=(*part.notes, note)))
    if kind in (EditKind.TICK_GOAL, EditKind.TICK_MILESTONE):
        name = "goals" if kind is EditKind.TICK_GOAL else "milestones"
        stage, found = _find(plan, edit.item_id)
        if found != name:
            raise InvalidInputError("That item is not in the plan. Reload the page and try again.")
        part = plan.part(stage)
        items = tuple(
            replace(i, done=edit.done) if i.id == edit.item_id else i for i in getattr(part, name)
        )
        return _with_part(plan, stage, replace(part, **{name: items}))
    if kind is EditKind.REMOVE:
        stage, name = _find(plan, edit.item_id)
        part = plan.part(stage)
        items = tuple(i for i in getattr(part, name) if i.id != edit.item_id)
        return _with_part(plan, stage, replace(part, **{name: items}))
    if kind is EditKind.SET_STAGE:
        return replace(plan, stage=_stage(edit))
    if kind is EditKind.SET_STATUS:
        return replace(plan, status=move_status(plan.status, edit.status))
    if kind is EditKind.SET_GUIDE:
        return replace(plan, guide_org_id=edit.guide_org_id or None)
    raise InvalidInputError("That change is not known.")  # pragma: no cover (enum is closed)


def move_status(now: PlanStatus, to: PlanStatus | None) -> PlanStatus:
    if to is None:
        raise InvalidInputError("Choose a status: active, paused or done.")
    if to is now:
        return now
    if to not in STATUS_MOVES[now]:
        raise InvalidInputError(f"A plan that is {now.value} cannot become {to.value}.")
    return to


# -- what a caseload sees -----------------------------------------------------------------------
def milestones_due(plan: CareerPlan) -> tuple[MilestoneDue, ...]:
    """The open milestones, soonest first; those with no date last, in stage order."""
    found = [
        (
            m.due is None,
            m.due or date.max,
            stage.number,
            n,
            MilestoneDue(stage.value, m.text, m.due),
        )
        for stage in Stage
        for n, m in enumerate(plan.part(stage).milestones)
        if not m.done
    ]
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:4]))


def glance_of(plan: CareerPlan, target_words: str) -> PlanGlance:
    open_goals = [g.text for g in plan.part(plan.stage).goals if not g.done]
    return PlanGlance(
        worker_id=plan.worker_id,
        plan_id=plan.id,
        stage=plan.stage.value,
        status=plan.status.value,
        target=target_words,
        next_actions=tuple(open_goals[:NEXT_ACTIONS]),
        milestones_due=milestones_due(plan),
        updated_at=plan.updated_at or plan.created_at or datetime.min,
    )
