"""What matching says to people reads at grade 8 or below (Flesch-Kincaid), sentence by
sentence, across the evidence kinds, statuses, gaps and growth it can describe."""

from __future__ import annotations

import re
from datetime import date

import textstat

from onramp.jobs.model import Requirement
from onramp.matching.scoring import (
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    JobSpec,
    Relation,
    build_profile,
    match,
)
from onramp.matching.scoring.uses import SkillUse

TODAY = date(2026, 12, 6)
SKILL = "http://data.europa.eu/esco/skill/weld"
OTHER = "http://data.europa.eu/esco/skill/cut"


class Near:
    def relate(self, required: str, held: str) -> Relation | None:
        return Relation(0.7, "People who cut metal often learn to weld.")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_every_sentence_matching_writes_is_plain() -> None:
    texts: list[str] = []
    for kind in EvidenceKind:
        for verified in (True, False):
            for level in (1, 3, 5):
                for status in (EvidenceStatus.ACTIVE, EvidenceStatus.REVOKED):
                    item = Evidence(
                        SKILL,
                        level,
                        kind,
                        verified=verified,
                        status=status,
                        date=date(2025, 4, 1),
                        inferred=kind is EvidenceKind.WORK_HISTORY,
                    )
                    profile = build_profile([item], today=TODAY)
                    texts += [e.why() for e in profile.skills.values()]
                    texts.append(profile.growth.sentence())
                    for weeks in (None, 0, 6):
                        for must in (True, False):
                            job = JobSpec(
                                "Welder",
                                (
                                    Requirement(
                                        skill=SKILL,
                                        label="Weld",
                                        level=4,
                                        must_have=must,
                                        learnable_weeks=weeks,
                                    ),
                                ),
                            )
                            found = match(job, profile)
                            texts += [r.sentence() for r in found.requirements]
                            texts += [g.sentence() for g in found.gaps]
    related = build_profile([Evidence(OTHER, 4, EvidenceKind.ASSESSMENT)], today=TODAY)
    job = JobSpec("Welder", (Requirement(skill=SKILL, label="Weld", level=3),))
    texts += [r.sentence() for r in match(job, related, relatedness=Near()).requirements]
    for used, held in ((0, 0), (0, 1), (1, 1), (0, 7), (3, 7), (7, 7)):
        texts.append(SkillUse(used / max(held, 1), used, held).sentence())
    too_hard = sorted(
        {
            f"{textstat.flesch_kincaid_grade(s):.1f}: {s}"
            for text in texts
            for s in _sentences(text)
            if textstat.flesch_kincaid_grade(s) > 8
        }
    )
    assert len(texts) > 100
    assert not too_hard, "\n".join(too_hard)
