"""What an organization can change about the linter: rules it turns off, terms it adds, and
the must-have limit. The defaults come from `rules.yaml`; changes are audited by the jobs
service that stores them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from onramp.errors import InvalidInputError
from onramp.jobs.lint.findings import RuleId

# Rules an organization can add its own terms to, and what a term means for each.
TERM_RULES = (RuleId.EXCLUSIONARY, RuleId.JARGON, RuleId.GENDER)
MAX_TERMS = 200
MAX_TERM_CHARS = 80
MAX_MUST_HAVES_LIMIT = 50


class LintSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    disabled: frozenset[RuleId] = frozenset()
    # plain words or phrases (not patterns), matched whole and case-insensitively
    extra_terms: dict[RuleId, tuple[str, ...]] = Field(default_factory=dict)
    max_must_haves: int | None = Field(default=None, ge=1, le=MAX_MUST_HAVES_LIMIT)

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


def settings_from_choices(
    turned_off: Iterable[str], terms: Mapping[str, str], limit: str
) -> LintSettings:
    """Settings from what a person chose on a form: rule ids to turn off, each term rule's
    added terms (one a line; a repeat in any case is dropped), and the must-have limit ("" for
    the default). Anything unusable is an `InvalidInputError` in plain words."""
    try:
        disabled = frozenset(RuleId(r) for r in turned_off)
    except ValueError as error:
        raise InvalidInputError("Choose rules from the list.") from error
    extra: dict[RuleId, tuple[str, ...]] = {}
    for rule in TERM_RULES:
        lines = [" ".join(t.split()) for t in terms.get(rule.value, "").splitlines()]
        first: dict[str, str] = {}  # terms match in any case: "Rock star" repeats "rock star"
        for term in lines:
            if term:
                first.setdefault(term.casefold(), term)
        kept = tuple(first.values())
        if kept:
            extra[rule] = kept
    limit = limit.strip()
    try:
        number = int(limit) if limit else None
    except ValueError:
        number = 0  # out of range below, with the same words
    try:
        return LintSettings(disabled=disabled, extra_terms=extra, max_must_haves=number)
    except ValidationError as error:
        raise InvalidInputError(
            f"The most must-haves is a whole number from 1 to {MAX_MUST_HAVES_LIMIT}."
        ) from error
