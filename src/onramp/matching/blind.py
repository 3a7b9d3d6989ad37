"""What an employer sees of a candidate's evidence: blind until a person reveals them (issue 14,
item 4: "no name, photo, age, school, degree, address or graduation year until a person reveals
a candidate").

The scoring core explains a match with each piece of evidence as it is, issuer and all, and that
is how a worker sees their own records. An employer may not, before a reveal: a credential's
issuer can be a school or a college (by name, or by a DID such as `did:web:springfield.edu`),
and the name of a record left out can name a degree. So every employer view (the API, the pages
and `onramp match rank|explain`) writes evidence through `EmployerView`:

- until someone in the organization has revealed the candidate for the job (`Personal.reveal`,
  which writes each reveal to the audit log: `revealed` reads it back), an issuer shows only
  as on the organization's trust list for that skill or not, a record left out shows only why,
  a degree or diploma left out does not show at all, and each piece's id is a keyed one
  (decisions/0023);
- after a reveal, names are shown as well.

Nothing here changes a score: the trust it words is the same function that set the
`issuer_trust` factor of each piece.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from onramp.matching.scoring import Contribution, Evidence, IssuerTrust, Match
from onramp.matching.sources.credentials import LeftOut
from onramp.platform.audit_actions import AuditAction
from onramp.store import platform_tables as t
from onramp.vocabulary import LabeledEnum

REVEAL_TARGET = "job"  # a reveal's audit entry: target_type, with the job's id as target_id
BLIND_RECORD = "A record"  # a record left out, before a reveal: its own name may name a school


class IssuerStanding(LabeledEnum):
    """Who issued a piece of evidence, as an employer sees it before a reveal."""

    TRUSTED = "trusted", "an issuer you trust"
    NOT_TRUSTED = "not_trusted", "an issuer not on your trusted list"


@dataclass(frozen=True, slots=True)
class EmployerView:
    """How the organization that posted a job sees one candidate's evidence. `trust` is its
    trust registry (and its own DID), as scoring used it; `revealed` is whether a person in
    the organization has revealed this candidate for the job."""

    trust: IssuerTrust
    revealed: bool = False
    # what a piece of evidence is called before a reveal (`CandidateHandles.evidence_id`): its
    # own id hashes what it is, which the organization may know of a named worker
    blind_id: Callable[[str], str] | None = None

    def issuer(self, evidence: Evidence) -> IssuerStanding | None:
        """Trusted for this skill or not; None when no issuer is named."""
        if evidence.issuer is None:
            return None
        trusted = self.trust(evidence.issuer, evidence.skill)
        return IssuerStanding.TRUSTED if trusted else IssuerStanding.NOT_TRUSTED

    def issuer_words(self, evidence: Evidence) -> str:
        """ "from an issuer you trust" (blind), "from River College, an issuer you trust"
        (revealed), or "" when no issuer is named."""
        standing = self.issuer(evidence)
        if standing is None:
            return ""
        if self.revealed:
            return f"from {evidence.issuer}, {standing.label}"
        return f"from {standing.label}"

    def evidence_json(self, piece: Contribution) -> dict[str, object]:
        """One piece as JSON: the issuer only after a reveal; whether it is trusted always."""
        standing = self.issuer(piece.evidence)
        own = piece.evidence.id
        return {
            **piece.as_json(),
            "id": own if self.revealed else self.blind_id(own) if self.blind_id else None,
            "issuer": piece.evidence.issuer if self.revealed else None,
            "issuer_trusted": None if standing is None else standing is IssuerStanding.TRUSTED,
            "issuer_words": self.issuer_words(piece.evidence),
        }

    def match_json(self, found: Match) -> dict[str, object]:
        return found.as_json(self.evidence_json)

    def left_out(self, records: Iterable[LeftOut]) -> list[str]:
        """Why records were left out: with their names after a reveal; before it, the reason
        only, and nothing about a degree or diploma (holding one is itself hidden)."""
        if self.revealed:
            return [str(r) for r in records]
        return [f"{BLIND_RECORD}: {r.why}" for r in records if not r.schooling]


def revealed(engine: Engine, org_id: str, job_id: str) -> set[str]:
    """The workers a person in `org_id` has revealed as candidates for `job_id`: the audit log
    is the record of each reveal, so what it holds is what was seen."""
    log = t.audit_log
    with engine.connect() as conn:
        rows = conn.execute(
            select(log.c.subject_id)
            .where(
                log.c.action == str(AuditAction.CANDIDATE_REVEAL),
                log.c.org_id == org_id,
                log.c.target_type == REVEAL_TARGET,
                log.c.target_id == job_id,
                log.c.subject_id.is_not(None),
            )
            .distinct()
        ).all()
    return {str(r.subject_id) for r in rows}
