"""A past job made ready to be evidence: its title coded to an occupation (the existing title
coder, or the occupation the worker chose), and a job from the worker's profile read as one.

The profile's work history (`onramp.platform.workers`) is where a worker's past jobs are kept;
`WorkerEvidence.follow_profile` keeps one work-history entry per job there, made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError
from onramp.matching.sources.entries import FROM_PROFILE, TitleCoder, profile_date

NOT_CODED = "We could not match this job title to an occupation yet."
MAX_JOB_TEXT = 300  # a title or an employer
MAX_JOB_DESCRIPTION = 4000


@dataclass(frozen=True, slots=True)
class PastJob:
    """One job of a worker's profile, coded."""

    title: str
    started_on: date | None
    ended_on: date | None
    occupation_code: str
    details: dict[str, Any]  # source, employer, description, occupation_title (or a note)

    def signature(self) -> tuple[str, ...]:
        return job_signature(
            self.title, self.started_on, self.ended_on, self.occupation_code, self.details
        )


def job_signature(
    title: str, started_on: date | None, ended_on: date | None, code: str, details: dict[str, Any]
) -> tuple[str, ...]:
    """What makes a past job from the profile the same job as the one kept before."""
    return (
        title,
        str(started_on),
        str(ended_on),
        code,
        str(details.get("employer", "")),
        str(details.get("description", "")),
    )


class JobCoder:
    """Codes a past job: the occupation the worker chose (which must exist), else its title
    through `title_coder`."""

    def __init__(self, engine: Engine, title_coder: TitleCoder | None) -> None:
        self.engine = engine
        self.title_coder = title_coder

    def code(self, title: str, details: dict[str, Any], chosen: str = "") -> str:
        """The occupation code of a past job, with its title (or a note that it is not coded
        yet) put in `details`. NotFoundError for a chosen occupation the store does not hold."""
        code, occupation = chosen, ""
        if code:
            code, occupation = self.occupation(code)
        elif self.title_coder is not None:
            coded = self.title_coder(title, str(details.get("description", "")))
            if coded is not None:
                code, occupation = coded
        if not code:
            details["note"] = NOT_CODED
        details["occupation_title"] = occupation
        return code

    def occupation(self, code: str) -> tuple[str, str]:
        """(stored code, title) of the occupation a worker chose, or NotFoundError."""
        from onramp.taxonomy.catalog import Catalog

        found = Catalog(self.engine).find_occupation(code)[1]
        return found.code, found.title

    def profile_job(self, job: dict[str, str]) -> PastJob:
        """One job of the profile as the platform keeps it (title, employer, start, end,
        occupation code, description); a chosen occupation this store does not hold is coded
        from the title instead, and an end still to come or before the start is dropped."""
        title = " ".join(str(job.get("title", "")).split())[:MAX_JOB_TEXT]
        details: dict[str, Any] = {
            "source": FROM_PROFILE,
            "employer": " ".join(str(job.get("employer", "")).split())[:MAX_JOB_TEXT],
            "description": str(job.get("description", "")).strip()[:MAX_JOB_DESCRIPTION],
        }
        try:
            code = self.code(title, details, str(job.get("occupation_code", "")).strip())
        except NotFoundError:
            details.pop("note", None)
            code = self.code(title, details)
        started = profile_date(str(job.get("start", "")))
        ended = profile_date(str(job.get("end", "")), end=True)
        if ended and (ended > date.today() or (started and ended < started)):
            ended = None  # a job not over yet, or an end before the start
        return PastJob(title, started, ended, code, details)


def store_title_coder(engine: Engine) -> TitleCoder:
    """The existing occupation coder over the current releases: O*NET first (its occupations
    carry rated skill levels), then ESCO. The top answer is taken only at or above the floor
    measured for that list (`onramp.nlp.service.MEANING_FLOORS`); below it the job stays
    uncoded and the worker can pick the occupation."""

    def code(title: str, description: str) -> tuple[str, str] | None:
        from onramp.nlp.service import MEANING_FLOORS, coder

        for scheme in ("onet", "esco"):
            try:
                ranked = coder(engine, scheme)
                found = ranked.code(title, description, 1)
            except (NotFoundError, NotAvailableError, InvalidInputError):
                continue  # no such release, or nothing to code against
            floor = MEANING_FLOORS.get(("occupations", scheme, ranked.method), 0.0)
            if found and found[0].score >= floor:
                return found[0].code, found[0].title
        return None

    return code
