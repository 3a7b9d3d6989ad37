"""What an organization can change about the linter: rules it turns off, terms it adds, and
the must-have limit. The defaults come from `rules.yaml`; changes are audited by the jobs
service that stores them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from onramp.errors import InvalidInputError
from onramp.jobs.lint.findings import RuleId

# Rules an organization can add its own terms to, and what a term means for each.
TERM_RULES = (RuleId.EXCLUSIONARY, RuleId.JARGON, RuleId.GENDER)
MAX_TERMS = 200
MAX_TERM_CHARS = 80


class LintSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    disabled: frozenset[RuleId] = frozenset()
    # plain words or phrases (not patterns), matched whole and case-insensitively
    extra_terms: dict[RuleId, tuple[str, ...]] = Field(default_factory=dict)
    max_must_haves: int | None = Field(default=None, ge=1, le=50)

    @field_validator("extra_terms")
    @classmethod
    def _check_terms(cls, value: dict[RuleId, tuple[str, ...]]) -> dict[RuleId, tuple[str, ...]]:
        total = 0
        for rule, terms in value.items():
            if rule not in TERM_RULES:
                raise InvalidInputError(f"Terms can't be added to the rule {rule.value}.")
            for term in terms:
                if not term.strip() or len(term) > MAX_TERM_CHARS:
                    raise InvalidInputError(f"A term must have 1 to {MAX_TERM_CHARS} characters.")
            total += len(terms)
        if total > MAX_TERMS:
            raise InvalidInputError(f"At most {MAX_TERMS} added terms.")
        return value

    def enabled(self, rule: RuleId) -> bool:
        return rule not in self.disabled
