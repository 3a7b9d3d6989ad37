"""A worker's skill profile from evidence (issue 14, item 2).

For each skill and each level L (1-5), the *support* for "can do this at level L or above" is

    support_k(L) = min(w_k, 1 - prod(1 - s_i))    over pieces i of kind k with level_i >= L
    support(L)   = 1 - prod_k (1 - support_k(L))  over kinds k

where s_i is a piece's strength (`weights.py`) and w_k its kind's weight. This is a noisy-or:
each piece is an independent chance that the skill is there, so support only grows as
evidence is added or made stronger, the order of evidence cannot matter, and, since
duplicates (the same `Evidence.key()`) are counted once and one kind can never count for
more than its own weight, saying the same thing many times is not more proof. Then

    confidence = support(1)
    level      = 1 + support(2) + support(3) + support(4) + support(5)

the expected level if support(L) is read as the chance of being at level L or above. Only
active evidence counts. `docs/matching.md` has worked examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from onramp.matching.scoring.evidence import MAX_LEVEL, Evidence, EvidenceKind, EvidenceStatus
from onramp.matching.scoring.growth import DEFAULT_GROWTH_MONTHS, GrowthSignal, growth_signal
from onramp.matching.scoring.weights import (
    CLAIM_KINDS,
    DEFAULT_WEIGHTS,
    ISSUED_KINDS,
    Weights,
)
from onramp.matching.scoring.words import why
from onramp.vocabulary import LabeledEnum

# issuer, skill URI -> does the organization's trust registry list this issuer for this skill
IssuerTrust = Callable[[str, str], bool]
LEVELS = tuple(range(1, MAX_LEVEL + 1))
SHOWN = 0.5  # a level counts as shown when its support is at least this


class SetAside(LabeledEnum):
    """Why a piece of evidence adds nothing."""

    REVOKED = "revoked", "The issuer took it back, so it does not count."
    EXPIRED = "expired", "It has expired, so it does not count."
    SUSPENDED = "suspended", "The issuer put it on hold, so it does not count for now."
    DUPLICATE = "duplicate", "It is the same as another piece, so we count it once."


_SET_ASIDE_FOR = {
    EvidenceStatus.REVOKED: SetAside.REVOKED,
    EvidenceStatus.EXPIRED: SetAside.EXPIRED,
    EvidenceStatus.SUSPENDED: SetAside.SUSPENDED,
}


@dataclass(frozen=True, slots=True)
class Contribution:
    """One piece of evidence and what it counted for: its strength and each factor of it."""

    evidence: Evidence
    strength: float  # 0 when set aside
    factors: Mapping[str, float]
    set_aside: SetAside | None = None

    @property
    def counts(self) -> bool:
        return self.set_aside is None

    def as_json(self) -> dict[str, object]:
        e = self.evidence
        return {
            "id": e.id,
            "kind": e.kind.value,
            "level": e.level,
            "verified": e.verified,
            "status": e.status.value,
            "date": e.date.isoformat() if e.date else None,
            "issuer": e.issuer,
            "strength": round(self.strength, 4),
            "factors": {name: round(value, 4) for name, value in self.factors.items()},
            "set_aside": self.set_aside.value if self.set_aside else None,
        }


@dataclass(frozen=True, slots=True)
class SkillEstimate:
    """How well, and how surely, a worker can use one skill, with the evidence behind it."""

    skill: str
    support: tuple[float, ...]  # support for "level L or above", L = 1..5
    contributions: tuple[Contribution, ...]  # the counted pieces, strongest first

    @property
    def confidence(self) -> float:
        return self.support[0]

    @property
    def level(self) -> float:
        return 1.0 + sum(self.support[1:])

    @property
    def shown_level(self) -> int | None:
        """The highest level whose support is at least `SHOWN` (None when none is)."""
        levels = [n for n, s in zip(LEVELS, self.support, strict=True) if s >= SHOWN]
        return levels[-1] if levels else None

    @property
    def top_level(self) -> int:
        """The highest level any counted piece claims."""
        return max(c.evidence.level for c in self.contributions)

    def support_at(self, level: int) -> float:
        """Support for "at `level` or above" (0 above the scale's top)."""
        return self.support[level - 1] if 1 <= level <= MAX_LEVEL else 0.0

    def why(self) -> str:
        best = [c.evidence for c in self.contributions]
        return why(self.shown_level, self.top_level, self.confidence, best[:1], len(best) - 1)

    def as_json(self) -> dict[str, object]:
        return {
            "skill": self.skill,
            "level": round(self.level, 3),
            "shown_level": self.shown_level,
            "confidence": round(self.confidence, 4),
            "support": [round(s, 4) for s in self.support],
            "why": self.why(),
            "evidence": [c.as_json() for c in self.contributions],
        }


@dataclass(frozen=True, slots=True)
class SkillProfile:
    """Every skill a worker has evidence for, the evidence set aside, and the growth signal."""

    skills: Mapping[str, SkillEstimate]
    set_aside: tuple[Contribution, ...]
    growth: GrowthSignal
    today: date
    weights: Weights = field(default=DEFAULT_WEIGHTS, repr=False)

    def get(self, skill: str) -> SkillEstimate | None:
        return self.skills.get(skill)

    def set_aside_for(self, skill: str) -> list[Contribution]:
        return [c for c in self.set_aside if c.evidence.skill == skill]

    def as_json(self) -> dict[str, object]:
        ordered = sorted(self.skills.values(), key=lambda s: (-s.confidence, s.skill))
        return {
            "today": self.today.isoformat(),
            "skills": [s.as_json() for s in ordered],
            "set_aside": [c.as_json() for c in self.set_aside],
            "growth": self.growth.as_json(),
        }


def strength(
    evidence: Evidence,
    *,
    today: date,
    trust: IssuerTrust | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[float, dict[str, float]]:
    """A piece's strength and its factors. With no trust registry (`trust=None`), issuers
    are neither raised nor lowered; with one, an issuer it does not list for the skill
    (or a missing issuer) is discounted."""
    factors = {"kind": weights.kind[evidence.kind]}
    if evidence.kind not in CLAIM_KINDS:
        factors["verification"] = 1.0 if evidence.verified else weights.unverified
    if trust is not None and evidence.kind in ISSUED_KINDS:
        trusted = evidence.issuer is not None and trust(evidence.issuer, evidence.skill)
        factors["issuer_trust"] = 1.0 if trusted else weights.untrusted_issuer
    if evidence.inferred:
        factors["inferred"] = weights.inferred
    factors["recency"] = weights.recency(evidence.date, today)
    value = 1.0
    for factor in factors.values():
        value *= factor
    return value, factors


def build_profile(
    evidence: Iterable[Evidence],
    *,
    today: date,
    trust: IssuerTrust | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    growth_months: int = DEFAULT_GROWTH_MONTHS,
) -> SkillProfile:
    """The skill profile these pieces of evidence support (see the module docstring)."""
    best: dict[str, Contribution] = {}
    set_aside: list[Contribution] = []
    for item in evidence:
        if item.status is not EvidenceStatus.ACTIVE:
            set_aside.append(Contribution(item, 0.0, {}, _SET_ASIDE_FOR[item.status]))
            continue
        value, factors = strength(item, today=today, trust=trust, weights=weights)
        made = Contribution(item, value, MappingProxyType(factors))
        key = item.key()
        held = best.get(key)
        if held is None:
            best[key] = made
            continue
        keep, drop = (made, held) if _stronger(made, held) else (held, made)
        best[key] = keep
        set_aside.append(Contribution(drop.evidence, 0.0, drop.factors, SetAside.DUPLICATE))
    by_skill: dict[str, list[Contribution]] = {}
    for made in best.values():
        by_skill.setdefault(made.evidence.skill, []).append(made)
    skills = {
        skill: _estimate(skill, pieces, weights) for skill, pieces in sorted(by_skill.items())
    }
    counted = [c.evidence for c in best.values()]
    return SkillProfile(
        skills=MappingProxyType(skills),
        set_aside=tuple(sorted(set_aside, key=_order)),
        growth=growth_signal(counted, today=today, months=growth_months),
        today=today,
        weights=weights,
    )


def _stronger(a: Contribution, b: Contribution) -> bool:
    """Of two copies of one thing, the stronger; ties go to the smaller evidence fields, so
    which copy is kept never depends on the order they came in."""
    return (a.strength, _tiebreak(b.evidence)) > (b.strength, _tiebreak(a.evidence))


def _tiebreak(e: Evidence) -> tuple[str, ...]:
    return (
        e.id,
        e.status.value,
        str(e.verified),
        e.issuer or "",
        e.source,
        str(e.date),
        e.note,
        str(e.inferred),
    )


def _order(c: Contribution) -> tuple[object, ...]:
    e = c.evidence
    return (-c.strength, e.skill, -e.level, e.kind.value, e.id, _tiebreak(e))


def _estimate(skill: str, pieces: list[Contribution], weights: Weights) -> SkillEstimate:
    """support(L) for L = 5 down to 1, adding each level's pieces to its kind's running
    product of (1 - strength) as L comes down to it. The pieces are sorted first, so even the
    last bit of each float is the same whatever order the evidence came in."""
    pieces = sorted(pieces, key=_order)
    at_level: dict[int, list[Contribution]] = {}
    for c in pieces:
        at_level.setdefault(c.evidence.level, []).append(c)
    missing_by_kind: dict[EvidenceKind, float] = {}
    support = [0.0] * len(LEVELS)
    for level in reversed(LEVELS):
        for c in at_level.get(level, ()):
            kind = c.evidence.kind
            missing_by_kind[kind] = missing_by_kind.get(kind, 1.0) * (1.0 - c.strength)
        missing = 1.0
        for kind, left in missing_by_kind.items():
            missing *= 1.0 - min(weights.kind[kind], 1.0 - left)
        support[level - 1] = 1.0 - missing
    return SkillEstimate(skill, tuple(support), tuple(pieces))
