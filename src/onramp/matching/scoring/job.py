"""What matching reads of a job: its requirements, from the jobs issue's JSON contract.

`onramp jobs export --format json` prints `Job.contract()`, which writes empty optional text as
null; `read_job` reads that form (and a bare `JobDraft.contract()`), keeping only what scoring
needs. The job's education note is never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from onramp.errors import InvalidInputError
from onramp.jobs.model import MAX_REQUIREMENTS, Job, JobDraft, Requirement

_REQUIREMENT_TEXT = ("label", "source")


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A job as matching sees it: an id (when stored), a title and its requirements."""

    title: str
    requirements: tuple[Requirement, ...]
    id: str = ""

    @classmethod
    def of(cls, job: Job | JobDraft) -> JobSpec:
        if isinstance(job, Job):
            return cls(job.draft.title, job.draft.requirements, job.id)
        return cls(job.title, job.requirements)


def read_job(data: Any, where: str = "the job") -> JobSpec:
    """A `JobSpec` from the job's JSON contract; errors say which requirement is wrong."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"{where}: a job is a JSON object")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidInputError(f"{where}: the job has no title")
    raw = data.get("requirements")
    if not isinstance(raw, list) or not raw:
        raise InvalidInputError(f"{where}: the job lists no requirements to match")
    if len(raw) > MAX_REQUIREMENTS:
        raise InvalidInputError(f"{where}: more than {MAX_REQUIREMENTS} requirements")
    requirements: list[Requirement] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, 1):
        if not isinstance(item, Mapping):
            raise InvalidInputError(f"{where}: requirement {number} is not a JSON object")
        cleaned = {k: ("" if k in _REQUIREMENT_TEXT and v is None else v) for k, v in item.items()}
        cleaned.setdefault("label", str(cleaned.get("skill") or ""))
        try:
            requirement = Requirement.model_validate(cleaned)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'requirement'}: {e['msg']}"
                for e in error.errors()
            )
            raise InvalidInputError(f"{where}: requirement {number}: {problems}") from error
        if requirement.skill in seen:
            raise InvalidInputError(f"{where}: requirement {number} repeats {requirement.skill}")
        seen.add(requirement.skill)
        requirements.append(requirement)
    identifier = data.get("id")
    job_id = identifier if isinstance(identifier, str) else ""
    return JobSpec(title.strip(), tuple(requirements), job_id)
