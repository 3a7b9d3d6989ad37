"""What is recorded about one apprentice in one program (issue 17, items 2-3), as pure data.

- `Registration`: the facts a state asks for when an apprentice is registered, shaped like the
  federal apprentice registration (form ETA-671 and the RAPIDS apprentice record). It is
  collected once, at enrollment, checked here, and shown only to the sponsor's admins and in the
  sponsor's registration export: never to mentors, instructors or the workforce board. The
  answers about sex, ethnicity, race and disability are voluntary ("not said" is an answer).
  No Social Security number is collected: states that need one take it from the sponsor on
  their own system.
- `EnrollmentState` and `ExitReason`: an apprentice is invited (until they say yes), active,
  completed or cancelled, and a cancellation says why.
- `HoursState`: on-the-job hours are logged by the apprentice (or imported) as *pending* and
  count only once the mentor *approves* them; a mentor may *reject* them with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from onramp.errors import InvalidInputError
from onramp.vocabulary import LabeledEnum, official_terms

MAX_NOTE = 1_000
OLDEST_YEAR = 1930


class EnrollmentState(LabeledEnum):
    INVITED = "invited", "Asked to join, and has not said yes yet."
    ACTIVE = "active", "Learning now."
    COMPLETED = "completed", "Finished the program."
    CANCELLED = "cancelled", "Left the program before the end."


class ExitReason(LabeledEnum):
    """Why an apprenticeship ended early (the cancellation reasons a state registry records)."""

    OTHER_JOB = "other_job", "Took a job somewhere else."
    LEFT_FIELD = "left_field", "Left this kind of work."
    DISMISSED = "dismissed", "Was let go by the employer."
    LAID_OFF = "laid_off", "Lost the job when work ran out."
    MOVED = "moved", "Moved away."
    HEALTH = "health", "Could not go on for health or family reasons."
    MILITARY = "military", "Joined the armed forces."
    OTHER = "other", "Left for some other reason."


class HoursState(LabeledEnum):
    PENDING = "pending", "Waiting for the mentor."
    APPROVED = "approved", "The mentor approved these hours."
    REJECTED = "rejected", "The mentor did not approve these hours."


@official_terms
class Sex(LabeledEnum):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_SAID = "not_said", "I'd rather not say"


@official_terms
class YesNo(LabeledEnum):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SAID = "not_said", "I'd rather not say"


@official_terms
class Race(LabeledEnum):
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    WHITE = "white", "White"


@official_terms
class Education(LabeledEnum):
    BELOW_HIGH_SCHOOL = "below_high_school", "Did not finish high school"
    HIGH_SCHOOL = "high_school", "High school diploma"
    GED = "ged", "GED or other high school equivalent"
    SOME_COLLEGE = "some_college", "Some college, no degree"
    ASSOCIATE = "associate", "Associate degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    GRADUATE = "graduate", "Master's degree or higher"


@official_terms
class EmploymentStatus(LabeledEnum):
    NEW_HIRE = "new_hire", "New to this employer"
    EXISTING_EMPLOYEE = "existing_employee", "Already worked for this employer"


@official_terms
class Veteran(LabeledEnum):
    VETERAN = "veteran", "Veteran"
    NOT_VETERAN = "not_veteran", "Not a veteran"


class Registration(BaseModel):
    """The registration facts, checked once. Every field is required, and the voluntary ones
    have a "rather not say" answer, so a complete registration is one that validated."""

    model_config = ConfigDict(frozen=True)

    date_of_birth: date
    sex: Sex
    hispanic: YesNo
    races: tuple[Race, ...] = Field(default=(), max_length=len(Race))  # empty: not said
    disability: YesNo
    veteran: Veteran
    education: Education
    employment: EmploymentStatus

    @field_validator("date_of_birth")
    @classmethod
    def _plausible(cls, born: date) -> date:
        if born.year < OLDEST_YEAR:
            raise ValueError(f"the date of birth is before {OLDEST_YEAR}")
        return born

    @field_validator("races")
    @classmethod
    def _distinct(cls, races: tuple[Race, ...]) -> tuple[Race, ...]:
        return tuple(sorted(set(races), key=lambda r: list(Race).index(r)))

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


MIN_AGE = 16  # 29 CFR 29.5(b)(10): an apprentice is at least 16 years old


def check_registration(registration: Registration, start: date) -> list[str]:
    """What is wrong with a registration on its start date, in plain words (empty: fine)."""
    problems = []
    if registration.date_of_birth >= start:
        problems.append("The date of birth is not before the start date.")
    elif registration.age_on(start) < MIN_AGE:
        problems.append(f"An apprentice must be at least {MIN_AGE} on the start date.")
    return problems


@dataclass(frozen=True, slots=True)
class Enrollment:
    """One apprentice in one program."""

    id: str
    program_id: str
    sponsor_org_id: str
    apprentice_id: str
    apprentice_name: str
    apprentice_email: str
    mentor_id: str | None
    mentor_name: str
    state: EnrollmentState
    start_date: date
    wage_at_entry: float | None  # USD an hour
    wage_now: float | None
    paid_share: float | None  # the share of the journeyworker wage paid now
    share_board: bool  # the apprentice agreed that the workforce board may see their record
    consent: str  # the sentence the apprentice agreed to
    invited_at: datetime
    enrolled_at: datetime | None
    ended_on: date | None = None
    exit_reason: ExitReason | None = None
    exit_note: str = ""
    completion_credential_id: str | None = None


@dataclass(frozen=True, slots=True)
class HoursEntry:
    id: str
    enrollment_id: str
    day: date
    hours: float
    competency_id: str
    note: str
    state: HoursState
    logged_by: str | None
    logged_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""  # why the mentor rejected them


@dataclass(frozen=True, slots=True)
class InstructionRecord:
    """Related technical instruction: hours and a grade in one course, from its provider."""

    id: str
    enrollment_id: str
    course_id: str
    hours: float
    grade: str
    recorded_by: str | None
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class SignOff:
    """A mentor's sign-off of a competency, or the reversal of one (never edited)."""

    id: str
    enrollment_id: str
    competency_id: str
    reversed: bool
    note: str  # what the mentor saw, or why the sign-off is reversed
    evidence_name: str  # the file a mentor attached, if any
    by: str | None
    by_name: str
    at: datetime


@dataclass(frozen=True, slots=True)
class WageChange:
    id: str
    enrollment_id: str
    share: float
    wage: float | None
    effective_on: date
    recorded_by: str | None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Whether a former apprentice still works for the sponsor some months after the end
    (recorded by the sponsor, for retention at 6 and 12 months)."""

    enrollment_id: str
    months: int  # 6 or 12
    employed: bool
    wage: float | None
    recorded_on: date


@dataclass(frozen=True, slots=True)
class AwardedCredential:
    enrollment_id: str
    interim_id: str  # an interim credential's id, or "" for the completion certificate
    credential_id: str
    issued_at: datetime


def clean_note(note: str, what: str = "The note") -> str:
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise InvalidInputError(f"{what} is longer than {MAX_NOTE} characters.")
    return note
