"""How much each piece of evidence counts (issue 14, item 2). One place for every weight.

The strength of one piece of active evidence is a product of factors, each in (0, 1]:

    strength = kind x verification x issuer trust x inferred x recency

`docs/matching.md` lists the values and why they were chosen. Every factor only ever lowers
a strength, so a stronger version of the same evidence (verified, trusted, stated rather than
inferred, newer) is never worth less.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from onramp.matching.scoring.evidence import EvidenceKind

# Claims the worker makes about themself: a "verified" flag on them means nothing, since
# nobody but the worker stands behind them.
CLAIM_KINDS = frozenset({EvidenceKind.SELF, EvidenceKind.RESUME})
# Kinds that have an issuer whose trust can be checked against a trust registry.
ISSUED_KINDS = frozenset(
    {
        EvidenceKind.CREDENTIAL,
        EvidenceKind.ATTESTATION,
        EvidenceKind.ASSESSMENT,
        EvidenceKind.TRAINING,
    }
)

KIND_WEIGHTS: Mapping[EvidenceKind, float] = MappingProxyType(
    {
        EvidenceKind.CREDENTIAL: 0.90,
        EvidenceKind.ASSESSMENT: 0.85,
        EvidenceKind.ATTESTATION: 0.80,
        EvidenceKind.TRAINING: 0.60,
        EvidenceKind.PORTFOLIO: 0.60,
        EvidenceKind.WORK_HISTORY: 0.50,
        EvidenceKind.RESUME: 0.30,
        EvidenceKind.SELF: 0.25,
    }
)


@dataclass(frozen=True, slots=True)
class Weights:
    """The factors of an evidence strength. All in (0, 1]; 1 means "no discount"."""

    kind: Mapping[EvidenceKind, float] = field(default_factory=lambda: KIND_WEIGHTS)
    unverified: float = 0.5  # issued evidence nobody could check (a claim kind: no discount)
    untrusted_issuer: float = 0.6  # an issuer the organization's trust registry does not list
    inferred: float = 0.6  # a skill inferred from an occupation's profile, not stated
    half_life_years: float = 5.0  # evidence loses half its weight every five years
    undated: float = 0.5  # evidence with no date counts as if it were one half-life old

    def __post_init__(self) -> None:
        factors = [self.unverified, self.untrusted_issuer, self.inferred, self.undated]
        if any(not 0 < value <= 1 for value in [*factors, *self.kind.values()]):
            raise ValueError("every weight is above 0 and at most 1")
        if set(self.kind) != set(EvidenceKind):
            raise ValueError("every kind of evidence needs a weight")
        if self.half_life_years <= 0:
            raise ValueError("a half-life is longer than zero")

    def recency(self, when: date | None, today: date) -> float:
        """0.5 ** (age in years / half-life); evidence dated in the future counts as new."""
        if when is None:
            return self.undated
        years = max((today - when).days, 0) / 365.25
        return float(0.5 ** (years / self.half_life_years))


DEFAULT_WEIGHTS = Weights()
