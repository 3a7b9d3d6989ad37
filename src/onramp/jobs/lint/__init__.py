"""The job-ad linter (issue 13, item 4): degree and years proxies, gender-coded and
exclusionary wording, jargon, reading level, inflated and mismatched requirements, and missing
pay or evidence. Rules are data (`rules.yaml`) plus the small functions in `rules.py`."""

from onramp.jobs.lint.engine import MAX_LINT_CHARS, lint_text
from onramp.jobs.lint.findings import Finding, RuleId, Severity, apply_suggestion
from onramp.jobs.lint.job import JobFinding, lint_field, lint_job
from onramp.jobs.lint.settings import LintSettings

__all__ = [
    "MAX_LINT_CHARS",
    "Finding",
    "JobFinding",
    "LintSettings",
    "RuleId",
    "Severity",
    "apply_suggestion",
    "lint_field",
    "lint_job",
    "lint_text",
]
