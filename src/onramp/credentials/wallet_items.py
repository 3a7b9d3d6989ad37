"""What a wallet holds, as plain data: a kept credential with its last check, a presentation
shared with an organization, and how a credential's name, issuer and skills are read from the
OB 3.0 and CLR shapes. No store access here (see `wallet.py` for the use cases)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from onramp.credentials.verify.binding import SubjectMatch, match_of
from onramp.credentials.verify.report import CheckId, Verdict


@dataclass(slots=True)
class WalletItem:
    id: str
    source: str
    format: str
    name: str
    issuer_name: str
    skills: list[dict[str, str]]
    verified: bool
    report: dict[str, Any]
    added_at: datetime
    checked_at: datetime
    document: str = field(default="", repr=False)

    @property
    def verdict(self) -> Verdict:
        """The headline of the last check ("Revoked", "Suspended", "Not about you", ...)."""
        try:
            return Verdict(self.report.get("verdict", ""))
        except ValueError:
            return Verdict.VERIFIED if self.verified else Verdict.NOT_VERIFIED

    @property
    def subject_match(self) -> SubjectMatch:
        """Whether the credential is about this worker, from the last check."""
        for check in self.report.get("checks", []):
            if check.get("id") == CheckId.HOLDER:
                return match_of(str(check.get("message", "")))
        return SubjectMatch.NOBODY

    @property
    def is_mine(self) -> bool:
        return self.subject_match.bound


@dataclass(slots=True)
class Presentation:
    id: str
    worker_id: str
    org_id: str
    grant_id: str
    item_ids: list[str]
    challenge: str
    domain: str
    created_at: datetime
    document: str = field(default="", repr=False)
    # filled in when listed: with whom, by whom, whether the sharing still holds, and what
    # it carries (each credential's name and issuer, as the worker's wallet read them)
    org_name: str = ""
    worker_name: str = ""
    active: bool = False
    until: datetime | None = None
    credentials: list[dict[str, str]] = field(default_factory=list)


def summarize(credential: dict[str, Any] | None) -> tuple[str, str, list[dict[str, str]]]:
    """(name, issuer name, skills) of a credential, reading OB 3.0 and CLR shapes."""
    if not isinstance(credential, dict):
        return "", "", []
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    name = str(credential.get("name") or achievement.get("name") or "Credential")[:300]
    issuer = credential.get("issuer")
    issuer_name = str(issuer.get("name", "") if isinstance(issuer, dict) else "")
    issuer_name = issuer_name or str(issuer.get("id", "") if isinstance(issuer, dict) else issuer)
    skills: dict[str, str] = {}
    alignments = achievement.get("alignment")
    for alignment in alignments if isinstance(alignments, list) else []:
        if isinstance(alignment, dict) and isinstance(alignment.get("targetUrl"), str):
            skills[alignment["targetUrl"]] = str(alignment.get("targetName", ""))
    inner = subject.get("verifiableCredential")
    for nested in inner if isinstance(inner, list) else []:
        skills.update({s["uri"]: s["name"] for s in summarize(nested)[2]})
    return name, issuer_name[:300], [{"uri": u, "name": n} for u, n in skills.items()]


def is_credential_text(text: str) -> bool:
    """JSON or a compact JWT, kept exactly as received (baked images are kept as what they
    carry)."""
    return text.startswith("{") or (text.count(".") == 2 and " " not in text and "<" not in text)


def credential_of(document: str) -> dict[str, Any] | str:
    """A stored credential: parsed JSON, or the compact JWT text."""
    return dict(json.loads(document)) if document.lstrip().startswith("{") else document
