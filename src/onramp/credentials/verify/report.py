"""The verification report: an ordered list of checks, each pass, fail, warn or skip, with a
technical reason, a plain sentence a worker can read, and a stable code.

The report gives two verdicts, kept apart on purpose (see docs/verification.md):

- `verified` means **authentic and current**: it could be read, its contexts are known, the
  proof checks, the key belongs to the issuer, it is inside its validity dates, its status was
  confirmed and is neither revoked nor suspended, and (inside a presentation) it is about the
  holder. Any failure among these checks makes it false.
- `conforms` says whether it also matches the Open Badges 3.0 / CLR 2.0 shape (object types and
  schema). Other verifiers accept many shape deviations, so they are warnings: they never make a
  genuine credential unverified. It is None when no such shape applies (any other W3C VC).

Endorsements and issuer trust are advice about the credential, never part of either verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from onramp.vocabulary import LabeledEnum


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


class Aspect(StrEnum):
    AUTHENTIC = "authentic"  # decides `verified`
    CONFORMANCE = "conformance"  # decides `conforms`; only ever warns
    ADVICE = "advice"  # endorsements, issuer trust, extra proofs: never decides


class CheckId(LabeledEnum):
    """What each check asks, in the order the verifier runs them."""

    PARSE = "parse", "Can we read it?"
    CONTEXTS = "contexts", "Does it use formats we know?"
    TYPES = "types", "Is it a standard credential?"
    OB_TYPES = "ob_types", "Is each part of the badge the right kind of thing?"
    SCHEMA = "schema", "Are all the parts in the right form?"
    STRUCTURE = "structure", "Does it say who issued it and who it is about?"
    PROOF = "proof", "Is the seal intact?"
    PROOF_UNSUPPORTED = "proof_unsupported", "Are there extra seals we cannot check?"
    KEY_BINDING = "key_binding", "Does the seal belong to the issuer?"
    VALIDITY = "validity", "Are the dates fine?"
    STATUS = "status", "Has the issuer taken it back or put it on hold?"
    HOLDER = "holder", "Is it about the person who shared it?"
    TIME_BUDGET = "time_budget", "Could we check it in time?"
    LEGACY = "legacy", "Is it an older kind of badge?"
    ENDORSEMENTS = "endorsements", "Do the endorsements check out?"
    ISSUER_TRUST = "issuer_trust", "Do you trust the issuer?"


ASPECTS: dict[str, Aspect] = {
    CheckId.OB_TYPES: Aspect.CONFORMANCE,
    CheckId.SCHEMA: Aspect.CONFORMANCE,
    CheckId.PROOF_UNSUPPORTED: Aspect.ADVICE,
    CheckId.ENDORSEMENTS: Aspect.ADVICE,
    CheckId.ISSUER_TRUST: Aspect.ADVICE,
}


class Outcome(LabeledEnum):
    """Codes for the outcomes a caller must tell apart (what `checks[].code` holds)."""

    VALID_DATES = "valid_dates", "The dates on this credential are fine."
    EXPIRED = "expired", "This credential has expired."
    NOT_YET_VALID = "not_yet_valid", "This credential is not valid yet."
    NO_STATUS = "no_status", "This credential has no status for us to check."
    NOT_REVOKED = "not_revoked", "The issuer has not taken this credential back."
    NOT_SUSPENDED = "not_suspended", "The issuer has not put this credential on hold."
    REVOKED = "revoked", "The issuer has taken this credential back."
    SUSPENDED = "suspended", "The issuer has put this credential on hold."
    STATUS_UNCONFIRMED = (
        "status_unconfirmed",
        "We could not confirm that this credential is still valid.",
    )
    STATUS_LIST_SHORT = (
        "status_list_short",
        "The issuer's status list is shorter than the standard asks. We still read it.",
    )
    STATUS_MESSAGE = "status_message", "The issuer keeps a status note on this credential."
    ABOUT_HOLDER = "about_holder", "This credential is about the person who shared it."
    NOT_ABOUT_HOLDER = (
        "not_about_holder",
        "This credential is about someone else, not the person who shared it.",
    )
    NOT_AN_OPEN_BADGE = (
        "not_an_open_badge",
        "This is not an Open Badge, so the badge checks do not apply.",
    )
    CONFORMANCE_WARNING = (
        "conformance_warning",
        "Some parts are not in the exact form the standard asks. This does not make it fake.",
    )
    KEY_UNAVAILABLE = (
        "key_unavailable",
        "We could not get the issuer's key, so we could not check the seal.",
    )
    NO_PROOF = "no_proof", "This credential has no seal, so anyone could have made it."
    SEAL_BROKEN = "seal_broken", "Someone changed this credential after it was sealed."
    SEAL_UNCHECKABLE = (
        "seal_unchecked",
        "The seal does not match. It may use an old copy of a badge format, so we cannot tell.",
    )
    WRONG_KEY = "wrong_key", "The seal was made by someone other than the issuer."
    TOO_COMPLEX = "too_complex", "This credential is too large or too deep for us to check."


class Verdict(LabeledEnum):
    """The one-line headline of a report, for the wallet, the check page and the CLI."""

    VERIFIED = "verified", "This credential checks out."
    REVOKED = "revoked", "Revoked: the issuer took this credential back."
    SUSPENDED = "suspended", "Suspended: the issuer has put this credential on hold."
    STATUS_UNCONFIRMED = (
        "status_unconfirmed",
        "We could not confirm that this credential is still valid.",
    )
    EXPIRED = "expired", "This credential has expired."
    NOT_YET_VALID = "not_yet_valid", "This credential is not valid yet."
    NOT_ABOUT_HOLDER = "not_about_holder", "This credential is about someone else."
    KEY_UNAVAILABLE = (
        "key_unavailable",
        "We could not get the issuer's key, so we could not check this credential.",
    )
    TAMPERED = "tampered", "This credential was changed, or its seal is not the issuer's."
    SEAL_UNCHECKABLE = (
        "seal_unchecked",
        "We could not check the seal: it may use an old copy of a badge format.",
    )
    UNSIGNED = "unsigned", "This credential has no seal, so anyone could have made it."
    NOT_A_CREDENTIAL = "not_a_credential", "This is not a standard credential."
    UNREADABLE = "unreadable", "This is not a credential we can read."
    TOO_COMPLEX = "too_complex", "This credential is too large or too deep for us to check."
    NOT_VERIFIED = "not_verified", "This credential did not pass every check."


@dataclass(slots=True)
class Check:
    id: str
    status: Status
    message: str
    plain: str
    code: str = ""

    @property
    def aspect(self) -> Aspect:
        return ASPECTS.get(self.id, Aspect.AUTHENTIC)


@dataclass(slots=True)
class Report:
    file: str
    format: str
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None

    @property
    def verified(self) -> bool:
        """Authentic and current: no authenticity check failed."""
        return bool(self.checks) and not any(
            c.status is Status.FAIL and c.aspect is Aspect.AUTHENTIC for c in self.checks
        )

    @property
    def conforms(self) -> bool | None:
        """Matches the OB 3.0 / CLR 2.0 shape; None when no such shape applies."""
        applied = [
            c
            for c in self.checks
            if c.aspect is Aspect.CONFORMANCE and c.code != Outcome.NOT_AN_OPEN_BADGE
        ]
        if not applied or all(c.status is Status.SKIP for c in applied):
            return None
        return all(c.status in (Status.PASS, Status.SKIP) for c in applied)

    @property
    def verdict(self) -> Verdict:
        failed = {
            c.id: c
            for c in reversed(self.checks)
            if c.status is Status.FAIL and c.aspect is Aspect.AUTHENTIC
        }
        if not failed:
            return Verdict.VERIFIED if self.checks else Verdict.UNREADABLE
        codes = {c.code for c in self.checks if c.status is Status.FAIL}
        if Outcome.TOO_COMPLEX in codes:
            return Verdict.TOO_COMPLEX
        if CheckId.PARSE in failed:
            return Verdict.UNREADABLE
        if CheckId.TYPES in failed:
            return Verdict.NOT_A_CREDENTIAL
        for code, verdict in (
            (Outcome.SEAL_BROKEN, Verdict.TAMPERED),
            (Outcome.SEAL_UNCHECKABLE, Verdict.SEAL_UNCHECKABLE),
            (Outcome.WRONG_KEY, Verdict.TAMPERED),
            (Outcome.NO_PROOF, Verdict.UNSIGNED),
            (Outcome.KEY_UNAVAILABLE, Verdict.KEY_UNAVAILABLE),
        ):
            if code in codes:
                return verdict
        for code, verdict in (
            (Outcome.REVOKED, Verdict.REVOKED),
            (Outcome.SUSPENDED, Verdict.SUSPENDED),
            (Outcome.STATUS_UNCONFIRMED, Verdict.STATUS_UNCONFIRMED),
            (Outcome.EXPIRED, Verdict.EXPIRED),
            (Outcome.NOT_YET_VALID, Verdict.NOT_YET_VALID),
            (Outcome.NOT_ABOUT_HOLDER, Verdict.NOT_ABOUT_HOLDER),
        ):
            if code in codes:
                return verdict
        return Verdict.NOT_VERIFIED

    def add(self, id_: str, status: Status, message: str, plain: str, code: str = "") -> Check:
        check = Check(str(id_), status, message, plain, str(code))
        self.checks.append(check)
        return check

    def add_outcome(self, id_: str, status: Status, message: str, outcome: Outcome) -> Check:
        """A check whose plain sentence is its outcome's own."""
        return self.add(id_, status, message, outcome.label, outcome)

    def get(self, id_: str) -> Check | None:
        """The first check with this id, if any."""
        return next((c for c in self.checks if c.id == id_), None)

    def failures(self) -> str:
        """The failed authenticity checks as one line: 'id: message; ...'."""
        return "; ".join(
            f"{c.id}: {c.message}"
            for c in self.checks
            if c.status is Status.FAIL and c.aspect is Aspect.AUTHENTIC
        )

    def to_json(self) -> dict[str, Any]:
        verdict = self.verdict
        return {
            "file": self.file,
            "verified": self.verified,
            "conforms": self.conforms,
            "verdict": str(verdict),
            "verdict_plain": verdict.label,
            "format": self.format,
            "checks": [
                {
                    "id": c.id,
                    "status": str(c.status),
                    "aspect": str(c.aspect),
                    "code": c.code or str(c.status),
                    "message": c.message,
                    "plain": c.plain,
                }
                for c in self.checks
            ],
            "errors": [
                f"{c.id}: {c.message}"
                for c in self.checks
                if c.status is Status.FAIL and c.aspect is Aspect.AUTHENTIC
            ],
            "warnings": [
                f"{c.id}: {c.message}"
                for c in self.checks
                if c.status is Status.WARN
                or (c.status is Status.FAIL and c.aspect is not Aspect.AUTHENTIC)
            ],
        }
