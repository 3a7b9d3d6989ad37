"""What the job-ad linter reports: one `Finding` per problem, at exact character offsets.

The shape is a contract (issue 13, item 4) that `onramp jobs lint --json`, the API and the
builder page share: `rule`, `severity`, `start`, `end`, `text`, `message`, `suggestion`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from onramp.vocabulary import LabeledEnum


class Severity(LabeledEnum):
    INFO = "info", "Something to think about."
    WARNING = "warning", "This may turn good people away."
    ERROR = "error", "Fix this before you publish."


class RuleId(LabeledEnum):
    """The linter's rules. The values are the rule ids of the contract."""

    DEGREE = "degree-requirement", "A degree or diploma is used to screen people out."
    YEARS = "years-of-experience", "A set number of years is used to screen people out."
    GENDER = "gender-coded", "A word is linked with one gender."
    EXCLUSIONARY = (
        "exclusionary",
        "Words shut out people by age, disability or where they come from.",
    )
    JARGON = "jargon", "A term that not every reader knows."
    READING_LEVEL = "reading-level", "The text is hard to read."
    MUST_HAVE_INFLATION = "must-have-inflation", "There are too many must-haves."
    SENIORITY = "seniority-mismatch", "It asks for more than the level of the job."
    MISSING = "missing-information", "The pay, or the proof you accept, is missing."


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `text` is `source[start:end]`; `suggestion` rewrites exactly that span
    (None when no single rewrite fits)."""

    rule: RuleId
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["rule"] = self.rule.value
        out["severity"] = self.severity.value
        return out


def apply_suggestion(source: str, finding: Finding) -> str:
    """The text with one finding's suggestion put in place of its span."""
    if finding.suggestion is None:
        raise ValueError("this finding has no suggestion")
    if source[finding.start : finding.end] != finding.text:
        raise ValueError("the text changed since it was checked")
    return source[: finding.start] + finding.suggestion + source[finding.end :]
