"""Match a job to a worker, and rank many workers for one job (issue 14, items 3 and 4).

Each requirement (skill S at level L) gets a *credit* between 0 and 1 from the worker's
skill profile:

    direct  = max over l <= L of support_S(l) x below[L - l]
    related = max over held skills T of similarity(S, T) x related_share x direct_T
    credit  = max(direct, related)

`below` is what a level short of the one asked for still earns (1, 0.6, 0.3, 0.1, 0.05). The
status is *met* at credit >= 0.6, *partly met* at >= 0.25, *not met* below that when there is
evidence for the skill (or a related one), and *unknown* when there is none. A related skill
earns at most 0.6 of its own credit, so it can partly meet a requirement but never meet it.

The overall score is the weighted mean of the credits (weight: the requirement's importance,
3 when the employer gave none, twice that for a must-have), then *gated*: each must-have that
is not met or unknown, and that the employer did not mark learnable on the job, halves it. So
one missing must-have caps the score at 0.5, two at 0.25. The confidence is the same weighted
mean of each requirement's confidence (0 where we know nothing). `docs/matching.md` has the
worked examples.

A worker's own job list is ordered by *fit*, not by the score alone: the score says how much of
the job the worker covers, and `uses` (`uses.py`) how much of the worker the job asks for, so
the job closest to the worker comes before jobs that merely ask for less:

    fit = raw ^ (1 - w) x uses ^ w x gate ^ blocking        (w = `MatchRules.fit_weight`)

The must-have gate applies to the fit as it does to the score. The score itself, and so an
employer's ranking of candidates, never depends on `uses` or `w`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from onramp.jobs.model import Requirement
from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.scoring.job import JobSpec
from onramp.matching.scoring.profile import Contribution, SkillEstimate, SkillProfile
from onramp.matching.scoring.uses import SkillUse, skill_use
from onramp.matching.scoring.words import piece
from onramp.vocabulary import LabeledEnum


class RequirementStatus(LabeledEnum):
    MET = "met", "Met: the proof shows this skill at the level the job asks for."
    PARTLY_MET = "partly_met", "Partly met: some proof, or a level a bit below what is asked."
    NOT_MET = "not_met", "Not met: the proof shows a level well below what is asked."
    UNKNOWN = "unknown", "Unknown: we have no proof either way yet."


@dataclass(frozen=True, slots=True)
class Relation:
    """How close a held skill is to a required one (0-1), and why, in plain words."""

    similarity: float
    reason: str


class Relatedness(Protocol):
    """Related skills for partial credit (`onramp.matching.related` reads the taxonomy)."""

    def relate(self, required: str, held: str) -> Relation | None: ...


@dataclass(frozen=True, slots=True)
class MatchRules:
    met: float = 0.6
    partly: float = 0.25
    below: tuple[float, ...] = (1.0, 0.6, 0.3, 0.1, 0.05)  # credit 0, 1, 2, 3, 4 levels short
    related_share: float = 0.6
    min_similarity: float = 0.3
    must_have_weight: float = 2.0
    default_importance: float = 3.0
    min_importance: float = 0.5
    gate: float = 0.5
    # the weight of `uses` in a worker's job order: chosen by MRR on one synthetic population
    # from 0, 0.05, ..., 0.95 and checked on another (bench/matching_eval.py, docs/benchmarks.md)
    fit_weight: float = 0.95

    def __post_init__(self) -> None:
        if not 0.0 <= self.fit_weight < 1.0:  # at 1 the score, and its gate, would not count
            raise ValueError("fit_weight is at least 0 and below 1")

    def fit(self, raw: float, uses: float, blocking: int) -> float:
        """A worker's order for a job: coverage and use, gated like the score."""
        w = self.fit_weight
        return raw ** (1.0 - w) * uses**w * self.gate**blocking

    def weight(self, requirement: Requirement) -> float:
        importance = requirement.importance
        base = self.default_importance if importance is None else importance
        base = max(base, self.min_importance)
        return base * (self.must_have_weight if requirement.must_have else 1.0)


DEFAULT_RULES = MatchRules()


class RelatedTable:
    """A job's requirement skills against the skills candidates hold, asked once each."""

    def __init__(
        self,
        relatedness: Relatedness | None,
        required: Iterable[str],
        held: Iterable[str],
        rules: MatchRules = DEFAULT_RULES,
    ) -> None:
        self.pairs: dict[str, dict[str, Relation]] = {}
        if relatedness is None:
            return
        held_skills = set(held)
        for skill in required:
            found: dict[str, Relation] = {}
            for other in held_skills:
                if other == skill:
                    continue
                relation = relatedness.relate(skill, other)
                if relation is not None and relation.similarity >= rules.min_similarity:
                    found[other] = Relation(min(relation.similarity, 1.0), relation.reason)
            if found:
                self.pairs[skill] = found

    def related(self, skill: str, profile: SkillProfile) -> list[tuple[SkillEstimate, Relation]]:
        table = self.pairs.get(skill)
        if not table:
            return []
        return [(profile.skills[s], r) for s, r in table.items() if s in profile.skills]


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    requirement: Requirement
    status: RequirementStatus
    credit: float
    confidence: float
    shown_level: int | None  # the level whose support gave the credit
    via: str | None  # the skill whose evidence was used: the required one or a related one
    relation: Relation | None  # set when a related skill gave the credit
    evidence: tuple[Contribution, ...]
    set_aside: tuple[Contribution, ...]
    accepted: bool  # some of the evidence is of a kind the employer said it accepts

    def sentence(self) -> str:
        r = self.requirement
        asked = f"the job asks for level {r.level}"
        if self.status is RequirementStatus.UNKNOWN:
            text = "We have no proof of this skill yet."
            if self.set_aside:
                gone = self.set_aside[0]
                text += f" We do not count {piece(gone.evidence)}."
                text += f" {gone.set_aside.label if gone.set_aside else ''}".rstrip()
            return text
        best = piece(self.evidence[0].evidence) if self.evidence else "no proof"
        if self.relation is not None:
            return (
                f"{self.status.label.split(':')[0]} through a related skill. "
                f"{self.relation.reason} Our best proof is {best}."
            )
        head = self.status.label.split(":")[0]
        if self.shown_level is not None and self.shown_level < r.level:
            return f"{head}: you show level {self.shown_level} and {asked}. Our proof is {best}."
        return f"{head}: our best proof is {best}."

    def as_json(self) -> dict[str, object]:
        return {
            "skill": self.requirement.skill,
            "label": self.requirement.label,
            "level": self.requirement.level,
            "must_have": self.requirement.must_have,
            "status": self.status.value,
            "credit": round(self.credit, 4),
            "confidence": round(self.confidence, 4),
            "shown_level": self.shown_level,
            "via": self.via,
            "related": (
                {
                    "skill": self.via,
                    "similarity": round(self.relation.similarity, 4),
                    "reason": self.relation.reason,
                }
                if self.relation is not None
                else None
            ),
            "accepted_kind": self.accepted,
            "evidence": [c.as_json() for c in self.evidence],
            "set_aside": [c.as_json() for c in self.set_aside],
            "sentence": self.sentence(),
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """A requirement not fully met, and whether the employer said it can be learned on the job."""

    requirement: Requirement
    status: RequirementStatus
    have: float | None  # the worker's estimated level for the skill, if any

    @property
    def learnable(self) -> bool:
        return self.requirement.learnable_weeks is not None

    def sentence(self) -> str:
        weeks = self.requirement.learnable_weeks
        if weeks is not None:
            if weeks == 0:
                return "The employer says you can learn this on the job."
            return f"The employer says you can learn this on the job in about {weeks} weeks."
        if self.requirement.must_have:
            return "The employer needs this from the start."
        return "The employer would like this, but it is not a must."

    def as_json(self) -> dict[str, object]:
        r = self.requirement
        return {
            "skill": r.skill,
            "label": r.label,
            "level": r.level,
            "status": self.status.value,
            "must_have": r.must_have,
            "learnable": self.learnable,
            "learnable_weeks": r.learnable_weeks,
            "have": None if self.have is None else round(self.have, 3),
            "sentence": self.sentence(),
        }


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    raw: float  # before must-have gating
    confidence: float
    blocking: int  # must-haves not met and not learnable on the job
    requirements: tuple[RequirementMatch, ...]
    gaps: tuple[Gap, ...]
    uses: SkillUse  # how much of the worker's skill the job asks for
    fit: float  # the worker's job order (`MatchRules.fit`); the score never depends on it

    def as_json(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "raw": round(self.raw, 4),
            "confidence": round(self.confidence, 4),
            "blocking_must_haves": self.blocking,
            "uses": self.uses.as_json(),
            "requirements": [r.as_json() for r in self.requirements],
            "gaps": [g.as_json() for g in self.gaps],
        }


# credit, confidence, shown level, the estimate used, the relation when a related skill gave it
_Credit = tuple[float, float, int, SkillEstimate | None, Relation | None]


def _direct(estimate: SkillEstimate, level: int, rules: MatchRules) -> tuple[float, int]:
    """The best credit any level up to the one asked for earns, and that level."""
    best, shown = 0.0, 0
    for step in range(level, 0, -1):
        credit = estimate.support[step - 1] * rules.below[level - step]
        if credit > best:
            best, shown = credit, step
    return best, shown


def _credit(
    requirement: Requirement, profile: SkillProfile, table: RelatedTable, rules: MatchRules
) -> _Credit:
    """(credit, confidence, shown level, estimate used, relation) for one requirement."""
    level = min(requirement.level, MAX_LEVEL)
    estimate = profile.skills.get(requirement.skill)
    best: _Credit = (0.0, 0.0, 0, None, None)
    if estimate is not None:
        credit, shown = _direct(estimate, level, rules)
        best = (credit, estimate.confidence, shown, estimate, None)
    for other, relation in table.related(requirement.skill, profile):
        credit, shown = _direct(other, level, rules)
        credit *= relation.similarity * rules.related_share
        if credit > best[0]:
            best = (credit, other.confidence * relation.similarity, shown, other, relation)
    return best


def _status(credit: float, estimate: SkillEstimate | None, rules: MatchRules) -> RequirementStatus:
    if estimate is None:
        return RequirementStatus.UNKNOWN
    if credit >= rules.met:
        return RequirementStatus.MET
    if credit >= rules.partly:
        return RequirementStatus.PARTLY_MET
    return RequirementStatus.NOT_MET


def _blocks(requirement: Requirement, status: RequirementStatus) -> bool:
    return (
        requirement.must_have
        and not requirement.learnable
        and status in (RequirementStatus.NOT_MET, RequirementStatus.UNKNOWN)
    )


def score_parts(
    job: JobSpec, profile: SkillProfile, table: RelatedTable, rules: MatchRules = DEFAULT_RULES
) -> tuple[float, float, int]:
    """(raw, confidence, blocking) without the explanation: what the fast paths build on."""
    total = credits = sure = 0.0
    blocking = 0
    for requirement in job.requirements:
        credit, confidence, _, estimate, _ = _credit(requirement, profile, table, rules)
        weight = rules.weight(requirement)
        total += weight
        credits += weight * credit
        sure += weight * confidence
        if _blocks(requirement, _status(credit, estimate, rules)):
            blocking += 1
    if not total:
        return 0.0, 0.0, blocking
    return credits / total, sure / total, blocking


def score_only(
    job: JobSpec, profile: SkillProfile, table: RelatedTable, rules: MatchRules = DEFAULT_RULES
) -> tuple[float, float]:
    """(score, confidence) without the explanation: the fast path `rank` scans with."""
    raw, confidence, blocking = score_parts(job, profile, table, rules)
    return raw * rules.gate**blocking, confidence


def fit_only(
    job: JobSpec, profile: SkillProfile, table: RelatedTable, rules: MatchRules = DEFAULT_RULES
) -> tuple[float, float, float]:
    """(fit, score, confidence) without the explanation: the fast path `rank_jobs` scans with."""
    raw, confidence, blocking = score_parts(job, profile, table, rules)
    uses = skill_use(job, profile).share
    return rules.fit(raw, uses, blocking), raw * rules.gate**blocking, confidence


def match(
    job: JobSpec,
    profile: SkillProfile,
    *,
    relatedness: Relatedness | None = None,
    rules: MatchRules = DEFAULT_RULES,
    table: RelatedTable | None = None,
) -> Match:
    """How well one worker's profile fits one job, requirement by requirement."""
    if table is None:
        table = RelatedTable(
            relatedness, [r.skill for r in job.requirements], profile.skills, rules
        )
    results: list[RequirementMatch] = []
    gaps: list[Gap] = []
    total = credits = sure = 0.0
    blocking = 0
    for requirement in job.requirements:
        credit, confidence, shown, estimate, relation = _credit(requirement, profile, table, rules)
        status = _status(credit, estimate, rules)
        used: tuple[Contribution, ...] = ()
        if estimate is not None:
            used = tuple(c for c in estimate.contributions if c.evidence.level >= shown)
        accepted_kinds = {kind.value for kind in requirement.evidence}
        accepted = not accepted_kinds or any(c.evidence.kind.value in accepted_kinds for c in used)
        results.append(
            RequirementMatch(
                requirement=requirement,
                status=status,
                credit=credit,
                confidence=confidence,
                shown_level=shown or None,
                via=estimate.skill if estimate is not None else None,
                relation=relation,
                evidence=used,
                set_aside=tuple(profile.set_aside_for(requirement.skill)),
                accepted=accepted,
            )
        )
        weight = rules.weight(requirement)
        total += weight
        credits += weight * credit
        sure += weight * confidence
        if _blocks(requirement, status):
            blocking += 1
        if status is not RequirementStatus.MET:
            own = profile.skills.get(requirement.skill)
            gaps.append(Gap(requirement, status, own.level if own is not None else None))
    raw = credits / total if total else 0.0
    gaps.sort(key=lambda g: (g.learnable, not g.requirement.must_have, -g.requirement.level))
    uses = skill_use(job, profile)
    return Match(
        score=raw * rules.gate**blocking,
        raw=raw,
        confidence=sure / total if total else 0.0,
        blocking=blocking,
        requirements=tuple(results),
        gaps=tuple(gaps),
        uses=uses,
        fit=rules.fit(raw, uses.share, blocking),
    )
