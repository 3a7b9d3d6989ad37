"""Running the text rules over a job ad."""

from __future__ import annotations

from onramp.errors import TooLargeError
from onramp.jobs.lint.data import rule_data
from onramp.jobs.lint.findings import Finding
from onramp.jobs.lint.rules import RULES
from onramp.jobs.lint.settings import LintSettings
from onramp.jobs.lint.text import sentences

# A long posting is about 1,500 words; forty times that is not a job ad.
MAX_LINT_CHARS = 200_000


def lint_text(text: str, settings: LintSettings | None = None) -> list[Finding]:
    """Every finding in a job ad's text, ordered by where it starts."""
    if len(text) > MAX_LINT_CHARS:
        raise TooLargeError(f"A job ad can have at most {MAX_LINT_CHARS:,} characters.")
    settings = settings or LintSettings()
    data = rule_data()
    units = sentences(text)
    found: list[Finding] = []
    for rule, check in RULES.items():
        if settings.enabled(rule):
            found.extend(check(text, units, data, settings))
    return sorted(found, key=lambda f: (f.start, f.end, f.rule.value))
