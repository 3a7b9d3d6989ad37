"""One piece of evidence: it supports one skill at one level (issue 14, item 1).

This is the only input the scoring core takes about a worker. It carries what the evidence is
(its kind), whether it was verified, its current status, when it dates from and who issued it,
and nothing about the person. Sources (the wallet, an employer, an assessment, a resume, the
title coder) turn what they hold into `Evidence`; the batch contract
(`onramp match batch`, one `evidence` array per profile line) is the same shape.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from onramp.vocabulary import LabeledEnum

MIN_LEVEL = 1
MAX_LEVEL = 5  # the jobs issue's one 1-5 proficiency scale (onramp.jobs.model.Proficiency)


class EvidenceKind(LabeledEnum):
    """What the evidence is. The values are the batch contract's `kind` strings."""

    CREDENTIAL = "credential", "A credential, such as a badge, license or certificate."
    ATTESTATION = "attestation", "An employer's word, or a record from a past job."
    ASSESSMENT = "assessment", "A test or skills check you took."
    TRAINING = "training", "A class or training you finished."
    WORK_HISTORY = "work_history", "A past job where people in that job use this skill."
    PORTFOLIO = "portfolio", "Samples of your work."
    SELF = "self", "You said you can do this."
    RESUME = "resume", "Your resume says you can do this."


class EvidenceStatus(LabeledEnum):
    """Where the evidence stands now. Only active evidence counts."""

    ACTIVE = "active", "It is current."
    REVOKED = "revoked", "The issuer took it back."
    EXPIRED = "expired", "It has expired."
    SUSPENDED = "suspended", "The issuer has put it on hold."


@dataclass(frozen=True, slots=True)
class Evidence:
    """Support for one skill at one level.

    `source` names what the evidence came from so two copies of one thing are seen as one
    (a wallet item id, an assessment id, "resume:<sha256>", a work-history entry id); `note`
    says it in plain words for "why we think you can do this". `inferred` marks skills
    inferred from an occupation's profile rather than stated by the evidence itself.
    """

    skill: str
    level: int
    kind: EvidenceKind
    verified: bool = False
    status: EvidenceStatus = EvidenceStatus.ACTIVE
    date: date | None = None
    issuer: str | None = None
    source: str = ""
    note: str = ""
    inferred: bool = False
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not MIN_LEVEL <= self.level <= MAX_LEVEL:
            raise ValueError(f"a level is between {MIN_LEVEL} and {MAX_LEVEL}")
        if ":" not in self.skill or any(c.isspace() for c in self.skill):
            raise ValueError("a skill is named by its URI")
        if not self.id:
            object.__setattr__(self, "id", self.key())

    def key(self) -> str:
        """The same thing said twice has the same key (duplicates never double-count)."""
        parts = (self.skill, str(self.level), self.kind.value, self.source or "", str(self.date))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    @property
    def counts(self) -> bool:
        return self.status is EvidenceStatus.ACTIVE
