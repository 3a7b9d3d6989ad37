"""Who a worker is, kept apart from what they can do (issue 14, items 4 and 6).

Two kinds of personal data live here and nowhere else in matching:

- **Details a blind view hides**: name (the account's), photo, birth year (and so age),
  address and location (the profile's location, and an address the worker adds), schooling
  (school, degree, graduation year). An employer sees them only when a person who hires for a
  job reveals a candidate of that job (`Personal.reveal`), and every reveal is audited.
- **Demographic answers** a worker volunteers for fair-hiring (adverse-impact) checks: each
  question optional, each with "prefer not to say". They are given only with the worker's
  consent to `DEMOGRAPHICS_PURPOSE`, the worker can see and delete them, and they are read
  only to count groups (`Personal.groups_for_job`), never to score.

Only this module reads `onramp.store.personal_tables`, and the scoring core may not import it
(both enforced by tests), so nothing here can reach a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError
from onramp.matching.access import candidate_access, candidates
from onramp.matching.blind import REVEAL_TARGET
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.consent import Consents
from onramp.platform.model import Principal, Scope
from onramp.platform.secrets import aware, now
from onramp.store import personal_tables as p
from onramp.store import platform_tables as t
from onramp.vocabulary import LabeledEnum

MAX_SCHOOLS = 10
OLDEST_BIRTH_YEAR = 1900
DEMOGRAPHICS_PURPOSE = (
    "Onramp uses these answers only to check that hiring is fair to every group. They never "
    "change how well you match a job, and employers never see your own answers. You can "
    "delete them at any time."
)
PREFER_NOT = "prefer_not_to_say"
TWO_OR_MORE = "two_or_more"  # a group for counting: more than one race or ethnicity chosen


class RaceEthnicity(LabeledEnum):
    """U.S. OMB Statistical Policy Directive 15 (2024) minimum categories; choose any."""

    AMERICAN_INDIAN = (
        "american_indian_alaska_native",
        "I am American Indian or Alaska Native. I may be both.",
    )
    ASIAN = "asian", "I am Asian."
    BLACK = "black_african_american", "I am Black. Or African American."
    HISPANIC = "hispanic_latino", "I am Hispanic or Latino."
    MIDDLE_EASTERN = (
        "middle_eastern_north_african",
        "I am Middle Eastern or North African.",
    )
    PACIFIC_ISLANDER = (
        "native_hawaiian_pacific_islander",
        "I am Native Hawaiian, or from the Pacific Islands.",
    )
    WHITE = "white", "I am White."
    PREFER_NOT = "prefer_not_to_say", "I prefer not to say."


class Sex(LabeledEnum):
    FEMALE = "female", "I am female."
    MALE = "male", "I am male."
    ANOTHER = "another", "I have another answer."
    PREFER_NOT = "prefer_not_to_say", "I prefer not to say."


class AgeBand(LabeledEnum):
    """Bands split at 40, where U.S. age-discrimination law (ADEA) starts to protect."""

    UNDER_25 = "under_25", "I am under 25."
    FROM_25_TO_39 = "25_39", "I am 25 to 39."
    FROM_40_TO_54 = "40_54", "I am 40 to 54."
    FROM_55 = "55_plus", "I am 55 or older."
    PREFER_NOT = "prefer_not_to_say", "I prefer not to say."


class Disability(LabeledEnum):
    YES = "yes", "Yes, I have a disability (or had one in the past)."
    NO = "no", "No, I do not have a disability."
    PREFER_NOT = "prefer_not_to_say", "I prefer not to say."


class Veteran(LabeledEnum):
    YES = "yes", "Yes, I served in the armed forces."
    NO = "no", "No, I did not serve."
    PREFER_NOT = "prefer_not_to_say", "I prefer not to say."


class Question(LabeledEnum):
    """Each question, its plain wording, and (below) its answers."""

    RACE_ETHNICITY = "race_ethnicity", "What is your race or ethnicity? Choose all that apply."
    SEX = "sex", "What is your sex?"
    AGE_BAND = "age_band", "How old are you?"
    DISABILITY = "disability", "Do you have a disability?"
    VETERAN = "veteran", "Are you a veteran?"

    @property
    def answers(self) -> type[LabeledEnum]:
        return ANSWERS[self]

    @property
    def many(self) -> bool:
        return self is Question.RACE_ETHNICITY


ANSWERS: dict[Question, type[LabeledEnum]] = {
    Question.RACE_ETHNICITY: RaceEthnicity,
    Question.SEX: Sex,
    Question.AGE_BAND: AgeBand,
    Question.DISABILITY: Disability,
    Question.VETERAN: Veteran,
}


@dataclass(frozen=True, slots=True)
class Schooling:
    school: str
    degree: str = ""
    graduation_year: int | None = None


@dataclass(slots=True)
class PersonalDetails:
    """What identifies a worker: hidden from employers until a reveal."""

    worker_id: str
    name: str
    location: str = ""
    address: str = ""
    photo_url: str = ""
    birth_year: int | None = None
    education: list[Schooling] = field(default_factory=list)

    @property
    def age(self) -> int | None:
        """Age this year, from the birth year (within a year)."""
        if self.birth_year is None:
            return None
        return datetime.now(UTC).year - self.birth_year

    def to_json(self) -> dict[str, Any]:
        return {
            "worker_id": self.worker_id,
            "name": self.name,
            "location": self.location,
            "address": self.address,
            "photo_url": self.photo_url,
            "birth_year": self.birth_year,
            "age": self.age,
            "education": [
                {"school": s.school, "degree": s.degree, "graduation_year": s.graduation_year}
                for s in self.education
            ],
        }


@dataclass(frozen=True, slots=True)
class Demographics:
    """A worker's answers: question -> the answers chosen (absent: not answered)."""

    answers: dict[Question, tuple[str, ...]]
    consented_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": {q.value: list(a) for q, a in self.answers.items()},
            "consented_at": self.consented_at.isoformat(),
        }


class Personal:
    def __init__(self, engine: Engine, consents: Consents) -> None:
        self.engine = engine
        self.consents = consents

    # -- details the blind view hides -----------------------------------------------------------
    def details(self, worker: Principal) -> PersonalDetails:
        """The worker's own details, as an employer would see them after a reveal."""
        policy.require_worker(worker)
        return self._details(worker.user.id)

    def update_details(
        self,
        worker: Principal,
        *,
        photo_url: str | None = None,
        birth_year: int | None = None,
        address: str | None = None,
        education: list[Schooling] | None = None,
        clear_birth_year: bool = False,
    ) -> PersonalDetails:
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.WRITE)
        values: dict[str, Any] = {}
        if photo_url is not None:
            photo_url = photo_url.strip()
            if photo_url and (len(photo_url) > 1000 or urlsplit(photo_url).scheme != "https"):
                raise InvalidInputError("A photo must be a web address that starts with https://.")
            values["photo_url"] = photo_url
        this_year = datetime.now(UTC).year
        if birth_year is not None:
            if not OLDEST_BIRTH_YEAR <= birth_year <= this_year:
                raise InvalidInputError(f"Give a birth year from {OLDEST_BIRTH_YEAR} to now.")
            values["birth_year"] = birth_year
        if clear_birth_year:
            values["birth_year"] = None
        if address is not None:
            if len(address) > 500:
                raise InvalidInputError("Keep the address under 500 characters.")
            values["address"] = address.strip()
        if education is not None:
            values["education"] = [_schooling(s, this_year) for s in education[: MAX_SCHOOLS + 1]]
            if len(values["education"]) > MAX_SCHOOLS:
                raise InvalidInputError(f"List up to {MAX_SCHOOLS} schools.")
        with self.engine.begin() as conn:
            self._ensure(conn, worker.user.id)
            if values:
                conn.execute(
                    update(p.personal_details)
                    .where(p.personal_details.c.user_id == worker.user.id)
                    .values(updated_at=now(), **values)
                )
            audit.record(
                conn,
                AuditAction.PERSONAL_UPDATE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="personal",
                target_id=worker.user.id,
            )
        return self._details(worker.user.id)

    def reveal(self, principal: Principal, job_id: str, worker_id: str) -> PersonalDetails:
        """A candidate's details, for a person who hires for the job, where the worker applied
        to it or shares with its organization. Every reveal is in the audit log, which the
        worker reads; from then on the organization sees the names in the candidate's evidence
        too (`onramp.matching.blind.revealed`)."""
        policy.require_scope(principal, Scope.READ)
        org_id, access = candidate_access(self.engine, self.consents, principal, job_id, worker_id)
        found = self._details(worker_id)
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.CANDIDATE_REVEAL,
                actor_id=principal.user.id,
                org_id=org_id,
                subject_id=worker_id,
                target_type=REVEAL_TARGET,
                target_id=job_id,
                details={"grant": access.grant_id},
            )
        return found

    def _details(self, worker_id: str) -> PersonalDetails:
        with self.engine.connect() as conn:
            user = conn.execute(select(t.users.c.name).where(t.users.c.id == worker_id)).first()
            if user is None:
                raise NotFoundError("no such worker")
            location = conn.execute(
                select(t.worker_profiles.c.location).where(t.worker_profiles.c.user_id == worker_id)
            ).scalar()
            row = conn.execute(
                select(p.personal_details).where(p.personal_details.c.user_id == worker_id)
            ).first()
        found = PersonalDetails(worker_id, str(user.name), str(location or ""))
        if row is not None:
            found.address = row.address
            found.photo_url = row.photo_url
            found.birth_year = row.birth_year
            found.education = [
                Schooling(
                    str(s.get("school", "")), str(s.get("degree", "")), s.get("graduation_year")
                )
                for s in row.education
            ]
        return found

    def degree_flags(self, worker_ids: list[str]) -> dict[str, bool | None]:
        """Whether each worker listed a degree in their schooling, for employer metrics to
        count (the share of applicants and hires without a degree, issue 18). True: a school
        with a degree that is more than a high school diploma; False: schooling given but no
        such degree; None: no schooling given (never counted either way). Only for counting:
        callers show totals, never one person's answer, and the caller checks who may count
        (`onramp.metrics.employer_dashboard`)."""
        if not worker_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(p.personal_details.c.user_id, p.personal_details.c.education).where(
                    p.personal_details.c.user_id.in_(worker_ids)
                )
            ).all()
        given = {r.user_id: list(r.education or []) for r in rows}
        out: dict[str, bool | None] = {}
        for worker_id in worker_ids:
            schools = given.get(worker_id, [])
            out[worker_id] = (
                None if not schools else any(is_degree(str(s.get("degree", ""))) for s in schools)
            )
        return out

    @staticmethod
    def _ensure(conn: Any, worker_id: str) -> None:
        exists = conn.execute(
            select(p.personal_details.c.user_id).where(p.personal_details.c.user_id == worker_id)
        ).first()
        if exists is None:
            conn.execute(
                insert(p.personal_details).values(user_id=worker_id, education=[], updated_at=now())
            )

    # -- demographic answers ----------------------------------------------------------------
    def give_demographics(
        self, worker: Principal, answers: dict[str, list[str]], *, consent: bool
    ) -> Demographics:
        """Keep the worker's answers (each question optional) once they agree to
        DEMOGRAPHICS_PURPOSE; they replace earlier answers."""
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.CONSENT)
        if not consent:
            raise InvalidInputError(
                "We keep these answers only if you agree to how we use them. Nothing else "
                "changes if you do not."
            )
        cleaned = _answers(answers)
        moment = now()
        with self.engine.begin() as conn:
            conn.execute(
                delete(p.demographic_answers).where(
                    p.demographic_answers.c.user_id == worker.user.id
                )
            )
            conn.execute(
                insert(p.demographic_answers).values(
                    user_id=worker.user.id,
                    answers={q.value: list(a) for q, a in cleaned.items()},
                    consented_at=moment,
                    updated_at=moment,
                )
            )
            audit.record(
                conn,
                AuditAction.DEMOGRAPHICS_GIVE,
                actor_id=worker.user.id,
                subject_id=worker.user.id,
                target_type="demographics",
                target_id=worker.user.id,
            )
        found = self.demographics(worker)
        assert found is not None
        return found

    def demographics(self, worker: Principal) -> Demographics | None:
        """The worker's own answers, or None when they gave none."""
        policy.require_worker(worker)
        return self._answers_of([worker.user.id]).get(worker.user.id)

    def delete_demographics(self, worker: Principal) -> None:
        policy.require_worker(worker)
        policy.require_scope(worker, Scope.CONSENT)
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(p.demographic_answers).where(
                    p.demographic_answers.c.user_id == worker.user.id
                )
            )
            if gone.rowcount:
                audit.record(
                    conn,
                    AuditAction.DEMOGRAPHICS_DELETE,
                    actor_id=worker.user.id,
                    subject_id=worker.user.id,
                    target_type="demographics",
                    target_id=worker.user.id,
                )

    def groups_for_job(
        self, principal: Principal, job_id: str, question: Question
    ) -> dict[str, str | None]:
        """Each candidate's answer to one question, by worker id, for the people who hire for
        the job to count selection rates by group (`onramp.matching.adverse_impact`). No
        answer, or "prefer not to say", is None; several races or ethnicities read as
        `TWO_OR_MORE`. Only for counting: never shown per person, never an input to a score.
        Each count is in the organization's audit log."""
        org_id, found = candidates(self.engine, self.consents, principal, job_id)
        given = self._answers_of(list(found))
        out = {worker_id: _group(given.get(worker_id), question) for worker_id in found}
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.DEMOGRAPHICS_COUNT,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="job",
                target_id=job_id,
                details={"question": question.value, "candidates": len(out)},
            )
        return out

    def groups_for_ranking(
        self, principal: Principal, job_id: str
    ) -> tuple[str, dict[Question, dict[str, str | None]]]:
        """(the job's organization, each question's groups by worker id) over all the job's
        candidates, for the adverse-impact monitor to turn a candidate list just shown to
        `principal` into counts (`onramp.metrics.monitor.snapshot_of`). As `groups_for_job`:
        only for counting, never shown per person, never an input to a score. The count is in
        the organization's audit log, once for all questions."""
        org_id, found = candidates(self.engine, self.consents, principal, job_id)
        given = self._answers_of(list(found))
        out = {q: {w: _group(given.get(w), q) for w in found} for q in Question}
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.RANKING_COUNT,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="job",
                target_id=job_id,
                details={"candidates": len(found)},
            )
        return org_id, out

    def _answers_of(self, worker_ids: list[str]) -> dict[str, Demographics]:
        if not worker_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(p.demographic_answers).where(p.demographic_answers.c.user_id.in_(worker_ids))
            ).all()
        return {
            r.user_id: Demographics(
                {Question(q): tuple(a) for q, a in dict(r.answers).items()},
                aware(r.consented_at),
            )
            for r in rows
        }


def _group(given: Demographics | None, question: Question) -> str | None:
    """The group a worker counts in for one question: None for no answer or "prefer not to
    say", `TWO_OR_MORE` for several races or ethnicities."""
    chosen = tuple(a for a in (given.answers.get(question, ()) if given else ()) if a != PREFER_NOT)
    return None if not chosen else chosen[0] if len(chosen) == 1 else TWO_OR_MORE


SCHOOL_LEAVING = ("high school", "diploma", "ged", "hse", "hiset", "secondary")


def is_degree(text: str) -> bool:
    """A degree a posting might ask for: any degree written down except a high school
    diploma or its equivalents (GED, HiSET)."""
    words = " ".join(text.lower().split())
    return bool(words) and not any(w in words for w in SCHOOL_LEAVING)


def _schooling(item: Schooling, this_year: int) -> dict[str, Any]:
    school = " ".join(item.school.split())
    if not school or len(school) > 300 or len(item.degree) > 300:
        raise InvalidInputError("Each school needs a name of up to 300 characters.")
    year = item.graduation_year
    if year is not None and not OLDEST_BIRTH_YEAR <= year <= this_year + 10:
        raise InvalidInputError("Give a graduation year that makes sense, or leave it out.")
    return {"school": school, "degree": " ".join(item.degree.split()), "graduation_year": year}


def _answers(given: dict[str, list[str]]) -> dict[Question, tuple[str, ...]]:
    out: dict[Question, tuple[str, ...]] = {}
    for key, chosen in given.items():
        try:
            question = Question(key)
        except ValueError:
            raise InvalidInputError(f"There is no question {key!r}.") from None
        values = list(dict.fromkeys(str(c) for c in chosen))
        if not values:
            continue
        allowed = {a.value for a in question.answers}
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise InvalidInputError(f"{wrong[0]!r} is not an answer to: {question.label}")
        if PREFER_NOT in values and len(values) > 1:
            raise InvalidInputError(f"Choose answers or “prefer not to say”: {question.label}")
        if len(values) > 1 and not question.many:
            raise InvalidInputError(f"Choose one answer: {question.label}")
        out[question] = tuple(values)
    return out
