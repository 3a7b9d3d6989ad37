"""A worker's own skill profile, in words (issue 14, item 2): what "My skills" shows.

Everything the worker has (their wallet's credentials, checked again now, and what they
entered) goes through `WorkerEvidence.evidence_for` and `build_profile`, as for anyone else;
this only names the skills and says each number in plain words: the level, how sure we are,
"why we think you can do this", and each piece of evidence behind it. Evidence that does not
count is listed with its reason, and the growth signal is said apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from onramp.matching.scoring.profile import Contribution, SkillEstimate, build_profile
from onramp.matching.scoring.words import Certainty, level_words, piece
from onramp.matching.service import WorkerEvidence
from onramp.platform.model import Principal
from onramp.store import schema


@dataclass(frozen=True, slots=True)
class ProofLine:
    """One piece of evidence behind a skill: what it is, and what it says."""

    what: str  # "a course you finished at level 2 (2025)"
    note: str  # the source's own sentence
    counts: bool = True


@dataclass(frozen=True, slots=True)
class SkillLine:
    uri: str
    name: str
    level: str  # "level 3 (Working)"
    certainty: str  # "We are fairly sure."
    why: str
    proof: tuple[ProofLine, ...]
    confidence: float
    estimate: SkillEstimate

    def as_json(self) -> dict[str, Any]:
        return {
            **self.estimate.as_json(),
            "name": self.name,
            "level_words": self.level,
            "certainty": self.certainty,
            "proof": [{"what": p.what, "note": p.note} for p in self.proof],
        }


@dataclass(slots=True)
class MySkills:
    """The worker's skills, strongest first; what does not count and why; growth."""

    today: date
    skills: list[SkillLine] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # plain sentences
    growth: str = ""
    new_skills: list[tuple[str, date]] = field(default_factory=list)  # (name, first shown)
    rises: list[tuple[str, int, int]] = field(default_factory=list)  # (name, before, after)
    profile: dict[str, Any] = field(default_factory=dict)  # the profile's JSON

    def as_json(self) -> dict[str, Any]:
        return {
            **self.profile,
            "skills": [s.as_json() for s in self.skills],
            "set_aside_reasons": self.set_aside,
            "growth_sentence": self.growth,
        }


def my_skills(books: WorkerEvidence, worker: Principal, today: date) -> MySkills:
    """The worker's own skill profile, built now from all of their evidence."""
    gathered = books.evidence_for(worker, worker.user.id)
    profile = build_profile(gathered.evidence, today=today)
    names = _names(books, worker, [e.skill for e in gathered.evidence])
    lines = [
        SkillLine(
            uri=uri,
            name=names.get(uri, uri),
            level=level_words(estimate.level),
            certainty=Certainty.of(estimate.confidence).label,
            why=estimate.why(),
            proof=tuple(_proof(c) for c in estimate.contributions),
            confidence=estimate.confidence,
            estimate=estimate,
        )
        for uri, estimate in profile.skills.items()
    ]
    lines.sort(key=lambda s: (-s.confidence, s.name.lower(), s.uri))
    out = MySkills(today, lines, growth=profile.growth.sentence(), profile=profile.as_json())
    for c in profile.set_aside:
        assert c.set_aside is not None
        name = names.get(c.evidence.skill, c.evidence.skill)
        out.set_aside.append(f"{name}: we do not count {piece(c.evidence)}. {c.set_aside.label}")
    out.set_aside.extend(str(item) for item in gathered.left_out)  # the worker's own records
    out.new_skills = [(names.get(n.skill, n.skill), n.on) for n in profile.growth.new_skills]
    out.rises = [(names.get(r.skill, r.skill), r.before, r.after) for r in profile.growth.rises]
    return out


def _proof(c: Contribution) -> ProofLine:
    what = piece(c.evidence)
    return ProofLine(what[0].upper() + what[1:], c.evidence.note, c.counts)


def _names(books: WorkerEvidence, worker: Principal, uris: list[str]) -> dict[str, str]:
    """Each skill's name: as the worker's entries named it, else its current framework's."""
    names = {c.skill: c.label for e in books.entries(worker) for c in e.skills if c.label}
    missing = sorted({u for u in uris if u not in names})
    if missing:
        s, f = schema.skills, schema.frameworks
        with books.engine.connect() as conn:
            rows = conn.execute(
                select(s.c.uri, s.c.preferred_label)
                .join(f, f.c.id == s.c.framework_id)
                .where(f.c.is_current.is_(True), s.c.uri.in_(missing))
            ).all()
        names |= {str(r.uri): str(r.preferred_label) for r in rows}
    return names
