"""Linting a structured job: its text fields with the text rules, and what only the structure
shows (too many must-haves, levels above the job's career level or job zone, no pay, a
must-have with no accepted evidence). Each finding names the field it is about."""

from __future__ import annotations

from dataclasses import dataclass

from onramp.jobs.lint.data import rule_data
from onramp.jobs.lint.engine import lint_text
from onramp.jobs.lint.findings import Finding, RuleId
from onramp.jobs.lint.settings import LintSettings
from onramp.jobs.model import CareerLevel, JobDraft

# The highest required level (1-5) a career level reasonably asks for, and the same for an
# O*NET job zone (1: little or no preparation ... 5: extensive preparation).
MAX_LEVEL_FOR_CAREER = {
    CareerLevel.ENTRY: 3,
    CareerLevel.DEVELOPING: 3,
    CareerLevel.PROFICIENT: 4,
    CareerLevel.SENIOR: 5,
}
MAX_LEVEL_FOR_JOB_ZONE = {1: 2, 2: 3, 3: 4, 4: 5, 5: 5}


@dataclass(frozen=True, slots=True)
class JobFinding:
    """A finding and where it is: "title", "summary", "duties.N" or "requirements.N"."""

    field: str
    finding: Finding


def lint_job(
    draft: JobDraft, settings: LintSettings | None = None, job_zone: int | None = None
) -> list[JobFinding]:
    settings = settings or LintSettings()
    out: list[JobFinding] = []
    texts = {"title": draft.title, "summary": draft.summary}
    texts |= {f"duties.{i}": d for i, d in enumerate(draft.duties)}
    for field, text in texts.items():
        out.extend(JobFinding(field, f) for f in lint_field(text, settings) if text)
    out.extend(_structure(draft, settings, job_zone))
    return out


def lint_field(text: str, settings: LintSettings | None = None) -> list[Finding]:
    """The text rules on one field of a job, as the builder checks it while the employer
    types: pay and must-haves are the structure's to judge, not one field's."""
    settings = settings or LintSettings()
    text_settings = settings.model_copy(
        update={"disabled": settings.disabled | {RuleId.MISSING, RuleId.MUST_HAVE_INFLATION}}
    )
    return lint_text(text, text_settings)


def _structure(draft: JobDraft, settings: LintSettings, job_zone: int | None) -> list[JobFinding]:
    data = rule_data()
    out: list[JobFinding] = []

    def add(rule: RuleId, field: str, text: str, message: str) -> None:
        if settings.enabled(rule):
            finding = Finding(rule, data.severity(rule), 0, len(text), text, message, None)
            out.append(JobFinding(field, finding))

    limit = settings.max_must_haves or data.setting(RuleId.MUST_HAVE_INFLATION, "max_must_haves")
    musts = draft.must_haves()
    if len(musts) > limit:
        add(
            RuleId.MUST_HAVE_INFLATION,
            "requirements",
            "",
            f"This job has {len(musts)} must-haves. " + data.message(RuleId.MUST_HAVE_INFLATION),
        )
    ceiling = MAX_LEVEL_FOR_CAREER[draft.career_level]
    if job_zone in MAX_LEVEL_FOR_JOB_ZONE:
        ceiling = min(ceiling, MAX_LEVEL_FOR_JOB_ZONE[job_zone])
    for i, requirement in enumerate(draft.requirements):
        if requirement.must_have and requirement.level > ceiling:
            add(
                RuleId.SENIORITY,
                f"requirements.{i}",
                requirement.label,
                f"Level {requirement.level} is more than this {draft.career_level.value}-level "
                f"job needs (at most {ceiling}). " + data.message(RuleId.SENIORITY),
            )
        if requirement.must_have and not requirement.evidence:
            add(
                RuleId.MISSING,
                f"requirements.{i}",
                requirement.label,
                data.message(RuleId.MISSING, "message_evidence"),
            )
    if draft.pay is None:
        add(RuleId.MISSING, "pay", "", data.message(RuleId.MISSING, "message_pay"))
    return out
