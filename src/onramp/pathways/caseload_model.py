"""The navigator caseload's domain (issue 15, item 5): referrals and their outcomes, follow-ups
and when they are due, and the filters over a caseload. Pure: no store, no clock (every
function that needs "today" is given it), so it is tested on its own.

A referral's outcome is a history: each change is a new `OutcomeChange`, never an overwrite,
so a navigator (and the worker) can see how it went over time. The current outcome is the
latest change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onramp.errors import InvalidInputError
from onramp.pathways.guide import stage_titles
from onramp.pathways.plan_glance import PlanGlance
from onramp.pathways.plan_model import PlanStatus
from onramp.vocabulary import LabeledEnum

MAX_ABOUT = 300  # what a follow-up is about, or a referral's free-text target
MAX_NOTE = 1000
WEEK = timedelta(days=7)
PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
NO_PLAN = "This worker has not shared a plan."
# The advancement plan's stages and statuses as the filters offer them: the plan's own
# vocabularies, so a new stage or status shows up here by itself.
PLAN_STAGES = tuple((stage.value, title) for stage, title in stage_titles().items())
PLAN_STATUSES = tuple((status.value, status.value.capitalize()) for status in PlanStatus)


class ReferralKind(LabeledEnum):
    TRAINING = "training", "A training program"
    SERVICE = "service", "A support service"
    EMPLOYER = "employer", "A company that hires"


class Service(LabeledEnum):
    """Supports a worker may need to keep going (the plan's "supports needed")."""

    CHILDCARE = "childcare", "Help with childcare"
    TRANSPORT = "transport", "Help getting to work or class"
    HOUSING = "housing", "Help with housing"
    BENEFITS = "benefits", "Help with public benefits"
    LEGAL = "legal", "Legal help"
    HEALTH = "health", "Health care"
    OTHER = "other", "Another kind of help"


class Outcome(LabeledEnum):
    PENDING = "pending", "Waiting to hear back"
    STARTED = "started", "Enrolled or started"
    COMPLETED = "completed", "Finished it"
    HIRED = "hired", "Got the job"
    DECLINED = "declined", "Said no"
    NO_RESPONSE = "no_response", "Did not hear back"
    NOT_ELIGIBLE = "not_eligible", "Could not take part"

    @property
    def is_open(self) -> bool:
        """Still in play: the navigator should check on it."""
        return self in (Outcome.PENDING, Outcome.STARTED)


class Due(LabeledEnum):
    """When an open follow-up is due, seen from a given day."""

    OVERDUE = "overdue", "Past due"
    THIS_WEEK = "this_week", "Due in the next 7 days"
    LATER = "later", "Due later"
    DONE = "done", "Done"


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    outcome: Outcome
    on: date  # when it happened (the navigator may log it later)
    note: str
    recorded_by: str | None
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Referral:
    id: str
    org_id: str
    worker_id: str
    kind: ReferralKind
    service: Service | None  # for a service referral
    target_org_id: str | None  # an Onramp training provider or employer
    target_ref: str  # an achievement (program) or job id of that organization, or ""
    target_text: str  # what it is in words: a program, job or agency name
    note: str
    made_by: str | None
    made_at: datetime
    history: tuple[OutcomeChange, ...]  # oldest first; never empty

    @property
    def outcome(self) -> Outcome:
        return self.history[-1].outcome

    @property
    def is_open(self) -> bool:
        return self.outcome.is_open

    @property
    def what(self) -> str:
        """The referral in a few words, for a table cell or an email."""
        if self.kind is ReferralKind.SERVICE and self.service is not None:
            return self.service.label + (f": {self.target_text}" if self.target_text else "")
        return f"{self.kind.label}: {self.target_text}"


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: str
    org_id: str
    worker_id: str
    due: date
    about: str
    assigned_to: str | None  # a navigator of the organization
    assigned_name: str
    created_by: str | None
    created_at: datetime
    done_at: datetime | None = None

    def due_state(self, today: date) -> Due:
        return due_state(self.due, self.done_at is not None, today)


def due_state(due: date, done: bool, today: date) -> Due:
    """Overdue: open and its day has passed. This week: open and due today or in the next six
    days. The week is a rolling seven days, not a calendar week, so Friday's "this week" still
    shows Monday's follow-up."""
    if done:
        return Due.DONE
    if due < today:
        return Due.OVERDUE
    if due < today + WEEK:
        return Due.THIS_WEEK
    return Due.LATER


def clean_text(text: str, limit: int, what: str, *, required: bool = True) -> str:
    """Text with its spaces tidied, or a plain refusal when it is missing or too long."""
    text = " ".join(text.split())
    if required and not text:
        raise InvalidInputError(f"Say {what}.")
    if len(text) > limit:
        raise InvalidInputError(f"Keep {what} to {limit} characters or fewer.")
    return text


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One worker the navigator supports, as the caseload table shows them."""

    worker_id: str
    name: str  # "" when the worker did not share their name
    glance: PlanGlance | None  # None: the worker has not shared a plan
    follow_ups: tuple[FollowUp, ...]  # every follow-up, open and done, soonest first
    referrals: tuple[Referral, ...]  # newest first

    @property
    def open_follow_ups(self) -> tuple[FollowUp, ...]:
        return tuple(f for f in self.follow_ups if f.done_at is None)

    @property
    def next_follow_up(self) -> FollowUp | None:
        found = self.open_follow_ups
        return found[0] if found else None

    @property
    def open_referrals(self) -> tuple[Referral, ...]:
        return tuple(r for r in self.referrals if r.is_open)

    @property
    def next_action(self) -> str:
        if self.glance is not None and self.glance.next_actions:
            return self.glance.next_actions[0]
        found = self.next_follow_up
        return found.about if found else ""

    def due_states(self, today: date) -> set[Due]:
        return {f.due_state(today) for f in self.open_follow_ups}


@dataclass(frozen=True, slots=True)
class CaseloadFilter:
    """What a navigator narrows the caseload to; empty fields do not filter."""

    stage: str = ""
    status: str = ""
    due: Due | None = None  # OVERDUE or THIS_WEEK
    outcome: Outcome | None = None  # a referral whose current outcome is this
    navigator: str = ""  # a user id: workers with an open follow-up assigned to them
    text: str = ""  # part of the worker's shared name

    def __post_init__(self) -> None:
        if self.due not in (None, Due.OVERDUE, Due.THIS_WEEK):
            raise InvalidInputError("Filter follow-ups by past due or due in the next 7 days.")
        if len(self.text) > 200:
            raise InvalidInputError("Search with 200 characters or fewer.")

    def keeps(self, row: CaseloadRow, today: date) -> bool:
        glance = row.glance
        if self.stage and (glance is None or glance.stage != self.stage):
            return False
        if self.status and (glance is None or glance.status != self.status):
            return False
        if self.due is not None and self.due not in row.due_states(today):
            return False
        if self.outcome is not None and all(r.outcome is not self.outcome for r in row.referrals):
            return False
        if self.navigator and all(f.assigned_to != self.navigator for f in row.open_follow_ups):
            return False
        wanted = self.text.strip().casefold()
        return not wanted or wanted in row.name.casefold()


@dataclass(frozen=True, slots=True)
class DueItem:
    """One follow-up in the "due now" panel or a reminder email."""

    follow_up: FollowUp
    worker_name: str
    state: Due


def due_now(rows: list[CaseloadRow], today: date) -> list[DueItem]:
    """Every open follow-up that is past due or due in the next 7 days, soonest first."""
    items = [
        DueItem(f, row.name, f.due_state(today))
        for row in rows
        for f in row.open_follow_ups
        if f.due_state(today) in (Due.OVERDUE, Due.THIS_WEEK)
    ]
    return sorted(items, key=lambda i: (i.follow_up.due, i.worker_name, i.follow_up.id))


def order_rows(rows: list[CaseloadRow], today: date) -> list[CaseloadRow]:
    """Workers with a past-due follow-up first, then by the next follow-up's date, then by
    name: what needs the navigator most comes first."""

    def key(row: CaseloadRow) -> tuple[int, date, bool, str, str]:
        found = row.next_follow_up
        overdue = Due.OVERDUE in row.due_states(today)
        return (
            0 if overdue else 1,
            found.due if found else date.max,
            not row.name,
            row.name.casefold(),
            row.worker_id,
        )

    return sorted(rows, key=key)


@dataclass(slots=True)
class Choices:
    """What a referral may point at in Onramp: training providers' programs and employers'
    open jobs, by organization."""

    programs: list[tuple[str, str, str]] = field(default_factory=list)  # org id, id, words
    employers: list[tuple[str, str]] = field(default_factory=list)  # org id, name
    jobs: list[tuple[str, str, str]] = field(default_factory=list)  # org id, job id, words
