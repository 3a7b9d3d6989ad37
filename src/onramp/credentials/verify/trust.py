"""Issuer trust: an organization's own registry of the issuers it trusts, and for each one the
skills (alignment target URIs from ESCO, O*NET or the Onramp Essential Skills Framework) it may
attest. Pure data; no network, no storage.

Membership is advice for people, never proof of anything: the verifier reports an unknown issuer,
or a skill the issuer is not trusted for, as a warning, not a failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from onramp.credentials.rdf.values import as_list
from onramp.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class TrustDecision:
    issuer: str
    member: bool
    allowed: tuple[str, ...]
    not_allowed: tuple[str, ...]

    @property
    def trusted(self) -> bool:
        """A member, and every claimed skill is one it may attest."""
        return self.member and not self.not_allowed


@dataclass(slots=True)
class TrustRegistry:
    """issuer id -> the skill URIs it may attest; None means any skill."""

    entries: dict[str, frozenset[str] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, mapping: Mapping[str, Iterable[str] | None]) -> TrustRegistry:
        registry = cls()
        for issuer, skills in mapping.items():
            registry.add(issuer, skills)
        return registry

    @classmethod
    def from_json(cls, data: Any) -> TrustRegistry:
        """{"issuer id": ["skill uri", ...] or "*"}."""
        if not isinstance(data, dict):
            raise InvalidInputError("a trust registry must be a JSON object of issuer -> skills")
        mapping: dict[str, Iterable[str] | None] = {}
        for issuer, skills in data.items():
            if skills == "*":
                mapping[issuer] = None
            elif isinstance(skills, list) and all(isinstance(s, str) for s in skills):
                mapping[issuer] = skills
            else:
                raise InvalidInputError(f"trust registry: {issuer} needs a list of skills or '*'")
        return cls.of(mapping)

    def add(self, issuer: str, skills: Iterable[str] | None = None) -> None:
        if not issuer:
            raise InvalidInputError("a trusted issuer needs an id")
        self.entries[issuer] = None if skills is None else frozenset(skills)

    def remove(self, issuer: str) -> None:
        self.entries.pop(issuer, None)

    def assess(self, issuer_id: str, claimed_skill_uris: Iterable[str]) -> TrustDecision:
        claimed = tuple(dict.fromkeys(claimed_skill_uris))
        if issuer_id not in self.entries:
            return TrustDecision(issuer_id, False, (), claimed)
        allowed_set = self.entries[issuer_id]
        if allowed_set is None:
            return TrustDecision(issuer_id, True, claimed, ())
        allowed = tuple(s for s in claimed if s in allowed_set)
        return TrustDecision(
            issuer_id, True, allowed, tuple(s for s in claimed if s not in allowed_set)
        )


def claimed_skills(credential: dict[str, Any]) -> list[str]:
    """The skill URIs a credential claims: alignment targets of its achievements and results."""
    found: list[str] = []

    def take(alignments: Any) -> None:
        for item in as_list(alignments):
            if isinstance(item, dict) and isinstance(item.get("targetUrl"), str):
                found.append(item["targetUrl"])

    for subject in as_list(credential.get("credentialSubject")):
        if not isinstance(subject, dict):
            continue
        achievement = subject.get("achievement")
        if isinstance(achievement, dict):
            take(achievement.get("alignment"))
        for result in as_list(subject.get("result")):
            if isinstance(result, dict):
                take(result.get("alignment"))
    return list(dict.fromkeys(found))
