"""The plain words of matching: how sure we are, what a piece of evidence is, and why.

Everything here is read by workers and employers, so it is kept at grade 8 or below
(`tests/matching/test_scoring_words.py` checks it with Flesch-Kincaid).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from onramp.jobs.model import Proficiency
from onramp.matching.scoring.evidence import Evidence, EvidenceKind
from onramp.vocabulary import LabeledEnum


class Certainty(LabeledEnum):
    """How sure we are, in words, from a confidence between 0 and 1."""

    HIGH = "high", "We are quite sure."
    FAIR = "fair", "We are fairly sure."
    LOW = "low", "We are not very sure yet."
    NONE = "none", "We have no proof yet."

    @classmethod
    def of(cls, confidence: float) -> Certainty:
        if confidence >= 0.8:
            return cls.HIGH
        if confidence >= 0.5:
            return cls.FAIR
        if confidence > 0:
            return cls.LOW
        return cls.NONE


NOUNS: Mapping[EvidenceKind, str] = MappingProxyType(
    {
        EvidenceKind.CREDENTIAL: "credential",
        EvidenceKind.ATTESTATION: "word from an employer",
        EvidenceKind.ASSESSMENT: "skills test",
        EvidenceKind.TRAINING: "course you finished",
        EvidenceKind.WORK_HISTORY: "past job",
        EvidenceKind.PORTFOLIO: "work sample",
        EvidenceKind.SELF: "rating you gave yourself",
        EvidenceKind.RESUME: "line in your resume",
    }
)


def level_words(level: float) -> str:
    """ "level 3 (Working)" for an estimate of about 3."""
    step = min(5, max(1, round(level)))
    name = Proficiency(str(step)).label.split(":")[0]
    return f"level {step} ({name})"


def piece(evidence: Evidence) -> str:
    """One piece of evidence as a short phrase: "a credential at level 4, which was checked
    (2025)"."""
    claim = evidence.kind in (EvidenceKind.SELF, EvidenceKind.RESUME)
    noun = NOUNS[evidence.kind]
    if evidence.inferred:
        noun = "past job where people use this skill"
    article = "the" if evidence.kind is EvidenceKind.SELF else "a"
    text = f"{article} {noun} at level {evidence.level}"
    if evidence.verified and not claim:
        text += ", which was checked"
    if evidence.date is not None:
        text += f" ({evidence.date.year})"
    return text


def why(shown: int | None, top: int, confidence: float, best: list[Evidence], more: int) -> str:
    """ "Why we think you can do this": the level the proof shows (or the highest level with
    any proof at all), how sure we are, and the best proof."""
    if not best:
        return Certainty.NONE.label
    if shown is not None:
        first = f"We think you can do this at {level_words(shown)}."
    else:
        first = f"You may be able to do this at {level_words(top)}, but the proof is thin."
    sure = Certainty.of(confidence).label
    proof = f"Our best proof is {piece(best[0])}."
    if more:
        proof += f" We also have {more} more {'piece' if more == 1 else 'pieces'} of proof."
    return " ".join((first, sure, proof))
